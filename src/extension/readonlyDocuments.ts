import * as vscode from 'vscode';

/** Schemes of the read-only virtual documents: a fix's "before" side, and views of past iterations. */
export const BEFORE_SCHEME = 'adsa-before';
export const HISTORY_SCHEME = 'adsa-history';
const SCHEMES = [BEFORE_SCHEME, HISTORY_SCHEME];

/** Serves text held in memory as read-only documents (VS Code opens virtual documents read-only). */
export class ReadonlyDocuments implements vscode.Disposable {
  private readonly contents = new Map<string, string>();
  /** One change event per scheme: VS Code warns when a provider fires for a scheme it was not registered for. */
  private readonly changed = new Map(SCHEMES.map((scheme) => [scheme, new vscode.EventEmitter<vscode.Uri>()]));
  private readonly registrations: vscode.Disposable[];

  constructor() {
    this.registrations = SCHEMES.map((scheme) =>
      vscode.workspace.registerTextDocumentContentProvider(scheme, {
        onDidChange: this.changed.get(scheme)?.event,
        provideTextDocumentContent: (uri) => this.contents.get(uri.toString()) ?? '',
      }),
    );
  }

  set(uri: vscode.Uri, content: string): void {
    this.contents.set(uri.toString(), content);
    this.changed.get(uri.scheme)?.fire(uri);
  }

  dispose(): void {
    this.registrations.forEach((registration) => registration.dispose());
    this.changed.forEach((emitter) => emitter.dispose());
  }
}
