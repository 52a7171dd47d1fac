import { dirname, join, resolve, sep } from 'node:path';
import type { DataAccess } from './engineOptions';
import { checkCodePaths } from './holdout/checkCodePaths';
import { metricFunction } from './holdout/metrics';
import { prepareHoldout, type Holdout } from './holdout/prepareHoldout';
import { bwrapWorks, sandboxCommand } from './holdout/sandbox';
import { scoreHoldout, scoringProblem } from './holdout/scoreHoldout';
import type { HoldoutSpec } from './holdout/spec';
import { stageDataView, type StagedData } from './holdout/stageDataView';
import type { Task } from './task/loadTask';

export interface DataViewRequest {
  workspace: string;
  task: Task;
  /** Where the scripts run; their staged_data/ is written here. */
  runDir: string;
  /** The hold-out to cut (or reuse), when the task names one. */
  spec: HoldoutSpec | null;
  privateDir?: string;
  /** A hold-out already prepared (research directions share one). */
  holdout?: Holdout | null;
  sandbox: boolean;
}

export interface DataView {
  access: DataAccess;
  holdout: Holdout | null;
  /** Something the user should hear about (a new split, scoring turned off). */
  note?: string;
}

/**
 * Stages the data a loop's scripts may read (the training rows without the private hold-out,
 * the test file, holdout_X.csv) and builds what the loop needs to keep them to it.
 */
export async function prepareDataView(request: DataViewRequest): Promise<DataView> {
  const { workspace, task, runDir } = request;
  const metric = task.metric ?? '';
  const notes: string[] = [];
  let holdout = request.holdout ?? null;
  if (holdout === null && request.spec && request.privateDir) {
    // An unknown metric makes a hold-out pointless: do not cut one.
    if (!metricFunction(metric)) notes.push(`The metric "${metric || 'unnamed'}" has no hold-out scorer, so no private hold-out is made.`);
    else {
      holdout = await prepareHoldout(workspace, request.spec, request.privateDir);
      if (holdout.note) notes.push(holdout.note);
    }
  }
  // A metric that cannot score this target fails every run the same way: say so once, score nothing.
  const unscorable = holdout ? scoringProblem(holdout, metric) : null;
  if (unscorable) {
    notes.push(`${unscorable} No private score is computed.`);
    holdout = null;
  }
  const staged = await stageDataView(workspace, task, holdout, runDir);
  const forbidden = request.privateDir ? [...staged.forbidden, request.privateDir] : staged.forbidden;
  const hide = [...hiddenPaths(workspace, runDir, staged.forbidden), ...(request.privateDir ? [request.privateDir] : [])];
  const wrapCommand = request.sandbox ? await sandboxFor(runDir, hide, notes) : undefined;

  const access: DataAccess = {
    instructions: instructions(staged, task.submission.fileName),
    checkCode: (code) => checkCodePaths(code, { allowedDir: 'staged_data', forbidden }),
    ...(holdout ? { scoreHoldout: () => scoreHoldout(join(runDir, 'holdout_predictions.csv'), holdout!, metric) } : {}),
    ...(wrapCommand ? { wrapCommand } : {}),
  };
  return { access, holdout, ...(notes.length > 0 ? { note: notes.join(' ') } : {}) };
}

/**
 * What the sandbox hides: each forbidden file's folder, or the file alone when that folder holds
 * the run folder (a training file at the workspace root), and any copy of it in the run folder
 * (a tracked data file checked out in a direction's worktree).
 */
function hiddenPaths(workspace: string, runDir: string, forbidden: string[]): string[] {
  const hidden = forbidden.flatMap((file) => {
    const path = resolve(workspace, file);
    const folder = dirname(path);
    const holdsRunDir = resolve(runDir) === folder || resolve(runDir).startsWith(folder + sep);
    const copy = resolve(runDir, file);
    return [holdsRunDir ? path : folder, ...(copy === path ? [] : [copy])];
  });
  return [...new Set(hidden)];
}

/** The bubblewrap wrapper, once it has been seen to start here; otherwise a note says why runs are not confined. */
async function sandboxFor(runDir: string, hide: string[], notes: string[]): Promise<DataAccess['wrapCommand']> {
  const works = await bwrapWorks();
  if (!works.ok) {
    notes.push(`Runs are not sandboxed: ${works.reason}.`);
    return undefined;
  }
  return (command, args) => sandboxCommand(command, args, { runDir, hide });
}

function instructions(staged: StagedData, submissionFile: string): string {
  const lines = Object.entries(staged.files).map(([original, copy]) => {
    const cut = staged.forbidden.includes(original) ? ' without the private hold-out rows' : '';
    return `- ${copy} (the task's ${original}${cut})`;
  });
  const parts = [`Read inputs only from these files; any other data path is refused before the script runs:\n${lines.join('\n')}`];
  if (staged.holdoutFeatures) {
    parts.push(
      `Also predict every row of ${staged.holdoutFeatures} and write holdout_predictions.csv with exactly the columns of ${submissionFile} ` +
        '(for roc_auc or log_loss, the probability of the positive class). ADSA scores it privately; the labels are not available to you.',
    );
  }
  return parts.join('\n');
}
