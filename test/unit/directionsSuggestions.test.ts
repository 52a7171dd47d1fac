import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { queuedSuggestions, suggestDirection, suggestionProposal, takeSuggestions, type Suggestion } from '../../src/core/directions/suggestions';
import { ConfigError } from '../../src/core/errors';
import { tempDir } from '../helpers/tempDir';

const run = promisify(execFile);
const queueFile = (workspace: string) => join(workspace, '.adsa', 'suggestions.jsonl');
const ids = (suggestions: Suggestion[]) => suggestions.map((s) => s.id);

describe('suggestion queue', () => {
  test('queues suggestions in order and hands each out once', async () => {
    const workspace = tempDir();
    const first = await suggestDirection(workspace, '  Try CatBoost with native categoricals.  ', () => new Date('2026-01-01T00:00:00Z'));
    assert.equal(first.text, 'Try CatBoost with native categoricals.');
    assert.equal(first.at, '2026-01-01T00:00:00.000Z');
    const second = await suggestDirection(workspace, 'Stack the best two models.\nUse a ridge meta-model.');

    const line = JSON.parse((await readFile(queueFile(workspace), 'utf8')).split('\n')[0]!);
    assert.deepEqual(line, first);
    assert.deepEqual(ids(await queuedSuggestions(workspace)), [first.id, second.id]);

    assert.deepEqual(await takeSuggestions(workspace), [first, second]);
    assert.deepEqual(await takeSuggestions(workspace), []);
    assert.deepEqual(await queuedSuggestions(workspace), []);
    const third = await suggestDirection(workspace, 'Tune the learning rate.');
    assert.deepEqual(await takeSuggestions(workspace), [third]);
  });

  test('an empty workspace has nothing queued', async () => {
    const workspace = tempDir();
    assert.deepEqual(await queuedSuggestions(workspace), []);
    assert.deepEqual(await takeSuggestions(workspace), []);
  });

  test('refuses empty or overlong text with a ConfigError and queues nothing', async () => {
    const workspace = tempDir();
    await assert.rejects(suggestDirection(workspace, ' \n\t '), (e: unknown) => e instanceof ConfigError && /needs some text/.test(e.message));
    await assert.rejects(suggestDirection(workspace, 'x'.repeat(2001)), (e: unknown) => e instanceof ConfigError && /at most 2000 characters; this one has 2001/.test(e.message));
    assert.deepEqual(await queuedSuggestions(workspace), []);
    assert.equal((await suggestDirection(workspace, 'x'.repeat(2000))).text.length, 2000);
  });

  test('survives a torn last line from a crash: it is skipped and the next line starts fresh', async () => {
    const workspace = tempDir();
    const kept = await suggestDirection(workspace, 'Before the crash.');
    await appendFile(queueFile(workspace), '{"id":"torn","text":"half a li');
    const after = await suggestDirection(workspace, 'After the crash.');
    await appendFile(queueFile(workspace), 'not json\n{"id": "../escape", "text": "bad id", "at": "x"}\n');
    assert.deepEqual(ids(await takeSuggestions(workspace)), [kept.id, after.id]);
  });

  test('concurrent takers in one process share the queue without duplicates or losses', async () => {
    const workspace = tempDir();
    const made = await Promise.all(Array.from({ length: 30 }, (_, i) => suggestDirection(workspace, `Idea ${i}`)));
    const takes = await Promise.all(Array.from({ length: 6 }, () => takeSuggestions(workspace)));
    const taken = takes.flatMap(ids);
    assert.equal(new Set(taken).size, taken.length, 'no suggestion handed out twice');
    assert.deepEqual(new Set(taken), new Set(ids(made)));
  });

  test('takers in separate processes, racing a writer, hand each suggestion out exactly once', async () => {
    const workspace = tempDir();
    const module = resolve('src/core/directions/suggestions.ts');
    const script = join(tempDir(), 'queue-worker.mts');
    await writeFile(
      script,
      `import { suggestDirection, takeSuggestions } from ${JSON.stringify(module)};
const [workspace, role, count] = process.argv.slice(2);
const out = [];
for (let i = 0; i < Number(count); i++) {
  if (role === 'writer') out.push((await suggestDirection(workspace, 'Idea ' + i)).id);
  else out.push(...(await takeSuggestions(workspace)).map((s) => s.id));
}
process.stdout.write(JSON.stringify(out));
`,
    );
    const worker = async (role: string, count: number): Promise<string[]> => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, workspace, role, String(count)], { cwd: process.cwd() });
      return JSON.parse(stdout) as string[];
    };
    await mkdir(join(workspace, '.adsa'), { recursive: true });
    const [written, ...takes] = await Promise.all([worker('writer', 60), worker('taker', 200), worker('taker', 200), worker('taker', 200)]);
    // What the racing takers missed is still queued, never lost.
    const taken = [...takes.flat(), ...ids(await takeSuggestions(workspace))];
    assert.equal(written!.length, 60);
    assert.equal(new Set(taken).size, taken.length, 'no suggestion handed out twice');
    assert.deepEqual(new Set(taken), new Set(written));
  });

  test('a suggestion becomes a proposal titled by its first line or sentence', () => {
    const at = '2026-01-01T00:00:00.000Z';
    assert.deepEqual(suggestionProposal({ id: 'a', text: 'Try CatBoost. It handles categoricals natively.', at }), {
      title: 'Try CatBoost',
      rationale: 'Try CatBoost. It handles categoricals natively.',
    });
    assert.equal(suggestionProposal({ id: 'b', text: 'Stacking\nwith a ridge meta-model', at }).title, 'Stacking');
    const long = suggestionProposal({ id: 'c', text: 'Use gradient boosting with very careful tuning of the depth and the learning rate and early stopping', at });
    assert.equal(long.title, 'Use gradient boosting with very careful tuning of the depth…');
    assert.ok(long.title.length <= 61);
    assert.equal(suggestionProposal({ id: 'd', text: '?!', at }).title, 'User suggestion');
  });
});
