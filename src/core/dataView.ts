import { dirname, join, resolve } from 'node:path';
import type { DataAccess } from './engineOptions';
import { checkCodePaths } from './holdout/checkCodePaths';
import { metricFunction } from './holdout/metrics';
import { prepareHoldout, type Holdout } from './holdout/prepareHoldout';
import { sandboxCommand } from './holdout/sandbox';
import { scoreHoldout } from './holdout/scoreHoldout';
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
  let holdout = request.holdout ?? null;
  let note: string | undefined;
  if (holdout === null && request.spec && request.privateDir) {
    const prepared = await prepareHoldout(workspace, request.spec, request.privateDir);
    holdout = prepared;
    note = prepared.note;
  }
  const metric = task.metric ?? '';
  if (holdout && !metricFunction(metric)) {
    note = `The metric "${metric || 'unnamed'}" has no hold-out scorer, so no private score is computed.`;
    holdout = null;
  }
  const staged = await stageDataView(workspace, task, holdout, runDir);
  const hidden = [...new Set(staged.forbidden.map((file) => dirname(resolve(workspace, file))))];
  if (request.privateDir) hidden.push(request.privateDir);

  const forbidden = request.privateDir ? [...staged.forbidden, request.privateDir] : staged.forbidden;
  const access: DataAccess = {
    instructions: instructions(staged, task.submission.fileName),
    checkCode: (code) => checkCodePaths(code, { allowedDir: 'staged_data', forbidden }),
    ...(holdout ? { scoreHoldout: () => scoreHoldout(join(runDir, 'holdout_predictions.csv'), holdout!, metric) } : {}),
    ...(request.sandbox ? { wrapCommand: (command: string, args: string[]) => sandboxCommand(command, args, { runDir, hide: hidden }) } : {}),
  };
  return { access, holdout, ...(note ? { note } : {}) };
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
