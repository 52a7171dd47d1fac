import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { workspacePaths } from '../core/store/paths';

/** The folder ADSA works in: the first one with a task.md, else the first folder. */
export function adsaFolder(): vscode.WorkspaceFolder | undefined {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  return folders.find((folder) => existsSync(workspacePaths(folder.uri.fsPath).task)) ?? folders[0];
}
