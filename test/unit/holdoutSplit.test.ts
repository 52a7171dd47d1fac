import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom, shuffled } from '../../src/core/holdout/random';
import { drawHoldout, inferTaskType } from '../../src/core/holdout/split';
import { matchClass, positiveClass, sortClasses } from '../../src/core/holdout/labels';

describe('seededRandom', () => {
  test('the same seed gives the same sequence, another seed another', () => {
    const a = Array.from({ length: 5 }, seededRandom(42));
    const b = Array.from({ length: 5 }, seededRandom(42));
    const c = Array.from({ length: 5 }, seededRandom(43));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(a.every((x) => x >= 0 && x < 1));
  });

  test('is close to uniform', () => {
    const random = seededRandom(1);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) buckets[Math.floor(random() * 10)]! += 1;
    for (const count of buckets) assert.ok(Math.abs(count - 10_000) < 500, `bucket ${count}`);
  });

  test('shuffled keeps every item and leaves the input alone', () => {
    const items = [1, 2, 3, 4, 5, 6, 7, 8];
    const out = shuffled(items, seededRandom(3));
    assert.deepEqual(items, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual([...out].sort((a, b) => a - b), items);
    assert.notDeepEqual(out, items);
  });
});

describe('inferTaskType', () => {
  test('booleans, text and few numbers are classes; many numbers are a regression', () => {
    assert.deepEqual(inferTaskType(['True', 'False', 'True']), { taskType: 'classification', classes: ['False', 'True'] });
    assert.deepEqual(inferTaskType(['cat', 'dog', '3']), { taskType: 'classification', classes: ['3', 'cat', 'dog'] });
    assert.deepEqual(inferTaskType(['10', '2', '1', '2']), { taskType: 'classification', classes: ['1', '2', '10'] });
    const many = Array.from({ length: 21 }, (_, i) => String(i / 2));
    assert.deepEqual(inferTaskType(many), { taskType: 'regression', classes: null });
    const twenty = Array.from({ length: 20 }, (_, i) => String(i));
    assert.equal(inferTaskType(twenty).taskType, 'classification');
  });
});

describe('drawHoldout', () => {
  // 111 A, 67 B, 22 C = 200 rows; 15% = 30 rows: exact shares 16.65, 10.05, 3.3.
  const targets = [...Array<string>(111).fill('A'), ...Array<string>(67).fill('B'), ...Array<string>(22).fill('C')];

  test('stratified: round(n * f) rows, each class within one row of its share', () => {
    const plan = drawHoldout(targets, 'classification', 0.15, 42);
    assert.equal(plan.holdout.length, 30);
    // Floors 16 + 10 + 3 = 29; the one row left goes to A, the largest remainder (0.65).
    assert.deepEqual(Object.fromEntries(plan.perClass ?? []), { A: 17, B: 10, C: 3 });
    for (const [label, count] of [['A', 111], ['B', 67], ['C', 22]] as const) {
      const held = plan.holdout.filter((row) => targets[row] === label).length;
      assert.ok(Math.abs(held - count * 0.15) <= 1, `${label}: ${held} of ${count}`);
    }
    assert.equal(new Set(plan.holdout).size, 30);
    assert.deepEqual(plan.holdout, [...plan.holdout].sort((a, b) => a - b));
  });

  test('the same seed draws the same rows; another seed others', () => {
    const a = drawHoldout(targets, 'classification', 0.15, 42).holdout;
    assert.deepEqual(drawHoldout(targets, 'classification', 0.15, 42).holdout, a);
    assert.notDeepEqual(drawHoldout(targets, 'classification', 0.15, 7).holdout, a);
  });

  test('regression draws plain random rows', () => {
    const values = Array.from({ length: 101 }, (_, i) => String(i * 1.5));
    const plan = drawHoldout(values, 'regression', 0.2, 1);
    assert.equal(plan.holdout.length, 20); // round(101 * 0.2) = round(20.2)
    assert.equal(plan.perClass, null);
    assert.notDeepEqual(plan.holdout, Array.from({ length: 20 }, (_, i) => i));
    assert.deepEqual(drawHoldout(values, 'regression', 0.2, 1).holdout, plan.holdout);
  });
});

describe('labels', () => {
  test('classes sort numerically when numeric', () => {
    assert.deepEqual(sortClasses(['10', '9', '1', '9']), ['1', '9', '10']);
    assert.deepEqual(sortClasses(['b', 'B', 'a']), ['B', 'a', 'b']);
  });

  test('the positive class is True or 1, else the second sorted class', () => {
    assert.equal(positiveClass(['True', 'False']), 'True');
    assert.equal(positiveClass(['1', '0']), '1');
    assert.equal(positiveClass(['yes', 'no']), 'yes');
    assert.equal(positiveClass(['spam', 'ham']), 'spam');
  });

  test('predictions match classes by boolean spelling and numeric value', () => {
    assert.equal(matchClass('true', ['False', 'True']), 'True');
    assert.equal(matchClass('1', ['False', 'True']), 'True');
    assert.equal(matchClass('0', ['False', 'True']), 'False');
    assert.equal(matchClass('False', ['0', '1']), '0');
    assert.equal(matchClass('2.0', ['1', '2', '3']), '2');
    assert.equal(matchClass(' cat ', ['cat', 'dog']), 'cat');
    assert.equal(matchClass('Cat', ['cat', 'dog']), null);
    assert.equal(matchClass('maybe', ['False', 'True']), null);
  });
});
