import * as vscode from 'vscode';
import { liveLine, type LiveState } from './liveState';

/** Phase, iteration and best score; a click shows the sidebar. */
export class AdsaStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('adsa.status', vscode.StatusBarAlignment.Left, 50);

  constructor(showCommand: string) {
    this.item.name = 'ADSA';
    this.item.command = showCommand;
    this.update(null, null);
    this.item.show();
  }

  update(live: LiveState | null, best: { iteration: number; scoreText: string } | null): void {
    const running = live?.running ?? false;
    const parts = ['ADSA'];
    if (running && live?.iteration != null) {
      parts.push(`it ${live.iteration}${live.lastIteration !== null ? `/${live.lastIteration}` : ''}`);
      if (live.phase) parts.push(live.phase);
    }
    if (best) parts.push(`best ${best.scoreText}`);
    this.item.text = `${running ? '$(sync~spin)' : '$(beaker)'} ${parts.join(' · ')}`;
    const tooltip = [live ? liveLine(live) : 'Idle'];
    if (best) tooltip.push(`Best: iteration ${best.iteration}, score ${best.scoreText}`);
    tooltip.push('Click to show the iteration history.');
    this.item.tooltip = tooltip.join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}
