import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, f1Binary, f1Macro, logLoss, mae, metricFunction, mse, r2, rmse, rocAuc } from '../../src/core/holdout/metrics';

const close = (actual: number, expected: number, digits = 6) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`);

describe('metrics against hand-computed values', () => {
  test('accuracy', () => {
    // 3 of 4 equal -> 0.75
    assert.equal(accuracy(['a', 'b', 'a', 'c'], ['a', 'a', 'a', 'c']), 0.75);
  });

  test('roc_auc without ties', () => {
    // scores sorted 0.1(neg) 0.35(pos) 0.4(neg) 0.8(pos) -> ranks 1,2,3,4; positive rank sum 2+4 = 6;
    // AUC = (6 - 2*3/2) / (2*2) = 3/4
    assert.equal(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  });

  test('roc_auc with ties takes average ranks', () => {
    // 0.2 (neg, pos) share rank 1.5, 0.5 (pos, neg) share 3.5, 0.9 (pos) is 5.
    // positive rank sum 3.5 + 5 + 1.5 = 10; AUC = (10 - 3*4/2) / (3*2) = 4/6.
    // Pairwise: (.5>.2)=1 (.5=.5)=.5 (.9>.2)=1 (.9>.5)=1 (.2=.2)=.5 (.2<.5)=0 -> 4 of 6.
    close(rocAuc([0, 1, 0, 1, 1], [0.2, 0.5, 0.5, 0.9, 0.2]), 4 / 6);
    // All scores tied: every pair counts half.
    assert.equal(rocAuc([0, 1, 1, 0], [0.3, 0.3, 0.3, 0.3]), 0.5);
  });

  test('roc_auc needs both classes', () => {
    assert.throws(() => rocAuc([1, 1], [0.2, 0.3]), RangeError);
  });

  test('log_loss, and its clipping at 1e-15', () => {
    // -(ln 0.9 + ln 0.8 + ln 0.6) / 3 = (0.1053605 + 0.2231436 + 0.5108256) / 3 = 0.2797766
    close(logLoss([1, 0, 1], [0.9, 0.2, 0.6]), 0.2797766);
    // p = 0 for a positive is clipped to 1e-15: -ln(1e-15) = 34.5387764; the negative with p = 0 adds ~1e-15.
    close(logLoss([1, 0], [0, 0]), 34.5387764 / 2, 5);
    // p = 1 for a negative is clipped to 1 - 1e-15, finite too.
    assert.ok(Number.isFinite(logLoss([0], [1])));
  });

  test('binary F1', () => {
    // positive T: TP = rows 0 and 4, FN = row 1, FP = row 3 -> 2*2 / (2*2 + 1 + 1) = 4/6
    close(f1Binary(['T', 'T', 'F', 'F', 'T'], ['T', 'F', 'F', 'T', 'T'], 'T'), 4 / 6);
    // no positive anywhere -> 0
    assert.equal(f1Binary(['F', 'F'], ['F', 'F'], 'T'), 0);
  });

  test('macro F1', () => {
    // a: TP 1, FP 1 (row 5), FN 1 (row 1) -> 2/4 = 0.5
    // b: TP 2, FP 1 (row 1), FN 0         -> 4/5 = 0.8
    // c: TP 1, FP 0, FN 1 (row 5)         -> 2/3
    // mean (0.5 + 0.8 + 0.666667) / 3 = 0.655556
    close(f1Macro(['a', 'a', 'b', 'b', 'c', 'c'], ['a', 'b', 'b', 'b', 'c', 'a']), (0.5 + 0.8 + 2 / 3) / 3);
  });

  test('rmse, mse, mae and r2', () => {
    const truth = [3, -0.5, 2, 7];
    const predicted = [2.5, 0, 2, 8];
    // errors 0.5, -0.5, 0, -1 -> squares 0.25 + 0.25 + 0 + 1 = 1.5; mse 1.5/4 = 0.375; rmse sqrt(0.375) = 0.6123724
    assert.equal(mse(truth, predicted), 0.375);
    close(rmse(truth, predicted), 0.6123724);
    // |errors| 0.5 + 0.5 + 0 + 1 = 2; mae 2/4 = 0.5
    assert.equal(mae(truth, predicted), 0.5);
    // mean 11.5/4 = 2.875; SS_tot = 0.125² + 3.375² + 0.875² + 4.125² = 29.1875; r2 = 1 - 1.5/29.1875 = 0.9486081
    close(r2(truth, predicted), 0.9486081);
    // a constant truth: exact -> 1, else 0 (as scikit-learn)
    assert.equal(r2([2, 2], [2, 2]), 1);
    assert.equal(r2([2, 2], [1, 3]), 0);
  });

  test('length mismatches and empty input are RangeErrors', () => {
    assert.throws(() => accuracy(['a'], ['a', 'b']), RangeError);
    assert.throws(() => rmse([], []), RangeError);
  });
});

describe('metricFunction', () => {
  test('maps the names task.md uses', () => {
    const cases: [string, string, boolean, boolean][] = [
      ['accuracy', 'accuracy', true, false],
      ['ROC AUC', 'roc_auc', true, true],
      ['auc', 'roc_auc', true, true],
      ['log_loss', 'log_loss', false, true],
      ['logloss', 'log_loss', false, true],
      ['F1', 'f1', true, false],
      ['f1_macro', 'f1_macro', true, false],
      ['RMSE', 'rmse', false, false],
      ['mae', 'mae', false, false],
      ['r2', 'r2', true, false],
      ['mse', 'mse', false, false],
    ];
    for (const [name, canonical, higherIsBetter, needsProbabilities] of cases) {
      const metric = metricFunction(name);
      assert.ok(metric, name);
      assert.deepEqual(
        { name: metric.name, higherIsBetter: metric.higherIsBetter, needsProbabilities: metric.kind === 'probabilities' },
        { name: canonical, higherIsBetter, needsProbabilities },
      );
    }
    assert.equal(metricFunction('qwk'), null);
    assert.equal(metricFunction(''), null);
  });

  test('scores text: the positive class is True, 1, or the second sorted class', () => {
    // True is positive: probabilities of True 0.1 (F) 0.4 (F) 0.35 (T) 0.8 (T) -> 0.75 as above
    assert.equal(metricFunction('roc_auc')?.score(['False', 'False', 'True', 'True'], ['0.1', '0.4', '0.35', '0.8']), 0.75);
    // 'spam' > 'ham': spam is positive; -(ln .9 + ln .8 + ln .6)/3 as above
    close(metricFunction('log_loss')?.score(['spam', 'ham', 'spam'], ['0.9', '0.2', '0.6']) ?? NaN, 0.2797766);
    // Binary F1 on 1/0 labels with 1 positive: TP 1, FP 1, FN 0 -> 2/3
    close(metricFunction('f1')?.score(['1', '0', '0'], ['1', '1', '0']) ?? NaN, 2 / 3);
    // F1 on three classes is macro: same as above, 0.655556
    close(metricFunction('f1')?.score(['a', 'a', 'b', 'b', 'c', 'c'], ['a', 'b', 'b', 'b', 'c', 'a']) ?? NaN, (0.5 + 0.8 + 2 / 3) / 3);
    close(metricFunction('rmse')?.score(['3', '-0.5', '2', '7'], ['2.5', '0', '2', '8']) ?? NaN, 0.6123724);
  });

  test('refuses what it cannot score', () => {
    assert.throws(() => metricFunction('rmse')?.score(['1'], ['x']), RangeError);
    assert.throws(() => metricFunction('roc_auc')?.score(['a', 'b', 'c'], ['0.1', '0.2', '0.3']), RangeError);
  });
});
