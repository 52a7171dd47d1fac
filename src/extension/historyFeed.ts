import * as vscode from 'vscode';
import type { Direction } from '../core/directions/direction';
import { queuedSuggestions } from '../core/directions/suggestions';
import { readHistory } from '../core/store/history';
import type { IterationRecord } from '../core/store/historySchema';
import { readDirections } from './directionFiles';
import { latestPerIteration } from './historyViewModel';

/** Coalesces the bursts of file events one append makes. */
const DEBOUNCE_MS = 150;

/** The history, the direction notes (merged, and in running directions' worktrees) and the suggestion queue. */
const WATCHED = '{.adsa/history.jsonl,.adsa/suggestions.jsonl,research_directions/*.md,.adsa/worktrees/*/research_directions/*.md}';

/** What the workspace's files say about its runs. */
export interface HistorySnapshot {
  records: IterationRecord[];
  directions: Direction[];
  /** Texts of the suggested directions not yet taken up, oldest first. */
  suggestions: string[];
}

/**
 * Follows .adsa/history.jsonl, the research direction notes and the suggestion queue in a
 * folder, whoever writes them (this window, the CLI, an earlier session), and reports them on
 * every change.
 */
export class HistoryFeed implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<HistorySnapshot>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;
  private timer: NodeJS.Timeout | undefined;
  private latest: HistorySnapshot = { records: [], directions: [], suggestions: [] };

  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, WATCHED));
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
    return this.latest.records;
  }

  /** Re-reads soon; called on file events and when the engine records an iteration or a direction changes. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.read(), DEBOUNCE_MS);
  }

  private async read(): Promise<void> {
    try {
      // Every consumer (sidebar, status bar, open actions) sees one line per iteration.
      const records = latestPerIteration(await readHistory(this.workspace));
      const [directions, suggestions] = await Promise.all([
        readDirections(this.workspace, records),
        queuedSuggestions(this.workspace),
      ]);
      this.latest = { records, directions, suggestions: suggestions.map((s) => s.text) };
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
