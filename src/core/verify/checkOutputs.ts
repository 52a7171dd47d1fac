import { join } from 'node:path';
import type { Task } from '../task/loadTask';
import { metricDirection } from './metricDirection';
import { readProgressReport, type ProgressReport } from './progressReport';
import { checkSubmission, type SubmissionCheck } from './submission';

export interface OutputsCheck {
  /** Each a sentence for the fixer; empty when the outputs count. */
  problems: string[];
  report: ProgressReport | null;
  submission: SubmissionCheck;
  higherIsBetter: boolean;
}

/** Checks what a finished run wrote: progress_report.json and the submission file. */
export async function checkOutputs(workspace: string, task: Task): Promise<OutputsCheck> {
  const [report, submission] = await Promise.all([
    readProgressReport(join(workspace, 'progress_report.json')),
    checkSubmission({
      submissionPath: join(workspace, task.submission.fileName),
      samplePath: task.submission.sampleFile,
      testPath: task.submission.testFile,
      idColumn: task.submission.idColumn,
    }),
  ]);
  const problems = [...(report.ok ? [] : [report.problem]), ...submission.problems];
  const parsed = report.ok ? report.report : null;
  // The report's own word first, then the metric's name, then the task's.
  const direction = parsed?.higher_is_better ?? directionOf(parsed?.metric) ?? task.higherIsBetter ?? true;
  return { problems, report: parsed, submission, higherIsBetter: direction };
}

function directionOf(metric: string | undefined): boolean | null {
  const direction = metric ? metricDirection(metric) : null;
  return direction === null ? null : direction === 'higher';
}
