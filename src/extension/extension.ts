import * as vscode from 'vscode';
import { bestRecord } from '../core/store/history';
import type { WebviewToHost } from '../../webview/protocol';
import { Finalizer } from './finalizeCommand';
import { openIterationView } from './historyActions';
import { HistoryFeed } from './historyFeed';
import { bestOf } from './historyViewModel';
import { HISTORY_VIEW_ID, HistoryViewProvider } from './historyViewProvider';
import { ReadonlyDocuments } from './readonlyDocuments';
import type { LiveState } from './liveState';
import { RunController } from './runController';
import { setApiKey } from './secrets';
import { AdsaStatusBar } from './statusBar';
import { suggestDirectionCommand } from './suggestCommand';
import { openTask } from './taskFile';
import { adsaFolder } from './workspaceFolder';

/** Command ids, as contributed in package.json. */
const COMMANDS = {
  start: 'adsa.start',
  stop: 'adsa.stop',
  setApiKey: 'adsa.setApiKey',
  showHistory: 'adsa.showHistory',
  openTask: 'adsa.openTask',
  acceptFix: 'adsa.acceptFix',
  rejectFix: 'adsa.rejectFix',
  suggestDirection: 'adsa.suggestDirection',
  finalize: 'adsa.finalize',
} as const;

let controller: RunController | undefined;

/** Activated by a contributed command or view only; nothing runs at start-up. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ADSA', { log: true });
  const documents = new ReadonlyDocuments();
  const statusBar = new AdsaStatusBar(COMMANDS.showHistory);
  const history = new HistoryViewProvider(context.extensionUri, (message) => void onSidebarMessage(message), log);

  let feed: HistoryFeed | undefined;
  /** Worked out when the history changes, not on every engine event. */
  let bestSoFar: ReturnType<typeof bestOf> | null = null;
  /** Follows the history of the folder ADSA works in; a new task.md elsewhere may change which. */
  const followFolder = () => {
    const folder = adsaFolder();
    if (feed && folder && feed.workspace === folder.uri.fsPath) return;
    feed?.dispose();
    feed = folder ? new HistoryFeed(folder, log) : undefined;
    feed?.onDidChange((snapshot) => {
      const best = bestRecord(snapshot.records);
      bestSoFar = best ? bestOf(best) : null;
      history.showHistory(snapshot);
      statusBar.update(controller?.live ?? null, bestSoFar);
    });
    history.showHistory({ records: [], directions: [], suggestions: [] });
  };

  const withFolder = (action: (folder: vscode.WorkspaceFolder) => Promise<void>) => async () => {
    const folder = adsaFolder();
    if (!folder) {
      void vscode.window.showErrorMessage('ADSA works on a folder: open the folder that holds task.md first.');
      return;
    }
    await action(folder);
  };
  const suggest = withFolder((folder) =>
    suggestDirectionCommand(folder, { researchRunning: () => run.running && run.research, queued: () => feed?.schedule() }),
  );

  const privateBase = context.globalStorageUri.fsPath;
  let shownLive: LiveState | undefined;
  controller = new RunController({
    extensionUri: context.extensionUri,
    secrets: context.secrets,
    log,
    documents,
    privateBase,
    suggestDirection: suggest,
    onEvent: (event, live) => {
      if (event.type === 'loop-started') followFolder();
      // Recorded iterations, and directions whose notes and suggestions changed on disk.
      if (event.type === 'iteration-recorded' || event.type.startsWith('direction-')) feed?.schedule();
      // Output chunks leave the live state as it was (same object): nothing to redraw.
      if (live === shownLive) return;
      shownLive = live;
      statusBar.update(live, bestSoFar);
      history.showLive(live);
    },
  });
  const run = controller;
  const finalizer = new Finalizer({ log, privateBase, loopRunning: () => run.running });

  async function onSidebarMessage(message: WebviewToHost): Promise<void> {
    if (message.type === 'open') {
      if (feed) await openIterationView(feed.workspace, feed.records, message.iteration, message.view, documents);
    } else if (message.type === 'command') {
      await vscode.commands.executeCommand(COMMANDS[message.command]);
    }
  }

  followFolder();
  context.subscriptions.push(
    log,
    documents,
    statusBar,
    run,
    finalizer,
    { dispose: () => feed?.dispose() },
    vscode.window.registerWebviewViewProvider(HISTORY_VIEW_ID, history),
    vscode.workspace.onDidChangeWorkspaceFolders(followFolder),
    vscode.workspace.onDidCreateFiles(followFolder),
    vscode.commands.registerCommand(COMMANDS.start, () => run.start()),
    vscode.commands.registerCommand(COMMANDS.stop, () => {
      if (!run.running) void vscode.window.showInformationMessage('ADSA is not running in this window.');
      run.stop();
    }),
    vscode.commands.registerCommand(COMMANDS.setApiKey, () => setApiKey(context.secrets)),
    vscode.commands.registerCommand(COMMANDS.showHistory, () =>
      vscode.commands.executeCommand(`${HISTORY_VIEW_ID}.focus`),
    ),
    vscode.commands.registerCommand(
      COMMANDS.openTask,
      withFolder((folder) => openTask(context.extensionUri, folder)),
    ),
    vscode.commands.registerCommand(COMMANDS.acceptFix, () => {
      if (!run.acceptFix()) void vscode.window.showInformationMessage('ADSA: no fix is waiting for review.');
    }),
    vscode.commands.registerCommand(COMMANDS.rejectFix, () => {
      if (!run.rejectFix()) void vscode.window.showInformationMessage('ADSA: no fix is waiting for review.');
    }),
    vscode.commands.registerCommand(COMMANDS.suggestDirection, suggest),
    vscode.commands.registerCommand(
      COMMANDS.finalize,
      withFolder((folder) => finalizer.finalize(folder)),
    ),
  );
}

/** Stops a running loop and waits for it to record, so a reload loses nothing. */
export async function deactivate(): Promise<void> {
  controller?.stop();
  await controller?.whenFinished();
  controller = undefined;
}
