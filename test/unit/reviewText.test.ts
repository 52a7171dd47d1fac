import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FixProposal } from '../../src/core/review';
import { reviewMessage, reviewTitle } from '../../src/extension/reviewText';

const proposal = (fields: Partial<FixProposal> = {}): FixProposal => ({
  iteration: 3,
  attempt: 2,
  kind: 'fix',
  reason: 'Encode the categorical column before fitting.',
  before: 'a',
  after: 'b',
  diff: '',
  file: '/ws/solution.py',
  ...fields,
});

describe('review text', () => {
  test('the diff title names iteration, attempt and reason', () => {
    assert.equal(reviewTitle(proposal()), 'ADSA fix · iteration 3 · attempt 2: Encode the categorical column before fitting.');
    assert.match(reviewTitle(proposal({ kind: 'speedup', reason: 'Use\n  fewer trees' })), /^ADSA speed-up · iteration 3 · attempt 2: Use fewer trees$/);
  });

  test('a long reason is cut to one readable line', () => {
    const title = reviewTitle(proposal({ reason: 'x'.repeat(500) }));
    assert.ok(title.length < 200);
    assert.ok(title.endsWith('…'));
  });

  test('a timed review says when it accepts by itself', () => {
    assert.match(reviewMessage(proposal(), { kind: 'timed', seconds: 30 }), /accepted automatically in 30 s/);
    assert.doesNotMatch(reviewMessage(proposal(), { kind: 'review' }), /automatically/);
  });
});
