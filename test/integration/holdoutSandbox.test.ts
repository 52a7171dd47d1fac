import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bwrapWorks, findBwrap, sandboxCommand } from '../../src/core/holdout/sandbox';
import { testPython } from '../helpers/python';
import { tempDir } from '../helpers/tempDir';

const root = tempDir('adsa-sandbox-');

/** A workspace with a data folder, a private folder beside it and a run folder. */
function layout(runInside = false) {
  const base = join(root, `case${Math.random().toString(36).slice(2, 8)}`);
  const ws = join(base, 'ws');
  const data = join(ws, 'data');
  const privateDir = join(base, 'private');
  const runDir = runInside ? join(ws, 'runs', 'exp') : join(base, 'run');
  for (const dir of [data, privateDir, runDir]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(data, 'train.csv'), 'id,label\n1,secret-label\n');
  writeFileSync(join(privateDir, 'holdout_labels.csv'), 'id,label\n1,secret-label\n');
  return { ws, data, privateDir, runDir };
}

function run(wrapped: { command: string; args: string[] } | null, cwd: string) {
  assert.ok(wrapped);
  return spawnSync(wrapped.command, wrapped.args, { cwd, encoding: 'utf8', timeout: 60_000 });
}

// Reads and writes what a script might, and reports what happened instead of failing.
const PROBE = `
import json, os, sys
out = {}
def attempt(name, action):
    try:
        out[name] = ('ok', action())
    except Exception as error:
        out[name] = ('error', type(error).__name__)
read = lambda path: (lambda: open(path).read())
def write(path):
    def action():
        with open(path, 'w') as f:
            f.write('x')
        return path
    return action
attempt('data', read(sys.argv[1]))
attempt('private', read(sys.argv[2]))
attempt('write_run', write(os.path.join(os.getcwd(), 'out.txt')))
attempt('write_outside', write(sys.argv[3]))
attempt('write_tmp', write(sys.argv[4]))
attempt('write_elsewhere', write(sys.argv[5]))
attempt('cwd', os.getcwd)
print(json.dumps(out))
`;

describe('sandboxCommand', () => {
  test('is null without bwrap on PATH', () => {
    assert.equal(findBwrap('/nonexistent:/also-not'), null);
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      assert.equal(sandboxCommand('python3', ['x.py'], { runDir: root, hide: [] }), null);
    } finally {
      process.env.PATH = saved;
    }
  });

  test('an interpreter under /tmp stays visible under the fresh /tmp (a checkout in /tmp, as in CI)', (t) => {
    if (!findBwrap()) return t.skip('bwrap is not installed');
    const wrapped = sandboxCommand('/tmp/checkout/.venv/bin/python', ['solution.py'], { runDir: root, hide: [] })!;
    const args = wrapped.args.join(' ');
    assert.ok(args.indexOf('--tmpfs /tmp') < args.indexOf('--ro-bind /tmp/checkout/.venv /tmp/checkout/.venv'), args);
    const outside = sandboxCommand('/usr/bin/python3', ['solution.py'], { runDir: root, hide: [] })!;
    assert.doesNotMatch(outside.args.join(' '), /--ro-bind \/usr/);
  });

  test('confines a real script: hidden data unreadable, only the run folder writable', async (t) => {
    const probe = await bwrapWorks();
    if (!probe.ok) return t.skip(`bwrap cannot run here: ${probe.reason}`);
    const { ws, data, privateDir, runDir } = layout();
    writeFileSync(join(runDir, 'probe.py'), PROBE);
    const tmpName = `/tmp/adsa-sandbox-${process.pid}-${Date.now()}.txt`;
    // Outside /tmp too (the sandbox replaces /tmp, and a checkout may live there).
    const elsewhere = `/var/tmp/adsa-sandbox-leak-${process.pid}`;
    const args = ['probe.py', join(data, 'train.csv'), join(privateDir, 'holdout_labels.csv'), join(ws, 'leak.txt'), tmpName, elsewhere];
    const result = run(sandboxCommand(testPython(), args, { runDir, hide: [data, privateDir] }), runDir);
    const leaked = existsSync(elsewhere);
    rmSync(elsewhere, { force: true });
    assert.equal(leaked, false);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Record<string, [string, string]>;
    assert.deepEqual(report.data?.[0], 'error');
    assert.deepEqual(report.private?.[0], 'error');
    assert.deepEqual(report.write_run, ['ok', join(runDir, 'out.txt')]);
    // ws/leak.txt is under the sandbox's own /tmp here, so the write succeeds there and never reaches the host (below).
    assert.deepEqual(report.write_elsewhere, ['error', 'OSError']);
    assert.deepEqual(report.write_tmp?.[0], 'ok');
    assert.deepEqual(report.cwd, ['ok', runDir]);
    // On the host: the run folder got its file, nothing leaked elsewhere, the data is intact.
    assert.equal(readFileSync(join(runDir, 'out.txt'), 'utf8'), 'x');
    assert.equal(existsSync(join(ws, 'leak.txt')), false);
    assert.equal(existsSync(tmpName), false);
    assert.equal(readFileSync(join(data, 'train.csv'), 'utf8'), 'id,label\n1,secret-label\n');
  });

  test('a script that opens the hidden file fails; the same script unsandboxed reads it', async (t) => {
    const probe = await bwrapWorks();
    if (!probe.ok) return t.skip(`bwrap cannot run here: ${probe.reason}`);
    const { data, privateDir, runDir } = layout();
    const args = ['-c', 'import sys; print(open(sys.argv[1]).read())', join(data, 'train.csv')];
    const plain = spawnSync(testPython(), args, { cwd: runDir, encoding: 'utf8' });
    assert.match(plain.stdout, /secret-label/);
    const sandboxed = run(sandboxCommand(testPython(), args, { runDir, hide: [data, privateDir] }), runDir);
    assert.notEqual(sandboxed.status, 0);
    assert.match(sandboxed.stderr, /FileNotFoundError/);
    assert.doesNotMatch(sandboxed.stdout, /secret-label/);
  });

  test('a hidden single file, and a run folder inside a hidden folder', async (t) => {
    const probe = await bwrapWorks();
    if (!probe.ok) return t.skip(`bwrap cannot run here: ${probe.reason}`);
    const { ws, data, runDir } = layout(true);
    writeFileSync(join(runDir, 'probe.py'), PROBE);
    const args = ['probe.py', join(data, 'train.csv'), join(ws, 'README.md'), join(ws, 'leak.txt'), '/tmp/x.txt', '/x.txt'];
    writeFileSync(join(ws, 'README.md'), 'private notes');
    const result = run(sandboxCommand(testPython(), args, { runDir, hide: [ws, join(ws, 'README.md')] }), runDir);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as Record<string, [string, string]>;
    assert.equal(report.data?.[0], 'error');
    assert.equal(report.private?.[0], 'error');
    assert.deepEqual(report.write_run, ['ok', join(runDir, 'out.txt')]);
    assert.equal(report.write_outside?.[0], 'error');
    assert.equal(readFileSync(join(runDir, 'out.txt'), 'utf8'), 'x');
  });
});
