// Self-test of the end-to-end harness: a throwaway extension in a real VS Code
// (code-server) driven through Debian's Chromium. Needs scripts/install-e2e.sh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/tempDir';
import { launchBrowser, openWorkbench, pageErrors } from './harness/browser';
import { type CodeServer, CODE_SERVER_VERSION, codeServerEntry, startCodeServer } from './harness/codeServer';
import { REPO_ROOT } from './harness/paths';
import { descendantPids, isRunning } from './harness/processTree';
import { waitFor } from './harness/waitFor';
import {
  answerInputBox,
  clickNotificationButton,
  pickQuickItem,
  runCommand,
  screenshot,
  waitForNotification,
  waitForTerminalText,
} from './harness/workbench';

const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
const skip =
  !codeServerEntry() && !inCI ? `code-server ${CODE_SERVER_VERSION} is not installed; run scripts/install-e2e.sh` : false;

/** A minimal extension: palette commands, a notification with buttons, a quick pick and input box, a Pseudoterminal. */
function writeProbeExtension(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'probe',
      publisher: 'adsa-test',
      version: '0.0.1',
      engines: { vscode: '^1.100.0' },
      main: './extension.js',
      activationEvents: [],
      contributes: {
        commands: [
          { command: 'adsaProbe.hello', title: 'Hello', category: 'ADSA Probe' },
          { command: 'adsaProbe.terminal', title: 'Terminal', category: 'ADSA Probe' },
          { command: 'adsaProbe.pick', title: 'Pick', category: 'ADSA Probe' },
        ],
        configuration: { properties: { 'adsaProbe.greeting': { type: 'string', default: 'default' } } },
      },
    }),
  );
  writeFileSync(
    join(dir, 'extension.js'),
    `const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

exports.activate = (context) => {
  const workspace = () => vscode.workspace.workspaceFolders[0].uri.fsPath;
  context.subscriptions.push(
    vscode.commands.registerCommand('adsaProbe.hello', async () => {
      fs.writeFileSync(path.join(workspace(), 'probe-ran.json'), JSON.stringify({
        env: process.env.ADSA_PROBE_ENV,
        greeting: vscode.workspace.getConfiguration('adsaProbe').get('greeting'),
      }));
      const choice = await vscode.window.showInformationMessage('probe says hello', 'Write Marker', 'Ignore');
      if (choice) fs.writeFileSync(path.join(workspace(), 'probe-clicked.txt'), choice);
    }),
    vscode.commands.registerCommand('adsaProbe.pick', async () => {
      const pick = await vscode.window.showQuickPick(['alphabet', 'alpha', 'beta'], { placeHolder: 'Pick one' });
      const name = await vscode.window.showInputBox({ prompt: 'Name it' });
      fs.writeFileSync(path.join(workspace(), 'probe-picked.json'), JSON.stringify({ pick, name }));
    }),
    vscode.commands.registerCommand('adsaProbe.terminal', () => {
      const writeEmitter = new vscode.EventEmitter();
      const terminal = vscode.window.createTerminal({
        name: 'ADSA Probe',
        pty: {
          onDidWrite: writeEmitter.event,
          open: () => writeEmitter.fire('probe terminal line 1\\r\\nprobe terminal says ' + process.env.ADSA_PROBE_ENV + '\\r\\n'),
          close: () => {},
        },
      });
      terminal.show();
    }),
  );
};
`,
  );
}

