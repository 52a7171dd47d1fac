import { positiveClass, sortClasses } from './labels';

/** Share of predictions equal to the truth. */
export function accuracy(yTrue: readonly string[], yPred: readonly string[]): number {
  checkLengths(yTrue, yPred);
  return yTrue.filter((label, i) => label === yPred[i]).length / yTrue.length;
}

/**
 * Area under the ROC curve from the rank-sum (Mann-Whitney) form: tied scores share their average
 * rank, which counts a tied positive-negative pair as half right.
 */
export function rocAuc(yTrue: readonly (0 | 1)[], scores: readonly number[]): number {
  checkLengths(yTrue, scores);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  const ranks = new Array<number>(scores.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1] ?? 0] === scores[order[start] ?? 0]) end++;
    const averageRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k] ?? 0] = averageRank;
    start = end + 1;
  }
  const positives = yTrue.filter((y) => y === 1).length;
  const negatives = yTrue.length - positives;
  if (positives === 0 || negatives === 0) throw new RangeError('ROC AUC needs both classes among the true labels.');
  const positiveRankSum = yTrue.reduce<number>((sum, y, i) => (y === 1 ? sum + (ranks[i] ?? 0) : sum), 0);
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean negative log-likelihood of the positive-class probabilities, clipped to [1e-15, 1 - 1e-15]. */
export function logLoss(yTrue: readonly (0 | 1)[], probabilities: readonly number[]): number {
  checkLengths(yTrue, probabilities);
  const eps = 1e-15;
  const total = yTrue.reduce<number>((sum, y, i) => {
    const p = Math.min(Math.max(probabilities[i] ?? 0, eps), 1 - eps);
    return sum - (y === 1 ? Math.log(p) : Math.log(1 - p));
  }, 0);
  return total / yTrue.length;
}

