import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { delimiter, join } from 'node:path';
import { probeEnvironment } from '../../src/core/task/probeEnvironment';
import { formatEnvironment } from '../../src/core/task/formatEnvironment';
import { ConfigError } from '../../src/core/errors';
import { testPython } from '../helpers/python';
import { tempDir } from '../helpers/tempDir';

const dir = tempDir();

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('probeEnvironment', () => {
  test('reports the real Python, its packages and the machine', async () => {
    const env = await probeEnvironment(testPython());
    assert.match(env.python.version, /^3\.\d+\.\d+/);
    assert.ok(env.python.path.length > 0);
    assert.match(env.packages.pandas ?? '', /^\d+\.\d+/);
    assert.match(env.packages.numpy ?? '', /^\d+\.\d+/);
    assert.deepEqual(Object.keys(env.packages), ['pandas', 'numpy', 'scikit-learn', 'lightgbm', 'xgboost', 'catboost', 'torch']);
    assert.ok(Object.values(env.packages).every((version) => version === null || /^\d/.test(version)));
    assert.ok(env.cpus >= 1 && env.cpus <= cpus().length);
    assert.ok(env.ramGb > 0);
    assert.ok(Array.isArray(env.gpus));
    assert.match(formatEnvironment(env), new RegExp(`Installed packages: pandas ${env.packages.pandas?.replace(/\./g, '\\.')}`));
  });

  test('a package that is not installed is null', async () => {
    const env = await probeEnvironment(testPython(), { packages: ['pandas', 'surely-not-installed-adsa-pkg'] });
    assert.deepEqual(Object.keys(env.packages), ['pandas', 'surely-not-installed-adsa-pkg']);
    assert.equal(env.packages['surely-not-installed-adsa-pkg'], null);
  });

  test('GPUs come from nvidia-smi on PATH', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    script('bin/nvidia-smi', `[ "$1" = "--query-gpu=name,memory.total" ] && printf 'Tesla T4, 15360\\nTesla T4, 15360\\n'`);
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${savedPath}`;
    const env = await probeEnvironment(testPython()).finally(() => {
      process.env.PATH = savedPath;
    });
    assert.deepEqual(env.gpus, [
      { name: 'Tesla T4', memoryMb: 15360 },
      { name: 'Tesla T4', memoryMb: 15360 },
    ]);
  });

  test('a Python that does not exist is a ConfigError naming the setting', async () => {
    const missing = join(dir, 'no-such-python');
    await assert.rejects(probeEnvironment(missing), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(
        error.message,
        `Python not found: ${missing}. Set --python / adsa.pythonPath to a Python 3 interpreter.`,
      );
      return true;
    });
  });

  test('a program that is not a working Python is a ConfigError with its last error line', async () => {
    const broken = script('broken-python', 'echo "SyntaxError: nope" >&2; exit 1');
    await assert.rejects(probeEnvironment(broken), /^ConfigError: Python at .*broken-python could not run the environment probe .*: SyntaxError: nope$/);
  });

  test('a Python that hangs times out and is killed', async () => {
    const marker = `${29 + Math.random()}`;
    const hanging = script('hanging-python', `exec sleep ${marker}`);
    const started = Date.now();
    await assert.rejects(probeEnvironment(hanging, { timeoutMs: 500 }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /did not answer within 0\.5 s/);
      return true;
    });
    assert.ok(Date.now() - started < 10_000);
    const processes = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    assert.ok(!processes.includes(`sleep ${marker}`), 'the hanging probe is still running');
  });
});
