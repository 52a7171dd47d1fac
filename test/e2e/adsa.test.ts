// One user session with the packaged extension (out/adsa.vsix) in a real VS Code (code-server)
// driven through Debian's Chromium: start iterations from the palette, read the run in the
// terminal, accept the fixer's change in the diff editor, follow the scores in the sidebar,
// stop a hanging run. The LLMs are the scripted fake server; the scripts run in real Python.
// Needs scripts/install-e2e.sh and `npm run package` (npm test does both in CI).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Browser, ConsoleMessage, FrameLocator, Locator, Page } from 'playwright-core';
import { IterationRecordSchema } from '../../src/core/store/historySchema';
import { startFakeLlmServer, type FakeLlmServer, type FakeReply, type FakeRequest } from '../helpers/fakeLlmServer';
import { testPython } from '../helpers/python';
import { generatorReply, tinySolution, writeTinyTask } from '../helpers/tinyTask';
import { launchBrowser, openWorkbench, pageErrors } from './harness/browser';
import { type CodeServer, CODE_SERVER_VERSION, codeServerEntry, startCodeServer } from './harness/codeServer';
import { REPO_ROOT } from './harness/paths';
import { waitFor } from './harness/waitFor';
import { answerInputBox, runCommand, screenshot, waitForNotification, waitForTerminalText } from './harness/workbench';

const inCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';
const skip =
  !codeServerEntry() && !inCI ? `code-server ${CODE_SERVER_VERSION} is not installed; run scripts/install-e2e.sh` : false;

const VSIX = join(REPO_ROOT, 'out', 'adsa.vsix');
/** A shared 2-core machine: LLM round trips are instant, but Python with pandas and scikit-learn takes seconds to start. */
const STEP_MS = 120_000;

/** A unique argument of the hanging script's child, to find it in the process table. */
const MARKER = `adsa-e2e-hang-${process.pid}-${Date.now()}`;
const BROKEN_LINE = 'X = X.drop(columns=["x3"])';
const FIX_REASON = 'x3 is not a column of the training data';
const HANGING_SCRIPT = `import subprocess, sys, time
print("started", flush=True)
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "${MARKER}"])
time.sleep(600)
`;

/**
 * Answers by what the request says, not by call order: the first generation gets a script
 * that raises, a traceback gets a SEARCH/REPLACE fix, and the generation that sees iteration 1
 * scored gets a script that hangs with a child process. That last answer waits for
 * `secondGeneration` (a model that takes its time), so iteration 1's terminal and sidebar row
 * can be checked before iteration 2's terminal takes the panel.
 */
function scriptedLlm(secondGeneration: Promise<void>) {
  return async (request: FakeRequest): Promise<FakeReply> => {
    if (request.api === 'chat') {
      // The history table of the prompt has iteration 1's row: "| 1 | ok | 0.9467 | ...".
      if (/^\|\s*1\s*\|\s*ok\s*\|/m.test(request.prompt)) {
        await secondGeneration;
        return { text: generatorReply(HANGING_SCRIPT, 'wait for more data') };
      }
      return { text: generatorReply(tinySolution({ inject: BROKEN_LINE })) };
    }
    if (/Traceback[\s\S]*KeyError/.test(request.prompt)) {
      return { text: `REASON: ${FIX_REASON}\n<<<<<<< SEARCH\n${BROKEN_LINE}\n=======\n>>>>>>> REPLACE\n` };
    }
    return { status: 500, message: `the fake fixer has no answer for: ${request.prompt.slice(0, 200)}` };
  };
}

/** Processes whose command line carries the marker. */
function markerProcesses(): { pid: number; args: string }[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null && match[2]!.includes(MARKER))
    .map((match) => ({ pid: Number(match[1]), args: match[2]! }));
}

/** The sidebar's page: the webview view's outer frame, then VS Code's inner frame holding the extension's HTML. */
function sidebar(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** The name of the terminal whose rows terminalText reads (from its xterm's accessible label). */
async function activeTerminalName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const wrappers = [...document.querySelectorAll<HTMLElement>('.terminal-wrapper.active')];
    const visible = wrappers.find((wrapper) => wrapper.offsetParent !== null) ?? wrappers[0];
    return visible?.querySelector('.xterm-helper-textarea')?.getAttribute('aria-label') ?? '';
  });
}

/** The lines a side-by-side diff editor marks as deleted, read from its left (original) editor. */
async function deletedLines(diff: Locator): Promise<string[]> {
  return diff.evaluate((root) => {
    const original = root.querySelector('.editor.original');
    if (!original) return [];
    const tops = new Set(
      [...original.querySelectorAll<HTMLElement>('.line-delete')].map((mark) => mark.parentElement?.style.top),
    );
    return [...original.querySelectorAll<HTMLElement>('.view-lines .view-line')]
      .filter((line) => tops.has(line.style.top))
      .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ').trim());
  });
}

