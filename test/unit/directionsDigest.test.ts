import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { notesDigest } from '../../src/core/directions/digest';
import type { Direction } from '../../src/core/directions/direction';
import type { DirectionNote } from '../../src/core/directions/note';
import type { IterationRecord } from '../../src/core/store/historySchema';
import { iterationRecord } from '../helpers/iterationRecord';

function note(title: string, fields: Partial<Direction>, results: IterationRecord[], learnings: string | null = null): DirectionNote {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return {
    direction: { slug, title, rationale: '', status: 'done', branch: `exp/${slug}`, startedAt: '2026-01-01T00:00:00.000Z', finishedAt: null, origin: 'generator', ...fields },
    results,
    learnings,
  };
}

const scored = (cv: number, hidden: number | null, fields: Partial<IterationRecord> = {}) => [
  iterationRecord(1, { cvMean: cv - 0.01, privateScore: hidden === null ? null : hidden - 0.01, ...fields }),
  iterationRecord(2, { cvMean: cv, privateScore: hidden, ...fields }),
];

describe('notes digest', () => {
  test('one compact block per direction: title, status, best scores, idea, first sentences of learnings', () => {
    const digest = notesDigest([
      note(
        'Cabin deck features',
        { rationale: 'The cabin letter encodes the deck. It correlates with class and survival, which trees can use.' },
        scored(0.845, 0.83),
        '- **Deck features** helped: CV rose from 0.812 to 0.845\n- Deeper trees overfit: private fell to 0.79.\n- Next: regularise.',
      ),
    ]);
    assert.equal(
      digest,
      [
        '### Cabin deck features (done, 2 iterations)',
        'Best (accuracy): iteration 2, CV 0.845, private 0.83.',
        'Idea: The cabin letter encodes the deck. It correlates with class and survival, which trees can use.',
        'Learned: Deck features helped: CV rose from 0.812 to 0.845. Deeper trees overfit: private fell to 0.79. Next: regularise.',
      ].join('\n'),
    );
  });

  test('dead ends say so with their last error; directions not run yet are listed; overfitting is shown', () => {
    const digest = notesDigest([
      note('Neural net', { status: 'abandoned' }, [
        iterationRecord(1, { status: 'failed', cvMean: null, error: 'MemoryError: out of memory\nin fold 2' }),
        iterationRecord(2, { status: 'timeout', cvMean: null }),
      ]),
      note('Stacking', { status: 'planned', branch: null, startedAt: null }, []),
      note('Deep trees', {}, [
        iterationRecord(1, { cvMean: 0.8, privateScore: 0.79 }),
        iterationRecord(2, { cvMean: 0.86, privateScore: 0.79 }),
      ]),
    ]);
    assert.match(digest, /### Neural net \(abandoned, 2 iterations\)\nNo scored iteration\. Last error: MemoryError: out of memory in fold 2/);
    assert.match(digest, /### Stacking \(planned, 0 iterations\)$/);
    assert.match(digest, /Overfitting: CV 0\.86 vs private 0\.79: the gap grew from 0\.01 to 0\.07 over 2 iterations\./);
  });

  test('orders the best-scoring directions first, then dead ends, then those not yet run', () => {
    const order = (notes: DirectionNote[]) => [...notesDigest(notes).matchAll(/^### (\S+)/gm)].map((m) => m[1]);
    const notes = [
      note('Planned', { status: 'planned', startedAt: null }, []),
      note('Failed', { status: 'abandoned' }, [iterationRecord(1, { status: 'failed', cvMean: null })]),
      note('Weak', {}, scored(0.8, 0.78)),
      note('Running', { status: 'in_progress', startedAt: '2026-01-02T00:00:00.000Z' }, []),
      note('Strong', {}, scored(0.86, 0.84)),
      // Private score ranks first: the best CV here has the worst private score.
      note('Overfit', {}, scored(0.9, 0.7)),
    ];
    assert.deepEqual(order(notes), ['Strong', 'Weak', 'Overfit', 'Failed', 'Running', 'Planned']);
    // Lower is better: the smallest error first.
    const rmse = { metric: 'rmse', higherIsBetter: false };
    assert.deepEqual(order([note('Big', {}, scored(30, 31, rmse)), note('Small', {}, scored(20, 21, rmse))]), ['Small', 'Big']);
  });

  test('stays within maxChars, keeps the most useful blocks whole and still names the rest', () => {
    const notes = Array.from({ length: 40 }, (_, i) =>
      note(`Direction ${String(i).padStart(2, '0')}`, { rationale: 'Try a thing. '.repeat(30) }, scored(0.5 + i / 100, 0.5 + i / 100), '- Learned something long\n'.repeat(40)),
    );
    for (const maxChars of [4000, 1500, 300, 60]) {
      const digest = notesDigest(notes, maxChars);
      assert.ok(digest.length <= maxChars, `${digest.length} > ${maxChars}`);
    }
    const digest = notesDigest(notes);
    assert.ok(digest.length > 3000, 'uses most of the budget');
    // The best (highest) direction comes first and whole; the cut ones are named.
    assert.ok(digest.startsWith('### Direction 39 (done, 2 iterations)\n'));
    assert.match(digest, /\nAlso tried or planned, not shown here: Direction \d\d \(done\);.*Direction 00 \(done\)\.$/);
    const shown = [...digest.matchAll(/^### /gm)].length;
    assert.ok(shown >= 3 && shown < 40, `${shown} blocks shown`);
    // Each block's idea and learnings are bounded, so one long note cannot take the whole budget.
    for (const block of digest.split('\n\n').slice(0, shown)) assert.ok(block.length < 800, `block of ${block.length}`);
  });

  test('an empty list gives an empty digest', () => {
    assert.equal(notesDigest([]), '');
  });
});
