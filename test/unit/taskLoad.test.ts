import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTask } from '../../src/core/task/loadTask';
import { parseMetric } from '../../src/core/task/parseMetric';
import { mentionedFiles } from '../../src/core/task/mentionedFiles';
import { ConfigError } from '../../src/core/errors';
import { tempDir } from '../helpers/tempDir';

const fixtures = join(__dirname, '..', 'fixtures', 'task');

describe('parseMetric', () => {
  const cases: [string, string, string | null, boolean | null][] = [
    ['plain line', 'Metric: accuracy', 'accuracy', true],
    ['bold label', '**Metric**: Root Mean Squared Error (RMSE)', 'rmse', false],
    ['bold label and colon', '- **Metric:** log loss', 'log_loss', false],
    ['evaluation metric line', 'Evaluation metric: `roc_auc`', 'roc_auc', true],
    ['heading with value', '## Metric: macro F1', 'f1_macro', true],
    ['balanced before accuracy', 'Metric: balanced accuracy', 'balanced_accuracy', true],
    ['rmsle before rmse', 'Metric: root mean squared logarithmic error', 'rmsle', false],
    ['stated direction wins', 'Metric: accuracy (lower is better)', 'accuracy', false],
    ['unknown metric keeps its name', 'Metric: weighted_pinball (lower is better)', 'weighted_pinball', false],
    ['unknown metric, no direction', 'Metric: my_score', 'my_score', null],
    ['metric section', '# T\n\n## Metric\nWe use the area under the ROC curve.\n\n## Data\nTrain has accuracy columns.', 'roc_auc', true],
    [
      'evaluation section, first sentence naming a metric',
      '## Evaluation\nSubmissions are scored daily. The score is MAE. Accuracy is irrelevant.',
      'mae',
      false,
    ],
    ['r-squared', '## Scoring\nCoefficient of determination (R²), maximize it.', 'r2', true],
    ['prose elsewhere is ignored', '# Task\nWe want high accuracy on this data.', null, null],
    ['nothing', '# Task\nPredict things.', null, null],
  ];
  for (const [name, markdown, metric, higherIsBetter] of cases) {
    test(name, () => {
      assert.deepEqual(parseMetric(markdown), { metric, higherIsBetter });
    });
  }
});

describe('mentionedFiles', () => {
  test('finds paths with data extensions, skips URLs and globs, keeps first mention', () => {
    const names = mentionedFiles(
      'Use `data/train.csv` and test.parquet.\nSee https://x.org/a/b.csv or *.csv.\nAgain train.csv, data/train.csv; solution.py.',
    ).map((file) => file.name);
    assert.deepEqual(names, ['data/train.csv', 'test.parquet', 'train.csv']);
  });
});

describe('loadTask', () => {
  test('finds named and data/ files, the sample, test file, id and metric', async () => {
    const dir = join(fixtures, 'basic');
    const task = await loadTask(dir);
    assert.equal(task.dir, dir);
    assert.equal(task.taskFile, join(dir, 'task.md'));
    assert.match(task.markdown, /House churn/);
    assert.deepEqual(task.dataFiles, [
      join(dir, 'data', 'train.csv'),
      join(dir, 'data', 'test.csv'),
      join(dir, 'data', 'sample_submission.csv'),
      join(dir, 'data', 'regions.csv'),
    ]);
    // Outputs (submission.csv, progress_report.json) and the link's URL are not reported missing.
    assert.deepEqual(task.missingFiles, ['data/extra_features.parquet']);
    assert.equal(task.metric, 'roc_auc');
    assert.equal(task.higherIsBetter, true);
    assert.deepEqual(task.submission, {
      fileName: 'submission.csv',
      sampleFile: join(dir, 'data', 'sample_submission.csv'),
      testFile: join(dir, 'data', 'test.csv'),
      idColumn: 'id',
      targetColumns: ['churn'],
    });
  });

  test('accepts the path of task.md itself', async () => {
    const task = await loadTask(join(fixtures, 'basic', 'task.md'));
    assert.equal(task.dir, join(fixtures, 'basic'));
  });

  test('a file called test data in task.md, a custom submission name, a metric section', async () => {
    const dir = join(fixtures, 'named-test');
    const task = await loadTask(dir);
    assert.deepEqual(task.dataFiles, [join(dir, 'history.csv'), join(dir, 'holdout.csv')]);
    assert.deepEqual(task.missingFiles, []);
    assert.equal(task.metric, 'rmse');
    assert.equal(task.higherIsBetter, false);
    assert.deepEqual(task.submission, { fileName: 'predictions.csv', testFile: join(dir, 'holdout.csv') });
  });

  test('the sample header gives the id and several targets; quoted header cells are read', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'task.md'), 'Predict three labels. Write my_submission.csv.\n');
    writeFileSync(join(dir, 'data', 'sampleSubmission.csv'), '"row id",a,b,"c, d"\n1,0,0,0\n');
    writeFileSync(join(dir, 'data', 'test_features.csv'), 'row id,x\n1,2\n');
    const task = await loadTask(dir);
    assert.equal(task.metric, null);
    assert.deepEqual(task.submission, {
      fileName: 'my_submission.csv',
      sampleFile: join(dir, 'data', 'sampleSubmission.csv'),
      testFile: join(dir, 'data', 'test_features.csv'),
      idColumn: 'row id',
      targetColumns: ['a', 'b', 'c, d'],
    });
  });

  test('no task.md is a ConfigError that says what task.md is for', async () => {
    const dir = join(fixtures, 'no-task');
    await assert.rejects(loadTask(dir), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(
        error.message,
        `No task.md in ${dir}: ADSA needs a task.md describing the goal, the data files, the submission format and the metric.`,
      );
      return true;
    });
  });

  test('a folder that does not exist gets the same error', async () => {
    await assert.rejects(loadTask(join(fixtures, 'nowhere')), /No task\.md in .*nowhere/);
  });

  test('an empty task.md is a ConfigError', async () => {
    await assert.rejects(loadTask(join(fixtures, 'empty')), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /task\.md is empty/);
      return true;
    });
  });
});
