import * as vscode from 'vscode';
import { isResearch, liveLine, runningDirections, type LiveState } from './liveState';

/** The best iteration as the status bar shows it. */
export interface BestScore {
  iteration: number;
  scoreText: string;
  privateText: string | null;
}

/** Phase, iteration (or running directions) and best score; a click shows the sidebar. */
export class AdsaStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('adsa.status', vscode.StatusBarAlignment.Left, 50);

  constructor(showCommand: string) {
    this.item.name = 'ADSA';
    this.item.command = showCommand;
    this.update(null, null);
    this.item.show();
  }

  update(live: LiveState | null, best: BestScore | null): void {
    const running = live?.running ?? false;
    const parts = ['ADSA'];
    if (running && live && isResearch(live)) {
      const count = runningDirections(live).length;
      parts.push(`${count} direction${count === 1 ? '' : 's'} running`);
    } else if (running && live?.iteration != null) {
      parts.push(`it ${live.iteration}${live.lastIteration !== null ? `/${live.lastIteration}` : ''}`);
      if (live.phase) parts.push(live.phase);
    }
    if (best) parts.push(`best ${best.scoreText}${best.privateText === null ? '' : ` (private ${best.privateText})`}`);
    this.item.text = `${running ? '$(sync~spin)' : '$(beaker)'} ${parts.join(' · ')}`;
    const tooltip = [live ? liveLine(live) : 'Idle'];
    if (best) {
      const hidden = best.privateText === null ? '' : `, private hold-out ${best.privateText}`;
      tooltip.push(`Best: iteration ${best.iteration}, CV score ${best.scoreText}${hidden}`);
    }
    tooltip.push('Click to show the iteration history.');
    this.item.tooltip = tooltip.join('\n');
  }

  dispose(): void {
    this.item.dispose();
  }
}
