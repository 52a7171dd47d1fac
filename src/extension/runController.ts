import * as vscode from 'vscode';
import { createEngine } from '../core/createEngine';
import { ResearchCoordinator } from '../core/directions/coordinator';
import { AdsaError, ConfigError, LockedError } from '../core/errors';
import type { EngineEvent } from '../core/events';
import type { LoopRunner } from '../core/loopRunner';
import { isResearchRun } from '../core/settings';
import { readConfiguredSettings } from './configuredSettings';
import { directionFinishedMessage, withDirectionPrefix } from './directionText';
import { EditorFixReviewer } from './fixReviewer';
import { gitConsent } from './gitConsent';
import { idleLiveState, nextLiveState, type LiveState } from './liveState';
import { LlmProgress } from './llmProgress';
import type { ReadonlyDocuments } from './readonlyDocuments';
import { RunTerminals } from './runTerminals';
import { loadSecretSource } from './secrets';
import { requireTask } from './taskFile';
import { adsaFolder } from './workspaceFolder';

/** True while a loop runs in this window: switches the sidebar's Start button to Stop. */
export const RUNNING_CONTEXT = 'adsa.running';

export interface RunHost {
  extensionUri: vscode.Uri;
  secrets: vscode.SecretStorage;
  log: vscode.LogOutputChannel;
  documents: ReadonlyDocuments;
  /** The extension's storage, where hold-out labels are kept out of the workspace. */
  privateBase: string;
  /** Runs "ADSA: Suggest Direction" (offered after a direction ends). */
  suggestDirection: () => Promise<void>;
  /** Every engine event, after this controller's own handling. */
  onEvent: (event: EngineEvent, live: LiveState) => void;
}

/**
 * Starts and stops the engine for "ADSA: Start Iterations" and "ADSA: Stop"; one run per window,
 * a single loop or a research run of several directions.
 */
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

  /** Whether the run going on is a research run, which takes up suggested directions. */
  get research(): boolean {
    return this.engine instanceof ResearchCoordinator;
  }

  /** Gives a finished direction another round of iterations in the running research run; false when there is none. */
  continueDirection(slug: string): boolean {
    const engine = this.engine;
    return engine instanceof ResearchCoordinator && !engine.stopped && engine.continueDirection(slug);
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

    const configured = await readConfiguredSettings(folder, this.host.log);
    if (!configured) return;
    const research = isResearchRun(configured.settings);
    const initGit = research ? await gitConsent(folder) : false;
    if (initGit === undefined) return;
    const iterations = await askIterations(configured.settings.iterations, research);
    if (iterations === undefined) return;
    const settings = { ...configured.settings, iterations };

    const reviewer = new EditorFixReviewer(folder.uri.fsPath, configured.fixReview, this.host.documents, this.host.log);
    let engine: LoopRunner;
    try {
      engine = createEngine(folder.uri.fsPath, settings, {
        secrets: await loadSecretSource(this.host.secrets),
        reviewer,
        privateBase: this.host.privateBase,
        initGit,
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
    const what = research
      ? `a research run of ${settings.directions} direction(s), ${settings.parallel} at once, ${iterations} iteration(s) each,`
      : `${iterations} iteration(s)`;
    this.host.log.info(
      `Starting ${what} in ${folder.uri.fsPath} with ${settings.python}; generator ${settings.generator.provider}/${settings.generator.model}, fixer ${settings.fixer.provider}/${settings.fixer.model}.`,
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

  private handle(event: EngineEvent): void {
    this.state = nextLiveState(this.state, event);
    this.reviewer?.handle(event);
    this.terminals.handle(event);
    this.progress.handle(event);
    logEvent(this.host.log, event);
    if (event.type === 'direction-finished') this.offerNextStep(event);
    this.host.onEvent(event, this.state);
  }

  /** After a direction ends, the user may let it go on, suggest another direction, or stop the research run. */
  private offerNextStep(event: Extract<EngineEvent, { type: 'direction-finished' }>): void {
    if (!this.engine || this.engine.stopped) return;
    const { info } = event;
    void vscode.window
      .showInformationMessage(directionFinishedMessage(info, event.best), 'Continue', 'Suggest Direction', 'Stop')
      .then(async (choice) => {
        if (choice === 'Continue') {
          if (this.continueDirection(info.slug)) {
            this.host.log.info(`[${info.slug}] Continues after the directions that are running now.`);
          } else {
            void vscode.window.showInformationMessage(
              `ADSA: the research run has ended, so direction ${info.title} cannot continue in it; start iterations again to explore further.`,
            );
          }
        }
        if (choice === 'Suggest Direction') await this.host.suggestDirection();
        if (choice === 'Stop') this.stop();
      });
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

async function askIterations(defaultCount: number, research: boolean): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'ADSA: Start Iterations',
    prompt: research
      ? 'How many iterations per research direction? Each one writes, runs and scores a new solution.py on the direction\'s branch.'
      : 'How many iterations? Each one writes, runs and scores a new solution.py.',
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
  const line = (message: string) => withDirectionPrefix(event, message);
  switch (event.type) {
    case 'log':
      log[event.level](line(event.message));
      break;
    case 'iteration-started':
      log.info(line(`Iteration ${event.iteration} started.`));
      break;
    case 'run-started':
      log.info(line(`Iteration ${event.iteration}, attempt ${event.attempt}: ${[event.command, ...event.args].join(' ')}`));
      break;
    case 'attempt-failed':
      log.warn(line(`Iteration ${event.iteration}, attempt ${event.attempt}: ${event.problem}`));
      break;
    case 'iteration-recorded': {
      const { record } = event;
      const score = record.cvMean === null ? 'no score' : `${record.metric ?? 'score'} ${record.cvMean}`;
      const hidden = record.privateScore == null ? '' : `, private ${record.privateScore}`;
      // A direction's own number, as in its other lines, then its number in the workspace's history.
      const number = record.directionIteration === undefined ? `${record.iteration}` : `${record.directionIteration} (#${record.iteration} in the history)`;
      log.info(line(`Iteration ${number} ${record.status}: ${score}${hidden}${event.isBest ? ' (best so far)' : ''}.`));
      break;
    }
    case 'direction-planned':
      log.info(line(`Planned direction "${event.info.title}" (${event.info.origin === 'user' ? 'suggested by you' : 'proposed by the generator'}).`));
      break;
    case 'direction-started':
      log.info(line(`Started on branch ${event.info.branch ?? '?'} with ${event.info.devices ?? 'the default devices'}, in ${event.runDir}.`));
      break;
    case 'direction-finished':
      log.info(line(`${directionFinishedMessage(event.info, event.best)} Status: ${event.info.status.replace('_', ' ')}.`));
      break;
    case 'overfitting':
      log.warn(line(`Overfitting: ${event.reason}`));
      break;
    case 'loop-finished':
      if (event.reason === 'error') log.error(`Loop stopped by an error: ${event.error ?? 'unknown'}`);
      break;
  }
}
