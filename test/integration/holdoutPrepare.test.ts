import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../../src/core/errors';
import { prepareHoldout, type Holdout } from '../../src/core/holdout/prepareHoldout';
import { stageDataView } from '../../src/core/holdout/stageDataView';
import { scoreHoldout } from '../../src/core/holdout/scoreHoldout';
import type { HoldoutSpec } from '../../src/core/holdout/spec';
import { tempDir } from '../helpers/tempDir';

const root = tempDir('adsa-holdout-');
let counter = 0;

/** A workspace with data/train.csv (class counts as given), data/test.csv and data/sample_submission.csv. */
function workspace(classes: Record<string, number> = { A: 111, B: 67, C: 22 }): string {
  const dir = join(root, `ws${++counter}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const labels = Object.entries(classes).flatMap(([label, count]) => Array<string>(count).fill(label));
  // Interleave deterministically so classes are spread through the file.
  const order = labels.map((label, i) => ({ label, key: (i * 7919) % labels.length })).sort((a, b) => a.key - b.key);
  const rows = order.map(({ label }, i) => `id${String(i).padStart(4, '0')},${i % 13},"note, ${i}\nline two",${label}`);
  writeFileSync(join(dir, 'data', 'train.csv'), `id,feature,text,label\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'data', 'test.csv'), 'id,feature,text\nt1,1,x\nt2,2,y\n');
  writeFileSync(join(dir, 'data', 'sample_submission.csv'), 'id,label\nt1,A\nt2,A\n');
  return dir;
}

function spec(extra: Partial<HoldoutSpec> = {}): HoldoutSpec {
  return { trainFile: 'data/train.csv', idColumn: 'id', target: 'label', fraction: 0.15, seed: 42, ...extra };
}

function task(ws: string) {
  return {
    dataFiles: ['train.csv', 'test.csv', 'sample_submission.csv'].map((name) => join(ws, 'data', name)),
    submission: { fileName: 'submission.csv', testFile: join(ws, 'data', 'test.csv'), sampleFile: join(ws, 'data', 'sample_submission.csv') },
  };
}

function privateDir(): string {
  return join(root, `private${++counter}`);
}

function readCsv(path: string): string[][] {
  return parse(readFileSync(path, 'utf8'), { skip_empty_lines: true });
}

