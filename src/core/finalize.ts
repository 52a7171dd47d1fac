import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './errors';
import type { EngineEvent } from './events';
import { prepareHoldout } from './holdout/prepareHoldout';
import { holdoutSpecFor, type HoldoutSpec } from './holdout/spec';
import { stageDataView } from './holdout/stageDataView';
import { LocalRunner } from './run/localRunner';
import type { Runner } from './run/types';
import type { EngineSettings } from './settings';
import { copyIfExists } from './store/archive';
import { copyFileAtomic } from './store/atomicWrite';
import { bestRecord, readHistory } from './store/history';
import { acquireLock } from './store/lock';
import { archiveFiles, workspacePaths } from './store/paths';
import { loadTask, type Task } from './task/loadTask';
import { checkOutputs } from './verify/checkOutputs';

export interface FinalizeHost {
  emit: (event: EngineEvent) => void;
  signal: AbortSignal;
  privateDir?: string;
  runner?: Runner;
}

export interface FinalizeResult {
  iteration: number;
  /** Problems with the final submission; empty when final_submission.csv is good. */
  problems: string[];
}

/** Workspace-relative folder of the final run. */
export const FINAL_DIR = join('.adsa', 'final');

/**
 * Re-runs the best solution (by private score, else CV) with the hold-out rows back in its
 * training data, in .adsa/final/, and writes final_solution.py and final_submission.csv.
 */
export async function finalizeBest(workspace: string, settings: EngineSettings, host: FinalizeHost): Promise<FinalizeResult> {
  const best = bestRecord(await readHistory(workspace));
  if (!best) throw new ConfigError('There is no successful iteration to finalize yet: run some iterations first.');
  const task = await loadTask(workspace);
  const lock = await acquireLock(workspacePaths(workspace).lock);
  try {
    const runDir = join(workspace, FINAL_DIR);
    await mkdir(runDir, { recursive: true });
    await copyFile(join(workspace, best.archiveDir, archiveFiles.finalCode), join(runDir, archiveFiles.finalCode));
    const note = await stageFullData(workspace, runDir, task, holdoutSpecFor(task, settings.holdout), host.privateDir);
    if (note) host.emit({ type: 'log', level: 'info', message: note });

    const iteration = best.iteration;
    const attempt = 1;
    host.emit({ type: 'phase', iteration, attempt, phase: 'running' });
    const env = { PYTHONUNBUFFERED: '1', ...(settings.gpuDevices ? { CUDA_VISIBLE_DEVICES: settings.gpuDevices } : {}) };
    host.emit({ type: 'run-started', iteration, attempt, command: settings.python, args: ['solution.py'], cwd: runDir, env });
    const result = await (host.runner ?? new LocalRunner()).run({
      command: settings.python,
      args: ['solution.py'],
      cwd: runDir,
      env: { ...process.env, ...env },
      timeoutMs: settings.timeoutSeconds * 1000,
      graceMs: settings.killGraceSeconds * 1000,
      logFile: join(runDir, 'execution_logs.txt'),
      header: `\n===== final run of iteration ${iteration} on the full training data · ${new Date().toISOString()} =====\n`,
      onOutput: (chunk) => host.emit({ type: 'output', iteration, attempt, chunk }),
      signal: host.signal,
    });
    host.emit({ type: 'run-finished', iteration, attempt, result });
    if (result.stopped) return { iteration, problems: ['The final run was stopped.'] };
    if (result.timedOut) return { iteration, problems: [`The final run timed out after ${settings.timeoutSeconds} s.`] };
    if (result.exitCode !== 0) return { iteration, problems: [`The final run exited with code ${result.exitCode}.`] };

    const outputs = await checkOutputs(runDir, task);
    const submissionProblems = outputs.submission.problems;
    if (submissionProblems.length === 0) {
      await copyIfExists(join(runDir, task.submission.fileName), join(workspace, 'final_submission.csv'));
      await copyIfExists(join(runDir, archiveFiles.finalCode), join(workspace, 'final_solution.py'));
    }
    return { iteration, problems: submissionProblems };
  } finally {
    await lock.release();
  }
}

/**
 * The data view the best solution was written for, but with every labelled row for training:
 * staged_data/ with the full training file (holdout_X.csv stays, so the script runs unchanged),
 * and data/ for solutions from loops that read the workspace's files directly.
 */
async function stageFullData(workspace: string, runDir: string, task: Task, spec: HoldoutSpec | null, privateDir?: string): Promise<string | undefined> {
  const holdout = spec && privateDir ? await prepareHoldout(workspace, spec, privateDir) : null;
  const staged = await stageDataView(workspace, task, holdout, runDir);
  // The labelled file is the one the code may not open; its staged copy gets every row back.
  const trainCopy = holdout && staged.forbidden[0] ? staged.files[staged.forbidden[0]] : undefined;
  if (holdout && trainCopy) await copyFileAtomic(holdout.sourceFile, join(runDir, trainCopy));
  const data = join(workspace, 'data');
  if (existsSync(data) && !existsSync(join(runDir, 'data'))) await symlink(data, join(runDir, 'data'), 'dir');
  // A redrawn hold-out makes earlier private scores incomparable with later ones: the user must hear it.
  return holdout?.note;
}
