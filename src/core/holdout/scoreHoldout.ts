import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { isNumeric, matchClass, positiveClass } from './labels';
import { metricFunction, SCORABLE_METRICS } from './metrics';
import type { Holdout } from './prepareHoldout';

export type HoldoutScore = { ok: true; score: number } | { ok: false; problem: string };

const EXAMPLES = 3;

/**
 * Why `metric` cannot score this hold-out at all, whatever the script predicts (an unknown metric,
 * one that does not fit the target); null when it can. Checked once per task as well as here.
 */
export function scoringProblem(holdout: Pick<Holdout, 'spec' | 'classes'>, metric: string): string | null {
  const scorer = metricFunction(metric);
  const { target } = holdout.spec;
  if (!scorer) return `ADSA cannot score the metric \`${metric}\` on the private hold-out; it scores ${SCORABLE_METRICS.join(', ')}.`;
  const classes = holdout.classes;
  if (scorer.kind !== 'numbers' && classes === null) {
    return `The metric ${scorer.name} needs class labels, but the target \`${target}\` is numeric with many values.`;
  }
  if (scorer.kind === 'probabilities' && classes !== null && classes.length !== 2) {
    return `The metric ${scorer.name} scores two classes, and the target \`${target}\` has ${classes.length}.`;
  }
  return null;
}

/**
 * Scores holdout_predictions.csv (the id column and the target, as in the submission) against the
 * private labels. A problem is one sentence for the fixer, naming a few offending values.
 */
export async function scoreHoldout(predictionsPath: string, holdout: Holdout, metric: string): Promise<HoldoutScore> {
  const name = basename(predictionsPath);
  const { idColumn, target } = holdout.spec;
  const unscorable = scoringProblem(holdout, metric);
  if (unscorable) return failed(unscorable);
  const scorer = metricFunction(metric)!;
  const classes = holdout.classes;

  const text = await readFile(predictionsPath, 'utf8').catch(() => null);
  if (text === null) {
    return failed(`solution.py did not write ${name}; predict every row of staged_data/holdout_X.csv and write ${name} with the columns ${idColumn},${target}.`);
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  } catch (error) {
    return failed(`${name} is not valid CSV: ${(error as Error).message.slice(0, 200)}.`);
  }
  const header = (records[0] ?? []).map((cell) => cell.trim());
  const idIndex = header.indexOf(idColumn);
  const valueIndex = header.indexOf(target);
  if (idIndex < 0 || valueIndex < 0) {
    return failed(`${name} has the columns \`${header.join(',').slice(0, 150)}\`; it needs the columns ${idColumn},${target}, as in the submission.`);
  }

  const truth = await readLabels(holdout.labelsFile);
  if (truth === null) return failed(`The private hold-out labels are missing; the hold-out must be prepared again.`);

  const predicted = new Map<string, string>();
  const duplicates = new Set<string>();
  const extra: string[] = [];
  for (const row of records.slice(1)) {
    const id = (row[idIndex] ?? '').trim();
    if (predicted.has(id)) duplicates.add(id);
    else if (!truth.has(id)) extra.push(id);
    predicted.set(id, (row[valueIndex] ?? '').trim());
  }
  const missing = [...truth.keys()].filter((id) => !predicted.has(id));
  const idProblems = [
    missing.length > 0 && `${missing.length} hold-out id(s) are missing (e.g. ${examples(missing)})`,
    extra.length > 0 && `${extra.length} id(s) are not in holdout_X.csv (e.g. ${examples(extra)})`,
    duplicates.size > 0 && `${duplicates.size} id(s) appear more than once (e.g. ${examples([...duplicates])})`,
  ].filter((problem): problem is string => typeof problem === 'string');
  if (idProblems.length > 0) {
    return failed(`${name} must have one row per row of staged_data/holdout_X.csv, but ${idProblems.join('; ')}.`);
  }

  const ids = [...truth.keys()];
  const yTrue = ids.map((id) => truth.get(id) ?? '');
  const raw = ids.map((id) => predicted.get(id) ?? '');
  const empty = ids.filter((_, i) => raw[i] === '');
  if (empty.length > 0) {
    return failed(`${name} has ${empty.length} empty \`${target}\` value(s) (e.g. for ${examples(empty)}); predict every hold-out row.`);
  }

  let yPred = raw;
  if (scorer.kind === 'labels' && classes !== null) {
    const matched = raw.map((value) => matchClass(value, classes));
    const unknown = raw.filter((_, i) => matched[i] === null);
    if (unknown.length > 0) {
      return failed(
        `${name} has ${unknown.length} \`${target}\` value(s) that are not classes of the target (e.g. ${examples(unknown)}); write one of ${examples(classes, 20)}.`,
      );
    }
    yPred = matched.map((value) => value ?? '');
  } else if (scorer.kind === 'probabilities') {
    const bad = raw.filter((value) => !isNumeric(value) || Number(value) < 0 || Number(value) > 1);
    if (bad.length > 0) {
      return failed(
        `For ${scorer.name}, \`${target}\` in ${name} must hold the probability (0 to 1) of the class \`${positiveClass(classes ?? []) ?? ''}\`, but ${bad.length} value(s) do not (e.g. ${examples(bad)}).`,
      );
    }
  } else if (scorer.kind === 'numbers') {
    if (!yTrue.every(isNumeric)) {
      return failed(`The metric ${scorer.name} needs a numeric target, and \`${target}\` holds labels such as ${examples(yTrue)}.`);
    }
    const bad = raw.filter((value) => !isNumeric(value));
    if (bad.length > 0) return failed(`${name} has ${bad.length} \`${target}\` value(s) that are not numbers (e.g. ${examples(bad)}).`);
  }

  try {
    const score = scorer.score(yTrue, yPred, classes ?? undefined);
    if (!Number.isFinite(score)) return failed(`The ${scorer.name} of ${name} is not a finite number.`);
    return { ok: true, score };
  } catch (error) {
    return failed(`${name} could not be scored with ${scorer.name}: ${(error as Error).message}`);
  }
}

function failed(problem: string): HoldoutScore {
  return { ok: false, problem };
}

/** Labels by id, in the file's order. */
async function readLabels(path: string): Promise<Map<string, string> | null> {
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  const rows: string[][] = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true });
  return new Map(rows.slice(1).map((row) => [(row[0] ?? '').trim(), (row[1] ?? '').trim()]));
}

function examples(values: readonly string[], count = EXAMPLES): string {
  return values
    .slice(0, count)
    .map((value) => `\`${value.slice(0, 40)}\``)
    .join(', ');
}
