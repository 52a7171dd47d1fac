import { appendFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { AdsaError } from '../errors';
import { git, tryGit } from './runGit';

export interface RepoState {
  isRepo: boolean;
  /** Top folder of the working tree. */
  root?: string;
  /** Short name of the checked-out branch; null on a detached HEAD. */
  branch?: string | null;
  /** Commit HEAD points to; absent on an unborn branch. */
  head?: string;
  /** Tracked changes (staged or not) or untracked files that are not ignored. */
  dirty: boolean;
  /** On a branch that has no commit yet. */
  unborn: boolean;
}

/** Why research directions cannot branch off this repository's HEAD, in one sentence; null when they can. */
export function branchProblem(state: RepoState): string | null {
  if (state.branch === null) return 'The repository is on a detached HEAD; check out a branch so research directions can start from it.';
  if (state.unborn) return `The branch ${state.branch} has no commits yet; make a first commit so research directions have a base.`;
  return null;
}

async function assertFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new AdsaError(`The folder ${dir} does not exist.`);
}

/** What git says about the folder: is it a repository, on which branch and commit, with changes or not. */
export async function inspectRepo(dir: string): Promise<RepoState> {
  await assertFolder(dir);
  const inside = await tryGit(dir, ['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok || inside.stdout !== 'true') return { isRepo: false, dirty: false, unborn: false };
  const root = await git(dir, ['rev-parse', '--show-toplevel']);
  const symbolic = await tryGit(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const head = await tryGit(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const status = await git(dir, ['status', '--porcelain', '-z', '--untracked-files=normal']);
  return {
    isRepo: true,
    root,
    branch: symbolic.ok ? symbolic.stdout : null,
    ...(head.ok ? { head: head.stdout } : {}),
    dirty: status !== '',
    unborn: !head.ok && symbolic.ok,
  };
}

/**
 * Makes `dir` a repository whose branch has a first, empty commit, so direction branches have
 * a base. Only on the user's explicit request. The commit is built with plumbing from an empty
 * tree: nothing the user has staged or written is added. A repository with commits is left as is.
 */
export async function initRepo(dir: string): Promise<void> {
  await assertFolder(dir);
  const state = await inspectRepo(dir);
  if (!state.isRepo) await git(dir, ['init', '--quiet']);
  if (state.isRepo && !state.unborn) return;
  const branchRef = await git(dir, ['symbolic-ref', 'HEAD']);
  const scratch = await mkdtemp(join(tmpdir(), 'adsa-init-'));
  try {
    const emptyTree = await git(dir, ['write-tree'], { indexFile: join(scratch, 'index') });
    const commit = await git(dir, ['commit-tree', '--no-gpg-sign', '-m', 'Start repository for ADSA', emptyTree]);
    // An empty old value makes this fail, rather than overwrite, if the branch appeared meanwhile.
    await git(dir, ['update-ref', '-m', 'adsa: first commit', branchRef, commit, '']);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** ADSA's state and direction worktrees live here in the user's repository. */
export const adsaStatePattern = '.adsa/';

/**
 * Adds `pattern` to the repository's `.git/info/exclude` unless a line already says it, so
 * ADSA's files never show as untracked and no file of the user's (like .gitignore) changes.
 */
export async function ensureExcluded(repoRoot: string, pattern: string = adsaStatePattern): Promise<void> {
  // `--git-path` finds the shared exclude file from a linked worktree too.
  const excludeFile = resolve(repoRoot, await git(repoRoot, ['rev-parse', '--git-path', 'info/exclude']));
  const current = await readFile(excludeFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  if (current.split(/\r?\n/).some((line) => line.trim() === pattern)) return;
  await mkdir(dirname(excludeFile), { recursive: true });
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await appendFile(excludeFile, `${separator}${pattern}\n`);
}
