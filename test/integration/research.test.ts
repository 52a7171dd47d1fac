import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createEngine } from '../../src/core/createEngine';
import { suggestDirection } from '../../src/core/directions/suggestions';
import type { EngineEvent } from '../../src/core/events';
import { finalizeBest } from '../../src/core/finalize';
import { acceptAll } from '../../src/core/review';
import { EngineSettingsSchema, type EngineSettingsInput } from '../../src/core/settings';
import { readHistory } from '../../src/core/store/history';
import { privateDirFor } from '../../src/core/store/privateDir';
import { rolesOn, startFakeLlmServer, type FakeReply, type FakeRequest } from '../helpers/fakeLlmServer';
import { testPython } from '../helpers/python';
import { tempDir } from '../helpers/tempDir';
import { generatorReply, TINY_HOLDOUT_SPEC, tinySolution, writeTinyTask } from '../helpers/tinyTask';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

/** A git repository holding the tiny task with a private hold-out; data untracked, one user edit left uncommitted. */
function researchWorkspace(): string {
  const workspace = tempDir('adsa-research-');
  writeTinyTask(workspace);
  appendFileSync(join(workspace, 'task.md'), `\n${TINY_HOLDOUT_SPEC}`);
  writeFileSync(join(workspace, 'notes.txt'), 'mine\n');
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'add', 'task.md', 'notes.txt');
  git(workspace, '-c', 'user.name=User', '-c', 'user.email=user@example.com', 'commit', '-q', '-m', 'task');
  writeFileSync(join(workspace, 'notes.txt'), 'mine, edited but not committed\n');
  return workspace;
}

/** Answers by what is asked: direction proposals, learnings, or a solution for the direction in the prompt. */
function researcher(request: FakeRequest): FakeReply {
  if (/planning research/.test(request.system)) {
    return { text: '```json\n[{"title": "Linear baseline", "rationale": "Logistic regression on x1 and x2."}, {"title": "Shallow trees", "rationale": "A depth-3 tree."}]\n```' };
  }
  if (/Learnings/.test(request.system) || /learnings/i.test(request.prompt.slice(0, 400))) {
    return { text: '- The measured private score tracks CV closely.\n- Keep the model simple.' };
  }
  const model = request.prompt.includes('Shallow trees') ? 'DecisionTreeClassifier(max_depth=3)' : 'LogisticRegression()';
  return { text: generatorReply(tinySolution({ staged: true, model })) };
}

async function research(workspace: string, script: (request: FakeRequest) => FakeReply, settings: EngineSettingsInput) {
  const server = await startFakeLlmServer(script);
  const privateBase = tempDir('adsa-private-');
  const events: EngineEvent[] = [];
  try {
    const engine = createEngine(
      workspace,
      EngineSettingsSchema.parse({
        python: testPython(),
        killGraceSeconds: 1,
        ...rolesOn(server),
        ...settings,
      }),
      { secrets: () => 'sk-test', reviewer: acceptAll, privateBase },
    );
    engine.onEvent((event) => events.push(event));
    const summary = await engine.run();
    return { summary, events, privateDir: privateDirFor(workspace, privateBase), server };
  } finally {
    await server.close();
  }
}

