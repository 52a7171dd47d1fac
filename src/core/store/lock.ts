import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { LockedError } from '../errors';

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

export interface WorkspaceLock {
  release(): Promise<void>;
}

/**
 * Takes the workspace's run lock, so two runs never write the same files. A lock whose
 * process is gone (same host) is stale and taken over; a live one is refused.
 */
export async function acquireLock(lockPath: string, now: () => Date = () => new Date()): Promise<WorkspaceLock> {
  await mkdir(dirname(lockPath), { recursive: true });
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: now().toISOString() };
  for (let tries = 0; tries < 3; tries++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(JSON.stringify(owner));
      await handle.close();
      return { release: () => releaseIfOurs(lockPath, owner) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readOwner(lockPath);
    if (holder && isAlive(holder)) {
      throw new LockedError(
        `Another ADSA run (pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}) is active on this workspace; stop it first.`,
      );
    }
    // Stale or unreadable: the owner died without releasing it.
    await rm(lockPath, { force: true });
  }
  throw new LockedError(`Could not take the run lock ${lockPath}; another run keeps taking it.`);
}

async function readOwner(lockPath: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt ?? 'at an unknown time') };
  } catch {
    return null;
  }
}

function isAlive(owner: LockOwner): boolean {
  // A lock from another host cannot be checked from here: respect it.
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function releaseIfOurs(lockPath: string, owner: LockOwner): Promise<void> {
  const holder = await readOwner(lockPath);
  if (holder && holder.pid === owner.pid && holder.host === owner.host && holder.startedAt === owner.startedAt) {
    await rm(lockPath, { force: true });
  }
}
