import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { parseCli } from '../../src/cli/options';
import { ConfigError } from '../../src/core/errors';
import { DEFAULT_ROLES } from '../../src/core/settings';

describe('adsa options', () => {
  test('defaults: run in the current folder with the default roles', () => {
    const cli = parseCli([]);
    assert.equal(cli.command, 'run');
    if (cli.command !== 'run') return;
    assert.equal(cli.workspace, resolve('.'));
    assert.equal(cli.settings.iterations, 5);
    assert.equal(cli.settings.timeoutSeconds, 1800);
    assert.equal(cli.settings.maxFixes, 3);
    assert.equal(cli.settings.generator.model, DEFAULT_ROLES.generator.model);
    assert.equal(cli.settings.fixer.provider, 'anthropic');
  });

  test('every documented option lands in the settings', () => {
    const cli = parseCli(['run', 'task-dir', '--iterations', '2', '--timeout', '90', '--max-fixes', '1', '--speedup-factor', '4', '--gpus', '0,1',
      '--python', '/usr/bin/python3', '--generator-provider', 'openai-compatible', '--generator-model', 'llama3', '--generator-base-url', 'http://127.0.0.1:11434/v1',
      '--fixer-provider', 'azure', '--fixer-model', 'my-deployment']);
    assert.equal(cli.command, 'run');
    if (cli.command !== 'run') return;
    assert.equal(cli.workspace, resolve('task-dir'));
    assert.deepEqual(
      [cli.settings.iterations, cli.settings.timeoutSeconds, cli.settings.maxFixes, cli.settings.speedupFactor, cli.settings.gpuDevices, cli.settings.python],
      [2, 90, 1, 4, '0,1', '/usr/bin/python3'],
    );
    assert.deepEqual([cli.settings.generator.provider, cli.settings.generator.model, cli.settings.generator.baseUrl], ['openai-compatible', 'llama3', 'http://127.0.0.1:11434/v1']);
    assert.deepEqual([cli.settings.fixer.provider, cli.settings.fixer.model], ['azure', 'my-deployment']);
  });

  test('research options; several at once means at least as many directions', () => {
    const cli = parseCli(['--directions', '3', '--parallel', '2', '--sandbox', '--init-git', '--fixer-base-url', 'http://127.0.0.1:8000/v1']);
    assert.equal(cli.command, 'run');
    if (cli.command !== 'run') return;
    assert.deepEqual([cli.settings.directions, cli.settings.parallel, cli.settings.sandbox, cli.initGit], [3, 2, true, true]);
    assert.equal(cli.settings.fixer.baseUrl, 'http://127.0.0.1:8000/v1');
    const parallelOnly = parseCli(['--parallel', '3']);
    assert.ok(parallelOnly.command === 'run' && parallelOnly.settings.directions === 3 && !parallelOnly.initGit);
  });

  test('a hold-out named on the command line', () => {
    const cli = parseCli(['--holdout-file', 'data/train.csv', '--holdout-id', 'PassengerId', '--holdout-target', 'Transported', '--holdout-fraction', '0.2']);
    assert.equal(cli.command, 'run');
    if (cli.command !== 'run') return;
    assert.deepEqual(cli.settings.holdout, { trainFile: 'data/train.csv', idColumn: 'PassengerId', target: 'Transported', fraction: 0.2, seed: 42 });
    assert.equal(parseCli([]).command === 'run' && (parseCli([]) as { settings: { holdout?: unknown } }).settings.holdout, undefined);
  });

  test('status, help and version', () => {
    assert.deepEqual(parseCli(['status', 'x']), { command: 'status', workspace: resolve('x') });
    assert.deepEqual(parseCli(['--help']), { command: 'help' });
    assert.deepEqual(parseCli(['--version']), { command: 'version' });
  });

  test('bad input is one clear ConfigError naming the option', () => {
    const cases: [string[], RegExp][] = [
      [['--iteratoins', '3'], /iteratoins/],
      [['--iterations', 'x'], /--iterations needs a number, got 'x'/],
      [['--iterations', '0'], /Invalid option --iterations/],
      [['--timeout=-5'], /Invalid option --timeout/],
      [['--timeout', '-5'], /'--timeout'/],
      [['--fixer-provider', 'gemini'], /--fixer-provider must be one of openai, azure, anthropic, openai-compatible; got 'gemini'/],
      [['--generator-base-url', 'not a url'], /Invalid option --generator-base-url/],
      [['deploy'], /Unknown command 'deploy'/],
      [['--holdout-file', 'data/train.csv'], /go together: name all three/],
      [['--holdout-fraction', '0.2'], /go together: name all three/],
      [['--holdout-file', 'a.csv', '--holdout-id', 'id', '--holdout-target', 'y', '--holdout-fraction', '0.7'], /Invalid option --holdout-fraction/],
      [['run', 'a', 'b'], /Unexpected argument 'b'/],
    ];
    for (const [argv, message] of cases) assert.throws(() => parseCli(argv), (error: unknown) => error instanceof ConfigError && message.test(error.message), argv.join(' '));
  });
});
