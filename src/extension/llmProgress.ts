import * as vscode from 'vscode';
import type { EngineEvent } from '../core/events';

/** A cancellable notification while a model answers; cancelling stops the loop. */
export class LlmProgress implements vscode.Disposable {
  private finishCurrent: (() => void) | undefined;

  constructor(private readonly stop: () => void) {}

  handle(event: EngineEvent): void {
    if (event.type === 'llm-started') {
      this.end();
      const what = event.role === 'generator' ? 'writing solution.py' : 'proposing a fix';
      // The promise exists before withProgress calls back, so an early llm-finished still ends it.
      let finish!: () => void;
      const done = new Promise<void>((resolve) => (finish = resolve));
      this.finishCurrent = finish;
      void vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `ADSA · iteration ${event.iteration}: ${event.model} is ${what}…`,
          cancellable: true,
        },
        (_progress, token) => {
          token.onCancellationRequested(() => {
            finish();
            this.stop();
          });
          return done;
        },
      );
    } else if (event.type === 'llm-finished' || event.type === 'loop-finished') {
      this.end();
    }
  }

  private end(): void {
    this.finishCurrent?.();
    this.finishCurrent = undefined;
  }

  dispose(): void {
    this.end();
  }
}
