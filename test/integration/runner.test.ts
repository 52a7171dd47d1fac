import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ConfigError } from '../../src/core/errors';
import { LocalRunner } from '../../src/core/run/localRunner';
import type { RunRequest } from '../../src/core/run/types';
import { processesWith } from '../helpers/processes';
import { runRequest } from '../helpers/runRequest';
import { testPython } from '../helpers/python';
import { tempDir } from '../helpers/tempDir';

const python = testPython();
const dir = tempDir('adsa-runner-');
const runner = new LocalRunner();

function script(name: string, code: string): string {
  const path = join(dir, name);
  writeFileSync(path, code);
  return path;
}

function request(args: string[], overrides: Partial<RunRequest> = {}): RunRequest {
  return runRequest(python, dir, args, { logFile: join(dir, 'logs', `${randomUUID()}.log`), ...overrides });
}

// If a test fails half-way, leave nothing behind: kill by pid, never by name.
const markers: string[] = [];
after(() => {
  for (const marker of markers) {
    for (const pid of processesWith(marker)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});

function newMarker(): string {
  const marker = `adsa-marker-${randomUUID()}`;
  markers.push(marker);
  return marker;
}

// A child that ignores SIGTERM, and a grandchild that double-forks into its own session
// (reparented away from the tree and out of the process group), also ignoring SIGTERM.
script(
  'stubborn.py',
  `import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("stubborn up", flush=True)
time.sleep(600)
`,
);
script(
  'escaper.py',
  `import os, sys
marker = sys.argv[1]
if os.fork() > 0:
    os._exit(0)
os.setsid()
if os.fork() > 0:
    os._exit(0)
code = "import signal, time\\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\\nprint('escaper up', flush=True)\\ntime.sleep(600)"
os.execv(sys.executable, [sys.executable, "-c", code, marker])
`,
);
const hangs = script(
  'hangs.py',
  `import subprocess, sys, time
marker = sys.argv[1]
subprocess.Popen([sys.executable, "stubborn.py", marker + "-child"])
subprocess.Popen([sys.executable, "escaper.py", marker + "-grandchild"]).wait()
print("main up", flush=True)
time.sleep(600)
`,
);

describe('LocalRunner', () => {
  test('a script that raises: exit code 1, traceback in the tail, header and output in the log', async () => {
    const raises = script('raises.py', 'print("working on it")\nraise ValueError("boom in the model")\n');
    const req = request([raises], { header: '=== attempt 1: raises ===\n' });
    const result = await runner.run(req);
    assert.equal(result.exitCode, 1);
    assert.equal(result.timedOut, false);
    assert.equal(result.stopped, false);
    assert.match(result.tail, /Traceback \(most recent call last\)/);
    assert.match(result.tail, /ValueError: boom in the model/);
    const log = readFileSync(req.logFile, 'utf8');
    assert.ok(log.startsWith('=== attempt 1: raises ===\n'));
    assert.match(log, /working on it/);
    assert.match(log, /ValueError: boom in the model/);
    assert.equal(statSync(req.logFile).size, Buffer.byteLength(req.header) + result.outputBytes);
  });

  test('a script that succeeds: exit 0, stdout and stderr both streamed and captured', async () => {
    const ok = script('ok.py', 'import sys\nprint("to stdout")\nprint("to stderr", file=sys.stderr)\n');
    const chunks: string[] = [];
    const result = await runner.run(request([ok], { onOutput: (chunk) => chunks.push(chunk) }));
    assert.equal(result.exitCode, 0);
    assert.equal(result.signal, null);
    assert.match(result.tail, /to stdout/);
    assert.match(result.tail, /to stderr/);
    const streamed = chunks.join('');
    assert.match(streamed, /to stdout/);
    assert.match(streamed, /to stderr/);
    assert.equal(result.outputBytes, Buffer.byteLength('to stdout\nto stderr\n'));
    assert.ok(result.durationMs >= 0 && result.durationMs < 30_000);
  });

  test('the environment and working folder reach the script', async () => {
    const env = script('env.py', 'import os\nprint(os.environ["ADSA_TEST_VALUE"], os.getcwd())\n');
    const result = await runner.run(request([env], { env: { ...process.env, ADSA_TEST_VALUE: 'from-the-request' } }));
    assert.equal(result.exitCode, 0);
    assert.match(result.tail, new RegExp(`from-the-request ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('UTF-8 split across chunk boundaries is decoded whole', async () => {
    const unit = 'é€😀 ';
    const utf8 = script('utf8.py', `import sys\nsys.stdout.write(${JSON.stringify(unit)} * 200000)\nsys.stdout.flush()\n`);
    const chunks: string[] = [];
    const result = await runner.run(request([utf8], { onOutput: (chunk) => chunks.push(chunk) }));
    assert.equal(result.exitCode, 0);
    const streamed = chunks.join('');
    assert.equal(streamed, unit.repeat(200000));
    assert.ok(chunks.length > 1, 'the output came in several chunks');
    assert.ok(!result.tail.includes('\uFFFD'), 'the tail holds no broken characters');
    assert.ok(unit.repeat(200000).endsWith(result.tail));
  });

  test('at the time limit the whole tree dies, including a child ignoring SIGTERM and a setsid grandchild', async () => {
    const marker = newMarker();
    const chunks: string[] = [];
    const started = Date.now();
    const result = await runner.run(
      request([hangs, marker], { timeoutMs: 4000, graceMs: 500, onOutput: (chunk) => chunks.push(chunk) }),
    );
    const elapsed = Date.now() - started;
    const streamed = chunks.join('');
    // All three were up before the time limit, so the check below is not vacuous.
    assert.match(streamed, /stubborn up/);
    assert.match(streamed, /escaper up/);
    assert.match(streamed, /main up/);
    assert.equal(result.timedOut, true);
    assert.equal(result.stopped, false);
    assert.equal(result.exitCode, null);
    assert.equal(result.signal, 'SIGTERM');
    assert.deepEqual(processesWith(marker), []);
    assert.ok(elapsed < 4000 + 500 + 10_000, `resolved in ${elapsed} ms`);
  });

  test('stopping through an AbortSignal mid-run kills the tree and reports stopped', async () => {
    const marker = newMarker();
    const controller = new AbortController();
    let seen = '';
    const result = await runner.run(
      request([hangs, marker], {
        timeoutMs: 60_000,
        signal: controller.signal,
        onOutput: (chunk) => {
          seen += chunk;
          if (/main up/.test(seen) && /escaper up/.test(seen) && /stubborn up/.test(seen)) controller.abort();
        },
      }),
    );
    assert.equal(result.stopped, true);
    assert.equal(result.timedOut, false);
    assert.equal(result.exitCode, null);
    assert.deepEqual(processesWith(marker), []);
  });

  test('an already-aborted signal never starts the process', async () => {
    const proof = join(dir, 'started.txt');
    const touch = script('touch.py', `open(${JSON.stringify(proof)}, "w").write("ran")\n`);
    const controller = new AbortController();
    controller.abort();
    const result = await runner.run(request([touch], { signal: controller.signal }));
    assert.equal(result.stopped, true);
    assert.equal(result.exitCode, null);
    assert.equal(existsSync(proof), false);
  });

  test('processes left behind by a script that exits normally are ended with it', async () => {
    const marker = newMarker();
    const leaves = script(
      'leaves.py',
      `import subprocess, sys
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", sys.argv[1]])
print("leaving a worker behind", flush=True)
`,
    );
    const result = await runner.run(request([leaves, marker], { timeoutMs: 30_000 }));
    assert.equal(result.exitCode, 0);
    assert.equal(result.timedOut, false);
    assert.match(result.tail, /leaving a worker behind/);
    assert.deepEqual(processesWith(marker), []);
  });

  test('50 MB of output: the log holds all of it, the tail stays bounded', async () => {
    const megabytes = 50;
    const loud = script(
      'loud.py',
      `import sys
line = b"x" * 1023 + b"\\n"
block = line * 1024
for _ in range(${megabytes}):
    sys.stdout.buffer.write(block)
sys.stdout.buffer.write(b"last line\\n")
`,
    );
    let streamedChars = 0;
    const req = request([loud], { onOutput: (chunk) => (streamedChars += chunk.length) });
    const result = await runner.run(req);
    assert.equal(result.exitCode, 0);
    const expected = megabytes * 1024 * 1024 + 'last line\n'.length;
    assert.equal(result.outputBytes, expected);
    assert.equal(streamedChars, expected);
    assert.equal(statSync(req.logFile).size, Buffer.byteLength(req.header) + result.outputBytes);
    assert.ok(result.tail.length > 0 && result.tail.length <= 64 * 1024, `tail of ${result.tail.length} chars`);
    assert.match(result.tail, /last line\n$/);
  });

  test('two attempts appended to one log keep both headers in order', async () => {
    const logFile = join(dir, 'nested', 'shared', 'run.log');
    const say = script('say.py', 'import sys\nprint("said", sys.argv[1])\n');
    await runner.run(request([say, 'first'], { logFile, header: '=== attempt 1 ===\n' }));
    await runner.run(request([say, 'second'], { logFile, header: '=== attempt 2 ===\n' }));
    assert.equal(readFileSync(logFile, 'utf8'), '=== attempt 1 ===\nsaid first\n=== attempt 2 ===\nsaid second\n');
  });

  test('a missing command is a ConfigError naming it', async () => {
    const missing = join(dir, 'no-such-python');
    const req = request([], { command: missing });
    await assert.rejects(runner.run(req), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, `Could not start "${missing}": the command was not found.`);
      return true;
    });
    assert.match(readFileSync(req.logFile, 'utf8'), /Could not start/);
  });

  test('a command that is not executable is a ConfigError naming it', async () => {
    const notExecutable = script('not-executable.sh', 'echo hi\n');
    chmodSync(notExecutable, 0o644);
    await assert.rejects(runner.run(request([], { command: notExecutable })), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.message.includes(notExecutable));
      assert.match(error.message, /permission denied/);
      return true;
    });
  });

  test('a missing working folder is a ConfigError naming it', async () => {
    const nowhere = join(dir, 'not-a-folder');
    await assert.rejects(runner.run(request(['-c', 'pass'], { cwd: nowhere })), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.ok(error.message.includes(nowhere));
      return true;
    });
  });
});
