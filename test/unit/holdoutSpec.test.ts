import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/core/errors';
import { holdoutSpecFromTask, HoldoutSpecSchema } from '../../src/core/holdout/spec';

const spec = (markdown: string) => holdoutSpecFromTask({ markdown });

describe('holdoutSpecFromTask', () => {
  test('plain lines, with the default fraction and seed', () => {
    assert.deepEqual(spec('# Task\nTraining file: data/train.csv\nId column: PassengerId\nTarget: Transported\n'), {
      trainFile: 'data/train.csv',
      idColumn: 'PassengerId',
      target: 'Transported',
      fraction: 0.15,
      seed: 42,
    });
  });

  test('bold, list, code and trailing prose forms, and a percentage', () => {
    const markdown = [
      '## Data',
      '- **Training file**: `data/train.csv` (8,700 rows)',
      '- **Id column:** `PassengerId` (gggg_pp)',
      '* __Target__: Transported — True or False',
      '1. Hold-out: 20%',
    ].join('\n');
    assert.deepEqual(spec(markdown), {
      trainFile: 'data/train.csv',
      idColumn: 'PassengerId',
      target: 'Transported',
      fraction: 0.2,
      seed: 42,
    });
  });

  test('case-insensitive labels, a fraction and a seed', () => {
    const markdown = 'TRAINING DATA: train.csv\nID column: row_id\ntarget column: price.\nHold-out fraction: 0.1\nHold-out seed: 7';
    assert.deepEqual(spec(markdown), { trainFile: 'train.csv', idColumn: 'row_id', target: 'price', fraction: 0.1, seed: 7 });
  });

  test('null when one of the three is not named', () => {
    assert.equal(spec('Training file: data/train.csv\nId column: PassengerId\n'), null);
    assert.equal(spec('Id column: PassengerId\nTarget: Transported\n'), null);
    assert.equal(spec('Training file: data/train.csv\nTarget: Transported\n'), null);
  });

  test('a "Target metric" line is not the target', () => {
    assert.equal(spec('Training file: data/train.csv\nId column: id\nTarget metric: accuracy\n'), null);
  });

  test('"Hold-out: off" turns it off', () => {
    assert.equal(spec('Training file: t.csv\nId column: id\nTarget: y\nHold-out: off\n'), null);
    assert.equal(spec('Training file: t.csv\nId column: id\nTarget: y\nHold-out: 0%\n'), null);
  });

  test('a share of half or more, or a seed that is not a number, is a ConfigError', () => {
    assert.throws(() => spec('Training file: t.csv\nId column: id\nTarget: y\nHold-out: 60%\n'), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, 'task.md asks for a hold-out of "60%"; give a share below half, such as 15% or 0.15.');
      return true;
    });
    assert.throws(() => spec('Training file: t.csv\nId column: id\nTarget: y\nHold-out: lots\n'), ConfigError);
    assert.throws(() => spec('Training file: t.csv\nId column: id\nTarget: y\nHold-out seed: x\n'), /hold-out seed "x"; give a whole number/);
  });

  test('the schema bounds the fraction and requires whole seeds', () => {
    assert.equal(HoldoutSpecSchema.safeParse({ trainFile: 'a.csv', idColumn: 'id', target: 'y', fraction: 0.5 }).success, false);
    assert.equal(HoldoutSpecSchema.safeParse({ trainFile: 'a.csv', idColumn: 'id', target: 'y', fraction: 0 }).success, false);
    assert.equal(HoldoutSpecSchema.safeParse({ trainFile: 'a.csv', idColumn: 'id', target: 'y', seed: 1.5 }).success, false);
    assert.equal(HoldoutSpecSchema.parse({ trainFile: 'a.csv', idColumn: 'id', target: 'y' }).fraction, 0.15);
  });
});
