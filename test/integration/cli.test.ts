import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readHistory } from '../../src/core/store/history';
import { startFakeLlmServer, type FakeLlmServer } from '../helpers/fakeLlmServer';
import { processesWith } from '../helpers/processes';
import { testPython } from '../helpers/python';
import { tempDir } from '../helpers/tempDir';
import { generatorReply, tinySolution, writeTinyTask } from '../helpers/tinyTask';

/** The built bin, as `npm test` builds it before the suites run. */
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function adsa(args: string[], env: NodeJS.ProcessEnv, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the adsa command', () => {
  let server: FakeLlmServer;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: run npm run build`);
    server = await startFakeLlmServer((request) => {
      if (request.prompt.includes('HANG')) return { text: generatorReply(`import subprocess, sys, time\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "adsa-cli-child-${process.pid}"])\nprint("started", flush=True)\ntime.sleep(600)\n`) };
      return { text: generatorReply(tinySolution()), usage: { input: 50, output: 40 } };
    });
    env = {
      OPENAI_API_KEY: 'sk-cli-openai',
      ANTHROPIC_API_KEY: 'sk-cli-anthropic',
      OPENAI_BASE_URL: server.openaiBaseUrl,
      ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
    };
  });
  after(() => server.close());

  test('runs the loop, prints progress and scores, and exits 0; status shows the table', async () => {
    const workspace = tempDir();
    writeTinyTask(workspace);
    const run = await adsa(['run', workspace, '--iterations', '1', '--python', testPython()], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /fold scores/, 'the script output is streamed');
    assert.match(run.stdout, /iteration 1: ok · CV accuracy 0\.\d+ \(best so far\)/);
    const status = await adsa(['status', workspace], {});
    assert.equal(status.code, 0);
    assert.match(status.stdout, /^#\s+status\s+CV/m);
    assert.match(status.stdout, /^1\*\s+ok\s+0\.\d{5}\s+5/m);
    for (const output of [run.stdout, run.stderr, status.stdout]) assert.doesNotMatch(output, /sk-cli/);
  });

  test('configuration errors exit 2 with one clear sentence', async () => {
    const workspace = tempDir();
    const missingTask = await adsa(['run', workspace], env);
    assert.equal(missingTask.code, 2);
    assert.match(missingTask.stderr, /^adsa: No task\.md in /);

    writeTinyTask(workspace);
    const noKey = await adsa(['run', workspace], { ...env, OPENAI_API_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /OPENAI_API_KEY/);
    assert.equal(noKey.stderr.trim().split('\n').length, 1);

    const noPython = await adsa(['run', workspace, '--python', '/nowhere/python3'], env);
    assert.equal(noPython.code, 2);
    assert.match(noPython.stderr, /Python not found: \/nowhere\/python3/);

    const unknown = await adsa(['run', workspace, '--iteratoins', '3'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /iteratoins/);

    const badNumber = await adsa(['run', workspace, '--iterations', 'many'], env);
    assert.equal(badNumber.code, 2);
    assert.match(badNumber.stderr, /--iterations needs a number/);
    assert.equal((await readHistory(workspace)).length, 0, 'nothing ran');
  });

  test('Ctrl-C stops cleanly: tree killed, iteration recorded, exit 130', async () => {
    const workspace = tempDir();
    writeTinyTask(workspace);
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(workspace, 'task.md'), '\nHANG\n');
    let signalled = false;
    const run = await adsa(['run', workspace, '--iterations', '3', '--python', testPython()], env, (stdout, child) => {
      if (!signalled && stdout.includes('started')) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    assert.equal(run.code, 130, run.stderr);
    assert.match(run.stderr, /stopping/);
    assert.deepEqual((await readHistory(workspace)).map((r) => r.status), ['stopped']);
    assert.ok(!existsSync(join(workspace, '.adsa', 'run.lock')));
    assert.deepEqual(processesWith(`adsa-cli-child-${process.pid}`), []);
  });

  test('suggest queues a direction; research directions need git unless --init-git', async () => {
    const workspace = tempDir();
    writeTinyTask(workspace);
    const empty = await adsa(['suggest', '', workspace], env);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /needs the idea/);
    const queued = await adsa(['suggest', 'Try gradient boosting', workspace], env);
    assert.equal(queued.code, 0, queued.stderr);
    assert.match(readFileSync(join(workspace, '.adsa', 'suggestions.jsonl'), 'utf8'), /"text":"Try gradient boosting"/);

    const noGit = await adsa(['run', workspace, '--parallel', '2', '--python', testPython()], env);
    assert.equal(noGit.code, 2);
    assert.match(noGit.stderr, /not a git repository.*--init-git/);
    assert.ok(!existsSync(join(workspace, '.git')), 'never initialised silently');
  });
});
