import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DirectionSchema, plannedDirection, slugify, type Direction } from '../../src/core/directions/direction';
import { noteLearnings, notePath, parseNote, renderNote, resultsPath } from '../../src/core/directions/note';
import { readDirectionNotes, writeDirectionFiles } from '../../src/core/directions/noteFiles';
import { iterationRecord } from '../helpers/iterationRecord';
import { tempDir } from '../helpers/tempDir';

const running: Direction = {
  slug: 'cabin-deck-features',
  title: 'Cabin deck features',
  rationale: 'The cabin letter encodes the deck.\n\nAdd deck and cabin number as features.',
  status: 'in_progress',
  branch: 'exp/cabin-deck-features',
  startedAt: '2026-01-01T10:00:00.000Z',
  finishedAt: null,
  origin: 'generator',
  devices: 'GPU 0',
};

describe('slugify', () => {
  test('makes kebab-case ASCII from any title', () => {
    assert.equal(slugify('CatBoost Tuning', new Set()), 'catboost-tuning');
    assert.equal(slugify('  Café & Crème: "target" encoding!! ', new Set()), 'cafe-creme-target-encoding');
    assert.equal(slugify('Stacking (LGBM + XGB) → ridge', new Set()), 'stacking-lgbm-xgb-ridge');
    assert.equal(slugify('数据', new Set()), 'direction');
    assert.equal(slugify('', new Set()), 'direction');
  });

  test('keeps at most 40 characters, cut at a word when one is near', () => {
    const slug = slugify('Gradient boosting with extensive hyperparameter search over depth', new Set());
    assert.equal(slug, 'gradient-boosting-with-extensive');
    const unbroken = slugify('a'.repeat(60), new Set());
    assert.equal(unbroken, 'a'.repeat(40));
    for (const s of [slug, unbroken]) assert.ok(DirectionSchema.shape.slug.safeParse(s).success, s);
  });

  test('is unique against taken slugs with -2, -3, staying within 40 characters', () => {
    assert.equal(slugify('Stacking', new Set(['stacking'])), 'stacking-2');
    assert.equal(slugify('Stacking', new Set(['stacking', 'stacking-2'])), 'stacking-3');
    const long = 'x'.repeat(40);
    const next = slugify(long, new Set([long]));
    assert.equal(next, `${'x'.repeat(38)}-2`);
    assert.equal(slugify('', new Set(['direction'])), 'direction-2');
  });

  test('a planned direction gets a slug, a one-line title and no branch yet', () => {
    const d = plannedDirection({ title: '  Target\n encoding ', rationale: ' Encode rare categories. ' }, 'user', new Set(['target-encoding']));
    assert.deepEqual(d, {
      slug: 'target-encoding-2',
      title: 'Target encoding',
      rationale: 'Encode rare categories.',
      status: 'planned',
      branch: null,
      startedAt: null,
      finishedAt: null,
      origin: 'user',
    });
  });

  test('the schema refuses what would break a note or a branch', () => {
    assert.ok(!DirectionSchema.safeParse({ ...running, title: 'two\nlines' }).success);
    assert.ok(!DirectionSchema.safeParse({ ...running, branch: 'exp/a b' }).success);
    assert.ok(!DirectionSchema.safeParse({ ...running, slug: 'Not_A_Slug' }).success);
    assert.ok(!DirectionSchema.safeParse({ ...running, status: 'running' }).success);
  });
});

