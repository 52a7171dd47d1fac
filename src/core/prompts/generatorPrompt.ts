import type { ChatMessage } from '../llm/types';
import type { IterationRecord } from '../store/historySchema';
import { tailOf } from './bounded';

export interface GeneratorContext {
  taskMarkdown: string;
  dataSample: string;
  environment: string;
  timeLimitSeconds: number;
  submissionFile: string;
  /** Header of sample_submission.csv, when the task has one. */
  submissionHeader: string | null;
  history: IterationRecord[];
  best: { iteration: number; code: string; score: number } | null;
  latest: { iteration: number; code: string; report: string | null; error: string | null } | null;
  /** The research direction this loop explores, and the notes of all directions so far. */
  direction?: { title: string; rationale: string; digest: string };
  /** Where the script reads its inputs and what else it writes (the staged data view). */
  dataInstructions?: string;
}

const SYSTEM = `You are a senior machine-learning engineer and Kaggle grandmaster. You write one complete, self-contained Python script, solution.py, that solves a tabular or general ML task end to end.

Rules for the script:
- It runs as \`python solution.py\` with the task folder as working directory; read data with paths relative to it.
- Import only packages listed as installed below. Use the GPU when one is listed and the library supports it; otherwise use all CPU cores.
- Estimate model quality with K-fold cross-validation (5 folds unless the data is too large for the time limit; stratified for classification), using the task's metric.
- Print short progress lines (fold scores, timings) as it goes, with flush=True.
- Finish well within the time limit, including the final fit on all training data.
- Write the predictions for the test data to the submission file in exactly the required format (same header, one row per test id, no missing values).
- Write progress_report.json: {"metric": <metric name>, "cv_scores": [per-fold scores], "cv_mean": <mean of cv_scores>, "higher_is_better": <bool>, "model": <short description>, "notes": <what you tried and learned>}.
- Never read or print environment variables, credentials or files outside the task folder.

Answer with one line \`APPROACH: <the idea of this version in one line>\`, at most five short bullet points of plan, then the whole script in a single \`\`\`python code block.`;

export function generatorMessages(context: GeneratorContext): { system: string; messages: ChatMessage[] } {
  const parts = [
    `# Task (task.md)\n${context.taskMarkdown.trim()}`,
    `# Data sample\n${context.dataSample.trim()}`,
    `# Environment\n${context.environment.trim()}`,
    ...(context.dataInstructions ? [`# Data access\n${context.dataInstructions.trim()}`] : []),
    ...(context.direction
      ? [
          `# Your research direction: ${context.direction.title}\n${context.direction.rationale.trim()}\nStay within this direction; other directions are explored separately.`,
          `# Notes of all research directions so far\n${context.direction.digest.trim() || 'None yet.'}`,
        ]
      : []),
    `# Limits and required outputs\n- Time limit: ${formatSeconds(context.timeLimitSeconds)} of wall time for the whole script.\n` +
      `- Submission file: ${context.submissionFile}` +
      (context.submissionHeader ? ` with header \`${context.submissionHeader}\`` : '') +
      `\n- progress_report.json as described.`,
  ];
  if (context.history.length > 0) parts.push(`# Iterations so far\n${historyTable(context.history)}`);
  if (context.best) {
    parts.push(`# Best solution so far (iteration ${context.best.iteration}, score ${context.best.score})\n\`\`\`python\n${context.best.code.trimEnd()}\n\`\`\``);
  }
  if (context.latest && context.latest.iteration !== context.best?.iteration) {
    parts.push(`# Latest solution (iteration ${context.latest.iteration})\n\`\`\`python\n${context.latest.code.trimEnd()}\n\`\`\``);
  }
  if (context.latest?.report) parts.push(`# Latest progress_report.json\n\`\`\`json\n${tailOf(context.latest.report, 4000)}\n\`\`\``);
  if (context.latest?.error) parts.push(`# Why the latest iteration failed\n${tailOf(context.latest.error, 2000)}`);
  parts.push(
    context.history.length === 0
      ? '# Your job\nWrite the first solution.py: a strong, reliable baseline.'
      : '# Your job\nWrite an improved solution.py. Keep what worked in the best solution, change one or two things with the best expected gain (features, model, tuning, ensembling), and avoid what failed before.',
  );
  return { system: SYSTEM, messages: [{ role: 'user', content: parts.join('\n\n') }] };
}

function historyTable(history: IterationRecord[]): string {
  const withPrivate = history.some((r) => r.privateScore != null);
  const rows = history.map((r) => {
    const score = r.cvMean === null ? '—' : String(round(r.cvMean));
    const hidden = withPrivate ? ` ${r.privateScore == null ? '—' : round(r.privateScore)} |` : '';
    const approach = (r.approach ?? '').replace(/\|/g, '/');
    return `| ${r.iteration} | ${r.status} | ${score} |${hidden} ${formatSeconds((r.runDurationMs ?? r.durationMs) / 1000)} | ${r.fixAttempts} | ${approach} |`;
  });
  const head = withPrivate
    ? ['| iteration | status | CV | private hold-out | run time | fixes | approach |', '|---|---|---|---|---|---|---|']
    : ['| iteration | status | CV | run time | fixes | approach |', '|---|---|---|---|---|---|'];
  return [...head, ...rows.slice(-30)].join('\n');
}

const round = (value: number) => Math.round(value * 1e5) / 1e5;

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}
