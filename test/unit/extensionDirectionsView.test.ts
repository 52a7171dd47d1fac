import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Direction } from '../../src/core/directions/direction';
import type { EngineEvent } from '../../src/core/events';
import type { IterationRecord } from '../../src/core/store/historySchema';
import { historyView } from '../../src/extension/historyViewModel';
import { idleLiveState, nextLiveState } from '../../src/extension/liveState';
import { HostToWebviewSchema, type DirectionGroup, type HistoryView } from '../../webview/protocol';
import { iterationRecord } from '../helpers/iterationRecord';

function direction(slug: string, fields: Partial<Direction> = {}): Direction {
  return {
    slug,
    title: slug.replace(/-/g, ' '),
    rationale: '',
    status: 'planned',
    branch: null,
    startedAt: null,
    finishedAt: null,
    origin: 'generator',
    ...fields,
  };
}

/** A direction's iteration as the coordinator writes it into the workspace history. */
function inDirection(iteration: number, slug: string, own: number, cv: number, hidden: number, fields: Partial<IterationRecord> = {}): IterationRecord {
  return iterationRecord(iteration, {
    direction: slug,
    directionIteration: own,
    cvMean: cv,
    privateScore: hidden,
    archiveDir: `.adsa/worktrees/${slug}/older_solutions/iteration_${String(own).padStart(3, '0')}`,
    ...fields,
  });
}

const cabinDone = direction('cabin-features', {
  title: 'Cabin features',
  status: 'done',
  branch: 'exp/cabin-features',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T01:00:00.000Z',
  devices: 'GPU 0',
});
const stackingRunning = direction('stacking', {
  title: 'Stacking',
  status: 'in_progress',
  branch: 'exp/stacking',
  startedAt: '2026-01-01T00:05:00.000Z',
  devices: 'GPU 1',
});

const records = [
  iterationRecord(1, { cvMean: 0.7 }),
  inDirection(2, 'cabin-features', 1, 0.8, 0.79),
  inDirection(3, 'stacking', 1, 0.82, 0.78),
  inDirection(4, 'cabin-features', 2, 0.84, 0.83),
  inDirection(5, 'stacking', 2, 0.86, 0.8),
];

function fold(events: EngineEvent[]) {
  return events.reduce(nextLiveState, idleLiveState);
}

function groups(view: HistoryView): DirectionGroup[] {
  return view.items.flatMap((item) => (item.kind === 'direction' ? [item.group] : []));
}

function group(view: HistoryView, slug: string): DirectionGroup {
  const found = groups(view).find((g) => g.slug === slug);
  assert.ok(found, `a group for ${slug}`);
  return found;
}

/** The list as a reader scans it: "iteration 1" or "direction slug", top to bottom. */
function outline(view: HistoryView): string[] {
  return view.items.map((item) => (item.kind === 'iteration' ? `iteration ${item.row.iteration}` : `direction ${item.group.slug}`));
}

