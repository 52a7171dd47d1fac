import type { IterationRecord } from '../store/historySchema';
import { formatScore } from './scoreFormat';

/** Below this many times the threshold, a gap only counts when it has been growing. */
const LARGE_GAP_FACTOR = 2;
const WINDOW = 3;

/**
 * CV score minus private hold-out score, oriented so that a positive gap means the CV looks
 * better than the hold-out does; null when either score is missing or the iteration failed.
 */
export function gapOf(record: IterationRecord): number | null {
  if (record.status !== 'ok' || record.cvMean === null || record.privateScore == null) return null;
  return clean(record.higherIsBetter ? record.cvMean - record.privateScore : record.privateScore - record.cvMean);
}

/**
 * The gap that counts as suspicious: 0.02 for scores in [0, 1] (accuracy, AUC, F1, …),
 * else 5 % of the scores' magnitude (RMSE in dollars, log loss above 1, …).
 */
export function gapThreshold(cv: number, hidden: number): number {
  const unitScale = cv >= 0 && cv <= 1 && hidden >= 0 && hidden <= 1;
  return unitScale ? 0.02 : clean(0.05 * Math.max(Math.abs(cv), Math.abs(hidden)));
}

/** Drops floating-point dust (0.83 - 0.81 = 0.020000000000000018) so thresholds compare as a reader expects. */
const clean = (value: number): number => Number(value.toPrecision(12));

/**
 * Flags overfitting when the latest gap is over the threshold and has grown over the last
 * three scored iterations, or is more than twice the threshold whatever its history.
 */
export function overfittingFlag(records: IterationRecord[]): { flagged: boolean; reason: string | null } {
  const scored = records
    .filter((r) => gapOf(r) !== null)
    .sort((a, b) => a.iteration - b.iteration)
    .slice(-WINDOW);
  const latest = scored.at(-1);
  if (!latest) return { flagged: false, reason: null };
  const cv = latest.cvMean as number;
  const hidden = latest.privateScore as number;
  const gap = gapOf(latest) as number;
  const threshold = gapThreshold(cv, hidden);
  if (gap <= threshold) return { flagged: false, reason: null };

  const scores = `CV ${formatScore(cv)} vs private ${formatScore(hidden)}`;
  const first = scored[0]!;
  const firstGap = gapOf(first) as number;
  if (scored.length > 1 && gap > firstGap) {
    return { flagged: true, reason: `${scores}: the gap grew from ${formatScore(firstGap)} to ${formatScore(gap)} over ${scored.length} iterations.` };
  }
  if (gap > LARGE_GAP_FACTOR * threshold) {
    return { flagged: true, reason: `${scores}: a gap of ${formatScore(gap)}, more than twice the ${formatScore(threshold)} that is tolerated.` };
  }
  return { flagged: false, reason: null };
}
