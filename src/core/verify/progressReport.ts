import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';

/** What solution.py writes to progress_report.json. Extra keys are kept for the history. */
export const ProgressReportSchema = z
  .object({
    metric: z.string().min(1),
    cv_scores: z.array(z.number()).min(1),
    cv_mean: z.number(),
    higher_is_better: z.boolean().optional(),
  })
  .passthrough();
export type ProgressReport = z.infer<typeof ProgressReportSchema>;

export type ProgressReportResult = { ok: true; report: ProgressReport } | { ok: false; problem: string };

/** Python's json.dump writes NaN and Infinity as bare words, which JSON.parse rejects; mark them to name them. */
const NON_FINITE = '\u0000non-finite:';

/** Reads and checks the report; a problem is one sentence the fixer can act on. */
export async function readProgressReport(path: string): Promise<ProgressReportResult> {
  const name = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, problem: `solution.py did not write ${name}.` };
    return { ok: false, problem: `${name} could not be read: ${(error as Error).message}.` };
  }
  if (text.trim() === '') return { ok: false, problem: `${name} is empty.` };

  let data: unknown;
  try {
    data = JSON.parse(markNonFinite(text));
  } catch (error) {
    return { ok: false, problem: `${name} is not valid JSON: ${(error as Error).message}.` };
  }
  const nonFinite = findNonFinite(data, '');
  if (nonFinite.length > 0) {
    return { ok: false, problem: `${name} has ${nonFinite.join(', ')}; a score could not be computed.` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, problem: `${name} must hold a JSON object with metric, cv_scores and cv_mean.` };
  }

  const parsed = ProgressReportSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map(describeIssue);
    return { ok: false, problem: `${name} does not have the expected fields: ${issues.join('; ')}.` };
  }
  const report = parsed.data;
  const mean = report.cv_scores.reduce((a, b) => a + b, 0) / report.cv_scores.length;
  if (Math.abs(mean - report.cv_mean) > 1e-4 * Math.max(1, Math.abs(mean))) {
    return {
      ok: false,
      problem: `${name} has cv_mean ${report.cv_mean}, but the mean of cv_scores is ${round(mean)}; cv_mean must be the mean of the fold scores.`,
    };
  }
  return { ok: true, report };
}

function markNonFinite(text: string): string {
  // Strings are matched first so that "NaN" inside a string stays as it is.
  return text.replace(/"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)\b/g, (match, word?: string) =>
    word ? JSON.stringify(NON_FINITE + word) : match,
  );
}

function findNonFinite(value: unknown, path: string): string[] {
  if (typeof value === 'string' && value.startsWith(NON_FINITE)) {
    return [`${value.slice(NON_FINITE.length)} in ${path || 'the top level'}`];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => findNonFinite(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => findNonFinite(v, path ? `${path}.${k}` : k));
  }
  return [];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
  if (issue.code === 'invalid_type') {
    const received = /received (\S+)$/.exec(issue.message)?.[1] ?? 'something else';
    if (received === 'undefined') return `${path} is missing`;
    return `${path} should be ${withArticle(issue.expected)} but is ${/^(string|number|boolean|array|object)$/.test(received) ? withArticle(received) : received}`;
  }
  if (issue.code === 'too_small' && path === 'cv_scores') return 'cv_scores is empty';
  return `${path}: ${issue.message}`;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
