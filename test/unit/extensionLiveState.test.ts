import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Direction } from '../../src/core/directions/direction';
import type { EngineEvent } from '../../src/core/events';
import { directionActivity, idleLiveState, isResearch, liveLine, nextLiveState, runningDirections, type LiveState } from '../../src/extension/liveState';

function fold(events: EngineEvent[]): LiveState {
  return events.reduce(nextLiveState, idleLiveState);
}

const started: EngineEvent = { type: 'loop-started', workspace: '/w', firstIteration: 4, lastIteration: 8 };

describe('live state', () => {
  test('idle before anything happens', () => {
    assert.equal(liveLine(idleLiveState), 'Idle');
    assert.equal(liveLine(fold([started])), 'Starting…');
  });

  test('follows iteration, attempt and phase, counting within this run', () => {
    const state = fold([
      started,
      { type: 'iteration-started', iteration: 5 },
      { type: 'phase', iteration: 5, attempt: 1, phase: 'running' },
    ]);
    assert.equal(state.running, true);
    assert.equal(liveLine(state), 'Iteration 5 (2 of 5) · running solution.py');
    const fixing = nextLiveState(state, { type: 'phase', iteration: 5, attempt: 2, phase: 'reviewing' });
    assert.equal(liveLine(fixing), 'Iteration 5 (2 of 5) · attempt 2 · waiting for fix review');
  });

  test('a new iteration clears the previous attempt and phase', () => {
    const state = fold([
      started,
      { type: 'phase', iteration: 4, attempt: 3, phase: 'fixing' },
      { type: 'iteration-started', iteration: 5 },
    ]);
    assert.deepEqual([state.iteration, state.attempt, state.phase], [5, null, null]);
  });

  test('events that do not change the picture leave it as it is', () => {
    const state = fold([started, { type: 'iteration-started', iteration: 4 }]);
    assert.equal(nextLiveState(state, { type: 'output', iteration: 4, attempt: 1, chunk: 'x' }), state);
  });

  test('the end of the loop says how it ended', () => {
    const running = fold([started, { type: 'iteration-started', iteration: 4 }]);
    const stopped = nextLiveState(running, { type: 'loop-finished', reason: 'stopped' });
    assert.equal(stopped.running, false);
    assert.equal(liveLine(stopped), 'Stopped');
    assert.equal(liveLine(nextLiveState(running, { type: 'loop-finished', reason: 'completed' })), 'Finished');
    assert.equal(
      liveLine(nextLiveState(running, { type: 'loop-finished', reason: 'error', error: 'Python not found.' })),
      'Stopped by an error: Python not found.',
    );
    assert.equal(liveLine(nextLiveState(stopped, started)), 'Starting…', 'a new loop starts clean');
  });
});

function direction(slug: string, title: string, fields: Partial<Direction> = {}): Direction {
  return { slug, title, rationale: '', status: 'planned', branch: null, startedAt: null, finishedAt: null, origin: 'generator', ...fields };
}

describe('live state of a research run', () => {
  // A research run starts with lastIteration null: it does not know how many iterations all directions will run.
  const research: EngineEvent = { type: 'loop-started', workspace: '/w', firstIteration: 1, lastIteration: null };
  const cabin = direction('cabin-features', 'Cabin features');
  const stacking = direction('stacking', 'Stacking');
  const started = (info: Direction): EngineEvent => ({
    type: 'direction-started',
    info: { ...info, status: 'in_progress', devices: 'GPU 0' },
    runDir: `/w/.adsa/worktrees/${info.slug}`,
    direction: info.slug,
  });

  test('directions are planned, started and followed each on its own', () => {
    const state = fold([
      research,
      { type: 'direction-planned', info: cabin, direction: cabin.slug },
      { type: 'direction-planned', info: stacking, direction: stacking.slug },
      started(cabin),
      started(stacking),
      { type: 'phase', iteration: 2, attempt: 3, phase: 'fixing', direction: 'cabin-features' },
      { type: 'phase', iteration: 1, attempt: 1, phase: 'running', direction: 'stacking' },
    ]);
    assert.equal(isResearch(state), true);
    assert.deepEqual(Object.keys(state.directions), ['cabin-features', 'stacking']);
    assert.equal(state.directions['cabin-features']?.info.devices, 'GPU 0');
    assert.equal(directionActivity(state.directions['cabin-features']!), 'iteration 2 · attempt 3 · asking for a fix');
    assert.equal(directionActivity(state.directions['stacking']!), 'iteration 1 · running solution.py');
    assert.deepEqual([state.iteration, state.phase], [null, null], "a direction's numbers never become the run's");
    assert.equal(liveLine(state), 'Research run · 2 directions running');
  });

  test('one running direction is spelled out; none running means the next one is being chosen', () => {
    const one = fold([research, started(cabin), { type: 'phase', iteration: 1, attempt: 1, phase: 'generating', direction: 'cabin-features' }]);
    assert.equal(liveLine(one), 'Research run · Cabin features: iteration 1 · generating code');
    const between = nextLiveState(one, { type: 'direction-finished', info: { ...cabin, status: 'done' }, best: null, direction: 'cabin-features' });
    assert.deepEqual(runningDirections(between), []);
    assert.equal(liveLine(between), 'Research run · choosing the next direction…');
    assert.equal(between.directions['cabin-features']?.phase, null);
  });

  test('events of an unknown direction leave the state as it is', () => {
    const state = fold([research, started(cabin)]);
    assert.equal(nextLiveState(state, { type: 'phase', iteration: 1, attempt: 1, phase: 'running', direction: 'ghost' }), state);
  });

  test('the end of the run clears what each direction was doing and keeps their statuses', () => {
    const state = fold([research, started(cabin), { type: 'phase', iteration: 1, attempt: 1, phase: 'running', direction: 'cabin-features' }]);
    const stopped = nextLiveState(state, { type: 'loop-finished', reason: 'stopped' });
    assert.equal(liveLine(stopped), 'Stopped');
    assert.equal(stopped.directions['cabin-features']?.phase, null);
    assert.equal(stopped.directions['cabin-features']?.info.status, 'in_progress');
    assert.deepEqual(nextLiveState(stopped, research).directions, {}, 'a new run starts without the old directions');
  });

  test('a loop whose last iteration is unknown shows no "n of m"', () => {
    const state = fold([research, { type: 'iteration-started', iteration: 3 }]);
    assert.equal(liveLine(state), 'Iteration 3');
  });
});
