import { isBooleanClasses, isNumeric, sortClasses } from './labels';
import { seededRandom, shuffled } from './random';

export type TaskType = 'classification' | 'regression';

/** Classes of a classification target hold at most this many distinct numeric values. */
export const MAX_CLASSES = 20;

/** Classification when the target is boolean, non-numeric, or has few distinct values. */
export function inferTaskType(targets: readonly string[]): { taskType: TaskType; classes: string[] | null } {
  const classes = sortClasses(targets);
  if (isBooleanClasses(classes) || !classes.every(isNumeric) || classes.length <= MAX_CLASSES) {
    return { taskType: 'classification', classes };
  }
  return { taskType: 'regression', classes: null };
}

export interface SplitPlan {
  /** Rows (indices into the given targets) drawn into the hold-out, ascending. */
  holdout: number[];
  /** Hold-out rows per class, for classification. */
  perClass: Map<string, number> | null;
}

/**
 * Draws round(n * fraction) of the rows. For classification each class gives its share within one
 * row (largest remainders decide who rounds up), shuffled with the seeded generator class by class
 * in sorted order, so the same rows, fraction and seed always give the same hold-out.
 */
export function drawHoldout(targets: readonly string[], taskType: TaskType, fraction: number, seed: number): SplitPlan {
  const random = seededRandom(seed);
  const total = Math.round(targets.length * fraction);
  if (taskType === 'regression') {
    const rows = shuffled(targets.map((_, i) => i), random).slice(0, total);
    return { holdout: rows.sort((a, b) => a - b), perClass: null };
  }

  const rowsByClass = new Map<string, number[]>();
  for (const label of sortClasses(targets)) rowsByClass.set(label, []);
  targets.forEach((label, i) => rowsByClass.get(label)?.push(i));

  const quotas = [...rowsByClass].map(([label, rows]) => {
    const exact = (rows.length * total) / targets.length;
    return { label, rows, take: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = total - quotas.reduce((sum, quota) => sum + quota.take, 0);
  for (const quota of [...quotas].sort((a, b) => b.remainder - a.remainder)) {
    if (left-- <= 0) break;
    quota.take++;
  }

  const holdout: number[] = [];
  const perClass = new Map<string, number>();
  for (const quota of quotas) {
    holdout.push(...shuffled(quota.rows, random).slice(0, quota.take));
    perClass.set(quota.label, quota.take);
  }
  return { holdout: holdout.sort((a, b) => a - b), perClass };
}
