import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { e2eResultsDir } from './paths';
import { waitFor } from './waitFor';

const QUICK_INPUT = '.quick-input-widget';

/**
 * Runs a command the way a user does: F1, type the title, move the selection to the
 * entry whose label is exactly `title` (e.g. "ADSA: Start"), Enter. Titles are the
 * palette labels, "Category: Title" for contributed commands with a category.
 */
export async function runCommand(page: Page, title: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 30_000;
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`);
  const entry = page
    .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
    .filter({ has: page.locator('.label-name', { hasText: exactly(title) }) })
    .first();
  // Two races right after the workbench appears: an F1 pressed before keybindings are
  // wired up is lost, and the palette lists the commands known when it opened, so an
  // extension's commands registered a moment later never show up in it (the palette
  // says "No matching commands"). Hence: open, look, close, and try again.
  await waitFor(
    `"${title}" in the command palette`,
    async () => {
      if (!(await input.isVisible())) await page.keyboard.press('F1');
      if (!(await input.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false))) return false;
      // fill() replaces the palette's own ">" prefix, so put it back.
      await input.fill(`>${title}`);
      if (await entry.waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false)) return true;
      await page.keyboard.press('Escape');
      return false;
    },
    { timeoutMs: timeout },
  );
  await acceptRow(page, entry, title);
  // The palette is done once its text is gone: closed, or replaced by a quick pick or
  // input box the command opened (so do not wait for the widget itself to hide).
  await waitFor(
    `the command palette to run "${title}"`,
    async () => !(await input.isVisible()) || (await input.inputValue()) !== `>${title}`,
    { timeoutMs: timeout },
  );
}

/** Picks the item labelled exactly `label` in a quick pick the extension shows (window.showQuickPick). */
export async function pickQuickItem(page: Page, label: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 30_000;
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(label);
  const entry = page
    .locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`)
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  await entry.waitFor({ state: 'visible', timeout });
  await acceptRow(page, entry, label);
}

/** Types `text` into an input box the extension shows (window.showInputBox) and presses Enter. */
export async function answerInputBox(page: Page, text: string, options: { timeoutMs?: number } = {}): Promise<void> {
  const timeout = options.timeoutMs ?? 30_000;
  const input = page.locator(`${QUICK_INPUT} .quick-input-box input`);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(text);
  await page.keyboard.press('Enter');
  // Closed, or replaced by the next prompt of a multi-step flow.
  await waitFor(
    'the input box to be accepted',
    async () => !(await input.isVisible()) || (await input.inputValue()) !== text,
    { timeoutMs: timeout },
  );
}

/** Moves the quick input's selection to `entry` with the arrow keys, then Enter. */
async function acceptRow(page: Page, entry: Locator, label: string): Promise<void> {
  // The list is filtered fuzzily, so the exact entry need not be the first one.
  for (let step = 0; !(await hasClass(entry, 'focused')); step++) {
    if (step > 50) throw new Error(`could not select "${label}" in the quick input list`);
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
}

/** The visible notification toast whose message matches; waits for it to appear. */
export async function waitForNotification(
  page: Page,
  message: string | RegExp,
  options: { timeoutMs?: number } = {},
): Promise<Locator> {
  // With the harness's workbench.reduceMotion=on the toast is in place as soon as it is
  // visible. (Do not wait for its "notification-fade-in-done" class instead: that is set
  // on transitionend, which never fires when reduced motion makes the transition 0 ms.)
  const toast = page
    .locator('.notifications-toasts .notification-toast')
    .filter({ has: page.locator('.notification-list-item-message', { hasText: message }) })
    .first();
  await toast.waitFor({ state: 'visible', timeout: options.timeoutMs ?? 30_000 });
  return toast;
}

/** Clicks the button labelled exactly `label` on a notification toast (the one matching `message`, if given). */
export async function clickNotificationButton(
  page: Page,
  label: string,
  options: { message?: string | RegExp; timeoutMs?: number } = {},
): Promise<void> {
  const timeout = options.timeoutMs ?? 30_000;
  const toast = options.message
    ? await waitForNotification(page, options.message, { timeoutMs: timeout })
    : page.locator('.notifications-toasts .notification-toast');
  const button = toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: exactly(label) }).first();
  await button.click({ timeout });
}

/**
 * The visible rows of the active terminal, one line each, trailing blanks trimmed.
 * This reads xterm's DOM renderer, which the harness forces with
 * terminal.integrated.gpuAcceleration=off (the WebGL/canvas renderers leave no text in
 * the DOM). Only the viewport is rendered: for long output, check the latest lines
 * or make the panel larger.
 */
export async function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const terminals = [...document.querySelectorAll<HTMLElement>('.terminal-wrapper.active .xterm-rows')];
    const visible = terminals.find((rows) => rows.offsetParent !== null) ?? terminals[0];
    if (!visible) return '';
    return [...visible.children]
      .map((row) => (row.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd())
      .join('\n')
      .trimEnd();
  });
}

/** Waits until the active terminal shows `expected`, and returns its text. */
export async function waitForTerminalText(
  page: Page,
  expected: string | RegExp,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  let last = '';
  try {
    return await waitFor(
      `terminal text ${String(expected)}`,
      async () => {
        last = await terminalText(page);
        const found = typeof expected === 'string' ? last.includes(expected) : expected.test(last);
        return found ? last : undefined;
      },
      { timeoutMs: options.timeoutMs ?? 30_000, intervalMs: 250 },
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; the terminal showed:\n${last}`);
  }
}

/** Saves a PNG of the page into test-results/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(e2eResultsDir(), `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path });
  return path;
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

async function hasClass(locator: Locator, name: string): Promise<boolean> {
  return ((await locator.getAttribute('class')) ?? '').split(/\s+/).includes(name);
}
