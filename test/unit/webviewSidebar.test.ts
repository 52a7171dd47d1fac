import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Direction } from '../../src/core/directions/direction';
import type { IterationRecord } from '../../src/core/store/historySchema';
import { historyView } from '../../src/extension/historyViewModel';
import { idleLiveState, nextLiveState } from '../../src/extension/liveState';
import { webviewHtml } from '../../src/extension/webviewHtml';
import { iterationRecord } from '../helpers/iterationRecord';
import { tempDir } from '../helpers/tempDir';

/**
 * The sidebar's real bundle in a real Chromium, under the same Content-Security-Policy the
 * extension serves it with; acquireVsCodeApi is a stub that records what the page sends.
 */
const CHROMIUM = process.env.ADSA_CHROMIUM ?? '/usr/bin/chromium';
const root = join(__dirname, '..', '..');

function record(iteration: number, fields: Partial<IterationRecord> = {}): IterationRecord {
  return iterationRecord(iteration, { durationMs: 30_000, runDurationMs: 20_000, classShares: { '0': 0.6, '1': 0.4 }, ...fields });
}

describe('sidebar webview in Chromium', { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];

  before(async () => {
    const out = tempDir('adsa-webview-');
    await build({
      entryPoints: [join(root, 'webview', 'main.ts')],
      outfile: join(out, 'webview.js'),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      logLevel: 'silent',
    });
    server = createServer((request, response) => {
      const files: Record<string, [string, string]> = {
        '/webview.js': [join(out, 'webview.js'), 'text/javascript'],
        '/sidebar.css': [join(root, 'media', 'sidebar.css'), 'text/css'],
      };
      const file = files[request.url ?? ''];
      if (file) {
        response.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]));
        return;
      }
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const html = webviewHtml({ cspSource: origin, nonce: 'n0nce', scriptUri: `${origin}/webview.js`, styleUri: `${origin}/sidebar.css` });
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    page.on('pageerror', (error) => violations.push(error.message));
    // A string, not a function: tsx's compiled functions reference helpers the page lacks.
    await page.addInitScript(`
      window.sent = [];
      window.violations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.violations.push(event.violatedDirective + ' ' + event.blockedURI));
      let state;
      window.acquireVsCodeApi = () => ({
        postMessage: (message) => window.sent.push(message),
        getState: () => state,
        setState: (value) => { state = value; },
      });
    `);
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const sent = () => page.evaluate(() => (window as unknown as { sent: unknown[] }).sent);
  const post = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);

  test('says it is ready, then shows the empty state', async () => {
    await page.waitForFunction(() => (window as unknown as { sent: unknown[] }).sent.length > 0);
    assert.deepEqual((await sent())[0], { type: 'ready' });
    await post({ type: 'history', view: historyView([]) });
    await page.locator('#adsa-empty vscode-button', { hasText: 'Start Iterations' }).click();
    assert.deepEqual((await sent()).at(-1), { type: 'command', command: 'start' });
  });

  test('lists iterations newest first with scores, marks the best and draws the chart', async () => {
    await post({
      type: 'history',
      view: historyView([
        record(1, { cvMean: 0.7 }),
        record(2, { status: 'failed', cvMean: null, error: 'ValueError: could not convert' }),
        record(3, { cvMean: 0.85 }),
      ]),
    });
    await post({ type: 'live', line: 'Iteration 4 (1 of 2) · running solution.py', running: true });
    const rows = page.locator('#adsa-iterations > li.adsa-iteration');
    assert.deepEqual(await rows.evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.iteration)), ['3', '2', '1']);
    assert.deepEqual(await page.locator('#adsa-iterations .adsa-score').allTextContents(), ['0.8500', '—', '0.7000']);
    assert.equal(await page.locator('li[data-best="true"]').getAttribute('data-iteration'), '3');
    assert.equal(await page.locator('li[data-iteration="2"]').getAttribute('data-status'), 'failed');
    assert.match((await page.locator('li[data-iteration="2"] .adsa-error').textContent()) ?? '', /ValueError/);
    assert.equal(await page.locator('#adsa-chart circle.adsa-point').count(), 2);
    assert.equal(await page.locator('#adsa-chart .adsa-chart-failure').count(), 1);
    assert.match((await page.locator('#adsa-phase').textContent()) ?? '', /Iteration 4 \(1 of 2\) · running solution\.py/);
    assert.ok(await page.getByRole('button', { name: 'Iteration 3, ok, score 0.8500, best' }).isVisible());
  });

  test('clicking an iteration offers its code, diff, fixes and log', async () => {
    await page.locator('li[data-iteration="1"] .adsa-row-head').click();
    for (const [label, view] of [['Code', 'code'], ['Diff', 'diff'], ['Fixes', 'fixes'], ['Log', 'log']] as const) {
      const action = page.locator(`li[data-iteration="1"] vscode-button.adsa-open-${view}`);
      assert.equal(await action.getAttribute('aria-label'), `${label} of iteration 1`);
      await action.click();
      assert.deepEqual((await sent()).at(-1), { type: 'open', iteration: 1, view });
    }
  });

  test('research directions show as groups with state, devices, scores, gap and the overfitting flag', async () => {
    const info = (slug: string, title: string, fields: Partial<Direction>): Direction => ({
      slug,
      title,
      rationale: '',
      status: 'planned',
      branch: `exp/${slug}`,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: null,
      origin: 'generator',
      ...fields,
    });
    const inDirection = (iteration: number, slug: string, own: number, cv: number, hidden: number) =>
      record(iteration, { direction: slug, directionIteration: own, cvMean: cv, privateScore: hidden });
    const live = [
      { type: 'loop-started', workspace: '/w', firstIteration: 2, lastIteration: null },
      { type: 'direction-started', info: info('stacking', 'Stacking', { status: 'in_progress', devices: 'GPU 1' }), runDir: '/r', direction: 'stacking' },
      { type: 'phase', iteration: 3, attempt: 2, phase: 'fixing', direction: 'stacking' },
    ] as const;
    const view = historyView(
      [record(1, { cvMean: 0.7 }), inDirection(2, 'cabin-features', 1, 0.8, 0.79), inDirection(3, 'stacking', 1, 0.82, 0.78), inDirection(4, 'stacking', 2, 0.86, 0.8)],
      {
        notes: [info('cabin-features', 'Cabin features', { status: 'done', devices: 'GPU 0' })],
        live: live.reduce(nextLiveState, idleLiveState),
        suggestions: ['Try CatBoost'],
      },
    );
    await post({ type: 'history', view });

    const stacking = page.locator('#adsa-iterations > li.adsa-direction[data-direction="stacking"]');
    assert.equal(await stacking.getAttribute('data-status'), 'in_progress');
    assert.equal(await stacking.getAttribute('data-overfitting'), 'true');
    assert.equal(await stacking.locator('.adsa-direction-title').textContent(), 'Stacking');
    assert.equal(await stacking.locator('.adsa-direction-status').textContent(), 'running');
    assert.equal(await stacking.locator('.adsa-direction-devices').textContent(), 'GPU 1');
    assert.equal(await stacking.locator('.adsa-direction-best').textContent(), 'best 0.8600 · private 0.8000 · gap +0.0600 at #4');
    assert.equal(await stacking.locator('.adsa-direction-activity').textContent(), 'iteration 3 · attempt 2 · asking for a fix');
    assert.match((await stacking.locator('.adsa-overfitting').textContent()) ?? '', /^⚠ Overfitting: CV 0\.86 vs private 0\.8/);
    const rows = stacking.locator('ul.adsa-direction-iterations > li.adsa-iteration');
    assert.deepEqual(await rows.evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.iteration)), ['4', '3']);
    const latest = stacking.locator('li.adsa-iteration[data-iteration="4"]');
    assert.equal(await latest.getAttribute('data-direction'), 'stacking');
    assert.equal(await latest.getAttribute('data-private'), '0.8');
    assert.equal(await latest.locator('.adsa-row-private').textContent(), 'private 0.8000 · gap +0.0600');

    const cabin = page.locator('#adsa-iterations > li.adsa-direction[data-direction="cabin-features"]');
    assert.equal(await cabin.getAttribute('data-overfitting'), 'false');
    assert.equal(await cabin.locator('.adsa-overfitting').count(), 0);
    assert.equal(await cabin.locator('.adsa-direction-activity').count(), 0);
    assert.equal(await page.locator('#adsa-iterations > li.adsa-iteration[data-iteration="1"] .adsa-row-private').count(), 0);
    assert.deepEqual(
      await page.locator('#adsa-iterations > li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.direction ?? (li as HTMLElement).dataset.iteration)),
      ['stacking', 'cabin-features', '1'],
    );

    await latest.locator('.adsa-row-head').click();
    await latest.locator('vscode-button.adsa-open-diff').click();
    assert.deepEqual((await sent()).at(-1), { type: 'open', iteration: 4, view: 'diff' });

    assert.deepEqual(await page.locator('#adsa-suggestions li.adsa-suggestion').allTextContents(), ['Try CatBoost']);
    await page.locator('#adsa-suggestions vscode-button.adsa-suggest').click();
    assert.deepEqual((await sent()).at(-1), { type: 'command', command: 'suggestDirection' });
  });

  test('the toolkit renders styled components under the page CSP, with no violation', async () => {
    const styled = await page.evaluate(() => {
      const button = document.querySelector('vscode-button');
      return {
        defined: customElements.get('vscode-button') !== undefined,
        sheets: button?.shadowRoot?.adoptedStyleSheets.length ?? 0,
      };
    });
    assert.equal(styled.defined, true);
    assert.ok(styled.sheets > 0, 'the button carries its stylesheet');
    const cspViolations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(violations, []);
  });

  test('messages that do not match the protocol are ignored', async () => {
    const before = await page.locator('#adsa-iterations > li').count();
    await post({ type: 'history', view: { rows: 'nope' } });
    await post({ type: 'unknown' });
    assert.equal(await page.locator('#adsa-iterations > li').count(), before);
  });
});
