import { execFile } from 'node:child_process';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';

export interface SandboxOptions {
  /** The run folder: the only place the script can write. */
  runDir: string;
  /** Folders or files the script must not read: the original data folder, the private hold-out folder. */
  hide: string[];
}

/** The bubblewrap executable on PATH, or null. */
export function findBwrap(searchPath = process.env.PATH ?? ''): string | null {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'bwrap');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/**
 * Wraps a command in bubblewrap: the whole file system read-only, the run folder writable, a fresh
 * /tmp, /dev and /proc (GPUs passed through), and an empty read-only tmpfs (or /dev/null, for a file)
 * over each hidden path, so the script can neither read the private data nor write outside its folder.
 * The working directory is kept. Null when bwrap is not on PATH; `bwrapWorks` tells whether it runs.
 */
export function sandboxCommand(
  command: string,
  args: string[],
  options: SandboxOptions,
): { command: string; args: string[] } | null {
  const bwrap = findBwrap();
  if (bwrap === null) return null;
  const runDir = resolve(options.runDir);
  const covers: string[] = [];
  const within: string[] = [];
  const readOnly: string[] = [];
  for (const path of new Set(options.hide.map((hidden) => resolve(hidden)))) {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) continue;
    const mount = info.isDirectory() ? ['--tmpfs', path] : ['--ro-bind', '/dev/null', path];
    // A hidden folder holding the run folder is covered first, and the run folder bound back into it.
    (isInside(runDir, path) ? covers : within).push(...mount);
    // Made read-only last (bwrap creates mount points first), so a write there fails loudly.
    if (info.isDirectory()) readOnly.push('--remount-ro', path);
  }
  // The fresh /tmp must not take away an interpreter that lives there (a venv in a checkout under /tmp).
  const interpreterRoot = isAbsolute(command) ? dirname(dirname(resolve(command))) : null;
  const keep = interpreterRoot && isInside(interpreterRoot, '/tmp') ? ['--ro-bind', interpreterRoot, interpreterRoot] : [];
  return {
    command: bwrap,
    args: [
      '--ro-bind', '/', '/',
      '--dev', '/dev',
      ...gpuDevices().flatMap((device) => ['--dev-bind', device, device]),
      '--proc', '/proc',
      '--tmpfs', '/tmp',
      ...keep,
      ...covers,
      '--bind', runDir, runDir,
      ...within,
      ...readOnly,
      '--die-with-parent',
      '--',
      command,
      ...args,
    ],
  };
}

function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** NVIDIA device nodes, which a fresh /dev lacks. */
function gpuDevices(): string[] {
  try {
    return readdirSync('/dev')
      .filter((name) => name.startsWith('nvidia'))
      .map((name) => `/dev/${name}`);
  } catch {
    return [];
  }
}

/**
 * Whether bubblewrap can start a sandbox here: it needs user namespaces (or setuid), which
 * containers often deny. The reason is bwrap's own message.
 */
export function bwrapWorks(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const wrapped = sandboxCommand('true', [], { runDir: process.cwd(), hide: [] });
  if (wrapped === null) return Promise.resolve({ ok: false, reason: 'bwrap is not on PATH' });
  return new Promise((resolvePromise) => {
    execFile(wrapped.command, wrapped.args, { timeout: 10_000 }, (error, _stdout, stderr) => {
      resolvePromise(error ? { ok: false, reason: stderr.trim() || error.message } : { ok: true });
    });
  });
}
