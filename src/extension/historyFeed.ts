import * as vscode from 'vscode';
import { readHistory } from '../core/store/history';
import type { IterationRecord } from '../core/store/historySchema';

/** Coalesces the bursts of file events one append makes. */
const DEBOUNCE_MS = 150;

/**
 * Follows .adsa/history.jsonl in a folder, whoever writes it (this window, the CLI, an earlier
 * session), and reports its records on every change.
 */
export class HistoryFeed implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<IterationRecord[]>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;
  private timer: NodeJS.Timeout | undefined;
  private latest: IterationRecord[] = [];

  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.adsa/history.jsonl'));
    const schedule = () => this.schedule();
    this.watcher.onDidCreate(schedule);
    this.watcher.onDidChange(schedule);
    this.watcher.onDidDelete(schedule);
    this.schedule();
  }

  get workspace(): string {
    return this.folder.uri.fsPath;
  }

  get records(): IterationRecord[] {
    return this.latest;
  }

  /** Re-reads soon; called on file events and when the engine records an iteration. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.read(), DEBOUNCE_MS);
  }

  private async read(): Promise<void> {
    try {
      this.latest = await readHistory(this.workspace);
      this.changed.fire(this.latest);
    } catch (error) {
      this.log.warn(`Could not read the iteration history: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher.dispose();
    this.changed.dispose();
  }
}
