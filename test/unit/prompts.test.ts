import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { approxTokens, lastException, lastTraceback, tailOf } from '../../src/core/prompts/bounded';
import { fixerMessages } from '../../src/core/prompts/fixerPrompt';
import { generatorMessages, type GeneratorContext } from '../../src/core/prompts/generatorPrompt';
import { iterationRecord } from '../helpers/iterationRecord';

const context: GeneratorContext = {
  taskMarkdown: '# Task\nPredict y.',
  dataSample: 'train.csv: 10 rows',
  environment: '2 CPU cores, no GPU',
  timeLimitSeconds: 1800,
  submissionFile: 'submission.csv',
  submissionHeader: 'id,y',
  history: [],
  best: null,
  latest: null,
};

describe('prompts', () => {
  test('the first generation asks for a baseline with the task, data, environment and limits', () => {
    const { system, messages } = generatorMessages(context);
    assert.match(system, /progress_report\.json/);
    const prompt = messages[0]!.content;
    for (const part of ['Predict y.', 'train.csv: 10 rows', 'no GPU', '30 min', 'header `id,y`', 'first solution.py']) assert.ok(prompt.includes(part), part);
    assert.doesNotMatch(prompt, /Iterations so far/);
  });

  test('later generations carry history, best and latest code, report and failure', () => {
    const record = iterationRecord(1, { status: 'failed', cvMean: null, cvScores: [], durationMs: 1000, runDurationMs: 900, fixAttempts: 3, approach: 'catboost | tuned' });
    const prompt = generatorMessages({
      ...context,
      history: [record],
      best: { iteration: 2, code: 'print("best")', score: 0.81 },
      latest: { iteration: 3, code: 'print("latest")', report: '{"cv_mean": 0.8}', error: 'KeyError: x' },
    }).messages[0]!.content;
    assert.match(prompt, /\| 1 \| failed \| — \| 1 s \| 3 \| catboost \/ tuned \|/);
    for (const part of ['print("best")', 'score 0.81', 'print("latest")', '"cv_mean": 0.8', 'KeyError: x', 'improved solution.py']) assert.ok(prompt.includes(part), part);
  });

  test('the fixer gets the traceback and a bounded tail, however much the script printed', () => {
    const noise = 'progress line\n'.repeat(200_000);
    const output = `${noise}Traceback (most recent call last):\n  File "solution.py", line 3\nKeyError: 'x3'\n`;
    const { messages } = fixerMessages({ code: 'x = 1\n', reason: { kind: 'error', exitCode: 1, output }, timeLimitSeconds: 60, notes: ['A note.'], editFormat: 'FORMAT' });
    const prompt = messages[0]!.content;
    assert.match(prompt, /Traceback[\s\S]*KeyError: 'x3'/);
    assert.match(prompt, /earlier characters cut/);
    assert.ok(approxTokens(prompt) < 5_000, `prompt is ${approxTokens(prompt)} tokens`);
    assert.match(prompt, /- A note\./);
  });

  test('time-outs and slow runs ask for a speed-up', () => {
    const timeout = fixerMessages({ code: '', reason: { kind: 'timeout', limitSeconds: 60, output: 'fold 1' }, timeLimitSeconds: 60, notes: [], editFormat: '' });
    assert.match(timeout.messages[0]!.content, /hit the time limit of 60 s[\s\S]*finish well within 60 s/);
    const slow = fixerMessages({ code: '', reason: { kind: 'slow', seconds: 90, previousSeconds: 20, output: '' }, timeLimitSeconds: 600, notes: [], editFormat: '' });
    assert.match(slow.messages[0]!.content, /ran 90 s[\s\S]*previous version took 20 s/);
  });

  test('bounding helpers', () => {
    assert.equal(tailOf('short', 10), 'short');
    assert.match(tailOf('a\n'.repeat(100), 20), /^\[… \d+ earlier characters cut …\]\n(a\n)+$/);
    assert.equal(lastTraceback('no error'), null);
    assert.equal(lastException('Traceback (most recent call last):\n  File "x.py", line 1\n    f()\nKeyError: "k"\nfold 1: 0.9\n'), 'KeyError: "k"');
    assert.equal(lastException('no error'), null);
    assert.equal(lastTraceback('Traceback (most recent call last):\nA\nTraceback (most recent call last):\nB\n'), 'Traceback (most recent call last):\nB');
  });
});
