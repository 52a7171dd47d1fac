import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Direction } from '../../src/core/directions/direction';
import { initRepo, inspectRepo } from '../../src/core/git/repo';
import type { FixProposal } from '../../src/core/review';
import { directionFinishedMessage, llmProgressTitle, withDirectionPrefix } from '../../src/extension/directionText';
import { gitReadiness } from '../../src/extension/gitReadiness';
import { reviewMessage, reviewTitle } from '../../src/extension/reviewText';
import { iterationRecord } from '../helpers/iterationRecord';
import { tempDir } from '../helpers/tempDir';

const cabin: Direction = {
  slug: 'cabin-features',
  title: 'Cabin features',
  rationale: 'The deck letter carries the class.',
  status: 'done',
  branch: 'exp/cabin-features',
  startedAt: null,
  finishedAt: null,
  origin: 'generator',
};

describe('texts of a research run', () => {
  test('the notification after a direction names it and its best scores', () => {
    const best = iterationRecord(7, { direction: 'cabin-features', cvMean: 0.81234, privateScore: 0.80111 });
    assert.equal(directionFinishedMessage(cabin, best), 'Direction Cabin features finished: best accuracy 0.8123, private 0.8011.');
    assert.equal(directionFinishedMessage(cabin, iterationRecord(7)), 'Direction Cabin features finished: best accuracy 0.8000.');
    assert.equal(directionFinishedMessage(cabin, null), 'Direction Cabin features finished without a successful iteration.');
  });

  test('the progress title says which direction the model works for', () => {
    const event = { type: 'llm-started', iteration: 2, role: 'fixer', model: 'claude-sonnet-4-6' } as const;
    assert.equal(llmProgressTitle(event), 'ADSA · iteration 2: claude-sonnet-4-6 is proposing a fix…');
    assert.equal(llmProgressTitle({ ...event, direction: 'stacking' }), 'ADSA · stacking · iteration 2: claude-sonnet-4-6 is proposing a fix…');
    assert.equal(
      llmProgressTitle({ type: 'llm-started', iteration: 0, role: 'generator', model: 'gpt-5.4' }),
      'ADSA · gpt-5.4 is proposing research directions…',
    );
    assert.equal(
      llmProgressTitle({ type: 'llm-started', iteration: 0, role: 'generator', model: 'gpt-5.4', direction: 'stacking' }),
      'ADSA · stacking · gpt-5.4 is writing what the direction learned…',
    );
  });

  test("a direction's log lines start with its slug", () => {
    assert.equal(withDirectionPrefix({ type: 'iteration-started', iteration: 1, direction: 'stacking' }, 'Iteration 1 started.'), '[stacking] Iteration 1 started.');
    assert.equal(withDirectionPrefix({ type: 'iteration-started', iteration: 1 }, 'Iteration 1 started.'), 'Iteration 1 started.');
  });

  test("a direction's fix review is titled with the direction", () => {
    const proposal: FixProposal = { iteration: 2, attempt: 3, kind: 'fix', reason: 'Cast the deck to str.', before: 'a', after: 'b', diff: '', file: '/ws/solution.py' };
    assert.equal(reviewTitle(proposal, 'cabin-features'), 'ADSA fix · cabin-features · iteration 2 · attempt 3: Cast the deck to str.');
    assert.match(reviewMessage(proposal, { kind: 'review' }, 'cabin-features'), /for iteration 2 of direction cabin-features: Cast/);
  });
});

describe('git readiness for research directions (real repositories)', () => {
  const git = (dir: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, stdio: 'pipe' }).toString().trim();

  test('a plain folder needs initialising, which only then makes it ready', async () => {
    const dir = tempDir('adsa-git-plain-');
    assert.deepEqual(gitReadiness(await inspectRepo(dir)), { kind: 'needs-init' });
    await initRepo(dir);
    assert.deepEqual(gitReadiness(await inspectRepo(dir)), { kind: 'ready' });
  });

  test('a repository with a commit is ready, uncommitted changes and all', async () => {
    const dir = tempDir('adsa-git-ready-');
    git(dir, 'init', '--quiet');
    writeFileSync(join(dir, 'task.md'), '# Task\n');
    git(dir, 'add', 'task.md');
    git(dir, 'commit', '--quiet', '-m', 'task');
    writeFileSync(join(dir, 'task.md'), '# Task, edited\n');
    assert.deepEqual(gitReadiness(await inspectRepo(dir)), { kind: 'ready' });
  });

  test('a branch without commits and a detached HEAD are problems for the user, not for ADSA to fix', async () => {
    const unborn = tempDir('adsa-git-unborn-');
    git(unborn, 'init', '--quiet', '--initial-branch=main');
    const first = gitReadiness(await inspectRepo(unborn));
    assert.equal(first.kind, 'problem');
    assert.match(first.kind === 'problem' ? first.message : '', /branch main has no commits yet/);

    const detached = tempDir('adsa-git-detached-');
    git(detached, 'init', '--quiet');
    git(detached, 'commit', '--quiet', '--allow-empty', '-m', 'one');
    git(detached, 'checkout', '--quiet', '--detach');
    const second = gitReadiness(await inspectRepo(detached));
    assert.equal(second.kind, 'problem');
    assert.match(second.kind === 'problem' ? second.message : '', /detached HEAD/);
  });
});