describe('e2e harness: a real VS Code (code-server) in Chromium', { skip }, () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  after(async () => {
    if (page) await screenshot(page, 'harness-last').catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  test('runs probe commands, clicks a notification button, answers a quick pick, reads a terminal, stops cleanly', { timeout: 180_000 }, async () => {
    const root = tempDir('adsa-e2e-harness-');
    const extensionDir = join(root, 'probe-extension');
    const workspace = join(root, 'workspace');
    writeProbeExtension(extensionDir);
    mkdirSync(workspace);

    server = await startCodeServer({
      name: 'harness',
      workspace,
      extensionDirs: [extensionDir],
      env: { ADSA_PROBE_ENV: 'from-the-test' },
      settings: { 'adsaProbe.greeting': 'from-settings' },
    });
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.ok(existsSync(join(server.extensionsDir, 'adsa-test.probe-0.0.1', 'package.json')));

    browser = await launchBrowser();
    page = await openWorkbench(browser, server.url, workspace);
    await screenshot(page, 'harness-1-workbench');

    await runCommand(page, 'ADSA Probe: Hello');
    const ran = await waitFor('probe-ran.json', () => writtenJson(join(workspace, 'probe-ran.json')));
    // The env given to code-server and the settings.json the harness wrote both reach the extension host.
    assert.deepEqual(ran, {
      env: 'from-the-test',
      greeting: 'from-settings',
    });

    await waitForNotification(page, 'probe says hello');
    await screenshot(page, 'harness-2-notification');
    await clickNotificationButton(page, 'Write Marker', { message: 'probe says hello' });
    const marker = join(workspace, 'probe-clicked.txt');
    // The file appears before its content does: wait for the whole write.
    assert.equal(await waitFor('probe-clicked.txt', () => existsSync(marker) && readFileSync(marker, 'utf8')), 'Write Marker');

    await runCommand(page, 'ADSA Probe: Pick');
    await pickQuickItem(page, 'alpha');
    await answerInputBox(page, 'my name');
    assert.deepEqual(await waitFor('probe-picked.json', () => writtenJson(join(workspace, 'probe-picked.json'))), { pick: 'alpha', name: 'my name' });

    await runCommand(page, 'ADSA Probe: Terminal');
    const text = await waitForTerminalText(page, 'probe terminal says from-the-test');
    assert.match(text, /probe terminal line 1\nprobe terminal says from-the-test/);
    await screenshot(page, 'harness-3-terminal');
    assert.deepEqual(pageErrors(page), []);

    // stop() ends code-server's whole tree (server, extension host, pty host, watchers).
    const pid = server.process.pid as number;
    const tree = [pid, ...descendantPids(pid)];
    assert.ok(tree.length >= 3, `expected code-server's helper processes, got ${tree.join(', ')}`);
    await screenshot(page, 'harness-last');
    page = undefined;
    await browser.close();
    browser = undefined;
    await server.stop();
    server = undefined;
    assert.deepEqual(tree.filter(isRunning), []);
  });

  test('installs a .vsix before starting', { timeout: 120_000 }, async () => {
    const root = tempDir('adsa-e2e-vsix-');
    const extensionDir = join(root, 'probe-extension');
    const vsix = join(root, 'probe.vsix');
    writeProbeExtension(extensionDir);
    writeFileSync(join(extensionDir, 'LICENSE'), 'MIT');
    execFileSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'vsce'),
      ['package', '--allow-missing-repository', '--skip-license', '--out', vsix],
      { cwd: extensionDir, stdio: 'pipe' },
    );
    const vsixServer = await startCodeServer({ name: 'harness-vsix', workspace: root, vsixPaths: [vsix] });
    try {
      const installed = JSON.parse(readFileSync(join(vsixServer.extensionsDir, 'extensions.json'), 'utf8')) as {
        identifier: { id: string };
        version: string;
      }[];
      assert.deepEqual(
        installed.map((e) => `${e.identifier.id}@${e.version}`),
        ['adsa-test.probe@0.0.1'],
      );
      assert.ok(existsSync(join(vsixServer.extensionsDir, 'adsa-test.probe-0.0.1', 'extension.js')));
      assert.equal((await fetch(`${vsixServer.url}healthz`)).status, 200);
    } finally {
      await vsixServer.stop();
    }
  });
});

/** A JSON file's content once it is whole: the extension's write may be seen half done. */
function writtenJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}
