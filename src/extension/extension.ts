import * as vscode from 'vscode';
import { bestRecord } from '../core/store/history';
import type { WebviewToHost } from '../../webview/protocol';
import { openIterationView } from './historyActions';
import { HistoryFeed } from './historyFeed';
import { formatScore } from './historyViewModel';
import { HISTORY_VIEW_ID, HistoryViewProvider } from './historyViewProvider';
import { ReadonlyDocuments } from './readonlyDocuments';
import { RunController } from './runController';
import { setApiKey } from './secrets';
import { AdsaStatusBar } from './statusBar';
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
} as const;

let controller: RunController | undefined;

/** Activated by a contributed command or view only; nothing runs at start-up. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('ADSA', { log: true });
  const documents = new ReadonlyDocuments();
  const statusBar = new AdsaStatusBar(COMMANDS.showHistory);
  const history = new HistoryViewProvider(context.extensionUri, (message) => void onSidebarMessage(message), log);

  let feed: HistoryFeed | undefined;
  const bestOf = () => {
    const best = bestRecord(feed?.records ?? []);
    return best && best.cvMean !== null ? { iteration: best.iteration, scoreText: formatScore(best.cvMean) } : null;
  };
  /** Follows the history of the folder ADSA works in; a new task.md elsewhere may change which. */
  const followFolder = () => {
    const folder = adsaFolder();
    if (feed && folder && feed.workspace === folder.uri.fsPath) return;
    feed?.dispose();
    feed = folder ? new HistoryFeed(folder, log) : undefined;
    feed?.onDidChange((records) => {
      history.showHistory(records);
      statusBar.update(controller?.live ?? null, bestOf());
    });
    history.showHistory([]);
  };

  controller = new RunController({
    extensionUri: context.extensionUri,
    secrets: context.secrets,
    log,
    documents,
    onEvent: (event, live) => {
      if (event.type === 'loop-started') followFolder();
      if (event.type === 'iteration-recorded') feed?.schedule();
      statusBar.update(live, bestOf());
      history.showLive(live);
    },
  });
  const run = controller;

  async function onSidebarMessage(message: WebviewToHost): Promise<void> {
    if (message.type === 'open') {
      if (feed) await openIterationView(feed.workspace, feed.records, message.iteration, message.view, documents);
    } else if (message.type === 'command') {
      const command = { start: COMMANDS.start, stop: COMMANDS.stop, openTask: COMMANDS.openTask }[message.command];
      await vscode.commands.executeCommand(command);
    }
  }

  const withFolder = (action: (folder: vscode.WorkspaceFolder) => Promise<void>) => async () => {
    const folder = adsaFolder();
    if (!folder) {
      void vscode.window.showErrorMessage('ADSA works on a folder: open the folder that holds task.md first.');
      return;
    }
    await action(folder);
  };

  followFolder();
  context.subscriptions.push(
    log,
    documents,
    statusBar,
    run,
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
  );
}

/** Stops a running loop and waits for it to record, so a reload loses nothing. */
export async function deactivate(): Promise<void> {
  controller?.stop();
  await controller?.whenFinished();
  controller = undefined;
}
