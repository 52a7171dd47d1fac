import * as vscode from 'vscode';
import { inspectRepo } from '../core/git/repo';
import { gitReadiness } from './gitReadiness';

const INITIALISE = 'Initialise';

/**
 * Research directions run on git branches. Returns whether the engine may initialise a
 * repository in the folder (only after the user said so in a modal), or undefined when the
 * run cannot start: the user cancelled, or the repository needs their attention first.
 */
export async function gitConsent(folder: vscode.WorkspaceFolder): Promise<boolean | undefined> {
  let state;
  try {
    state = await inspectRepo(folder.uri.fsPath);
  } catch (error) {
    void vscode.window.showErrorMessage(`ADSA could not ask git about ${folder.uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const readiness = gitReadiness(state);
  if (readiness.kind === 'ready') return false;
  if (readiness.kind === 'problem') {
    void vscode.window.showErrorMessage(`ADSA: ${readiness.message}`);
    return undefined;
  }
  const choice = await vscode.window.showWarningMessage(
    `Research directions run on git branches. Initialise a git repository in ${folder.uri.fsPath}?`,
    {
      modal: true,
      detail:
        'ADSA runs git init and makes an empty first commit; none of your files is added or changed. Each direction then gets a branch exp/<slug> and a worktree under .adsa/worktrees.',
    },
    INITIALISE,
  );
  return choice === INITIALISE ? true : undefined;
}
