import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { WebviewToHostSchema, type HostToWebview, type WebviewToHost } from '../../webview/protocol';
import type { HistorySnapshot } from './historyFeed';
import { historyView } from './historyViewModel';
import { idleLiveState, liveLine, type LiveState } from './liveState';
import { webviewHtml } from './webviewHtml';

export const HISTORY_VIEW_ID = 'adsa.history';

/** The sidebar: iterations with their scores grouped by research direction, the score chart, and the live phase line. */
export class HistoryViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private files: HistorySnapshot = { records: [], directions: [], suggestions: [] };
  private live: LiveState | null = null;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onMessage: (message: WebviewToHost) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, localResourceRoots: [dist, media] };
    view.webview.html = webviewHtml({
      cspSource: view.webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'sidebar.css')).toString(),
    });
    view.webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = WebviewToHostSchema.safeParse(raw);
      if (!parsed.success) {
        this.log.warn(`Ignored a malformed message from the sidebar: ${JSON.stringify(raw)}`);
        return;
      }
      if (parsed.data.type === 'ready') this.postAll();
      else this.onMessage(parsed.data);
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  showHistory(files: HistorySnapshot): void {
    this.files = files;
    this.postHistory();
  }

  showLive(live: LiveState): void {
    const previous = this.live;
    this.live = live;
    this.post({ type: 'live', line: liveLine(live), running: live.running });
    // The groups show each direction's state; most events (output chunks) leave it as it was.
    if (previous?.directions !== live.directions || previous?.overfitting !== live.overfitting) this.postHistory();
  }

  private postHistory(): void {
    const { records, directions, suggestions } = this.files;
    this.post({ type: 'history', view: historyView(records, { notes: directions, live: this.live ?? idleLiveState, suggestions }) });
  }

  private postAll(): void {
    this.postHistory();
    if (this.live) this.post({ type: 'live', line: liveLine(this.live), running: this.live.running });
  }

  private post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }
}
