import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunResult } from '../../src/core/run/types';
import { runFooter, runHeader, terminalName, toTerminalText } from '../../src/extension/terminalText';

const result = (fields: Partial<RunResult>): RunResult => ({
  exitCode: 0,
  signal: null,
  timedOut: false,
  stopped: false,
  durationMs: 1234,
  tail: '',
  outputBytes: 0,
  ...fields,
});

/** What a reader sees: the text without ANSI colour codes. */
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('terminal text', () => {
  test('names a terminal after iteration and attempt', () => {
    assert.equal(terminalName(2, 1), 'ADSA · iteration 2 · attempt 1');
  });

  test("a direction's run is named with the direction, so parallel directions never share a name", () => {
    assert.equal(terminalName(2, 1, 'cabin-features'), 'ADSA · cabin-features · iteration 2 · attempt 1');
    assert.notEqual(terminalName(2, 1, 'cabin-features'), terminalName(2, 1, 'stacking'));
  });

  test('bare LF becomes CRLF, existing CRLF and lone CR are kept', () => {
    assert.equal(toTerminalText('a\nb\r\nc\rd\n'), 'a\r\nb\r\nc\rd\r\n');
    assert.equal(toTerminalText('\n\n'), '\r\n\r\n');
  });

  test('the header shows the command, folder and the variables the engine set', () => {
    const header = plain(
      runHeader({
        type: 'run-started',
        iteration: 1,
        attempt: 1,
        command: '/opt/my env/bin/python',
        args: ['solution.py'],
        cwd: '/work/task',
        env: { CUDA_VISIBLE_DEVICES: '0,1', PYTHONUNBUFFERED: '1' },
      }),
    );
    assert.match(header, /^\$ '\/opt\/my env\/bin\/python' solution\.py\r\n/);
    assert.match(header, /in \/work\/task/);
    assert.match(header, /with CUDA_VISIBLE_DEVICES=0,1 PYTHONUNBUFFERED=1/);
    assert.ok(!/[^\r]\n/.test(header), 'only CRLF line ends');
  });

  test('the footer gives the exit code, or says it timed out or was stopped', () => {
    assert.match(plain(runFooter(result({ exitCode: 0 }))), /\[ADSA\] exit code 0 after 1\.2 s/);
    assert.match(plain(runFooter(result({ exitCode: 1 }))), /exit code 1/);
    assert.match(plain(runFooter(result({ exitCode: null, signal: 'SIGKILL' }))), /signal SIGKILL/);
    assert.match(plain(runFooter(result({ exitCode: null, timedOut: true, durationMs: 60_000 }))), /timed out after 60\.0 s/);
    assert.match(plain(runFooter(result({ exitCode: null, stopped: true }))), /stopped after 1\.2 s/);
  });
});
