import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineEvent } from '../../src/core/events';
import { idleLiveState, liveLine, nextLiveState, type LiveState } from '../../src/extension/liveState';

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