describe('research directions on git branches with a private hold-out', () => {
  test('two directions in parallel: branches, notes merged alone, private scores, labels never staged', async () => {
    const workspace = researchWorkspace();
    const userBranchBefore = git(workspace, 'rev-parse', 'HEAD');
    const { summary, events, privateDir } = await research(workspace, researcher, { directions: 2, parallel: 2, iterations: 2 });
    assert.equal(summary.reason, 'completed');

    const branches = git(workspace, 'branch', '--list', 'exp/*').split('\n').map((b) => b.replace(/^[*+ ]+/, '').trim()).sort();
    assert.deepEqual(branches, ['exp/linear-baseline', 'exp/shallow-trees']);
    // Each iteration is a commit on its direction's branch.
    for (const branch of branches) assert.match(git(workspace, 'log', '--format=%s', branch), /Iteration 2: accuracy [\d.]+, private [\d.]+[\s\S]*Iteration 1:/);

    // Only the notes came back to the user's branch, as merges; the uncommitted edit is untouched.
    const merged = git(workspace, 'diff', '--name-only', userBranchBefore, 'HEAD').split('\n').sort();
    assert.deepEqual(merged, [
      'research_directions/linear-baseline.jsonl',
      'research_directions/linear-baseline.md',
      'research_directions/shallow-trees.jsonl',
      'research_directions/shallow-trees.md',
    ]);
    assert.equal(readFileSync(join(workspace, 'notes.txt'), 'utf8'), 'mine, edited but not committed\n');
    assert.equal(git(workspace, 'diff', '--name-only'), 'notes.txt');
    assert.equal(git(workspace, 'diff', '--cached', '--name-only'), '');
    for (const slug of ['linear-baseline', 'shallow-trees']) {
      const note = readFileSync(join(workspace, 'research_directions', `${slug}.md`), 'utf8');
      assert.match(note, /\*\*Status:\*\* done/);
      assert.match(note, /## Results[\s\S]*\| 2 \| [\d.]+ \| [\d.]+ \|/);
      assert.match(note, /## Learnings\s+- The measured private score tracks CV closely\./);
    }

    // The workspace history numbers every iteration once and carries the private score.
    const history = await readHistory(workspace);
    assert.equal(history.length, 4);
    assert.deepEqual(history.map((r) => r.iteration), [1, 2, 3, 4]);
    for (const record of history) {
      assert.equal(record.status, 'ok');
      assert.ok(record.privateScore! > 0.5 && record.privateScore! <= 1, `private score ${record.privateScore}`);
      assert.ok(existsSync(join(workspace, record.archiveDir, 'solution.py')));
    }
    assert.deepEqual(new Set(history.map((r) => r.direction)), new Set(['linear-baseline', 'shallow-trees']));
    assert.ok(existsSync(join(workspace, 'best_solution.py')));
    const started = events.filter((e) => e.type === 'direction-started');
    assert.equal(started.length, 2);
    assert.ok(started.every((e) => e.type === 'direction-started' && /CPU thread|GPU/.test(e.info.devices ?? '')));

    // The hold-out labels live outside the workspace; no staged file holds a hold-out row's label.
    const labels = readFileSync(join(privateDir, 'holdout_labels.csv'), 'utf8').trim().split('\n').slice(1);
    const holdoutIds = new Set(labels.map((line) => line.split(',')[0]));
    assert.ok(holdoutIds.size >= 20);
    const stagedTrain = readFileSync(join(workspace, '.adsa', 'worktrees', 'linear-baseline', 'staged_data', 'train.csv'), 'utf8');
    const stagedIds = stagedTrain.trim().split('\n').slice(1).map((line) => line.split(',')[0]);
    assert.equal(stagedIds.filter((id) => holdoutIds.has(id)).length, 0);
    assert.equal(stagedIds.length + holdoutIds.size, 300);
    const holdoutX = readFileSync(join(workspace, '.adsa', 'worktrees', 'linear-baseline', 'staged_data', 'holdout_X.csv'), 'utf8');
    assert.equal(holdoutX.split('\n')[0], 'id,x1,x2');

    // Finalize re-runs the best solution with every labelled row.
    const final = await finalizeBest(workspace, EngineSettingsSchema.parse({ python: testPython() }), { emit: () => {}, signal: new AbortController().signal, privateDir });
    assert.deepEqual(final.problems, []);
    assert.equal(readFileSync(join(workspace, 'final_submission.csv'), 'utf8').trim().split('\n').length, 101);
    const finalTrain = readFileSync(join(workspace, '.adsa', 'final', 'staged_data', 'train.csv'), 'utf8').trim().split('\n');
    assert.equal(finalTrain.length - 1, 300, 'the final run trains on every labelled row');
  });

  test('a suggested direction runs first; code that opens the labelled file is refused before it runs', async () => {
    const workspace = researchWorkspace();
    await suggestDirection(workspace, 'Read the raw file. Use data/train.csv directly.');
    let refusedSeen = false;
    const { events } = await research(
      workspace,
      (request) => {
        if (request.api === 'messages') {
          refusedSeen = /refused before it ran[\s\S]*data\/train\.csv/.test(request.prompt);
          return { text: `REASON: read the staged data\n\`\`\`python\n${tinySolution({ staged: true })}\`\`\`` };
        }
        if (/planning research/.test(request.system)) throw new Error('the suggestion should be used, not a proposal');
        if (/Learnings/.test(request.system)) return { text: '- Reading the staged data works.' };
        return { text: generatorReply(tinySolution({ staged: false })) };
      },
      { directions: 1, parallel: 2, iterations: 1 },
    );
    assert.ok(refusedSeen, 'the fixer was told why the code was refused');
    const planned = events.find((e) => e.type === 'direction-planned');
    assert.ok(planned?.type === 'direction-planned' && planned.info.origin === 'user');
    const [record] = await readHistory(workspace);
    assert.equal(record!.status, 'ok');
    assert.match(record!.attempts[0]!.problem ?? '', /Refused before it ran/);
    assert.equal(record!.attempts[0]!.exitCode, null);
  });
});
