import type { EngineEvent } from '../core/events';
import type { RunResult } from '../core/run/types';

type RunStarted = Extract<EngineEvent, { type: 'run-started' }>;

const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/**
 * The terminal for one run of solution.py: "ADSA · iteration 2 · attempt 1", or with its scope
 * (a research direction's slug, the final run) "ADSA · cabin-features · iteration 2 · attempt 1".
 */
export function terminalName(iteration: number, attempt: number, scope?: string): string {
  return `ADSA · ${scope === undefined ? '' : `${scope} · `}iteration ${iteration} · attempt ${attempt}`;
}

/** A terminal needs CRLF: a bare LF moves down without returning to the first column. */
export function toTerminalText(chunk: string): string {
  return chunk.replace(/(?<!\r)\n/g, '\r\n');
}

/** The command, folder and the variables the engine set (GPU, unbuffered output). */
export function runHeader(event: RunStarted): string {
  const command = [event.command, ...event.args].map(quoteIfNeeded).join(' ');
  const env = Object.entries(event.env)
    .map(([name, value]) => `${name}=${quoteIfNeeded(value)}`)
    .join(' ');
  const lines = [`$ ${command}`, `  in ${event.cwd}`];
  if (env) lines.push(`  with ${env}`);
  return `${DIM}${lines.join('\r\n')}${RESET}\r\n\r\n`;
}

/** One line after the run: exit code (or time-out / stop) and duration. */
export function runFooter(result: RunResult): string {
  const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
  if (result.stopped) return `\r\n${YELLOW}[ADSA] stopped after ${seconds}${RESET}\r\n`;
  if (result.timedOut) return `\r\n${RED}[ADSA] timed out after ${seconds}: the process tree was killed${RESET}\r\n`;
  const code = result.exitCode === null ? `signal ${result.signal ?? 'unknown'}` : `exit code ${result.exitCode}`;
  const color = result.exitCode === 0 ? GREEN : RED;
  return `\r\n${color}[ADSA] ${code} after ${seconds}${RESET}\r\n`;
}

function quoteIfNeeded(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
