import * as vscode from 'vscode';
import { ConfigError } from '../core/errors';
import type { EngineSettings } from '../core/settings';
import { choosePython } from './interpreter';
import { engineSettingsFromConfig, fixReviewModeFromConfig, type FixReviewMode } from './settingsFromConfig';

/**
 * The folder's `adsa.*` settings with the chosen Python. A bad value gets an error naming the
 * setting, with a button that opens it; then the result is undefined.
 */
export async function readConfiguredSettings(
  folder: vscode.WorkspaceFolder,
  log: vscode.LogOutputChannel,
): Promise<{ settings: EngineSettings; fixReview: FixReviewMode } | undefined> {
  const config = vscode.workspace.getConfiguration('adsa', folder.uri);
  const read = (key: string) => config.get(key);
  try {
    const chosen = await choosePython(folder.uri, String(config.get('pythonPath') ?? ''));
    log.info(`Python: ${chosen.python} (${chosen.source}).`);
    return { settings: engineSettingsFromConfig(read, chosen.python), fixReview: fixReviewModeFromConfig(read) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const setting = /adsa\.[\w.]+/.exec(error.message)?.[0] ?? 'adsa.';
    const choice = await vscode.window.showErrorMessage(error.message, 'Open Settings');
    if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
    return undefined;
  }
}
