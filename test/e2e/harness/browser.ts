import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';

/** Debian's Chromium (playwright's own browser downloads cannot be reached here); ADSA_E2E_CHROMIUM overrides. */
export function chromiumPath(): string {
  return process.env.ADSA_E2E_CHROMIUM || '/usr/bin/chromium';
}

/**
 * Headless Chromium with the flags checked on these machines: no sandbox (root in a
 * container), no GPU, and no background traffic to Google that would only time out offline.
 * ADSA_E2E_HEADED=1 shows the window when a display is available.
 */
export async function launchBrowser(options: { headless?: boolean } = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is not at ${executablePath}; run scripts/install-e2e.sh.`);
  }
  return chromium.launch({
    executablePath,
    headless: options.headless ?? process.env.ADSA_E2E_HEADED !== '1',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens the workbench for `workspace` in a fresh browser context and resolves once
 * `.monaco-workbench` and the status bar are visible. Page errors are collected on
 * `page` for debugging (see pageErrors).
 */
export async function openWorkbench(
  browser: Browser,
  url: string,
  workspace: string,
  options: { viewport?: { width: number; height: number }; timeoutMs?: number } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    // The workbench's copy/paste goes through the async clipboard API.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  pageErrorLog.set(page, errors);
  const timeout = options.timeoutMs ?? 60_000;
  await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`, { timeout });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout });
  return page;
}

const pageErrorLog = new WeakMap<Page, string[]>();

/** Uncaught errors the workbench page threw since openWorkbench. */
export function pageErrors(page: Page): string[] {
  return [...(pageErrorLog.get(page) ?? [])];
}
