import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createEngine } from '../../src/core/createEngine';
import { LockedError } from '../../src/core/errors';
import type { EngineEvent } from '../../src/core/events';
import type { FixReviewer } from '../../src/core/review';
import { acceptAll } from '../../src/core/review';
import { EngineSettingsSchema, type EngineSettingsInput } from '../../src/core/settings';
import { readHistory } from '../../src/core/store/history';
import { rolesOn, startFakeLlmServer, type FakeLlmServer, type FakeReply, type FakeRequest } from '../helpers/fakeLlmServer';
import { processesWith } from '../helpers/processes';
import { testPython } from '../helpers/python';
import { tempDir } from '../helpers/tempDir';
import { generatorReply, tinySolution, writeTinyTask } from '../helpers/tinyTask';

type Script = (request: FakeRequest) => FakeReply;

/** A workspace with the tiny task, a fake server answering `script`, and an engine on both. */
async function setUp(script: Script, settings: EngineSettingsInput = {}, reviewer: FixReviewer = acceptAll) {
  const workspace = tempDir();
  writeTinyTask(workspace);
  const server = await startFakeLlmServer(script);
  const privateBase = tempDir('adsa-private-');
  const events: EngineEvent[] = [];
  const make = (overrides: EngineSettingsInput = {}) => {
    const engine = createEngine(
      workspace,
      EngineSettingsSchema.parse({
        iterations: 1,
        timeoutSeconds: 60,
        killGraceSeconds: 1,
        python: testPython(),
        ...rolesOn(server),
        ...settings,
        ...overrides,
      }),
      { secrets: (name) => ({ OPENAI_API_KEY: 'sk-test-openai', ANTHROPIC_API_KEY: 'sk-test-anthropic' })[name], reviewer, privateBase },
    );
    engine.onEvent((event) => events.push(event));
    return engine;
  };
  return { workspace, server, events, make, privateBase };
}

const isGenerator = (request: FakeRequest) => request.api === 'chat';
const archive = (workspace: string, iteration: number) => join(workspace, 'older_solutions', `iteration_${String(iteration).padStart(3, '0')}`);

async function closing<T>(server: FakeLlmServer, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await server.close();
  }
}

