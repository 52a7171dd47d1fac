import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { prepareDataView } from '../../src/core/dataView';
import { bwrapWorks } from '../../src/core/holdout/sandbox';
import { holdoutSpecFromTask } from '../../src/core/holdout/spec';
import { loadTask } from '../../src/core/task/loadTask';
import { tempDir } from '../helpers/tempDir';

/** A task whose labelled file sits at the workspace root, where the loop also runs. */
function rootLevelTask(classes = 2): string {
  const workspace = tempDir('adsa-dataview-');
  const rows = Array.from({ length: 400 }, (_, i) => `${i + 1},${(i * 7) % 13},${i % classes}`);
  writeFileSync(join(workspace, 'train.csv'), ['id,x,label', ...rows].join('\n') + '\n');
  writeFileSync(join(workspace, 'test.csv'), 'id,x\n1000,1\n');
  writeFileSync(join(workspace, 'sample_submission.csv'), 'id,label\n1000,0\n');
  writeFileSync(join(workspace, 'task.md'), '# T\nPredict label.\n\nMetric: accuracy\nTraining file: train.csv\nId column: id\nTarget: label\n');
  return workspace;
}

test('the sandbox hides a labelled file at the root of the run folder and still lets the run write there', async (t) => {
  const works = await bwrapWorks();
  if (!works.ok) return t.skip(`bwrap cannot run here: ${works.reason}`);
  const workspace = rootLevelTask();
  const task = await loadTask(workspace);
  const view = await prepareDataView({ workspace, task, runDir: workspace, spec: holdoutSpecFromTask(task), privateDir: tempDir('adsa-private-'), sandbox: true });
  const script = [
    'try: print(len(open("train.csv").read()))',
    'except OSError: print("unreadable")',
    'open("out.txt", "w").write("x")',
    'print(open("staged_data/train.csv").readline().strip())',
  ].join('\n');
  const wrapped = view.access.wrapCommand!('python3', ['-c', script])!;
  const run = spawnSync(wrapped.command, wrapped.args, { cwd: workspace, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const [original, staged] = run.stdout.trim().split('\n');
  assert.ok(original === '0' || original === 'unreadable', `the original must not be readable, read ${original} characters`);
  assert.equal(staged, 'id,x,label');
  assert.equal(readFileSync(join(workspace, 'out.txt'), 'utf8'), 'x');
});

test('a metric that cannot score the target (log loss on three classes) turns private scoring off once, with a note', async () => {
  const workspace = rootLevelTask(3);
  writeFileSync(join(workspace, 'task.md'), '# T\nPredict label.\n\nMetric: log loss\nTraining file: train.csv\nId column: id\nTarget: label\n');
  const task = await loadTask(workspace);
  const view = await prepareDataView({ workspace, task, runDir: workspace, spec: holdoutSpecFromTask(task), privateDir: tempDir('adsa-private-'), sandbox: false });
  assert.equal(view.holdout, null);
  assert.equal(view.access.scoreHoldout, undefined);
  assert.match(view.note ?? '', /No private score is computed/);
});
