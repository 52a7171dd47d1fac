import * as vscode from 'vscode';
import { createEngine, type LoopRunner } from '../core/createEngine';
import { AdsaError, ConfigError, LockedError } from '../core/errors';
import type { EngineEvent } from '../core/events';
import type { EngineSettings } from '../core/settings';
import { EditorFixReviewer } from './fixReviewer';
import { choosePython } from './interpreter';
import { idleLiveState, nextLiveState, type LiveState } from './liveState';
import { LlmProgress } from './llmProgress';
import type { ReadonlyDocuments } from './readonlyDocuments';
import { RunTerminals } from './runTerminals';
import { loadSecretSource } from './secrets';
import { engineSettingsFromConfig, fixReviewModeFromConfig, type FixReviewMode } from './settingsFromConfig';
import { requireTask } from './taskFile';
import { adsaFolder } from './workspaceFolder';

/** True while a loop runs in this window: switches the sidebar's Start button to Stop. */
export const RUNNING_CONTEXT = 'adsa.running';

export interface RunHost {
  extensionUri: vscode.Uri;
  secrets: vscode.SecretStorage;
  log: vscode.LogOutputChannel;
  documents: ReadonlyDocuments;
  /** Every engine event, after this controller's own handling. */
  onEvent: (event: EngineEvent, live: LiveState) => void;
}

/** Starts and stops the engine for "ADSA: Start Iterations" and "ADSA: Stop"; one loop per window. */
export class RunController implements vscode.Disposable {
  private engine: LoopRunner | undefined;
  private finished: Promise<unknown> = Promise.resolve();
  private reviewer: EditorFixReviewer | undefined;
  private state: LiveState = idleLiveState;
  private readonly terminals = new RunTerminals(() => this.stop());
  private readonly progress = new LlmProgress(() => this.stop());

  constructor(private readonly host: RunHost) {}

  get live(): LiveState {
    return this.state;
  }

  get running(): boolean {
    return this.engine !== undefined;
  }

  async start(): Promise<void> {
    if (this.engine) {
      void vscode.window.showInformationMessage('ADSA is already running in this window.');
      return;
    }
    const folder = adsaFolder();
    if (!folder) {
      void vscode.window.showErrorMessage('ADSA works on a folder: open the folder that holds task.md first.');
      return;
    }
    if (!(await requireTask(this.host.extensionUri, folder))) return;

    const configured = await this.readSettings(folder);
    if (!configured) return;
    const iterations = await askIterations(configured.settings.iterations);
    if (iterations === undefined) return;
    const settings = { ...configured.settings, iterations };

    const reviewer = new EditorFixReviewer(folder.uri.fsPath, configured.fixReview, this.host.documents, this.host.log);
    let engine: LoopRunner;
    try {
      engine = createEngine(folder.uri.fsPath, settings, {
        secrets: await loadSecretSource(this.host.secrets),
        reviewer,
      });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const choice = await vscode.window.showErrorMessage(error.message, 'Set API Key', 'Open Settings');
      if (choice === 'Set API Key') await vscode.commands.executeCommand('adsa.setApiKey');
      if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'adsa.');
      return;
    }

