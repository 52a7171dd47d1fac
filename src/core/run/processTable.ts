import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/** One live (non-zombie) process as seen in the process table. */
export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** Session id; undefined where `ps` cannot tell it. */
  sid: number | undefined;
  /** Whether its environment holds the given `NAME=value` token (Linux only; false elsewhere). */
  hasToken: boolean;
}

/**
 * Live processes of this machine. Zombies are left out: they are dead, only waiting to be
 * reaped, and hold no resources a run cares about. Reads /proc on Linux, `ps` elsewhere.
 */
export async function listProcesses(token?: string): Promise<ProcessEntry[]> {
  if (process.platform === 'linux') return listFromProc(token);
  if (process.platform === 'win32') return [];
  return listFromPs();
}

async function listFromProc(token?: string): Promise<ProcessEntry[]> {
  const names = await readdir('/proc');
  const needle = token === undefined ? undefined : Buffer.from(`\0${token}\0`);
  const entries = await Promise.all(
    names.filter((name) => /^\d+$/.test(name)).map((name) => readProcEntry(Number(name), needle)),
  );
  return entries.filter((entry): entry is ProcessEntry => entry !== undefined);
}

async function readProcEntry(pid: number, needle?: Buffer): Promise<ProcessEntry | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined; // exited while we looked
  }
  // "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [state, ppid, pgid, sid] = fields;
  if (state === undefined || state === 'Z' || state === 'X') return undefined;
  return { pid, ppid: Number(ppid), pgid: Number(pgid), sid: Number(sid), hasToken: await environHas(pid, needle) };
}

async function environHas(pid: number, needle?: Buffer): Promise<boolean> {
  if (needle === undefined) return false;
  try {
    // Each variable ends with NUL; a leading NUL lets the first one match like the others.
    const environ = Buffer.concat([Buffer.from([0]), await readFile(`/proc/${pid}/environ`)]);
    return environ.includes(needle);
  } catch {
    return false; // another user's process, or gone
  }
}

function listFromPs(): Promise<ProcessEntry[]> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], (error, stdout) => {
      if (error) return resolve([]);
      const entries: ProcessEntry[] = [];
      for (const line of stdout.split('\n')) {
        const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
        if (stat === undefined || stat.startsWith('Z')) continue;
        entries.push({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), sid: undefined, hasToken: false });
      }
      resolve(entries);
    });
  });
}
