import { join } from 'node:path';
import type { RunRequest } from '../../src/core/run/types';

/** A run of `python args` in `dir` with a one-minute limit, logging to `dir/run.log`. */
export function runRequest(python: string, dir: string, args: string[], overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    command: python,
    args,
    cwd: dir,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    timeoutMs: 60_000,
    graceMs: 500,
    logFile: join(dir, 'run.log'),
    header: '=== attempt ===\n',
    ...overrides,
  };
}
