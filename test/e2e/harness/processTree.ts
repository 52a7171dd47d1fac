import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import treeKill from 'tree-kill';

/** All descendants of `pid` (children, grandchildren, ...) from the current process table. */
export function descendantPids(pid: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  for (const line of table.split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!child || parent === undefined || Number.isNaN(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** True while the process exists and is not a zombie (a dead child whose parent has not reaped it yet). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state letter follows the parenthesised command name, which may itself contain spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Ends `pid` and everything below it: SIGTERM to the tree, then SIGKILL to whatever is
 * still running after `graceMs`. Resolves once every process of the tree is gone.
 */
export async function killProcessTree(pid: number, graceMs = 5000): Promise<void> {
  const tree = [pid, ...descendantPids(pid)];
  await new Promise<void>((resolve) => treeKill(pid, 'SIGTERM', () => resolve()));
  const deadline = Date.now() + graceMs;
  while (tree.some(isRunning) && Date.now() < deadline) await sleep(100);
  for (const survivor of tree.filter(isRunning)) {
    for (const p of [survivor, ...descendantPids(survivor)]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  const hardDeadline = Date.now() + 5000;
  while (tree.some(isRunning) && Date.now() < hardDeadline) await sleep(100);
  const left = tree.filter(isRunning);
  if (left.length > 0) throw new Error(`processes still running after SIGKILL: ${left.join(', ')}`);
}