/** F1 of one class: 2TP / (2TP + FP + FN), 0 when that class is neither true nor predicted anywhere. */
export function f1Binary(yTrue: readonly string[], yPred: readonly string[], positive: string): number {
  checkLengths(yTrue, yPred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  yTrue.forEach((label, i) => {
    const predicted = yPred[i] === positive;
    if (label === positive && predicted) tp++;
    else if (predicted) fp++;
    else if (label === positive) fn++;
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Unweighted mean of each class's F1 over the classes seen in the truth or the predictions. */
export function f1Macro(yTrue: readonly string[], yPred: readonly string[]): number {
  checkLengths(yTrue, yPred);
  const classes = sortClasses([...yTrue, ...yPred]);
  return classes.reduce((sum, label) => sum + f1Binary(yTrue, yPred, label), 0) / classes.length;
}

export function mse(yTrue: readonly number[], yPred: readonly number[]): number {
  checkLengths(yTrue, yPred);
  return yTrue.reduce((sum, y, i) => sum + (y - (yPred[i] ?? 0)) ** 2, 0) / yTrue.length;
}

export function rmse(yTrue: readonly number[], yPred: readonly number[]): number {
  return Math.sqrt(mse(yTrue, yPred));
}

export function mae(yTrue: readonly number[], yPred: readonly number[]): number {
  checkLengths(yTrue, yPred);
  return yTrue.reduce((sum, y, i) => sum + Math.abs(y - (yPred[i] ?? 0)), 0) / yTrue.length;
}

/** 1 - SS_res / SS_tot; a constant truth scores 1 when matched exactly and 0 otherwise, as scikit-learn does. */
export function r2(yTrue: readonly number[], yPred: readonly number[]): number {
  checkLengths(yTrue, yPred);
  const mean = yTrue.reduce((sum, y) => sum + y, 0) / yTrue.length;
  const residual = yTrue.reduce((sum, y, i) => sum + (y - (yPred[i] ?? 0)) ** 2, 0);
  const total = yTrue.reduce((sum, y) => sum + (y - mean) ** 2, 0);
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}

function checkLengths(a: readonly unknown[], b: readonly unknown[]): void {
  if (a.length !== b.length) throw new RangeError(`${a.length} true values but ${b.length} predictions.`);
  if (a.length === 0) throw new RangeError('No values to score.');
}

/** What the predictions of a metric hold. */
export type PredictionKind = 'labels' | 'probabilities' | 'numbers';

export interface MetricFunction {
  /** Canonical name: accuracy, roc_auc, log_loss, f1, f1_macro, rmse, mse, mae, r2. */
  name: string;
  higherIsBetter: boolean;
  kind: PredictionKind;
  /**
   * Scores predictions given as text, as read from a CSV. Binary metrics score the positive class
   * of `classes` (default: the classes in yTrue): True or 1 when present, else the second sorted.
   * Throws a RangeError on input it cannot score (lengths differ, one class, non-numbers).
   */
  score(yTrue: readonly string[], yPred: readonly string[], classes?: readonly string[]): number;
}

type Definition = Omit<MetricFunction, 'name'>;

const numbers = (values: readonly string[]): number[] =>
  values.map((value) => {
    const number = Number(value.trim());
    if (value.trim() === '' || !Number.isFinite(number)) throw new RangeError(`\`${value}\` is not a number.`);
    return number;
  });

/** The 0/1 truth of a binary target: 1 for its positive class. */
function binaryTruth(yTrue: readonly string[], classes?: readonly string[]): (0 | 1)[] {
  const known = classes ? [...classes] : sortClasses(yTrue);
  if (known.length !== 2) throw new RangeError(`This metric scores two classes, and the target has ${known.length}.`);
  const positive = positiveClass(known);
  return yTrue.map((label) => (label === positive ? 1 : 0));
}

const DEFINITIONS: Record<string, Definition> = {
  accuracy: { higherIsBetter: true, kind: 'labels', score: (t, p) => accuracy(t, p) },
  roc_auc: {
    higherIsBetter: true,
    kind: 'probabilities',
    score: (t, p, classes) => rocAuc(binaryTruth(t, classes), numbers(p)),
  },
  log_loss: {
    higherIsBetter: false,
    kind: 'probabilities',
    score: (t, p, classes) => logLoss(binaryTruth(t, classes), numbers(p)),
  },
  f1: {
    higherIsBetter: true,
    kind: 'labels',
    score: (t, p, classes) => {
      const known = classes ? [...classes] : sortClasses(t);
      const positive = positiveClass(known);
      return known.length === 2 && positive !== undefined ? f1Binary(t, p, positive) : f1Macro(t, p);
    },
  },
  f1_macro: { higherIsBetter: true, kind: 'labels', score: (t, p) => f1Macro(t, p) },
  rmse: { higherIsBetter: false, kind: 'numbers', score: (t, p) => rmse(numbers(t), numbers(p)) },
  mse: { higherIsBetter: false, kind: 'numbers', score: (t, p) => mse(numbers(t), numbers(p)) },
  mae: { higherIsBetter: false, kind: 'numbers', score: (t, p) => mae(numbers(t), numbers(p)) },
  r2: { higherIsBetter: true, kind: 'numbers', score: (t, p) => r2(numbers(t), numbers(p)) },
};

const ALIASES: Record<string, string> = {
  accuracy: 'accuracy', acc: 'accuracy',
  rocauc: 'roc_auc', auc: 'roc_auc', auroc: 'roc_auc', aucroc: 'roc_auc',
  logloss: 'log_loss', crossentropy: 'log_loss', binarycrossentropy: 'log_loss', binarylogloss: 'log_loss',
  f1: 'f1', f1score: 'f1',
  f1macro: 'f1_macro', macrof1: 'f1_macro',
  rmse: 'rmse', rootmeansquarederror: 'rmse',
  mse: 'mse', meansquarederror: 'mse',
  mae: 'mae', meanabsoluteerror: 'mae',
  r2: 'r2', r2score: 'r2', rsquared: 'r2',
};

/** Metric names the hold-out can score, for messages. */
export const SCORABLE_METRICS = Object.keys(DEFINITIONS);

/** The scorer for a metric name as task.md or settings give it ("ROC AUC", "log_loss", "RMSE"); null when unknown. */
export function metricFunction(name: string): MetricFunction | null {
  const key = ALIASES[name.toLowerCase().replace(/[\s_\-.]+/g, '')];
  const definition = key === undefined ? undefined : DEFINITIONS[key];
  return key !== undefined && definition ? { name: key, ...definition } : null;
}
