import { join } from 'node:path';
import * as vscode from 'vscode';
import { AdsaError } from '../core/errors';
import { finalizeBest } from '../core/finalize';
import { privateDirFor } from '../core/store/privateDir';
import { readConfiguredSettings } from './configuredSettings';
import { RunTerminals } from './runTerminals';

/** Names the final run's terminal: "ADSA · final run · iteration 7 · attempt 1". */
const FINAL_SCOPE = 'final run';
const OPEN = 'Open final_submission.csv';

export interface FinalizeHost {
  log: vscode.LogOutputChannel;
  /** The extension's storage, where the hold-out labels are. */
  privateBase: string;
  /** Whether iterations run in this window (they hold the workspace). */
  loopRunning: () => boolean;
}

/**
 * "ADSA: Finalize Best Solution": re-runs the best solution with the hold-out rows back in its
 * training data and writes final_submission.csv and final_solution.py. The run shows in a
 * terminal like the loop's; the progress notification's Cancel, or Ctrl+C in the terminal, stops it.
 */
export class Finalizer implements vscode.Disposable {
  private abort: AbortController | undefined;
  private readonly terminals = new RunTerminals(() => this.abort?.abort());

  constructor(private readonly host: FinalizeHost) {}

  async finalize(folder: vscode.WorkspaceFolder): Promise<void> {
    if (this.host.loopRunning()) {
      void vscode.window.showInformationMessage('ADSA is running iterations in this window; stop them before finalizing.');
      return;
    }
    if (this.abort) {
      void vscode.window.showInformationMessage('ADSA is already finalizing the best solution.');
      return;
    }
    const configured = await readConfiguredSettings(folder, this.host.log);
    if (!configured) return;
    const workspace = folder.uri.fsPath;
    const abort = new AbortController();
    this.abort = abort;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'ADSA: finalizing the best solution', cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => abort.abort());
          return finalizeBest(workspace, configured.settings, {
            signal: abort.signal,
            privateDir: privateDirFor(workspace, this.host.privateBase),
            emit: (event) => {
              this.terminals.handle(event, FINAL_SCOPE);
              if (event.type === 'run-started') {
                progress.report({ message: `re-running iteration ${event.iteration} on the full training data…` });
                this.host.log.info(`Final run of iteration ${event.iteration}: ${[event.command, ...event.args].join(' ')} in ${event.cwd}`);
              }
              if (event.type === 'log') this.host.log[event.level](event.message);
            },
          });
        },
      );
      if (abort.signal.aborted) {
        void vscode.window.showInformationMessage('ADSA: finalizing was stopped; final_submission.csv was not written.');
      } else if (result.problems.length > 0) {
        const message = `ADSA: the final run of iteration ${result.iteration} did not produce a valid submission: ${result.problems.join(' ')}`;
        this.host.log.warn(message);
        void vscode.window.showErrorMessage(message);
      } else {
        this.host.log.info(`final_submission.csv written from iteration ${result.iteration}, trained on the full training data.`);
        const choice = await vscode.window.showInformationMessage(
          `ADSA: final_submission.csv written by iteration ${result.iteration}'s solution, trained on the full training data.`,
          OPEN,
        );
        if (choice === OPEN) await vscode.window.showTextDocument(vscode.Uri.file(join(workspace, 'final_submission.csv')));
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof AdsaError) {
        void vscode.window.showErrorMessage(`ADSA: ${message}`);
        this.host.log.error(message);
      } else {
        void vscode.window.showErrorMessage(`ADSA could not finalize: ${message}`);
        this.host.log.error(error instanceof Error && error.stack ? error.stack : message);
      }
    } finally {
      this.abort = undefined;
    }
  }

  dispose(): void {
    this.abort?.abort();
    this.terminals.dispose();
  }
}
