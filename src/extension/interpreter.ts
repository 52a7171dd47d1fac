import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';

export interface ChosenPython {
  python: string;
  source: 'python-extension' | 'adsa.pythonPath' | 'default';
}

/**
 * The interpreter the user selected in the Python extension, when it is installed and has one;
 * else `adsa.pythonPath`; else python3.
 */
export async function choosePython(folder: vscode.Uri, pythonPath: string): Promise<ChosenPython> {
  const selected = await pythonExtensionInterpreter(folder);
  if (selected) return { python: selected, source: 'python-extension' };
  if (pythonPath.trim()) return { python: pythonPath.trim(), source: 'adsa.pythonPath' };
  return { python: 'python3', source: 'default' };
}

async function pythonExtensionInterpreter(folder: vscode.Uri): Promise<string | undefined> {
  if (!vscode.extensions.getExtension('ms-python.python')) return undefined;
  try {
    const api = await PythonExtension.api();
    const active = api.environments.getActiveEnvironmentPath(folder);
    const environment = await api.environments.resolveEnvironment(active);
    return environment?.executable.uri?.fsPath;
  } catch {
    // The extension is present but failed to activate or resolve: fall back to the settings.
    return undefined;
  }
}
