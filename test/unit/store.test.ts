import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { LockedError } from '../../src/core/errors';
import { nextFreeIteration } from '../../src/core/store/archive';
import { writeFileAtomic } from '../../src/core/store/atomicWrite';
import { appendHistory, bestRecord, nextIteration, readHistory } from '../../src/core/store/history';
import type { IterationRecord } from '../../src/core/store/historySchema';
import { acquireLock } from '../../src/core/store/lock';
import { workspacePaths } from '../../src/core/store/paths';
import { iterationRecord } from '../helpers/iterationRecord';
import { tempDir } from '../helpers/tempDir';

function record(iteration: number, cvMean: number | null, overrides: Partial<IterationRecord> = {}): IterationRecord {
  return iterationRecord(iteration, { status: cvMean === null ? 'failed' : 'ok', cvMean, cvScores: cvMean === null ? [] : [cvMean], ...overrides });
}

describe('history', () => {
  test('appends, reads back, resumes numbering and keeps unknown keys', async () => {
    const workspace = tempDir();
    assert.deepEqual(await readHistory(workspace), []);
    await appendHistory(workspace, record(1, 0.7));
    await appendHistory(workspace, { ...record(2, 0.8), experimentTag: 'catboost' });
    const history = await readHistory(workspace);
    assert.deepEqual(history.map((r) => r.iteration), [1, 2]);
    assert.equal(history[1]!.experimentTag, 'catboost');
    assert.equal(nextIteration(history), 3);
  });

  test('a torn last line from a crash is skipped and the next append starts a fresh line', async () => {
    const workspace = tempDir();
    await appendHistory(workspace, record(1, 0.7));
    appendFileSync(workspacePaths(workspace).history, '{"iteration": 2, "startedAt": "2026-');
    assert.deepEqual((await readHistory(workspace)).map((r) => r.iteration), [1]);
    await appendHistory(workspace, record(2, 0.75));
    assert.deepEqual((await readHistory(workspace)).map((r) => r.iteration), [1, 2]);
  });

  test('best follows the metric direction and ignores failed iterations', () => {
    const higher = [record(1, 0.7), record(2, null), record(3, 0.9), record(4, 0.8)];
    assert.equal(bestRecord(higher)?.iteration, 3);
    const lower = [record(1, 0.5, { higherIsBetter: false }), record(2, 0.3, { higherIsBetter: false }), record(3, 0.4, { higherIsBetter: false })];
    assert.equal(bestRecord(lower)?.iteration, 2);
    assert.equal(bestRecord([record(1, null)]), null);
  });

  test('numbering skips folders a crashed run left behind', async () => {
    const workspace = tempDir();
    assert.equal(await nextFreeIteration(workspace, 1), 1);
    mkdirSync(join(workspace, 'older_solutions', 'iteration_004'), { recursive: true });
    assert.equal(await nextFreeIteration(workspace, 3), 5);
    assert.equal(await nextFreeIteration(workspace, 9), 9);
  });
});

describe('atomic writes', () => {
  test('replace the whole file and leave no temp files', async () => {
    const dir = tempDir();
    const path = join(dir, 'nested', 'state.json');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, 'new content');
    assert.equal(readFileSync(path, 'utf8'), 'new content');
    assert.deepEqual(readdirSync(join(dir, 'nested')), ['state.json']);
  });

  test('a reader racing many writers only ever sees a whole version', async () => {
    const dir = tempDir();
    const path = join(dir, 'state.json');
    const versions = Array.from({ length: 40 }, (_, i) => JSON.stringify({ version: i, padding: 'x'.repeat(20_000 + i) }));
    await writeFileAtomic(path, versions[0]!);
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = readFileSync(path, 'utf8');
        assert.ok(versions.includes(text), 'torn read');
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (const version of versions) await writeFileAtomic(path, version);
    writing = false;
    await reader;
    assert.ok(reads > 0);
  });
});

describe('the run lock', () => {
  test('refuses a second holder while the first lives, and frees on release', async () => {
    const lockPath = join(tempDir(), '.adsa', 'run.lock');
    const lock = await acquireLock(lockPath);
    await assert.rejects(acquireLock(lockPath), (error: unknown) => error instanceof LockedError && /pid \d+/.test(error.message));
    await lock.release();
    assert.ok(!existsSync(lockPath));
    const again = await acquireLock(lockPath);
    await again.release();
  });

  test('takes over a stale lock whose process is gone', async () => {
    const lockPath = join(tempDir(), 'run.lock');
    const child = spawn(process.execPath, ['-e', '']);
    const deadPid = child.pid!;
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(lockPath, JSON.stringify({ pid: deadPid, host: hostname(), startedAt: 'earlier' }));
    const lock = await acquireLock(lockPath);
    assert.equal(JSON.parse(readFileSync(lockPath, 'utf8')).pid, process.pid);
    await lock.release();
  });

  test('takes over an unreadable lock, respects one from another host', async () => {
    const lockPath = join(tempDir(), 'run.lock');
    writeFileSync(lockPath, 'garbage');
    await (await acquireLock(lockPath)).release();
    writeFileSync(lockPath, JSON.stringify({ pid: 1, host: 'some-other-host', startedAt: 'earlier' }));
    await assert.rejects(acquireLock(lockPath), /some-other-host/);
  });
});