describe('sidebar view of research directions', () => {
  const live = fold([
    { type: 'loop-started', workspace: '/w', firstIteration: 2, lastIteration: null },
    { type: 'direction-planned', info: direction('target-encoding'), direction: 'target-encoding' },
    { type: 'direction-started', info: stackingRunning, runDir: '/w/.adsa/worktrees/stacking', direction: 'stacking' },
    { type: 'iteration-started', iteration: 3, direction: 'stacking' },
    { type: 'phase', iteration: 3, attempt: 1, phase: 'running', direction: 'stacking' },
  ]);
  const view = historyView(records, { notes: [cabinDone], live, suggestions: ['Try CatBoost with its own categorical handling'] });

  test('iterations of a direction sit in its group; others stay single rows', () => {
    assert.deepEqual(outline(view), ['direction target-encoding', 'direction stacking', 'direction cabin-features', 'iteration 1']);
    assert.deepEqual(group(view, 'cabin-features').rows.map((r) => [r.iteration, r.directionIteration]), [
      [4, 2],
      [2, 1],
    ]);
    assert.deepEqual(group(view, 'stacking').rows.map((r) => r.iteration), [5, 3]);
    assert.deepEqual(group(view, 'target-encoding').rows, []);
  });

  test('a group shows title, state, devices, what it is doing and its best scores with the gap', () => {
    const stacking = group(view, 'stacking');
    assert.equal(stacking.title, 'Stacking');
    assert.equal(stacking.status, 'in_progress');
    assert.equal(stacking.statusText, 'running');
    assert.equal(stacking.devices, 'GPU 1');
    assert.equal(stacking.branch, 'exp/stacking');
    assert.equal(stacking.activity, 'iteration 3 · running solution.py');
    // Ranked by the private score: iteration 5's 0.80 beats iteration 3's 0.78.
    assert.deepEqual(stacking.best, { iteration: 5, scoreText: '0.8600', privateText: '0.8000', gapText: '+0.0600' });

    const cabin = group(view, 'cabin-features');
    assert.equal(cabin.statusText, 'done');
    assert.equal(cabin.devices, 'GPU 0');
    assert.equal(cabin.activity, null, 'a finished direction does nothing now');
    assert.deepEqual(cabin.best, { iteration: 4, scoreText: '0.8400', privateText: '0.8300', gapText: '+0.0100' });
    assert.equal(group(view, 'target-encoding').statusText, 'planned');
  });

  test('each row carries its private score and the CV−private gap', () => {
    const [latest, first] = group(view, 'stacking').rows;
    assert.ok(latest && first);
    assert.equal(latest.privateText, '0.8000');
    assert.equal(latest.gapText, '+0.0600');
    assert.ok(Math.abs((first.gap ?? 0) - 0.04) < 1e-9);
    const [single] = view.items.flatMap((item) => (item.kind === 'iteration' ? [item.row] : []));
    assert.ok(single);
    assert.deepEqual([single.privateText, single.gap, single.gapText, single.direction], [null, null, null, null]);
  });

  test('a growing gap flags the direction as overfitting; a steady small one does not', () => {
    assert.match(group(view, 'stacking').overfitting ?? '', /CV 0\.86 vs private 0\.8: the gap grew from 0\.04 to 0\.06/);
    assert.equal(group(view, 'cabin-features').overfitting, null);
  });

  test('the best iteration overall is marked once, by private score, and named with its direction', () => {
    const marked = view.items.flatMap((item) => (item.kind === 'iteration' ? [item.row] : item.group.rows)).filter((r) => r.best);
    assert.deepEqual(marked.map((r) => r.iteration), [4]);
    assert.deepEqual(view.best, { iteration: 4, scoreText: '0.8400', privateText: '0.8300', gapText: '+0.0100', direction: 'cabin-features' });
  });

  test('queued suggestions and the whole view pass the shared message schema', () => {
    assert.deepEqual(view.suggestions, ['Try CatBoost with its own categorical handling']);
    assert.doesNotThrow(() => HostToWebviewSchema.parse({ type: 'history', view }));
  });

  test("the overfitting event flags a direction before the history shows it, until its next iteration", () => {
    const quiet = [inDirection(1, 'cabin-features', 1, 0.8, 0.79)];
    const flagged = nextLiveState(live, { type: 'overfitting', slug: 'cabin-features', reason: 'CV 0.9 vs private 0.7', direction: 'cabin-features' });
    assert.equal(group(historyView(quiet, { live: flagged }), 'cabin-features').overfitting, 'CV 0.9 vs private 0.7');
    const next = nextLiveState(flagged, {
      type: 'iteration-recorded',
      record: inDirection(2, 'cabin-features', 2, 0.8, 0.795),
      isBest: false,
      direction: 'cabin-features',
    });
    assert.equal(group(historyView(quiet, { live: next }), 'cabin-features').overfitting, null);
    assert.equal(next.directions, flagged.directions, 'directions keep their identity when only the flag changes');
  });

  test("this window's events are fresher than the notes on disk", () => {
    const finished = nextLiveState(live, {
      type: 'direction-finished',
      info: { ...stackingRunning, status: 'done', finishedAt: '2026-01-01T02:00:00.000Z' },
      best: records[4] ?? null,
      direction: 'stacking',
    });
    const stale = { ...stackingRunning, title: 'Old title' };
    const stacking = group(historyView(records, { notes: [stale], live: finished }), 'stacking');
    assert.equal(stacking.title, 'Stacking');
    assert.equal(stacking.statusText, 'done');
    assert.equal(stacking.activity, null);
  });

  test('a direction only the history names is still a group, titled by its slug', () => {
    const only = historyView([inDirection(1, 'lonely-idea', 1, 0.8, 0.8)]);
    const lonely = group(only, 'lonely-idea');
    assert.deepEqual([lonely.title, lonely.status, lonely.statusText, lonely.devices], ['lonely-idea', null, '', null]);
    assert.equal(lonely.rows.length, 1);
  });

  test('running directions come latest-started first; the next planned one sits nearest to them', () => {
    const events: EngineEvent[] = [
      { type: 'loop-started', workspace: '/w', firstIteration: 1, lastIteration: null },
      { type: 'direction-planned', info: direction('first-planned'), direction: 'first-planned' },
      { type: 'direction-planned', info: direction('second-planned'), direction: 'second-planned' },
      { type: 'direction-started', info: direction('early', { status: 'in_progress', startedAt: '2026-01-01T00:00:00.000Z' }), runDir: '/r/early' },
      { type: 'direction-started', info: direction('late', { status: 'in_progress', startedAt: '2026-01-01T00:10:00.000Z' }), runDir: '/r/late' },
    ];
    assert.deepEqual(outline(historyView([], { live: fold(events) })), [
      'direction second-planned',
      'direction first-planned',
      'direction late',
      'direction early',
    ]);
  });

  test('for a lower-is-better metric the gap is private minus CV, still positive when the CV looks better', () => {
    const rmse = { metric: 'rmse', higherIsBetter: false };
    const view = historyView([inDirection(1, 'trees', 1, 10, 12, rmse), inDirection(2, 'trees', 2, 9, 12, rmse)]);
    const trees = group(view, 'trees');
    assert.deepEqual(trees.rows.map((r) => r.gapText), ['+3.0000', '+2.0000']);
    assert.match(trees.overfitting ?? '', /gap grew/);
  });
});
