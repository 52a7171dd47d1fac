import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { offlineModel } from '../../scripts/offlineModel';
import { createEngine } from '../../src/core/createEngine';
import { acceptAll } from '../../src/core/review';
import { EngineSettingsSchema } from '../../src/core/settings';
import { readHistory } from '../../src/core/store/history';
import { rolesOn, startFakeLlmServer } from '../helpers/fakeLlmServer';
import { testPython } from '../helpers/python';
import { tempDir } from '../helpers/tempDir';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'spaceship-titanic');

test('two parallel directions on the example task: two branches, two notes with results and learnings, a private score each', async () => {
  const workspace = tempDir('adsa-example-research-');
  for (const file of ['task.md', 'make_data.py', 'offline-demo']) cpSync(join(EXAMPLE, file), join(workspace, file), { recursive: true });
  execFileSync(testPython(), ['make_data.py'], { cwd: workspace });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=User', '-c', 'user.email=user@example.com', ...args], { cwd: workspace, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'main');
  git('add', 'task.md', 'make_data.py');
  git('commit', '-q', '-m', 'The example task');

  const server = await startFakeLlmServer(offlineModel(workspace));
  try {
    const engine = createEngine(
      workspace,
      EngineSettingsSchema.parse({
        directions: 2,
        parallel: 2,
        iterations: 1,
        python: testPython(),
        ...rolesOn(server, { generator: 'offline-demo-generator', fixer: 'offline-demo-fixer' }),
      }),
      { secrets: () => 'offline-demo', reviewer: acceptAll, privateBase: tempDir('adsa-private-') },
    );
    assert.equal((await engine.run()).reason, 'completed');
  } finally {
    await server.close();
  }

  assert.deepEqual(git('branch', '--list', '--format=%(refname:short)', 'exp/*').split('\n'), ['exp/group-and-cabin-features', 'exp/linear-blend']);
  for (const slug of ['group-and-cabin-features', 'linear-blend']) {
    const note = git('show', `main:research_directions/${slug}.md`);
    assert.match(note, /\*\*Status:\*\* done/);
    assert.match(note, /## Results\s+\| Iteration \| CV score \| Private score \|[\s\S]*\| 1 \| 0\.\d+ \| 0\.\d+ \|/);
    assert.match(note, /## Learnings\s+- Written by the offline demo/);
    const results = git('show', `main:research_directions/${slug}.jsonl`);
    assert.equal(results.split('\n').length, 1);
  }
  const history = await readHistory(workspace);
  assert.equal(history.length, 2);
  for (const record of history) {
    assert.equal(record.status, 'ok');
    assert.ok(record.privateScore! > 0.7 && record.privateScore! < 0.9, `private score ${record.privateScore}`);
    assert.ok(Math.abs(record.cvMean! - record.privateScore!) < 0.05, 'CV and private scores agree on held-out synthetic data');
  }
  assert.equal(readFileSync(join(workspace, 'best_submission.csv'), 'utf8').split('\n')[0], 'PassengerId,Transported');
});