function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      hash.update(path);
      if (entry.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

describe('prepareHoldout', () => {
  test('splits 15%, stratified, keeps labels in the private folder and leaves the workspace alone', async () => {
    const ws = workspace();
    const before = treeHash(ws);
    const dir = privateDir();
    const holdout = await prepareHoldout(ws, spec(), dir);

    assert.equal(treeHash(ws), before);
    assert.equal(holdout.taskType, 'classification');
    assert.deepEqual(holdout.classes, ['A', 'B', 'C']);
    assert.equal(holdout.holdoutRows, 30); // round(200 * 0.15)
    assert.equal(holdout.trainRows, 170);
    assert.equal(holdout.ids.length, 30);
    assert.equal(holdout.note, undefined);

    const original = new Map(readCsv(join(ws, 'data', 'train.csv')).slice(1).map((row) => [row[0], row[3]]));
    const labels = readCsv(holdout.labelsFile);
    assert.deepEqual(labels[0], ['id', 'label']);
    assert.deepEqual(labels.slice(1).map((row) => row[0]), holdout.ids);
    for (const [id, label] of labels.slice(1)) assert.equal(label, original.get(id), `label of ${id}`);
    // Each class within one row of its 15% share: 111 -> 16.65, 67 -> 10.05, 22 -> 3.3.
    for (const [label, count] of [['A', 111], ['B', 67], ['C', 22]] as const) {
      const held = labels.slice(1).filter((row) => row[1] === label).length;
      assert.ok(Math.abs(held - count * 0.15) <= 1, `${label}: ${held}`);
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    assert.equal(manifest.sourceSha256, createHash('sha256').update(readFileSync(join(ws, 'data', 'train.csv'))).digest('hex'));
    assert.deepEqual(manifest.ids, holdout.ids);
    assert.deepEqual(manifest.spec, spec());
  });

  test('the same seed draws the same ids in another folder, another seed other ids', async () => {
    const ws = workspace();
    const a = await prepareHoldout(ws, spec(), privateDir());
    const b = await prepareHoldout(ws, spec(), privateDir());
    const c = await prepareHoldout(ws, spec({ seed: 7 }), privateDir());
    assert.deepEqual(b.ids, a.ids);
    assert.notDeepEqual(c.ids, a.ids);
    assert.equal(c.holdoutRows, a.holdoutRows);
  });

  test('reuses the split while spec and file are unchanged, and says so when the file changes', async () => {
    const ws = workspace();
    const dir = privateDir();
    const first = await prepareHoldout(ws, spec(), dir);
    const manifestTime = statSync(join(dir, 'manifest.json')).mtimeMs;
    const again = await prepareHoldout(ws, spec(), dir);
    assert.deepEqual(again.ids, first.ids);
    assert.equal(again.note, undefined);
    assert.equal(statSync(join(dir, 'manifest.json')).mtimeMs, manifestTime, 'manifest rewritten');

    appendFileSync(join(ws, 'data', 'train.csv'), 'id9999,1,"x",A\n');
    const changed = await prepareHoldout(ws, spec(), dir);
    assert.match(changed.note ?? '', /data\/train\.csv changed since the last hold-out was drawn/);
    assert.notEqual(changed.sourceSha256, first.sourceSha256);

    const respecified = await prepareHoldout(ws, spec({ fraction: 0.2 }), dir);
    assert.match(respecified.note ?? '', /settings changed/);
    assert.equal(respecified.holdoutRows, 40); // round(201 * 0.2) = round(40.2)
  });

  test('a lost labels file is redrawn identically', async () => {
    const ws = workspace();
    const dir = privateDir();
    const first = await prepareHoldout(ws, spec(), dir);
    writeFileSync(first.labelsFile, 'id,label\n');
    const again = await prepareHoldout(ws, spec(), dir);
    assert.deepEqual(again.ids, first.ids);
    assert.equal(readCsv(again.labelsFile).length, 31);
  });

  test('a numeric target with many values is a regression split', async () => {
    const dir = join(root, `ws${++counter}`);
    mkdirSync(dir);
    const rows = Array.from({ length: 150 }, (_, i) => `${i},${(i * 37) % 101}.5`);
    writeFileSync(join(dir, 'train.csv'), `row,price\n${rows.join('\n')}\n`);
    const holdout = await prepareHoldout(dir, { trainFile: 'train.csv', idColumn: 'row', target: 'price', fraction: 0.2, seed: 1 }, privateDir());
    assert.equal(holdout.taskType, 'regression');
    assert.equal(holdout.classes, null);
    assert.equal(holdout.holdoutRows, 30);
  });

  test('rows without a target stay in training', async () => {
    const ws = workspace();
    appendFileSync(join(ws, 'data', 'train.csv'), Array.from({ length: 40 }, (_, i) => `u${i},1,"x",\n`).join(''));
    const holdout = await prepareHoldout(ws, spec(), privateDir());
    assert.equal(holdout.holdoutRows, 30); // round(200 labelled * 0.15)
    assert.equal(holdout.trainRows, 210);
    assert.ok(holdout.ids.every((id) => !id.startsWith('u')));
  });

  describe('bad input: one ConfigError sentence, no file changed', () => {
    const cases: [string, (ws: string) => void, Partial<HoldoutSpec>, RegExp][] = [
      ['a missing file', () => {}, { trainFile: 'data/nope.csv' }, /^The training file data\/nope\.csv named for the hold-out does not exist in /],
      ['a missing id column', () => {}, { idColumn: 'PassengerId' }, /^The id column `PassengerId` is not in data\/train\.csv; its columns are id, feature, text, label\.$/],
      ['a missing target', () => {}, { target: 'Transported' }, /^The target `Transported` is not in data\/train\.csv; its columns are id, feature, text, label\.$/],
      [
        'one class',
        (ws) => writeFileSync(join(ws, 'data', 'train.csv'), `id,label\n${Array.from({ length: 200 }, (_, i) => `${i},yes`).join('\n')}\n`),
        {},
        /^The target `label` in data\/train\.csv has only the class `yes`; a hold-out needs at least two classes to score\.$/,
      ],
      [
        'duplicate ids',
        (ws) => writeFileSync(join(ws, 'data', 'train.csv'), `id,label\n${Array.from({ length: 200 }, (_, i) => `${i % 190},${i % 2}`).join('\n')}\n`),
        {},
        /^data\/train\.csv has 10 duplicated `id` value\(s\) \(e\.g\. `0`, `1`, `2`\); the hold-out needs a unique id per row\.$/,
      ],
      [
        'empty ids',
        (ws) => writeFileSync(join(ws, 'data', 'train.csv'), `id,label\n1,a\n,b\n${Array.from({ length: 200 }, (_, i) => `x${i},${i % 2}`).join('\n')}\n`),
        {},
        /^data\/train\.csv has 1 row\(s\) with an empty `id` \(first at data row 2\); the hold-out needs an id on every row\.$/,
      ],
      [
        'too few hold-out rows',
        (ws) => writeFileSync(join(ws, 'data', 'train.csv'), `id,label\n${Array.from({ length: 100 }, (_, i) => `${i},${i % 2}`).join('\n')}\n`),
        {},
        /^A 15% hold-out of the 100 labelled rows of data\/train\.csv would have 15 rows, fewer than the 20 needed to score; /,
      ],
      [
        'too few training rows',
        (ws) => writeFileSync(join(ws, 'data', 'train.csv'), `id,label\n${Array.from({ length: 90 }, (_, i) => `${i},${i % 2}`).join('\n')}\n`),
        { fraction: 0.45 },
        /^A 45% hold-out would leave 49 training rows in data\/train\.csv, fewer than the 50 needed to fit a model; /,
      ],
      [
        'a rare class',
        (ws) => writeFileSync(join(ws, 'data', 'train.csv'), `id,label\n${Array.from({ length: 300 }, (_, i) => `${i},${i < 5 ? 'rare' : 'common'}`).join('\n')}\n`),
        {},
        /^The class `rare` of `label` has 5 row\(s\), so a 15% stratified hold-out would get 1 of them, fewer than 2; /,
      ],
      ['a fraction of one half', () => {}, { fraction: 0.5 }, /^The hold-out settings are invalid \(fraction: /],
      ['not a CSV', (ws) => writeFileSync(join(ws, 'data', 'train.parquet'), 'PAR1'), { trainFile: 'data/train.parquet' }, /needs a CSV training file/],
    ];
    for (const [name, setUp, override, message] of cases) {
      test(name, async () => {
        const ws = workspace();
        setUp(ws);
        const before = treeHash(ws);
        const dir = privateDir();
        await assert.rejects(prepareHoldout(ws, spec(override), dir), (error: unknown) => {
          assert.ok(error instanceof ConfigError, String(error));
          assert.match(error.message, message);
          assert.equal(error.message.split(/\.\s+[A-Z]/).length, 1, `one sentence: ${error.message}`);
          return true;
        });
        assert.equal(treeHash(ws), before);
        assert.equal(existsSync(dir), false, 'private folder written');
      });
    }
  });
});

describe('stageDataView', () => {
  test('stages training rows without the hold-out and hold-out features without the target', async () => {
    const ws = workspace();
    const before = treeHash(ws);
    const holdout = await prepareHoldout(ws, spec(), privateDir());
    const runDir = join(root, `run${++counter}`);
    const staged = await stageDataView(ws, task(ws), holdout, runDir);

    assert.equal(staged.dir, join(runDir, 'staged_data'));
    assert.deepEqual(staged.files, {
      'data/train.csv': 'staged_data/train.csv',
      'data/test.csv': 'staged_data/test.csv',
      'data/sample_submission.csv': 'staged_data/sample_submission.csv',
    });
    assert.equal(staged.holdoutFeatures, 'staged_data/holdout_X.csv');
    assert.deepEqual(staged.forbidden, ['data/train.csv']);
    assert.equal(treeHash(ws), before);

    const original = readCsv(join(ws, 'data', 'train.csv'));
    const train = readCsv(join(runDir, 'staged_data', 'train.csv'));
    const features = readCsv(join(runDir, 'staged_data', 'holdout_X.csv'));
    const held = new Set(holdout.ids);
    // Same header, same rows in the same order, quoted commas and line breaks intact, hold-out rows gone.
    assert.deepEqual(train[0], original[0]);
    assert.deepEqual(train.slice(1), original.slice(1).filter((row) => !held.has(row[0] ?? '')));
    assert.equal(train.length - 1, holdout.trainRows);
    // Features: every column but the target, hold-out rows only.
    assert.deepEqual(features[0], ['id', 'feature', 'text']);
    assert.deepEqual(
      features.slice(1),
      original.slice(1).filter((row) => held.has(row[0] ?? '')).map((row) => row.slice(0, 3)),
    );
    // No staged file but holdout_X.csv names a hold-out id, and none holds the label column for them.
    for (const name of readdirSync(staged.dir).filter((file) => file.endsWith('.csv'))) {
      const text = readFileSync(join(staged.dir, name), 'utf8');
      const found = holdout.ids.filter((id) => text.includes(id));
      assert.equal(found.length, name === 'holdout_X.csv' ? holdout.ids.length : 0, name);
    }
    assert.equal(readFileSync(join(staged.dir, 'test.csv'), 'utf8'), readFileSync(join(ws, 'data', 'test.csv'), 'utf8'));
    assert.equal(statSync(join(staged.dir, 'test.csv')).ino === statSync(join(ws, 'data', 'test.csv')).ino, false, 'a hard link would let a script write the user file');
  });

  test('without a hold-out: copies of the data files and nothing forbidden', async () => {
    const ws = workspace();
    const runDir = join(root, `run${++counter}`);
    const staged = await stageDataView(ws, task(ws), null, runDir);
    assert.deepEqual(staged.forbidden, []);
    assert.equal(staged.holdoutFeatures, null);
    assert.deepEqual(readdirSync(staged.dir).filter((name) => !name.startsWith('.')).sort(), ['sample_submission.csv', 'test.csv', 'train.csv']);
    assert.equal(readFileSync(join(staged.dir, 'train.csv'), 'utf8'), readFileSync(join(ws, 'data', 'train.csv'), 'utf8'));
  });

  test('re-staging leaves unchanged files alone and redoes what changed', async () => {
    const ws = workspace();
    const dir = privateDir();
    const holdout = await prepareHoldout(ws, spec(), dir);
    const runDir = join(root, `run${++counter}`);
    const staged = await stageDataView(ws, task(ws), holdout, runDir);
    const times = () => Object.fromEntries(readdirSync(staged.dir).map((name) => [name, statSync(join(staged.dir, name)).mtimeMs]));
    const first = times();

    await stageDataView(ws, task(ws), holdout, runDir);
    assert.deepEqual(times(), first);

    writeFileSync(join(ws, 'data', 'test.csv'), 'id,feature,text\nt1,1,x\nt2,2,y\nt3,3,z\n');
    await stageDataView(ws, task(ws), holdout, runDir);
    const second = times();
    assert.notEqual(second['test.csv'], first['test.csv']);
    assert.equal(second['train.csv'], first['train.csv']);
    assert.equal(readFileSync(join(staged.dir, 'test.csv'), 'utf8').split('\n').length, 5);

    const reseeded = await prepareHoldout(ws, spec({ seed: 9 }), dir);
    await stageDataView(ws, task(ws), reseeded, runDir);
    const features = readCsv(join(staged.dir, 'holdout_X.csv')).slice(1).map((row) => row[0]);
    assert.deepEqual(features, reseeded.ids);

    // A staged file the script overwrote is restored.
    writeFileSync(join(staged.dir, 'train.csv'), 'broken');
    await stageDataView(ws, task(ws), reseeded, runDir);
    assert.equal(readCsv(join(staged.dir, 'train.csv')).length - 1, reseeded.trainRows);

    // Dropping the hold-out removes holdout_X.csv and stages the full training file.
    await stageDataView(ws, task(ws), null, runDir);
    assert.equal(existsSync(join(staged.dir, 'holdout_X.csv')), false);
    assert.equal(readFileSync(join(staged.dir, 'train.csv'), 'utf8'), readFileSync(join(ws, 'data', 'train.csv'), 'utf8'));
  });

  test('refuses a training file that changed after the split', async () => {
    const ws = workspace();
    const holdout = await prepareHoldout(ws, spec(), privateDir());
    appendFileSync(join(ws, 'data', 'train.csv'), 'id9999,1,"x",A\n');
    const runDir = join(root, `run${++counter}`);
    await assert.rejects(stageDataView(ws, task(ws), holdout, runDir), /data\/train\.csv changed since its hold-out was drawn/);
    assert.deepEqual(readdirSync(join(runDir, 'staged_data')), []);
  });
});

describe('scoreHoldout', () => {
  async function booleanHoldout(): Promise<{ holdout: Holdout; runDir: string; truth: Map<string, string> }> {
    const ws = workspace({ True: 120, False: 80 });
    const holdout = await prepareHoldout(ws, spec(), privateDir());
    const runDir = join(root, `run${++counter}`);
    mkdirSync(runDir);
    const truth = new Map(readCsv(holdout.labelsFile).slice(1).map(([id, label]) => [id ?? '', label ?? '']));
    return { holdout, runDir, truth };
  }
  const write = (runDir: string, text: string) => {
    const path = join(runDir, 'holdout_predictions.csv');
    writeFileSync(path, text);
    return path;
  };

  test('accuracy of labels in any boolean spelling', async () => {
    const { holdout, runDir, truth } = await booleanHoldout();
    // Every prediction right but three flipped: (30 - 3) / 30 = 0.9, spelled true/false/1/0.
    const rows = [...truth].map(([id, label], i) => {
      const right = label === 'True';
      const predicted = i < 3 ? !right : right;
      return `${id},${[predicted ? 'true' : 'false', predicted ? '1' : '0', predicted ? 'True' : 'False'][i % 3]}`;
    });
    const path = write(runDir, `id,label\n${rows.reverse().join('\n')}\n`);
    assert.deepEqual(await scoreHoldout(path, holdout, 'accuracy'), { ok: true, score: 0.9 });
  });

  test('roc_auc of probabilities of the positive class', async () => {
    const { holdout, runDir, truth } = await booleanHoldout();
    // Positives all above negatives -> 1; then one positive set to the lowest score.
    const rows = [...truth].map(([id, label]) => [id, label === 'True' ? '0.9' : '0.1']);
    assert.deepEqual(await scoreHoldout(write(runDir, `id,label\n${rows.map((r) => r.join(',')).join('\n')}\n`), holdout, 'roc_auc'), { ok: true, score: 1 });
    const positives = rows.filter((row) => row[1] === '0.9').length; // 18 of 30 (120/200 * 30)
    const negatives = rows.length - positives;
    const first = rows.find((row) => row[1] === '0.9');
    if (first) first[1] = '0.0';
    // That positive now loses to every negative: AUC = 1 - negatives / (positives * negatives) = 1 - 1/positives.
    const result = await scoreHoldout(write(runDir, `id,label\n${rows.map((r) => r.join(',')).join('\n')}\n`), holdout, 'ROC AUC');
    assert.ok(result.ok);
    assert.ok(Math.abs(result.score - (1 - negatives / (positives * negatives))) < 1e-12);
  });

  test('problems, one sentence each', async () => {
    const { holdout, runDir, truth } = await booleanHoldout();
    const ids = [...truth.keys()];
    const body = (skip = 0, extra = '') => `id,label\n${ids.slice(skip).map((id) => `${id},True`).join('\n')}\n${extra}`;
    const cases: [string, string | null, string, RegExp][] = [
      ['missing file', null, 'accuracy', /^solution\.py did not write holdout_predictions\.csv; predict every row of staged_data\/holdout_X\.csv/],
      ['wrong columns', 'PassengerId,Transported\na,True\n', 'accuracy', /^holdout_predictions\.csv has the columns `PassengerId,Transported`; it needs the columns id,label/],
      ['missing ids', body(2), 'accuracy', /but 2 hold-out id\(s\) are missing \(e\.g\. `id\d+`, `id\d+`\)\.$/],
      ['extra ids', body(0, 'zz1,True\nzz2,False\n'), 'accuracy', /but 2 id\(s\) are not in holdout_X\.csv \(e\.g\. `zz1`, `zz2`\)\.$/],
      ['duplicate ids', body(0, `${ids[0]},False\n`), 'accuracy', /1 id\(s\) appear more than once/],
      ['unknown labels', `id,label\n${ids.map((id, i) => `${id},${i === 0 ? 'maybe' : 'True'}`).join('\n')}\n`, 'accuracy', /1 `label` value\(s\) that are not classes of the target \(e\.g\. `maybe`\); write one of `False`, `True`\.$/],
      ['labels for probabilities', body(), 'roc_auc', /^For roc_auc, `label` in holdout_predictions\.csv must hold the probability \(0 to 1\) of the class `True`, but 30 value\(s\) do not/],
      ['probabilities above 1', `id,label\n${ids.map((id) => `${id},1.5`).join('\n')}\n`, 'log_loss', /but 30 value\(s\) do not \(e\.g\. `1\.5`/],
      ['empty predictions', `id,label\n${ids.map((id, i) => `${id},${i === 0 ? '' : 'True'}`).join('\n')}\n`, 'accuracy', /has 1 empty `label` value\(s\)/],
      ['unknown metric', body(), 'qwk', /^ADSA cannot score the metric `qwk` on the private hold-out; it scores accuracy, roc_auc/],
      ['regression metric on labels', body(), 'rmse', /^The metric rmse needs a numeric target, and `label` holds labels such as/],
    ];
    for (const [name, text, metric, message] of cases) {
      const path = join(runDir, `${name.replace(/\W/g, '_')}.csv`);
      if (text !== null) writeFileSync(path, text);
      const result = await scoreHoldout(path, holdout, metric);
      assert.equal(result.ok, false, name);
      if (!result.ok) {
        assert.match(result.problem.replace(`${name.replace(/\W/g, '_')}.csv`, 'holdout_predictions.csv'), message, name);
        assert.doesNotMatch(result.problem, /\n/, name);
      }
    }
  });

  test('regression scored with rmse', async () => {
    const dir = join(root, `ws${++counter}`);
    mkdirSync(dir);
    const rows = Array.from({ length: 150 }, (_, i) => `${i},${(i * 37) % 101}.5`);
    writeFileSync(join(dir, 'train.csv'), `row,price\n${rows.join('\n')}\n`);
    const holdout = await prepareHoldout(dir, { trainFile: 'train.csv', idColumn: 'row', target: 'price', fraction: 0.2, seed: 1 }, privateDir());
    const truth = readCsv(holdout.labelsFile).slice(1);
    // Every prediction 2 too high: RMSE = 2, MAE = 2.
    const path = join(dir, 'holdout_predictions.csv');
    writeFileSync(path, `row,price\n${truth.map(([id, y]) => `${id},${Number(y) + 2}`).join('\n')}\n`);
    const result = await scoreHoldout(path, holdout, 'rmse');
    assert.ok(result.ok && Math.abs(result.score - 2) < 1e-9, JSON.stringify(result));
    assert.deepEqual(await scoreHoldout(path, holdout, 'accuracy'), {
      ok: false,
      problem: 'The metric accuracy needs class labels, but the target `price` is numeric with many values.',
    });
  });
});
