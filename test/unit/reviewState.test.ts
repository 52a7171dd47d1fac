import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ReviewSession, type ReviewTimers } from '../../src/extension/reviewState';
import type { FixReviewMode } from '../../src/extension/settingsFromConfig';

const PROPOSED = 'import pandas as pd\nprint("fixed")\n';

/** Timers the test fires by hand, so no test waits on the clock. */
function manualTimers() {
  const scheduled: { callback: () => void; ms: number; cleared: boolean }[] = [];
  const timers: ReviewTimers = {
    setTimeout: (callback, ms) => {
      const entry = { callback, ms, cleared: false };
      scheduled.push(entry);
      return entry;
    },
    clearTimeout: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  };
  const fire = () => scheduled.filter((s) => !s.cleared).forEach((s) => s.callback());
  return { timers, scheduled, fire };
}

function session(mode: FixReviewMode, options: { code?: () => string; controller?: AbortController; timers?: ReviewTimers } = {}) {
  const controller = options.controller ?? new AbortController();
  const review = new ReviewSession({
    mode,
    proposed: PROPOSED,
    currentCode: options.code ?? (() => PROPOSED),
    signal: controller.signal,
    ...(options.timers && { timers: options.timers }),
  });
  return { review, controller };
}

describe('review state machine', () => {
  test('Accept on unchanged code accepts the proposal', async () => {
    const { review } = session({ kind: 'review' });
    assert.equal(review.state, 'pending');
    assert.equal(review.accept(), true);
    assert.deepEqual(await review.result, { outcome: 'accepted', decision: { decision: 'accept' } });
    assert.equal(review.state, 'accepted');
  });

  test('Accept after the reviewer edited the right side hands over the edited code', async () => {
    let code = PROPOSED;
    const { review } = session({ kind: 'review' }, { code: () => code });
    code = PROPOSED + 'print("mine")\n';
    review.accept();
    assert.deepEqual(await review.result, { outcome: 'edited', decision: { decision: 'edited', code } });
  });

  test('line-ending differences alone are not edits', async () => {
    const { review } = session({ kind: 'review' }, { code: () => PROPOSED.replace(/\n/g, '\r\n') });
    review.accept();
    assert.equal((await review.result).outcome, 'accepted');
  });

  test('Reject rejects, and the first decision wins', async () => {
    const { review, controller } = session({ kind: 'review' });
    assert.equal(review.reject(), true);
    assert.equal(review.accept(), false);
    controller.abort();
    assert.deepEqual(await review.result, { outcome: 'rejected', decision: { decision: 'reject' } });
    assert.equal(review.state, 'rejected');
  });

  test('a stop while pending cancels the review as a rejection', async () => {
    const { review, controller } = session({ kind: 'review' });
    controller.abort();
    assert.deepEqual(await review.result, { outcome: 'cancelled', decision: { decision: 'reject' } });
    assert.equal(review.accept(), false);
  });

  test('a review opened after the stop is cancelled at once', async () => {
    const controller = new AbortController();
    controller.abort();
    const { review } = session({ kind: 'review' }, { controller });
    assert.equal(review.state, 'cancelled');
    assert.equal((await review.result).decision.decision, 'reject');
  });

  test('auto mode accepts at creation and sets no timer', async () => {
    const clock = manualTimers();
    const { review } = session({ kind: 'auto' }, { timers: clock.timers });
    assert.equal(review.state, 'accepted');
    assert.equal(clock.scheduled.length, 0);
    assert.deepEqual((await review.result).decision, { decision: 'accept' });
  });

  test('a timed review is accepted when its time runs out, edits included', async () => {
    const clock = manualTimers();
    let code = PROPOSED;
    const { review } = session({ kind: 'timed', seconds: 30 }, { timers: clock.timers, code: () => code });
    assert.equal(clock.scheduled[0]?.ms, 30_000);
    assert.equal(review.state, 'pending');
    code = '# edited\n' + PROPOSED;
    clock.fire();
    assert.deepEqual(await review.result, {
      outcome: 'timed-out-accepted',
      decision: { decision: 'edited', code },
    });
  });

  test('deciding before the time runs out clears the timer', async () => {
    const clock = manualTimers();
    const { review } = session({ kind: 'timed', seconds: 5 }, { timers: clock.timers });
    review.reject();
    assert.equal(clock.scheduled[0]?.cleared, true);
    clock.fire();
    assert.equal((await review.result).outcome, 'rejected');
  });

  test('a timed review runs on the real clock by default', async () => {
    const { review } = session({ kind: 'timed', seconds: 0.02 });
    assert.equal((await review.result).outcome, 'timed-out-accepted');
  });
});
