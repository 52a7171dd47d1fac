import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { checkSubmission, metricDirection, ProgressReportSchema, readProgressReport } from '../../src/core/verify';
import { tempDir } from '../helpers/tempDir';
import { testPython } from '../helpers/python';

const dir = tempDir('adsa-verify-');
let fileCount = 0;
/** Writes `content` to `name` in a fresh sub-folder (so names can repeat) and returns its path. */
function file(name: string, content: string): string {
  const sub = join(dir, String(++fileCount));
  mkdirSync(sub);
  const path = join(sub, name);
  writeFileSync(path, content);
  return path;
}

describe('readProgressReport', () => {
  test('accepts a good report and keeps extra keys', async () => {
    const path = report({ metric: 'roc_auc', cv_scores: [0.8, 0.9, 0.85], cv_mean: 0.85, higher_is_better: true, model: 'lgbm', folds: 3 });
    const result = await readProgressReport(path);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.report.cv_mean, 0.85);
    assert.equal(result.report.model, 'lgbm');
    assert.equal(result.report.folds, 3);
  });

  test('accepts a cv_mean rounded to four decimals', async () => {
    const result = await readProgressReport(report({ metric: 'rmse', cv_scores: [1.23456, 1.34567], cv_mean: 1.2901 }));
    assert.ok(result.ok, JSON.stringify(result));
  });

  test('says when the file is missing', async () => {
    assert.deepEqual(await readProgressReport(join(dir, 'nowhere', 'progress_report.json')), {
      ok: false,
      problem: 'solution.py did not write progress_report.json.',
    });
  });

  test('says when the file is not JSON, with the parser message', async () => {
    const result = await readProgressReport(raw('{"metric": "f1", "cv_scores": [0.5,'));
    assert.ok(!result.ok);
    assert.match(result.problem, /^progress_report\.json is not valid JSON: .*JSON.*\.$/);
  });

  test('says when the file is empty', async () => {
    assert.deepEqual(await readProgressReport(raw('\n')), { ok: false, problem: 'progress_report.json is empty.' });
  });

  test('names wrong and missing fields', async () => {
    const result = await readProgressReport(report({ cv_scores: '0.5', cv_mean: 0.5, higher_is_better: 'yes' }));
    assert.ok(!result.ok);
    assert.match(result.problem, /^progress_report\.json does not have the expected fields: /);
    assert.match(result.problem, /metric is missing/);
    assert.match(result.problem, /cv_scores should be an array but is a string/);
    assert.match(result.problem, /higher_is_better should be a boolean but is a string/);
  });

  test('names an empty score list and a non-number score by position', async () => {
    const empty = await readProgressReport(report({ metric: 'mae', cv_scores: [], cv_mean: 0 }));
    assert.ok(!empty.ok);
    assert.match(empty.problem, /cv_scores is empty/);
    const wrong = await readProgressReport(report({ metric: 'mae', cv_scores: [1, 'two'], cv_mean: 1.5 }));
    assert.ok(!wrong.ok);
    assert.match(wrong.problem, /cv_scores\[1\] should be a number but is a string/);
  });

  test('names the NaN and Infinity that Python writes as bare words', async () => {
    const result = await readProgressReport(raw('{"metric": "NaN-safe auc", "cv_scores": [0.7, NaN, 0.8], "cv_mean": NaN, "x": -Infinity}'));
    assert.deepEqual(result, {
      ok: false,
      problem: 'progress_report.json has NaN in cv_scores[1], NaN in cv_mean, -Infinity in x; a score could not be computed.',
    });
  });

  test('rejects a number too large to be finite', async () => {
    const result = await readProgressReport(raw('{"metric": "mse", "cv_scores": [1e999], "cv_mean": 1e999}'));
    assert.ok(!result.ok);
    assert.match(result.problem, /cv_scores\[0\] should be a number but is Infinity/);
  });

  test('rejects a cv_mean that is not the mean of cv_scores', async () => {
    const result = await readProgressReport(report({ metric: 'accuracy', cv_scores: [0.8, 0.9], cv_mean: 0.9 }));
    assert.deepEqual(result, {
      ok: false,
      problem: 'progress_report.json has cv_mean 0.9, but the mean of cv_scores is 0.85; cv_mean must be the mean of the fold scores.',
    });
  });

  test('rejects JSON that is not an object', async () => {
    const result = await readProgressReport(raw('[0.8, 0.9]'));
    assert.ok(!result.ok);
    assert.match(result.problem, /must hold a JSON object/);
  });

  test('the schema keeps unknown keys', () => {
    const parsed = ProgressReportSchema.parse({ metric: 'auc', cv_scores: [1], cv_mean: 1, notes: 'x' });
    assert.equal(parsed.notes, 'x');
  });
});

