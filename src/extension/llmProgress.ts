import * as vscode from 'vscode';
import type { EngineEvent } from '../core/events';
import { llmProgressTitle } from './directionText';

/**
 * A cancellable notification while a model answers; cancelling stops the loop. Parallel
 * directions each have their own, so one direction's answer never ends another's notification.
 */
export class LlmProgress implements vscode.Disposable {
  /** Ends the open notification, per direction ('' for a single loop and the research run itself). */
  private readonly open = new Map<string, () => void>();

  constructor(private readonly stop: () => void) {}

  handle(event: EngineEvent): void {
    const key = event.direction ?? '';
    if (event.type === 'llm-started') {
      this.end(key);
      // The promise exists before withProgress calls back, so an early llm-finished still ends it.
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      this.open.set(key, finish);
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: llmProgressTitle(event), cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => {
            finish();
            this.stop();
          });
          return done;
        },
      );
    } else if (event.type === 'llm-finished' || event.type === 'iteration-recorded' || event.type === 'direction-finished') {
      // A failed call reports no llm-finished; the end of its iteration or direction closes it.
      this.end(key);
    } else if (event.type === 'loop-finished') {
      this.dispose();
    }
  }

  private end(key: string): void {
    this.open.get(key)?.();
    this.open.delete(key);
  }

  dispose(): void {
    for (const finish of this.open.values()) finish();
    this.open.clear();
  }
}
