import { execFileSync } from 'node:child_process';

/** Pids of live processes whose command line holds `marker` (zombies show no arguments). */
export function processesWith(marker: string): number[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes(marker))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}