describe('metricDirection', () => {
  test('knows common metrics whatever their spelling', () => {
    for (const name of ['accuracy', 'ROC AUC', 'roc_auc', 'roc-auc', 'AUC', 'f1', 'F1_macro', 'precision', 'Recall', 'r2', 'MAP@5', 'ndcg@10', 'neg_root_mean_squared_error']) {
      assert.equal(metricDirection(name), 'higher', name);
    }
    for (const name of ['rmse', 'RMSE', 'mse', 'MAE', 'log_loss', 'logloss', 'Log Loss', 'rmsle', 'mape', 'error', 'mean_squared_error']) {
      assert.equal(metricDirection(name), 'lower', name);
    }
  });

  test('returns null for unknown names', () => {
    assert.equal(metricDirection('custom_score'), null);
    assert.equal(metricDirection('negativity'), null);
    assert.equal(metricDirection(''), null);
  });
});

describe('checkSubmission', () => {
  const test3 = () => file('test.csv', 'id,feature\n1,0.3\n2,0.1\n3,0.9\n4,0.5\n');
  const sample = () => file('sample_submission.csv', 'id,label\n1,cat\n2,cat\n3,cat\n4,cat\n');

  test('accepts a good submission and reports class shares', async () => {
    const check = await checkSubmission({
      submissionPath: file('submission.csv', 'id,label\n1,cat\n2,dog\n3,cat\n4,cat\n'),
      samplePath: sample(),
      testPath: test3(),
    });
    assert.deepEqual(check, { ok: true, problems: [], rows: 4, classShares: { cat: 0.75, dog: 0.25 } });
  });

  test('treats whole numbers written as floats as classes and rounds shares', async () => {
    const check = await checkSubmission({ submissionPath: file('submission.csv', 'id,y\n1,1.0\n2,0.0\n3,0.0\n') });
    assert.deepEqual(check.classShares, { '0.0': 0.6667, '1.0': 0.3333 });
  });

  test('gives no class shares for probabilities, many classes or several prediction columns', async () => {
    const probs = await checkSubmission({ submissionPath: file('submission.csv', 'id,p\n1,0.25\n2,0.25\n3,0.75\n') });
    assert.equal(probs.classShares, null);
    const many = Array.from({ length: 25 }, (_, i) => `${i},${i}`).join('\n');
    assert.equal((await checkSubmission({ submissionPath: file('submission.csv', `id,count\n${many}\n`) })).classShares, null);
    const wide = await checkSubmission({ submissionPath: file('submission.csv', 'id,a,b\n1,x,y\n') });
    assert.equal(wide.classShares, null);
    assert.ok(wide.ok);
  });

  test('says when the file is missing', async () => {
    assert.deepEqual(await checkSubmission({ submissionPath: join(dir, 'none', 'submission.csv') }), {
      ok: false,
      problems: ['solution.py did not write submission.csv.'],
      rows: 0,
      classShares: null,
    });
  });

  test('shows both headers when they differ', async () => {
    const check = await checkSubmission({ submissionPath: file('submission.csv', 'id,target\n1,cat\n2,dog\n3,cat\n4,cat\n'), samplePath: sample(), testPath: test3() });
    assert.deepEqual(check.problems, ['submission.csv header `id,target` differs from the sample_submission.csv header `id,label`.']);
    assert.equal(check.ok, false);
  });

  test('reports a row count that differs from the test file, and the missing ids', async () => {
    const check = await checkSubmission({ submissionPath: file('submission.csv', 'id,label\n1,cat\n2,dog\n3,cat\n'), samplePath: sample(), testPath: test3() });
    assert.deepEqual(check.problems, [
      'submission.csv has 3 rows but test.csv has 4; predict one row per test row.',
      'submission.csv ids differ from test.csv: 1 missing (e.g. 4).',
    ]);
    assert.equal(check.rows, 3);
  });

  test('reports ids that differ from the test file with a few examples', async () => {
    const testPath = file('test.csv', `id,f\n${Array.from({ length: 10 }, (_, i) => `${i},0`).join('\n')}\n`);
    const submission = `id,label\n${Array.from({ length: 10 }, (_, i) => `${i + 5},a`).join('\n')}\n`;
    const check = await checkSubmission({ submissionPath: file('submission.csv', submission), testPath });
    assert.deepEqual(check.problems, ['submission.csv ids differ from test.csv: 5 missing (e.g. 0, 1, 2) and 5 unexpected (e.g. 10, 11, 12).']);
  });

  test('uses the given id column, found anywhere in the test file', async () => {
    const testPath = file('test.csv', 'f,PassengerId\n0,892\n1,893\n');
    const good = await checkSubmission({ submissionPath: file('submission.csv', 'PassengerId,Survived\n892,0\n893,1\n'), testPath, idColumn: 'PassengerId' });
    assert.ok(good.ok, good.problems.join(' '));
    const bad = await checkSubmission({ submissionPath: file('submission.csv', 'Survived,PassengerId\n0,892\n1,894\n'), testPath, idColumn: 'PassengerId' });
    assert.deepEqual(bad.problems, ['submission.csv ids differ from test.csv: 1 missing (e.g. 893) and 1 unexpected (e.g. 894).']);
  });

  test('reports duplicated ids', async () => {
    const check = await checkSubmission({ submissionPath: file('submission.csv', 'id,label\n1,a\n1,b\n2,a\n2,a\n3,a\n') });
    assert.deepEqual(check.problems, ['submission.csv has 2 duplicated id(s) (e.g. 1, 2).']);
  });

  test('reports empty and NaN cells with the first place', async () => {
    const check = await checkSubmission({ submissionPath: file('submission.csv', 'id,label\n1,a\n2,\n3,nan\n') });
    assert.deepEqual(check.problems, ['submission.csv has 2 empty or NaN cell(s), first in data row 2 column `label`.']);
    assert.deepEqual(check.classShares, { a: 1 });
  });

  test('reports rows with the wrong number of cells', async () => {
    const check = await checkSubmission({ submissionPath: file('submission.csv', 'id,label\n1,a\n2,b,extra\n3,c\n') });
    assert.deepEqual(check.problems, ["submission.csv has 1 row(s) whose cell count differs from the header's 2, first data row 2 with 3 cell(s)."]);
  });

  test('reports a submission without the id column', async () => {
    const check = await checkSubmission({ submissionPath: file('submission.csv', 'label\na\nb\n'), samplePath: sample() });
    assert.ok(check.problems.includes('submission.csv has no id column `id`.'), check.problems.join(' | '));
    assert.equal(check.problems.length, 2);
  });

  test('says when the file is empty or not CSV', async () => {
    assert.deepEqual((await checkSubmission({ submissionPath: file('submission.csv', '') })).problems, ['submission.csv is empty.']);
    const broken = await checkSubmission({ submissionPath: file('submission.csv', 'id,label\n1,"a\n') });
    assert.ok(!broken.ok);
    assert.match(broken.problems[0] ?? '', /^submission\.csv is not valid CSV: Quote Not Closed/);
  });

  test('checks only the file itself when no sample or test file is given', async () => {
    const check = await checkSubmission({ submissionPath: file('submission.csv', '\uFEFFid,label\r\n10,x\r\n11,y\r\n') });
    assert.deepEqual(check, { ok: true, problems: [], rows: 2, classShares: { x: 0.5, y: 0.5 } });
  });

  test('skips a sample or test file that does not exist', async () => {
    const check = await checkSubmission({
      submissionPath: file('submission.csv', 'id,label\n1,a\n'),
      samplePath: join(dir, 'none', 'sample_submission.csv'),
      testPath: join(dir, 'none', 'test.csv'),
    });
    assert.ok(check.ok);
  });

  test('keeps each problem short when ids are long', async () => {
    const long = 'x'.repeat(500);
    const check = await checkSubmission({ submissionPath: file('submission.csv', `id,label\n${long},a\n${long},a\n`) });
    assert.equal(check.problems.length, 1);
    assert.ok((check.problems[0] ?? '').length < 200, check.problems[0]);
  });
});