describe('direction notes', () => {
  const results = [
    iterationRecord(1, { cvMean: 0.812, privateScore: 0.801, approach: 'LightGBM with deck | cabin number' }),
    iterationRecord(2, { status: 'failed', cvMean: null, cvScores: [], privateScore: null, approach: 'target\nencoding' }),
    iterationRecord(3, { cvMean: 0.845, privateScore: 0.81, runDurationMs: 250_000 }),
    iterationRecord(4, { cvMean: 0.86, privateScore: 0.79, approach: 'more leaves' }),
  ];

  test('renders a readable markdown file: metadata, rationale, results table, learnings placeholder', () => {
    const md = renderNote(running, results, null);
    assert.ok(md.startsWith('# Cabin deck features\n\n- **Slug:** `cabin-deck-features`\n- **Branch:** `exp/cabin-deck-features`\n- **Status:** in progress\n'));
    assert.match(md, /- \*\*Finished:\*\* —\n/);
    assert.match(md, /- \*\*Devices:\*\* GPU 0\n/);
    assert.match(md, /## Rationale\n\nThe cabin letter encodes the deck\.\n\nAdd deck/);
    assert.match(md, /\| Iteration \| CV score \| Private score \| Gap \| Time \| Status \| Approach \|/);
    assert.ok(md.includes('| 1 | 0.812 | 0.801 | +0.011 | 50 s | ok | LightGBM with deck \\| cabin number |'), md);
    assert.ok(md.includes('| 2 | — | — | — | 50 s | failed | target encoding |'), md);
    assert.ok(md.includes('| 3 | 0.845 | 0.81 | +0.035 | 4 min | ok |  |'), md);
    assert.match(md, /Metric: accuracy \(higher is better\)/);
    assert.match(md, /\*\*Overfitting:\*\* CV 0\.86 vs private 0\.79: the gap grew from 0\.011 to 0\.07 over 3 iterations\./);
    assert.ok(md.endsWith('## Learnings\n\n_Written when the direction ends._\n'));
    // Every table row has the same number of cells, so it renders as one table.
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    assert.equal(rows.length, 6);
    for (const row of rows) assert.equal(row.replace(/\\\|/g, '').split('|').length, 9, row);
  });

  test('a fresh note says there are no iterations and no flag; learnings are written in', () => {
    const planned = plannedDirection({ title: 'Stacking', rationale: '' }, 'user', new Set());
    const md = renderNote(planned, [], '- Stacking gained 0.01.\n- Next: tune the meta-model.');
    assert.match(md, /- \*\*Branch:\*\* —\n/);
    assert.doesNotMatch(md, /Devices/);
    assert.match(md, /## Rationale\n\n_None given\._/);
    assert.match(md, /## Results\n\n_No iterations yet\._/);
    assert.doesNotMatch(md, /Overfitting/);
    assert.match(md, /## Learnings\n\n- Stacking gained 0\.01\.\n- Next: tune the meta-model\.\n$/);
  });

  test('parseNote reads back exactly the direction that was rendered', () => {
    const variants: Direction[] = [
      running,
      { ...running, status: 'done', finishedAt: '2026-01-01T12:00:00.000Z', devices: '2 CPU threads' },
      plannedDirection({ title: 'Stacking: *LGBM* + `XGB` | ridge', rationale: '' }, 'user', new Set()),
      { ...running, status: 'abandoned', rationale: 'Line one.\n- a bullet\n\n```python\nx = 1\n```', devices: undefined },
    ];
    for (const direction of variants) {
      const expected = direction.devices === undefined ? (({ devices: _, ...rest }) => rest)(direction) : direction;
      assert.deepEqual(parseNote(renderNote(direction, results, '- learned')), expected);
      assert.deepEqual(parseNote(renderNote(direction, [], null).replace(/\n/g, '\r\n')), expected);
    }
  });

  test('parseNote returns null for markdown that is not a direction note', () => {
    assert.equal(parseNote('# README\n\nSome text.\n'), null);
    assert.equal(parseNote(''), null);
    const md = renderNote(running, [], null);
    assert.equal(parseNote(md.replace('- **Status:** in progress', '- **Status:** running')), null);
    assert.equal(parseNote(md.replace(/- \*\*Slug:\*\*.*\n/, '')), null);
  });

  test('noteLearnings gives the written learnings, or null while they are pending', () => {
    assert.equal(noteLearnings(renderNote(running, results, null)), null);
    assert.equal(noteLearnings(renderNote(running, results, '- Deck helps.\n- Depth overfits.')), '- Deck helps.\n- Depth overfits.');
    assert.equal(noteLearnings('# no sections'), null);
  });

  test('paths are workspace-relative with forward slashes', () => {
    assert.equal(notePath('stacking'), 'research_directions/stacking.md');
    assert.equal(resultsPath('stacking'), 'research_directions/stacking.jsonl');
  });

  test('writes note and results records to files and reads them all back', async () => {
    const root = tempDir();
    const other = plannedDirection({ title: 'Stacking', rationale: 'Blend.' }, 'user', new Set());
    await writeDirectionFiles(root, { direction: running, results, learnings: '- Deck helps.' });
    await writeDirectionFiles(root, { direction: other, results: [], learnings: null });
    // Foreign files beside the notes are ignored.
    await writeFile(join(root, 'research_directions', 'README.md'), '# About these notes\n');

    const jsonl = await readFile(join(root, resultsPath(running.slug)), 'utf8');
    assert.equal(jsonl.trim().split('\n').length, 4);
    assert.equal(JSON.parse(jsonl.split('\n')[0]!).privateScore, 0.801);
    assert.equal(await readFile(join(root, notePath(running.slug)), 'utf8'), renderNote(running, results, '- Deck helps.'));

    const notes = await readDirectionNotes(root);
    assert.deepEqual(notes.map((n) => n.direction.slug), ['cabin-deck-features', 'stacking']);
    assert.deepEqual(notes[0], { direction: running, results, learnings: '- Deck helps.' });
    assert.deepEqual(notes[1], { direction: other, results: [], learnings: null });

    // Rewriting replaces the files; a note without its results file still reads.
    await writeDirectionFiles(root, { direction: { ...running, status: 'done' }, results: results.slice(0, 1), learnings: null });
    assert.equal((await readDirectionNotes(root))[0]!.results.length, 1);
    const bare = tempDir();
    await mkdir(join(bare, 'research_directions'));
    await writeFile(join(bare, notePath(other.slug)), renderNote(other, [], null));
    assert.deepEqual(await readDirectionNotes(bare), [{ direction: other, results: [], learnings: null }]);
    assert.deepEqual(await readDirectionNotes(tempDir()), []);
  });
});
