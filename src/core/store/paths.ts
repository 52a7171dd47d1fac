import { join } from 'node:path';

/** Where the engine keeps things in a workspace; front ends read the same places. */
export const workspacePaths = (workspace: string) => ({
  stateDir: join(workspace, '.adsa'),
  history: join(workspace, '.adsa', 'history.jsonl'),
  lock: join(workspace, '.adsa', 'run.lock'),
  task: join(workspace, 'task.md'),
  solution: join(workspace, 'solution.py'),
  bestSolution: join(workspace, 'best_solution.py'),
  submission: join(workspace, 'submission.csv'),
  bestSubmission: join(workspace, 'best_submission.csv'),
  report: join(workspace, 'progress_report.json'),
  log: join(workspace, 'execution_logs.txt'),
  archiveRoot: join(workspace, 'older_solutions'),
});

/** `older_solutions/iteration_007`, relative to the workspace. */
export function iterationArchiveDir(iteration: number): string {
  return join('older_solutions', `iteration_${String(iteration).padStart(3, '0')}`);
}

/**
 * Files inside an iteration's archive folder. Attempt 1 is the generated code; attempt
 * k > 1 is the result of the fix `fix_k.diff`, proposed in `fix_k.reply.md`.
 */
export const archiveFiles = {
  attemptCode: (attempt: number) => `attempt_${attempt}.py`,
  fixDiff: (attempt: number) => `fix_${attempt}.diff`,
  fixReply: (attempt: number) => `fix_${attempt}.reply.md`,
  generatorPrompt: 'generator_prompt.md',
  generatorReply: 'generator_reply.md',
  finalCode: 'solution.py',
  log: 'execution_log.txt',
  report: 'progress_report.json',
  submission: 'submission.csv',
} as const;
