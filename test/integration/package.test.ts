// What `npm run package` ships: the contents and manifest of out/adsa.vsix.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

const REPO_ROOT = join(__dirname, '..', '..');
const VSIX = join(REPO_ROOT, 'out', 'adsa.vsix');

/** Lists or reads the archive with Python's zipfile (a .vsix is a zip), so no unzip tool or npm package is needed. */
function vsixNames(): string[] {
  const script = "import zipfile,sys; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))";
  return execFileSync('python3', ['-c', script, VSIX], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

function vsixFile(name: string): string {
  const script = 'import zipfile,sys; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode("utf-8"))';
  return execFileSync('python3', ['-c', script, VSIX, name], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

interface Manifest {
  main?: string;
  extensionKind?: string[];
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | string; description?: string } };
  contributes?: {
    commands?: { command: string; title: string; category?: string }[];
    configuration?: { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[];
  };
}

describe('the packaged extension (out/adsa.vsix)', () => {
  let names: string[] = [];
  let manifest: Manifest = {};

  before(() => {
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first (\`npm test\` does).`);
    names = vsixNames();
    manifest = JSON.parse(vsixFile('extension/package.json')) as Manifest;
  });

  test('holds the manifest, both bundles, the media, the license and the readme', () => {
    for (const name of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/webview.js', 'extension/media/sidebar.css', 'extension/media/adsa.svg', 'extension/media/icon.png', 'extension/media/task-template.md']) {
      assert.ok(names.includes(name), `${name} is in the package; it holds:\n${names.join('\n')}`);
    }
    assert.ok(names.some((name) => /^extension\/media\/walkthrough\/.+\.md$/.test(name)), 'walkthrough media');
    assert.ok(names.some((name) => /^extension\/LICENSE(\.txt|\.md)?$/i.test(name)), 'a license file');
    assert.ok(names.some((name) => /^extension\/readme\.md$/i.test(name)), 'a readme');
  });

  test('leaves out sources, tests, dependencies, source maps, the venv, example data and build output', () => {
    const forbidden: [RegExp, string][] = [
      [/^extension\/src\//, 'sources'],
      [/^extension\/test\//, 'tests'],
      [/^extension\/webview\/.*\.ts$/, 'webview sources'],
      [/(^|\/)node_modules\//, 'node_modules'],
      [/\.map$/, 'source maps'],
      [/(^|\/)\.venv\//, 'the Python venv'],
      [/^extension\/examples\//, 'example tasks and their data'],
      [/^extension\/out\//, 'build output (the .vsix itself)'],
      [/^extension\/\.cache\//, 'the e2e cache'],
      [/^extension\/test-results\//, 'test artifacts'],
      [/\.ts$/, 'TypeScript files'],
      [/^extension\/dist\/cli\.js$/, 'the CLI bundle (not used by the extension)'],
    ];
    for (const [pattern, what] of forbidden) {
      const found = names.filter((name) => pattern.test(name));
      assert.deepEqual(found, [], `no ${what} in the package`);
    }
  });

  test('the extension bundle needs nothing at run time but Node built-ins and vscode', () => {
    const bundle = vsixFile('extension/dist/extension.js');
    const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1] as string));
    assert.ok(required.has('vscode'), 'the bundle uses the vscode API');
    const builtins = new Set(builtinModules);
    const external = [...required].filter((name) => name !== 'vscode' && !builtins.has(name.replace(/^node:/, '')));
    assert.deepEqual(external, [], 'every dependency is bundled (the package has no node_modules)');
  });

  test('the manifest: workspace extension, untrusted folders refused, bundled entry point, lazy activation', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, false);
    assert.ok(manifest.capabilities?.untrustedWorkspaces?.description, 'says why untrusted folders are refused');
    assert.equal(manifest.main, './dist/extension.js');
    const activation = manifest.activationEvents ?? [];
    assert.ok(!activation.includes('*'), 'no activation on every start');
    assert.ok(!activation.includes('onStartupFinished'), 'no activation after start-up');
  });

  test('every command shows as "ADSA: …" in the palette and every setting is adsa.*', () => {
    const commands = manifest.contributes?.commands ?? [];
    const ids = commands.map((command) => command.command).sort();
    for (const id of ['adsa.acceptFix', 'adsa.finalize', 'adsa.openTask', 'adsa.rejectFix', 'adsa.setApiKey', 'adsa.showHistory', 'adsa.start', 'adsa.stop', 'adsa.suggestDirection']) {
      assert.ok(ids.includes(id), `${id} is contributed`);
    }
    for (const command of commands) {
      assert.equal(command.category, 'ADSA', `${command.command} has the ADSA category`);
      assert.doesNotMatch(command.title, /^ADSA/, `${command.command}'s title does not repeat the category`);
    }
    const configuration = manifest.contributes?.configuration;
    const sections = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
    const keys = sections.flatMap((section) => Object.keys(section.properties ?? {}));
    assert.ok(keys.length >= 10, `settings are contributed (found ${keys.length})`);
    for (const key of ['adsa.pythonPath', 'adsa.iterations', 'adsa.timeoutSeconds', 'adsa.maxFixes', 'adsa.fixReview', 'adsa.generator.provider', 'adsa.fixer.model']) {
      assert.ok(keys.includes(key), `${key} is contributed`);
    }
    assert.deepEqual(keys.filter((key) => !key.startsWith('adsa.')), [], 'every setting starts with adsa.');
  });
});
