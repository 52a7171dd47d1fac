import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { workspacePaths } from '../core/store/paths';

const CREATE = 'Create task.md';

/** Writes task.md from the template (never over an existing one) and opens it. */
export async function createTask(extensionUri: vscode.Uri, folder: vscode.WorkspaceFolder): Promise<void> {
  const target = vscode.Uri.file(workspacePaths(folder.uri.fsPath).task);
  if (!existsSync(target.fsPath)) {
    const template = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'task-template.md'));
    await vscode.workspace.fs.writeFile(target, template);
  }
  await vscode.window.showTextDocument(target);
}

/** "ADSA: Open Task": opens task.md, or offers to create it. */
export async function openTask(extensionUri: vscode.Uri, folder: vscode.WorkspaceFolder): Promise<void> {
  const task = workspacePaths(folder.uri.fsPath).task;
  if (existsSync(task)) {
    await vscode.window.showTextDocument(vscode.Uri.file(task));
    return;
  }
  const choice = await vscode.window.showInformationMessage(
    `There is no task.md in ${folder.name} yet. It describes the goal, the data files, the submission format and the metric.`,
    CREATE,
  );
  if (choice === CREATE) await createTask(extensionUri, folder);
}

/** Refuses a start without task.md and offers the template. Returns whether task.md exists. */
export async function requireTask(extensionUri: vscode.Uri, folder: vscode.WorkspaceFolder): Promise<boolean> {
  if (existsSync(workspacePaths(folder.uri.fsPath).task)) return true;
  const choice = await vscode.window.showErrorMessage(
    `ADSA needs a task.md in ${folder.name} describing the goal, the data files, the submission format and the metric.`,
    CREATE,
  );
  if (choice === CREATE) await createTask(extensionUri, folder);
  return false;
}
