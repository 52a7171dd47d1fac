import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../src/core/errors';
import { EngineSettingsSchema, isResearchRun } from '../../src/core/settings';
import { engineSettingsFromConfig, fixReviewModeFromConfig, type ConfigReader } from '../../src/extension/settingsFromConfig';

interface SettingContribution {
  default?: unknown;
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, SettingContribution> } };
};
const contributed = manifest.contributes.configuration.properties;

/** What VS Code's getConfiguration('adsa').get(key) returns with nothing set: the manifest's defaults. */
function readerWith(overrides: Record<string, unknown> = {}): ConfigReader {
  return (key) => (key in overrides ? overrides[key] : contributed[`adsa.${key}`]?.default);
}

function assertConfigError(fn: () => unknown, setting: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.match(error.message, new RegExp(`\\b${setting.replace(/\./g, '\\.')}\\b`));
    return true;
  });
}

describe('adsa.* settings -> EngineSettings', () => {
  test("the manifest's defaults are the engine's defaults", () => {
    const settings = engineSettingsFromConfig(readerWith(), 'python3');
    assert.deepEqual(settings, EngineSettingsSchema.parse({}));
  });

  test('every mapped setting is contributed in package.json', () => {
    const read: string[] = [];
    engineSettingsFromConfig((key) => {
      read.push(key);
      return undefined;
    }, 'python3');
    fixReviewModeFromConfig((key) => {
      read.push(key);
      return undefined;
    });
    for (const key of read) assert.ok(contributed[`adsa.${key}`], `adsa.${key} is read but not contributed`);
    assert.ok(contributed['adsa.pythonPath'], 'adsa.pythonPath is contributed');
  });

  test('values are carried over, and a blank base URL means the provider default', () => {
    const settings = engineSettingsFromConfig(
      readerWith({
        iterations: 12,
        timeoutSeconds: 90,
        maxFixes: 1,
        speedupFactor: 2.5,
        speedupMinSeconds: 10,
        gpuDevices: '0,1',
        'generator.provider': 'openai-compatible',
        'generator.model': 'qwen2.5-coder',
        'generator.baseUrl': 'http://127.0.0.1:8000/v1',
        'fixer.baseUrl': '   ',
      }),
      '/opt/venv/bin/python',
    );
    assert.equal(settings.iterations, 12);
    assert.equal(settings.timeoutSeconds, 90);
    assert.equal(settings.maxFixes, 1);
    assert.equal(settings.speedupFactor, 2.5);
    assert.equal(settings.speedupMinSeconds, 10);
    assert.equal(settings.gpuDevices, '0,1');
    assert.equal(settings.python, '/opt/venv/bin/python');
    assert.equal(settings.generator.provider, 'openai-compatible');
    assert.equal(settings.generator.model, 'qwen2.5-coder');
    assert.equal(settings.generator.baseUrl, 'http://127.0.0.1:8000/v1');
    assert.equal(settings.fixer.baseUrl, undefined);
  });

  test('a bad value is reported with the name of its setting', () => {
    assertConfigError(() => engineSettingsFromConfig(readerWith({ timeoutSeconds: -5 }), 'python3'), 'adsa.timeoutSeconds');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ iterations: 2.5 }), 'python3'), 'adsa.iterations');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ maxFixes: 'three' }), 'python3'), 'adsa.maxFixes');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ 'generator.model': '' }), 'python3'), 'adsa.generator.model');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ 'fixer.provider': 'gemini' }), 'python3'), 'adsa.fixer.provider');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ 'fixer.baseUrl': 'not a url' }), 'python3'), 'adsa.fixer.baseUrl');
    assertConfigError(() => engineSettingsFromConfig(readerWith(), ''), 'adsa.pythonPath');
  });
});

describe('research settings', () => {
  test('directions, parallel directions and the sandbox are carried over', () => {
    const settings = engineSettingsFromConfig(readerWith({ directions: 4, parallelDirections: 2, sandbox: true }), 'python3');
    assert.deepEqual([settings.directions, settings.parallel, settings.sandbox], [4, 2, true]);
    assert.equal(isResearchRun(settings), true);
  });

  test('the defaults run a single loop', () => {
    const settings = engineSettingsFromConfig(readerWith(), 'python3');
    assert.deepEqual([settings.directions, settings.parallel, settings.sandbox], [1, 1, false]);
    assert.equal(isResearchRun(settings), false);
  });

  test('several at once means at least as many directions, as the CLI does', () => {
    const settings = engineSettingsFromConfig(readerWith({ directions: 1, parallelDirections: 3 }), 'python3');
    assert.deepEqual([settings.directions, settings.parallel], [3, 3]);
  });

  test('a bad value names its setting', () => {
    assertConfigError(() => engineSettingsFromConfig(readerWith({ directions: 0 }), 'python3'), 'adsa.directions');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ directions: 1.5 }), 'python3'), 'adsa.directions');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ parallelDirections: 17 }), 'python3'), 'adsa.parallelDirections');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ sandbox: 'yes' }), 'python3'), 'adsa.sandbox');
  });

  test('a hold-out named in settings, all three or the missing one named', () => {
    const named = { 'holdout.trainFile': 'data/train.csv', 'holdout.idColumn': 'PassengerId', 'holdout.target': 'Transported' };
    const settings = engineSettingsFromConfig(readerWith(named), 'python3');
    assert.deepEqual(settings.holdout, { trainFile: 'data/train.csv', idColumn: 'PassengerId', target: 'Transported', fraction: 0.15, seed: 42 });
    assertConfigError(() => engineSettingsFromConfig(readerWith({ ...named, 'holdout.idColumn': '' }), 'python3'), 'adsa.holdout.idColumn');
    assertConfigError(() => engineSettingsFromConfig(readerWith({ ...named, 'holdout.fraction': 0.9 }), 'python3'), 'adsa.holdout.fraction');
  });
});

describe('adsa.fixReview', () => {
  const mode = (value: unknown) => fixReviewModeFromConfig((key) => (key === 'fixReview' ? value : undefined));

  test('review, auto and seconds', () => {
    assert.deepEqual(mode('review'), { kind: 'review' });
    assert.deepEqual(mode(undefined), { kind: 'review' });
    assert.deepEqual(mode('auto'), { kind: 'auto' });
    assert.deepEqual(mode(30), { kind: 'timed', seconds: 30 });
    assert.deepEqual(mode('45'), { kind: 'timed', seconds: 45 });
  });

  test('anything else names the setting', () => {
    for (const bad of ['soon', 0, -3, true, '', '1e9', 90_000]) assertConfigError(() => mode(bad), 'adsa.fixReview');
  });
});
