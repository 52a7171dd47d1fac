import treeKill from 'tree-kill';
import { listProcesses } from './processTable';

/** How long SIGKILLed processes get to disappear before we give up waiting. */
const KILL_WAIT_MS = 1500;
const POLL_MS = 20;

/**
 * What belongs to a run: the root and its descendants (while the root lives), everything in
 * the root's process group or session, and everything carrying the run's environment token.
 * The token is what finds a grandchild that called setsid() or double-forked away: it was
 * reparented and left the group, but it still has the environment it was started with.
 */
interface RunProcesses {
  rootPid?: number;
  groupId: number;
  /** `NAME=value` set in the root's environment. */
  token?: string;
}

/**
 * Ends a process and everything it started: SIGTERM to its tree, its process group and
 * session (a detached child leads both) and the carriers of `token` (`NAME=value`); SIGKILL
 * after `graceMs` to whatever is still alive. Resolves once all of it is gone, bounded by
 * `graceMs` plus a short wait for the kernel to finish the kills.
 */
export async function killTree(pid: number, graceMs: number, token?: string): Promise<void> {
  await endProcesses({ rootPid: pid, groupId: pid, token }, graceMs);
}

/** After a run's root has exited: ends what it left behind in its group, session or by token. */
export async function killLeftovers(groupId: number, graceMs: number, token?: string): Promise<void> {
  await endProcesses({ groupId, token }, graceMs);
}

async function endProcesses(run: RunProcesses, graceMs: number): Promise<void> {
  let alive = await livePids(run);
  if (alive.length === 0) return;
  await signalAll(run, alive, 'SIGTERM');
  const termDeadline = Date.now() + graceMs;
  while (Date.now() < termDeadline) {
    await sleep(Math.min(POLL_MS, termDeadline - Date.now()));
    alive = await livePids(run);
    if (alive.length === 0) return;
  }
  // Re-send on every poll: a process may have forked between our scan and the signal.
  const killDeadline = Date.now() + KILL_WAIT_MS;
  while (alive.length > 0 && Date.now() < killDeadline) {
    await signalAll(run, alive, 'SIGKILL');
    await sleep(POLL_MS);
    alive = await livePids(run);
  }
}

async function livePids(run: RunProcesses): Promise<number[]> {
  if (process.platform === 'win32') {
    return run.rootPid !== undefined && isAlive(run.rootPid) ? [run.rootPid] : [];
  }
  const table = await listProcesses(run.token);
  const children = new Map<number, number[]>();
  for (const entry of table) {
    const siblings = children.get(entry.ppid) ?? [];
    siblings.push(entry.pid);
    children.set(entry.ppid, siblings);
  }
  const members = new Set<number>();
  for (const entry of table) {
    if (entry.pgid === run.groupId || entry.sid === run.groupId || entry.hasToken || entry.pid === run.rootPid) {
      members.add(entry.pid);
    }
  }
  // Descendants of any member (covers children that moved to their own group before the token existed).
  const queue = [...members];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (!members.has(child)) {
        members.add(child);
        queue.push(child);
      }
    }
  }
  members.delete(process.pid);
  return [...members];
}

async function signalAll(run: RunProcesses, alive: number[], signal: NodeJS.Signals): Promise<void> {
  if (process.platform !== 'win32') {
    sendSignal(-run.groupId, signal); // the whole group at once, before anyone can fork
  }
  for (const pid of alive) sendSignal(pid, signal);
  // tree-kill walks the tree by parent pid; it is what works on macOS and Windows too.
  if (run.rootPid !== undefined && alive.includes(run.rootPid)) {
    const rootPid = run.rootPid;
    await new Promise<void>((resolve) => treeKill(rootPid, signal, () => resolve()));
  }
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone; EPERM: not ours to signal.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
