import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { IterationRecord } from '../core/store/historySchema';
import { WebviewToHostSchema, type HostToWebview, type WebviewToHost } from '../../webview/protocol';
import { historyView } from './historyViewModel';
import { liveLine, type LiveState } from './liveState';
import { webviewHtml } from './webviewHtml';

export const HISTORY_VIEW_ID = 'adsa.history';

/** The sidebar: iterations with their scores, the score chart, and the live phase line. */
export class HistoryViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private records: IterationRecord[] = [];
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

  showHistory(records: IterationRecord[]): void {
    this.records = records;
    this.post({ type: 'history', view: historyView(records) });
  }

  showLive(live: LiveState): void {
    this.live = live;
    this.post({ type: 'live', line: liveLine(live), running: live.running });
  }

  private postAll(): void {
    this.post({ type: 'history', view: historyView(this.records) });
    if (this.live) this.post({ type: 'live', line: liveLine(this.live), running: this.live.running });
  }

  private post(message: HostToWebview): void {
    void this.view?.webview.postMessage(message);
  }
}