describe('files written by Python', () => {
  test('NaN from json.dump and from pandas to_csv are reported', async () => {
    const out = join(dir, 'python');
    mkdirSync(out);
    const script = [
      'import json, sys, pandas as pd',
      'out = sys.argv[1]',
      'json.dump({"metric": "accuracy", "cv_scores": [0.8, float("nan")], "cv_mean": float("nan")}, open(out + "/progress_report.json", "w"))',
      'pd.DataFrame({"id": [1, 2, 3], "label": ["a", None, "b"]}).to_csv(out + "/submission.csv", index=False)',
    ].join('\n');
    execFileSync(testPython(), ['-c', script, out]);
    const progress = await readProgressReport(join(out, 'progress_report.json'));
    assert.ok(!progress.ok);
    assert.match(progress.problem, /NaN in cv_scores\[1\], NaN in cv_mean/);
    const check = await checkSubmission({ submissionPath: join(out, 'submission.csv') });
    assert.deepEqual(check.problems, ['submission.csv has 1 empty or NaN cell(s), first in data row 2 column `label`.']);
    assert.deepEqual(check.classShares, { a: 0.5, b: 0.5 });
  });
});

function report(data: unknown): string {
  return raw(JSON.stringify(data));
}

function raw(text: string): string {
  return file('progress_report.json', text);
}