describe('ADSA in a real VS Code: start, terminal, fix review, sidebar, stop', { skip }, () => {
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let llm: FakeLlmServer | undefined;
  let workspace: string | undefined;
  let step = 0;
  let startedAt = Date.now();
  /** A screenshot of the step, and the time it was reached in the test's output. */
  const shot = async (name: string, context?: { diagnostic(message: string): void }) => {
    if (!page) return;
    await screenshot(page, `adsa-${++step}-${name}`);
    context?.diagnostic(`step ${step} (${name}) at ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  };

  after(async () => {
    if (page) await screenshot(page, 'adsa-last').catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await llm?.close();
    // Only if the test failed before Stop: end the hanging script's child by its pid.
    for (const { pid } of markerProcesses()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // Removed last: code-server has the folder open until it stops.
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  test('a session: a run that raises, its fix accepted in the diff editor, scores in the sidebar, a hanging run stopped', { timeout: 300_000 }, async (t) => {
    startedAt = Date.now();
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first (\`npm test\` does).`);
    workspace = mkdtempSync(join(tmpdir(), 'adsa-e2e-workspace-'));
    writeTinyTask(workspace);
    let releaseSecondGeneration = () => {};
    llm = await startFakeLlmServer(scriptedLlm(new Promise<void>((resolve) => (releaseSecondGeneration = resolve))));
    const consoleErrors: string[] = [];

    server = await startCodeServer({
      name: 'adsa',
      workspace,
      vsixPaths: [VSIX],
      // Keys reach the extension host as environment variables, as they would from a user's shell.
      env: { OPENAI_API_KEY: 'sk-e2e-openai', ANTHROPIC_API_KEY: 'sk-e2e-anthropic' },
      settings: {
        'adsa.pythonPath': testPython(),
        'adsa.fixReview': 'review',
        'adsa.maxFixes': 2,
        // Iteration 2 hangs until Stop: neither the time limit nor the slowness check may end it first.
        'adsa.timeoutSeconds': 600,
        'adsa.speedupMinSeconds': 600,
        'adsa.generator.baseUrl': llm.openaiBaseUrl,
        'adsa.fixer.baseUrl': llm.anthropicBaseUrl,
        // Other processes' ports on this machine would otherwise show up in the Ports view.
        'remote.autoForwardPorts': false,
      },
    });
    browser = await launchBrowser();
    page = await openWorkbench(browser, server.url, workspace);
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
        consoleErrors.push(`${message.location().url}: ${message.text()}`);
      }
    });
    await shot('workbench', t);

    // 1. Start from the palette; answer 2 iterations.
    await runCommand(page, 'ADSA: Start Iterations', { timeoutMs: STEP_MS });
    await answerInputBox(page, '2', { timeoutMs: STEP_MS });
    await runCommand(page, 'ADSA: Show Iteration History', { timeoutMs: STEP_MS });
    // The live phase line counts the 2 iterations asked for.
    await sidebar(page).locator('#adsa-phase', { hasText: /Iteration 1 \(1 of 2\)/ }).waitFor({ state: 'visible', timeout: STEP_MS });
    await shot('started', t);

    // 2. The generated script raises: its traceback shows in the run's terminal.
    const traceback = await waitForTerminalText(page, /KeyError[\s\S]*\[ADSA\] exit code 1 after [\d.]+ s/, { timeoutMs: STEP_MS });
    assert.match(traceback, /x3/);
    assert.match(await activeTerminalName(page), /ADSA · iteration 1 · attempt 1/);
    await shot('traceback', t);

    // 3. The fixer's change opens in a diff editor titled with iteration, attempt and reason.
    const title = `ADSA fix · iteration 1 · attempt 2: ${FIX_REASON}`;
    const tab = page.locator('.tabs-container .tab', { hasText: title });
    await tab.waitFor({ state: 'visible', timeout: STEP_MS });
    assert.ok(((await page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? '').startsWith(title));
    const diff = page.locator('.editor-instance .monaco-diff-editor');
    await diff.locator('.editor.original .line-delete').first().waitFor({ state: 'attached', timeout: STEP_MS });
    assert.deepEqual(await deletedLines(diff), [BROKEN_LINE], 'the diff shows the broken line removed');
    const proposed = (await diff.locator('.editor.modified .view-lines').textContent())?.replace(/\u00a0/g, ' ') ?? '';
    assert.match(proposed, /model = LogisticRegression\(\)/);
    assert.ok(!proposed.includes(BROKEN_LINE), 'the right side holds the proposed code');
    const offer = await waitForNotification(page, `ADSA proposes a fix for iteration 1: ${FIX_REASON}`, { timeoutMs: STEP_MS });
    await shot('fix-review', t);
    await page.locator('.editor-actions .action-item a[aria-label^="Accept Fix"]').click({ timeout: STEP_MS });
    // Answered in the editor title, the notification's own buttons are moot. No API closes a
    // notification (VS Code hides it after 15 s), so the user closes it, which keeps screenshots clear.
    await page.locator('.editor-actions .action-item a[aria-label^="Accept Fix"]').waitFor({ state: 'hidden', timeout: STEP_MS });
    await offer
      .locator('.codicon-notifications-clear')
      .click({ timeout: 5000 })
      .catch(() => undefined); // already hidden by VS Code on a slow run

    // 4. The fixed attempt runs in its own terminal and prints the fold scores.
    const fixed = await waitForTerminalText(page, /fold scores[\s\S]*\[ADSA\] exit code 0 after [\d.]+ s/, { timeoutMs: STEP_MS });
    assert.match(fixed, /^\$ \S*python\S* solution\.py$/m);
    assert.match(await activeTerminalName(page), /ADSA · iteration 1 · attempt 2/);
    assert.doesNotMatch(readFileSync(join(workspace, 'older_solutions', 'iteration_001', 'attempt_2.py'), 'utf8'), /x3/);
    await shot('fixed-run', t);

    // 5. The sidebar lists iteration 1 as ok with its score, and the chart has its point.
    const first = sidebar(page).locator('#adsa-iterations > li.adsa-iteration[data-iteration="1"][data-status="ok"]');
    await first.waitFor({ state: 'visible', timeout: STEP_MS });
    const score = Number(await first.getAttribute('data-score'));
    assert.ok(score > 0.5 && score <= 1, `iteration 1 scores in (0.5, 1], got ${score}`);
    assert.match((await first.locator('.adsa-score').textContent()) ?? '', /0\.\d+/);
    await sidebar(page).locator('svg#adsa-chart circle.adsa-point[data-iteration="1"]').waitFor({ state: 'attached', timeout: STEP_MS });
    await page.locator('[id="adsa.adsa.adsa.status"]', { hasText: /best 0\.\d+/ }).waitFor({ state: 'visible', timeout: STEP_MS });
    // The generator is still answering for iteration 2: a cancellable progress notification says so.
    const writing = page
      .locator('.notifications-toasts .notification-toast')
      .filter({ hasText: /ADSA · iteration 2: .+ is writing solution\.py/ });
    await writing.waitFor({ state: 'visible', timeout: STEP_MS });
    await shot('sidebar', t);

    // 6. Iteration 2 hangs after printing "started"; stop it from the palette.
    releaseSecondGeneration();
    const running = await waitForTerminalText(page, /^started$/m, { timeoutMs: STEP_MS });
    assert.match(running, /^\$ \S*python\S* solution\.py$/m);
    assert.match(await activeTerminalName(page), /ADSA · iteration 2 · attempt 1/);
    const hanging = await waitFor('the hanging script\'s child', () => markerProcesses().length > 0 && markerProcesses(), { timeoutMs: STEP_MS });
    assert.ok(hanging.length >= 1);
    await writing.waitFor({ state: 'hidden', timeout: STEP_MS });
    // The decided review no longer follows solution.py (now iteration 2's script): it shows the accepted fix, read-only.
    await page.locator('.tabs-container .tab', { hasText: `${title} (accepted)` }).waitFor({ state: 'visible', timeout: STEP_MS });
    await waitFor('the accepted fix in the review tab', async () => (await deletedLines(diff)).length > 0, { timeoutMs: STEP_MS });
    assert.deepEqual(await deletedLines(diff), [BROKEN_LINE]);
    assert.doesNotMatch((await diff.locator('.editor.modified .view-lines').textContent()) ?? '', /time\.sleep/);
    await shot('hanging-run', t);
    await runCommand(page, 'ADSA: Stop', { timeoutMs: STEP_MS });
    await waitForTerminalText(page, /\[ADSA\] stopped after [\d.]+ s/, { timeoutMs: STEP_MS });

    // 7. The sidebar shows iteration 2 stopped, the phase line says so, and nothing is left behind.
    await sidebar(page)
      .locator('#adsa-iterations > li.adsa-iteration[data-iteration="2"][data-status="stopped"]')
      .waitFor({ state: 'visible', timeout: STEP_MS });
    await sidebar(page).locator('#adsa-phase', { hasText: 'Stopped' }).waitFor({ state: 'visible', timeout: STEP_MS });
    await page.locator('[id="adsa.adsa.adsa.status"]', { hasText: /best 0\.\d+/ }).waitFor({ state: 'visible', timeout: STEP_MS });
    await shot('stopped', t);

    const lock = join(workspace, '.adsa', 'run.lock');
    await waitFor('the run lock to be released', () => !existsSync(lock), { timeoutMs: STEP_MS });
    const history = readFileSync(join(workspace, '.adsa', 'history.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => IterationRecordSchema.parse(JSON.parse(line)));
    assert.deepEqual(history.map((record) => [record.iteration, record.status]), [[1, 'ok'], [2, 'stopped']]);
    assert.deepEqual(history[0]!.attempts.map((attempt) => [attempt.kind, attempt.exitCode]), [['generated', 1], ['fix', 0]]);
    assert.deepEqual(markerProcesses(), [], 'no process of the stopped script survives');

    const fixerRequests = llm.requests.filter((request) => request.api === 'messages');
    assert.equal(fixerRequests.length, 1, 'one fix was asked for');
    assert.deepEqual(pageErrors(page), []);
    assert.deepEqual(consoleErrors, [], 'no Content Security Policy violations');
  });
});
