import * as vscode from 'vscode';
import { MAX_SUGGESTION_CHARS, suggestDirection } from '../core/directions/suggestions';
import { ConfigError } from '../core/errors';
import { isResearchRun } from '../core/settings';

export interface SuggestHost {
  /** Whether a research run is going on in this window: it takes the suggestion up for its next direction. */
  researchRunning: () => boolean;
  /** Called once the suggestion is queued, so the sidebar lists it. */
  queued: () => void;
}

/**
 * "ADSA: Suggest Direction": queues an approach to try in the workspace. A research run going on
 * takes it up for its next direction; otherwise the next research run does.
 */
export async function suggestDirectionCommand(folder: vscode.WorkspaceFolder, host: SuggestHost): Promise<void> {
  const text = await vscode.window.showInputBox({
    title: 'ADSA: Suggest Direction',
    prompt: 'What should a research direction try? Its first sentence becomes the title; the whole text is its rationale.',
    placeHolder: 'e.g. Features from the cabin deck and number, with target encoding',
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return 'Describe the approach to try, or press Escape to cancel.';
      return value.trim().length > MAX_SUGGESTION_CHARS ? `At most ${MAX_SUGGESTION_CHARS} characters.` : undefined;
    },
  });
  if (text === undefined) return;
  try {
    await suggestDirection(folder.uri.fsPath, text);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    void vscode.window.showErrorMessage(error.message);
    return;
  }
  host.queued();
  if (host.researchRunning()) {
    void vscode.window.showInformationMessage('ADSA: suggestion queued; the next direction of this research run takes it up.');
    return;
  }
  const config = vscode.workspace.getConfiguration('adsa', folder.uri);
  const researchConfigured = isResearchRun({ directions: Number(config.get('directions') ?? 1), parallel: Number(config.get('parallelDirections') ?? 1) });
  if (researchConfigured) {
    const choice = await vscode.window.showInformationMessage('ADSA: suggestion queued; the next research run takes it up.', 'Start Iterations');
    if (choice) await vscode.commands.executeCommand('adsa.start');
  } else {
    const choice = await vscode.window.showInformationMessage(
      'ADSA: suggestion queued. Research runs take suggestions up: set adsa.directions above 1, then start iterations.',
      'Open Settings',
    );
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'adsa.directions');
  }
}
