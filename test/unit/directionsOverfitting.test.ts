import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gapOf, gapThreshold, overfittingFlag } from '../../src/core/directions/overfitting';
import { iterationRecord } from '../helpers/iterationRecord';

/** Scored iterations 1..n with these CV and private scores. */
const series = (pairs: [number, number][], higherIsBetter = true) =>
  pairs.map(([cv, hidden], i) => iterationRecord(i + 1, { cvMean: cv, privateScore: hidden, higherIsBetter }));

describe('CV vs private gap', () => {
  test('is positive when the CV looks better, for either metric direction', () => {
    assert.equal(gapOf(iterationRecord(1, { cvMean: 0.83, privateScore: 0.78 })), 0.05);
    assert.equal(gapOf(iterationRecord(1, { cvMean: 0.78, privateScore: 0.83 })), -0.05);
    // Lower is better (RMSE): a CV error below the private error is the optimistic case.
    assert.equal(gapOf(iterationRecord(1, { metric: 'rmse', higherIsBetter: false, cvMean: 10, privateScore: 12.5 })), 2.5);
    assert.equal(gapOf(iterationRecord(1, { metric: 'rmse', higherIsBetter: false, cvMean: 12.5, privateScore: 10 })), -2.5);
  });

  test('is null without both scores or for a failed iteration', () => {
    assert.equal(gapOf(iterationRecord(1, { privateScore: null })), null);
    assert.equal(gapOf(iterationRecord(1)), null);
    assert.equal(gapOf(iterationRecord(1, { cvMean: null, privateScore: 0.8 })), null);
    assert.equal(gapOf(iterationRecord(1, { status: 'failed', privateScore: 0.7 })), null);
  });

  test('threshold: 0.02 for scores in [0, 1], else 5 % of their magnitude', () => {
    assert.equal(gapThreshold(0.9, 0.85), 0.02);
    assert.equal(gapThreshold(0, 1), 0.02);
    assert.equal(gapThreshold(100, 120), 6);
    assert.equal(gapThreshold(0.9, 1.2), 0.06);
    assert.equal(gapThreshold(-50, -40), 2.5);
  });
});

describe('overfitting flag', () => {
  test('flags a gap over the threshold that grew over the last 3 scored iterations', () => {
    const flag = overfittingFlag(series([[0.8, 0.79], [0.82, 0.8], [0.83, 0.78]]));
    assert.deepEqual(flag, { flagged: true, reason: 'CV 0.83 vs private 0.78: the gap grew from 0.01 to 0.05 over 3 iterations.' });
  });

  test('a gap exactly at the threshold is not flagged; just over it is', () => {
    // 0.83 - 0.81 is 0.020000000000000018 in floating point: still exactly the threshold.
    assert.equal(overfittingFlag(series([[0.8, 0.8], [0.83, 0.81]])).flagged, false);
    assert.equal(overfittingFlag(series([[0.8, 0.8], [0.8301, 0.81]])).flagged, true);
  });

  test('a moderate gap that did not grow is not flagged', () => {
    assert.equal(overfittingFlag(series([[0.85, 0.82], [0.85, 0.82], [0.85, 0.82]])).flagged, false);
    assert.equal(overfittingFlag(series([[0.86, 0.82], [0.85, 0.82], [0.85, 0.82]])).flagged, false);
    // A single scored iteration cannot have grown.
    assert.equal(overfittingFlag(series([[0.85, 0.82]])).flagged, false);
  });

  test('a gap over twice the threshold is flagged even when it did not grow', () => {
    const flag = overfittingFlag(series([[0.9, 0.8]]));
    assert.deepEqual(flag, { flagged: true, reason: 'CV 0.9 vs private 0.8: a gap of 0.1, more than twice the 0.02 that is tolerated.' });
    assert.equal(overfittingFlag(series([[0.9, 0.85], [0.9, 0.859]])).flagged, true);
    // Exactly twice is not "more than twice", and it shrank.
    assert.equal(overfittingFlag(series([[0.9, 0.85], [0.9, 0.86]])).flagged, false);
  });

  test('only the last 3 scored iterations count, in iteration order, skipping unscored ones', () => {
    const records = [
      iterationRecord(5, { cvMean: 0.85, privateScore: 0.82 }),
      iterationRecord(1, { cvMean: 0.8, privateScore: 0.8 }),
      iterationRecord(2, { cvMean: 0.85, privateScore: 0.82 }),
      iterationRecord(3, { status: 'failed', cvMean: null, privateScore: null }),
      iterationRecord(4, { cvMean: 0.85, privateScore: 0.82 }),
    ];
    // Window 2, 4, 5: gaps 0.03, 0.03, 0.03 — flat, so the earlier 0 gap of iteration 1 does not count.
    assert.equal(overfittingFlag(records).flagged, false);
    records.push(iterationRecord(6, { status: 'failed', cvMean: null, privateScore: null }), iterationRecord(7, { cvMean: 0.86, privateScore: 0.82 }));
    assert.deepEqual(overfittingFlag(records), { flagged: true, reason: 'CV 0.86 vs private 0.82: the gap grew from 0.03 to 0.04 over 3 iterations.' });
  });

  test('a private score better than CV is never overfitting', () => {
    assert.equal(overfittingFlag(series([[0.7, 0.8], [0.7, 0.9]])).flagged, false);
  });

  test('uses the relative threshold and the metric direction for unbounded errors', () => {
    // RMSE, lower is better: threshold 5 % of 110 = 5.5; gaps 2, 4, 10 grew, 10 > 5.5.
    const rmse = series([[100, 102], [100, 104], [100, 110]], false);
    assert.deepEqual(overfittingFlag(rmse), { flagged: true, reason: 'CV 100 vs private 110: the gap grew from 2 to 10 over 3 iterations.' });
    // Gap 5 < 5.25 (5 % of 105): not flagged though it grew.
    assert.equal(overfittingFlag(series([[100, 101], [100, 105]], false)).flagged, false);
  });

  test('nothing to flag without private scores', () => {
    assert.deepEqual(overfittingFlag([iterationRecord(1), iterationRecord(2, { cvMean: 0.99 })]), { flagged: false, reason: null });
    assert.deepEqual(overfittingFlag([]), { flagged: false, reason: null });
  });
});
