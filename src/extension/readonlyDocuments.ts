import * as vscode from 'vscode';

/** Schemes of the read-only virtual documents: a fix's "before" side, and views of past iterations. */
export const BEFORE_SCHEME = 'adsa-before';
export const HISTORY_SCHEME = 'adsa-history';

/** Serves text held in memory as read-only documents (VS Code opens virtual documents read-only). */
export class ReadonlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registrations: vscode.Disposable[];

  constructor() {
    this.registrations = [BEFORE_SCHEME, HISTORY_SCHEME].map((scheme) =>
      vscode.workspace.registerTextDocumentContentProvider(scheme, this),
    );
  }

  set(uri: vscode.Uri, content: string): void {
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.registrations.forEach((registration) => registration.dispose());
    this.changed.dispose();
  }
}
