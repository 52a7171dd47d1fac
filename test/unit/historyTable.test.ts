import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { historyTable } from '../../src/cli/historyTable';
import { iterationRecord } from '../helpers/iterationRecord';

describe('adsa status table', () => {
  test('a single loop: one row per iteration, the best starred', () => {
    const table = historyTable([iterationRecord(1, { cvMean: 0.7 }), iterationRecord(2, { cvMean: 0.8, classShares: { True: 0.5, False: 0.5 } })]);
    const lines = table.split('\n');
    assert.match(lines[0]!, /^#\s+status\s+CV\s+folds/);
    assert.match(lines[2]!, /^2\*\s+ok\s+0\.80000/);
    assert.match(lines[2]!, /True 50\.0%, False 50\.0%/);
    assert.match(table, /\* best: iteration 2, accuracy 0\.80000 \(higher is better\)$/);
  });

  test('research directions: grouped, with private score, gap and the overfitting flag', () => {
    const records = [
      iterationRecord(1, { direction: 'trees', cvMean: 0.8, privateScore: 0.79 }),
      iterationRecord(2, { direction: 'linear', cvMean: 0.78, privateScore: 0.78 }),
      iterationRecord(3, { direction: 'trees', cvMean: 0.86, privateScore: 0.77 }),
    ];
    const lines = historyTable(records).split('\n');
    assert.match(lines[0]!, /^#\s+status\s+CV\s+private\s+gap\s+folds/);
    assert.match(lines[1]!, /^── trees ⚠ overfitting: /);
    assert.match(lines[2]!, /^1\*\s+ok\s+0\.80000\s+0\.79000\s+0\.0100/);
    assert.match(lines[3]!, /^3\s+ok\s+0\.86000\s+0\.77000\s+0\.0900/);
    assert.equal(lines[4], '── linear');
    assert.match(lines[5]!, /^2\s+ok/);
    assert.match(lines.at(-1)!, /best: iteration 1 \(trees\), private 0\.79000/);
  });

  test('an empty history says so', () => {
    assert.equal(historyTable([]), 'No iterations yet.');
  });
});