describe('the loop, with real SDKs on a fake server and real Python', () => {
  test('two iterations succeed: history, archive, best solution, resume numbering', async () => {
    let generations = 0;
    const { workspace, server, events, make } = await setUp((request) => {
      assert.ok(isGenerator(request), 'the fixer is not needed');
      generations++;
      // The second generation must see the first one's history and report.
      if (generations === 2) assert.match(request.prompt, /Iterations so far[\s\S]*\| 1 \| ok \|/);
      const model = generations === 1 ? 'DecisionTreeClassifier(max_depth=1)' : 'LogisticRegression()';
      return { text: generatorReply(tinySolution({ model }), `model ${generations}`), usage: { input: 1000, output: 200 } };
    }, { iterations: 2 });
    await closing(server, async () => {
      const summary = await make().run();
      assert.equal(summary.reason, 'completed');
      assert.equal(summary.iterationsRun, 2);

      const history = await readHistory(workspace);
      assert.deepEqual(history.map((r) => [r.iteration, r.status]), [[1, 'ok'], [2, 'ok']]);
      for (const record of history) {
        assert.equal(record.cvScores.length, 5);
        assert.ok(record.cvMean! > 0.5 && record.cvMean! <= 1);
        assert.equal(record.metric, 'accuracy');
        assert.deepEqual(record.tokens.generator, { input: 1000, output: 200 });
        assert.ok(record.costUsd! > 0);
        const shares = Object.values(record.classShares ?? {});
        assert.ok(shares.length === 2 && Math.abs(shares.reduce((a, b) => a + b) - 1) < 1e-3);
        for (const file of ['attempt_1.py', 'solution.py', 'progress_report.json', 'submission.csv', 'execution_log.txt', 'generator_reply.md']) {
          assert.ok(existsSync(join(workspace, record.archiveDir, file)), `${record.archiveDir}/${file}`);
        }
      }
      assert.ok(history[1]!.cvMean! > history[0]!.cvMean!, 'logistic regression beats a stump on this data');
      assert.equal(readFileSync(join(workspace, 'best_solution.py'), 'utf8'), readFileSync(join(archive(workspace, 2), 'solution.py'), 'utf8'));
      assert.ok(existsSync(join(workspace, 'best_submission.csv')));
      assert.match(readFileSync(join(workspace, 'execution_logs.txt'), 'utf8'), /iteration 1 · attempt 1[\s\S]*fold scores[\s\S]*iteration 2 · attempt 1/);
      assert.match(readFileSync(join(archive(workspace, 2), 'execution_log.txt'), 'utf8'), /^\n?===== iteration 2/);
      assert.ok(events.some((e) => e.type === 'iteration-recorded' && e.isBest));

      // A second run on the same workspace resumes at iteration 3.
      const again = await make({ iterations: 1 }).run();
      assert.equal(again.iterationsRun, 1);
      assert.deepEqual((await readHistory(workspace)).map((r) => r.iteration), [1, 2, 3]);
      assert.ok(!existsSync(join(workspace, '.adsa', 'run.lock')), 'lock released');
    });
  });

  test('a script that raises is fixed by a SEARCH/REPLACE edit; every version stays on disk', async () => {
    const { workspace, server, make } = await setUp((request) => {
      if (isGenerator(request)) return { text: generatorReply(tinySolution({ inject: 'X = X.drop(columns=["x3"])' })) };
      assert.match(request.prompt, /Traceback[\s\S]*KeyError/);
      return { text: 'REASON: x3 does not exist\n<<<<<<< SEARCH\nX = X.drop(columns=["x3"])\n=======\n>>>>>>> REPLACE\n' };
    });
    await closing(server, async () => {
      await make().run();
      const [record] = await readHistory(workspace);
      assert.equal(record!.status, 'ok');
      assert.equal(record!.fixAttempts, 1);
      assert.deepEqual(record!.attempts.map((a) => [a.kind, a.exitCode]), [['generated', 1], ['fix', 0]]);
      assert.ok(record!.tokens.fixer.output > 0);
      const dir = archive(workspace, 1);
      assert.match(readFileSync(join(dir, 'attempt_1.py'), 'utf8'), /x3/);
      assert.doesNotMatch(readFileSync(join(dir, 'attempt_2.py'), 'utf8'), /x3/);
      assert.match(readFileSync(join(dir, 'fix_2.diff'), 'utf8'), /^-X = X\.drop/m);
      assert.match(readFileSync(join(dir, 'fix_2.reply.md'), 'utf8'), /REASON: x3/);
    });
  });

  test('a traceback printed by a script that exits 0 goes to the fixer too', async () => {
    const caught = 'import traceback\ntry:\n    {}["missing"]\nexcept KeyError:\n    traceback.print_exc()';
    const { workspace, server, make } = await setUp((request) => {
      if (isGenerator(request)) return { text: generatorReply(tinySolution({ inject: caught })) };
      assert.match(request.prompt, /exit code 0[\s\S]*Traceback[\s\S]*KeyError: 'missing'/);
      return { text: `REASON: do not swallow the error\n\`\`\`python\n${tinySolution()}\`\`\`` };
    });
    await closing(server, async () => {
      await make().run();
      const [record] = await readHistory(workspace);
      assert.deepEqual(record!.attempts.map((a) => [a.kind, a.exitCode]), [['generated', 0], ['fix', 0]]);
      assert.match(record!.attempts[0]!.problem ?? '', /Printed a Python traceback: KeyError: 'missing'/);
      assert.equal(record!.status, 'ok');
    });
  });

  test('a hanging script with a child is killed at the time-out, tree and all, then sped up', async () => {
    const marker = `adsa-hang-${process.pid}-${Date.now()}`;
    // The child starts first thing, before any slow import, so the time-out always finds it running.
    const hang = `import subprocess, sys, time\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "${marker}"])\nprint("child started", flush=True)\ntime.sleep(600)\n`;
    const { workspace, server, make } = await setUp(
      (request) => {
        if (isGenerator(request)) return { text: generatorReply(hang) };
        assert.match(request.prompt, /time limit of 3 s/);
        return { text: `REASON: drop the sleep\n\`\`\`python\n${tinySolution()}\`\`\`` };
      },
      { timeoutSeconds: 3 },
    );
    await closing(server, async () => {
      await make().run();
      const [record] = await readHistory(workspace);
      assert.deepEqual(record!.attempts.map((a) => [a.kind, a.timedOut]), [['generated', true], ['speedup', false]]);
      assert.equal(record!.status, 'ok');
      assert.match(readFileSync(join(archive(workspace, 1), 'execution_log.txt'), 'utf8'), /child started/);
      assert.deepEqual(processesWith(marker), [], 'no child of the timed-out script survives');
    });
  });

  test('a run much slower than the previous iteration is stopped early and sped up', async () => {
    let generations = 0;
    const { workspace, server, make } = await setUp(
      (request) => {
        if (isGenerator(request)) {
          generations++;
          return { text: generatorReply(tinySolution(generations === 2 ? { inject: 'import time; time.sleep(120)' } : {})) };
        }
        assert.match(request.prompt, /much slower than the previous version/);
        return { text: 'REASON: no sleeping\n<<<<<<< SEARCH\nimport time; time.sleep(120)\n=======\n>>>>>>> REPLACE\n' };
      },
      { iterations: 2, speedupFactor: 2, speedupMinSeconds: 0 },
    );
    await closing(server, async () => {
      await make().run();
      const [first, second] = await readHistory(workspace);
      assert.equal(first!.status, 'ok');
      assert.deepEqual(second!.attempts.map((a) => [a.kind, a.timedOut]), [['generated', true], ['speedup', false]]);
      assert.match(second!.attempts[0]!.problem ?? '', /over 2x the previous run/);
      assert.ok(second!.attempts[0]!.durationMs < 60_000, 'stopped long before the sleep ended');
      assert.equal(second!.status, 'ok');
    });
  });

  test('a hold-out named in settings: the single loop stages the data, scores privately, keeps labels out', async () => {
    const { workspace, server, make, privateBase } = await setUp(() => ({ text: generatorReply(tinySolution({ staged: true })) }), {
      holdout: { trainFile: 'data/train.csv', idColumn: 'id', target: 'label', fraction: 0.2 },
    });
    await closing(server, async () => {
      await make().run();
      const [record] = await readHistory(workspace);
      assert.equal(record!.status, 'ok');
      assert.ok(record!.privateScore! > 0.5 && record!.privateScore! <= 1);
      const staged = readFileSync(join(workspace, 'staged_data', 'train.csv'), 'utf8').trim().split('\n');
      assert.equal(staged.length - 1, 240, '20% of 300 rows held out');
      assert.equal(readFileSync(join(workspace, 'data', 'train.csv'), 'utf8').trim().split('\n').length - 1, 300, "the user's file is unchanged");
      assert.ok(readdirSync(privateBase).length > 0, 'labels kept in the private folder');
      assert.ok(!existsSync(join(workspace, 'staged_data', 'holdout_labels.csv')));
    });
  });

  test('a malformed progress report goes to the fixer as a verification failure', async () => {
    const badReport = tinySolution().replace(/json\.dump\(.*\n/, 'f.write("{not json")\n');
    const { workspace, server, make } = await setUp((request) => {
      if (isGenerator(request)) return { text: generatorReply(badReport) };
      assert.match(request.prompt, /outputs are wrong[\s\S]*progress_report\.json/);
      return { text: `REASON: write valid JSON\n\`\`\`python\n${tinySolution()}\`\`\`` };
    });
    await closing(server, async () => {
      await make().run();
      const [record] = await readHistory(workspace);
      assert.equal(record!.status, 'ok');
      assert.match(record!.attempts[0]!.problem ?? '', /progress_report\.json/);
    });
  });

  test('an edit that does not apply is sent back once; when it fails again the attempt fails', async () => {
    let fixerCalls = 0;
    const { workspace, server, make } = await setUp(
      (request) => {
        if (isGenerator(request)) return { text: generatorReply(tinySolution({ inject: 'raise SystemExit(3)' })) };
        fixerCalls++;
        if (fixerCalls === 2) assert.match(request.prompt, /could not be applied/);
        return { text: 'REASON: guess\n<<<<<<< SEARCH\nthis line is not in the file\n=======\npass\n>>>>>>> REPLACE\n' };
      },
      { maxFixes: 1 },
    );
    await closing(server, async () => {
      await make().run();
      const [record] = await readHistory(workspace);
      assert.equal(fixerCalls, 2);
      assert.equal(record!.status, 'failed');
      assert.match(record!.attempts[1]!.problem ?? '', /did not apply/);
      assert.match(readFileSync(join(archive(workspace, 1), 'fix_2.reply.md'), 'utf8'), /reply after the edit failed to apply/);
    });
  });

  test('a rejected fix counts as a failed attempt; an edited one runs as edited', async () => {
    let reviews = 0;
    const reviewer: FixReviewer = {
      review: async (proposal) => {
        reviews++;
        if (reviews === 1) return { decision: 'reject' };
        return { decision: 'edited', code: proposal.after.replace('LogisticRegression()', 'LogisticRegression(C=0.5)') };
      },
    };
    const { workspace, server, make } = await setUp(
      (request) => {
        if (isGenerator(request)) return { text: generatorReply(tinySolution({ inject: 'raise ValueError("boom")' })) };
        if (reviews === 1) assert.match(request.prompt, /rejected/);
        return { text: 'REASON: remove the raise\n<<<<<<< SEARCH\nraise ValueError("boom")\n=======\n>>>>>>> REPLACE\n' };
      },
      {},
      reviewer,
    );
    await closing(server, async () => {
      await make().run();
      const [record] = await readHistory(workspace);
      assert.equal(reviews, 2);
      assert.deepEqual(record!.attempts.map((a) => a.kind), ['generated', 'fix', 'fix']);
      assert.match(record!.attempts[1]!.problem ?? '', /rejected/);
      assert.equal(record!.status, 'ok');
      assert.match(readFileSync(join(archive(workspace, 1), 'solution.py'), 'utf8'), /C=0\.5/);
      assert.ok(existsSync(join(archive(workspace, 1), 'fix_2.diff.rejected')));
    });
  });

  test('stop during a run kills it, records the iteration as stopped and releases the lock', async () => {
    const { workspace, server, events, make } = await setUp(() => ({ text: generatorReply('import time\nprint("started", flush=True)\ntime.sleep(600)\n') }), { iterations: 3 });
    await closing(server, async () => {
      const engine = make();
      engine.onEvent((event) => {
        if (event.type === 'output' && event.chunk.includes('started')) engine.stop();
      });
      const summary = await engine.run();
      assert.equal(summary.reason, 'stopped');
      const history = await readHistory(workspace);
      assert.deepEqual(history.map((r) => r.status), ['stopped']);
      assert.ok(!existsSync(join(workspace, '.adsa', 'run.lock')));
      assert.ok(events.some((e) => e.type === 'loop-finished' && e.reason === 'stopped'));
    });
  });

  test('a live lock refuses a second run; a crashed iteration folder is never reused', async () => {
    const { workspace, server, make } = await setUp(() => ({ text: generatorReply(tinySolution()) }));
    await closing(server, async () => {
      mkdirSync(join(workspace, '.adsa'), { recursive: true });
      writeFileSync(join(workspace, '.adsa', 'run.lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: 'now' }));
      await assert.rejects(make().run(), LockedError);
      writeFileSync(join(workspace, '.adsa', 'run.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: 'then' }));
      mkdirSync(archive(workspace, 1), { recursive: true });
      writeFileSync(join(archive(workspace, 1), 'attempt_1.py'), '# from a crashed run');
      await make().run();
      assert.deepEqual((await readHistory(workspace)).map((r) => r.iteration), [2]);
      assert.equal(readFileSync(join(archive(workspace, 1), 'attempt_1.py'), 'utf8'), '# from a crashed run');
      assert.deepEqual(readdirSync(join(workspace, 'older_solutions')).sort(), ['iteration_001', 'iteration_002']);
    });
  });
});