    this.engine = engine;
    this.reviewer = reviewer;
    const unsubscribe = engine.onEvent((event) => this.handle(event));
    await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
    this.host.log.info(
      `Starting ${iterations} iteration(s) in ${folder.uri.fsPath} with ${settings.python}; generator ${settings.generator.provider}/${settings.generator.model}, fixer ${settings.fixer.provider}/${settings.fixer.model}.`,
    );
    const run = engine.run();
    this.finished = run.catch(() => undefined);
    try {
      const summary = await run;
      this.host.log.info(`Loop ${summary.reason} after ${summary.iterationsRun} iteration(s).`);
    } catch (error) {
      this.reportFailure(error);
    } finally {
      unsubscribe();
      this.engine = undefined;
      this.reviewer = undefined;
      await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
    }
  }

  /** Kills the running script's tree; the loop records the iteration and ends. */
  stop(): void {
    if (!this.engine) return;
    this.host.log.info('Stop requested.');
    this.engine.stop();
  }

  /** Resolves once a stopped loop has finished recording. */
  whenFinished(): Promise<unknown> {
    return this.finished;
  }

  acceptFix(): boolean {
    return this.reviewer?.accept() ?? false;
  }

  rejectFix(): boolean {
    return this.reviewer?.reject() ?? false;
  }

  private async readSettings(
    folder: vscode.WorkspaceFolder,
  ): Promise<{ settings: EngineSettings; fixReview: FixReviewMode } | undefined> {
    const config = vscode.workspace.getConfiguration('adsa', folder.uri);
    const read = (key: string) => config.get(key);
    try {
      const chosen = await choosePython(folder.uri, String(config.get('pythonPath') ?? ''));
      this.host.log.info(`Python: ${chosen.python} (${chosen.source}).`);
      return { settings: engineSettingsFromConfig(read, chosen.python), fixReview: fixReviewModeFromConfig(read) };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const setting = /adsa\.[\w.]+/.exec(error.message)?.[0] ?? 'adsa.';
      const choice = await vscode.window.showErrorMessage(error.message, 'Open Settings');
      if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
      return undefined;
    }
  }

  private handle(event: EngineEvent): void {
    this.state = nextLiveState(this.state, event);
    this.terminals.handle(event);
    this.progress.handle(event);
    logEvent(this.host.log, event);
    this.host.onEvent(event, this.state);
  }

  private reportFailure(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof LockedError || error instanceof ConfigError) {
      void vscode.window.showErrorMessage(message);
    } else if (error instanceof AdsaError) {
      void vscode.window.showErrorMessage(`ADSA stopped: ${message}`);
    } else {
      void vscode.window.showErrorMessage(`ADSA stopped by an unexpected error: ${message}`, 'Show Log').then((choice) => {
        if (choice) this.host.log.show();
      });
    }
    this.host.log.error(error instanceof Error && error.stack && !(error instanceof AdsaError) ? error.stack : message);
  }

  dispose(): void {
    this.stop();
    this.terminals.dispose();
    this.progress.dispose();
  }
}

async function askIterations(defaultCount: number): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'ADSA: Start Iterations',
    prompt: 'How many iterations? Each one writes, runs and scores a new solution.py.',
    value: String(defaultCount),
    ignoreFocusOut: true,
    validateInput: (text) => (parseIterations(text) === undefined ? 'Enter a whole number from 1 to 1000.' : undefined),
  });
  return answer === undefined ? undefined : parseIterations(answer);
}

function parseIterations(text: string): number | undefined {
  const count = Number(text.trim());
  return /^\d+$/.test(text.trim()) && count >= 1 && count <= 1000 ? count : undefined;
}

function logEvent(log: vscode.LogOutputChannel, event: EngineEvent): void {
  switch (event.type) {
    case 'log':
      log[event.level](event.message);
      break;
    case 'iteration-started':
      log.info(`Iteration ${event.iteration} started.`);
      break;
    case 'run-started':
      log.info(`Iteration ${event.iteration}, attempt ${event.attempt}: ${[event.command, ...event.args].join(' ')}`);
      break;
    case 'attempt-failed':
      log.warn(`Iteration ${event.iteration}, attempt ${event.attempt}: ${event.problem}`);
      break;
    case 'iteration-recorded': {
      const { record } = event;
      const score = record.cvMean === null ? 'no score' : `${record.metric ?? 'score'} ${record.cvMean}`;
      log.info(`Iteration ${record.iteration} ${record.status}: ${score}${event.isBest ? ' (best so far)' : ''}.`);
      break;
    }
    case 'loop-finished':
      if (event.reason === 'error') log.error(`Loop stopped by an error: ${event.error ?? 'unknown'}`);
      break;
  }
}
