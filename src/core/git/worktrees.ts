import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { AdsaError } from '../errors';
import { adsaStatePattern, branchProblem, ensureExcluded, inspectRepo } from './repo';
import { repoRelativePaths } from './repoPaths';
import { withRepoLock } from './serialQueue';
import { git, tryGit } from './runGit';

/** The branch a research direction's iterations are committed to. */
export const directionBranch = (slug: string) => `exp/${slug}`;

/** Where a direction's worktree lives inside the user's repository (excluded from git). */
export const directionWorktreePath = (repoRoot: string, slug: string) =>
  join(repoRoot, '.adsa', 'worktrees', slug);

export interface DirectionWorktree {
  branch: string;
  path: string;
}

interface WorktreeEntry {
  path: string;
  /** Full ref name, e.g. refs/heads/exp/x; absent when detached. */
  branch?: string;
}

async function listWorktrees(repoRoot: string): Promise<WorktreeEntry[]> {
  const output = await git(repoRoot, ['worktree', 'list', '--porcelain']);
  const blocks = output.split(/\n\n+/).filter((block) => block.startsWith('worktree '));
  return Promise.all(
    blocks.map(async (block) => {
      const lines = block.split('\n');
      const path = await canonical((lines[0] ?? '').slice('worktree '.length));
      const branch = lines.find((line) => line.startsWith('branch '))?.slice('branch '.length);
      return branch === undefined ? { path } : { path, branch };
    }),
  );
}

/** Canonical form for comparing a path with git's, which resolves symbolic links. */
async function canonical(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

async function isEmptyOrMissing(path: string): Promise<boolean> {
  const entries = await readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.length === 0;
}

async function repositoryRoot(dir: string): Promise<string> {
  const state = await inspectRepo(dir);
  if (!state.isRepo || state.root === undefined) {
    throw new AdsaError(`${dir} is not a git repository; initialise one first to run research directions.`);
  }
  const problem = branchProblem(state);
  if (problem) throw new AdsaError(problem);
  return state.root;
}

/**
 * Gives the direction `slug` its branch `exp/<slug>` (new from the user's current commit) and a
 * worktree for it under `<repo>/.adsa/worktrees/<slug>`. When both already exist, as after a
 * crash, they are reused; a worktree folder deleted by hand is recreated from the branch.
 */
export async function createDirectionWorktree(repoRoot: string, slug: string): Promise<DirectionWorktree> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(slug) || slug.includes('..') || slug.endsWith('.lock') || slug.endsWith('.')) {
    throw new AdsaError(`The direction name "${slug}" must be letters, digits, dots, dashes or underscores.`);
  }
  const root = await repositoryRoot(repoRoot);
  return withRepoLock(root, async () => {
    const branch = directionBranch(slug);
    const path = directionWorktreePath(root, slug);
    await ensureExcluded(root, adsaStatePattern);
    // Forget worktrees whose folders are gone, so a deleted one can be added again.
    await git(root, ['worktree', 'prune']);

    const wanted = await canonical(path);
    const worktrees = await listWorktrees(root);
    const atPath = worktrees.find((entry) => entry.path === wanted);
    if (atPath !== undefined) {
      if (atPath.branch === `refs/heads/${branch}`) return { branch, path };
      throw new AdsaError(
        `The folder ${path} is a worktree of ${atPath.branch?.replace('refs/heads/', '') ?? 'a detached HEAD'}, not of ${branch}; remove it or choose another direction name.`,
      );
    }
    const elsewhere = worktrees.find((entry) => entry.branch === `refs/heads/${branch}`);
    if (elsewhere !== undefined) {
      throw new AdsaError(
        `The branch ${branch} is already checked out at ${elsewhere.path}; remove that worktree or choose another direction name.`,
      );
    }
    if (!(await isEmptyOrMissing(path))) {
      throw new AdsaError(`The folder ${path} exists but is not the worktree of ${branch}; move it away and try again.`);
    }

    const exists = await tryGit(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
    if (exists.ok) {
      await git(root, ['worktree', 'add', '--quiet', path, branch]);
    } else {
      const head = await git(root, ['rev-parse', '--verify', 'HEAD^{commit}']);
      await git(root, ['worktree', 'add', '--quiet', '--no-track', '-b', branch, path, head]);
    }
    return { branch, path };
  });
}

/**
 * Removes a direction's worktree folder (with its uncommitted run outputs); its branch stays as
 * the archive. Only folders under `<repo>/.adsa/worktrees/` are ever removed.
 */
export async function removeWorktree(repoRoot: string, path: string): Promise<void> {
  const root = await repositoryRoot(repoRoot);
  const container = await canonical(join(root, '.adsa', 'worktrees'));
  const target = await canonical(path);
  const inside = relative(container, target);
  if (inside === '' || inside.startsWith('..') || inside.includes(sep)) {
    throw new AdsaError(`${path} is not a direction worktree of ADSA, so it was not removed.`);
  }
  await withRepoLock(root, async () => {
    const registered = (await listWorktrees(root)).some((entry) => entry.path === target);
    if (registered) await git(root, ['worktree', 'remove', '--force', target]);
    await git(root, ['worktree', 'prune']);
  });
}

/** The direction branches (`exp/…`) in the repository, sorted by name. */
export async function listDirectionBranches(repoRoot: string): Promise<string[]> {
  const output = await git(repoRoot, ['for-each-ref', '--format=%(refname)', '--sort=refname', 'refs/heads/exp/']);
  return output === '' ? [] : output.split('\n').map((ref) => ref.slice('refs/heads/'.length));
}

async function existsOnDisk(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Commits exactly `paths` (relative to the worktree; new, changed or deleted) on the worktree's
 * branch and returns the commit; when none of them changed, returns the current commit instead.
 * Paths are added even if a .gitignore matches them: the caller named them. Built with plumbing
 * (write-tree, commit-tree, update-ref), so no hook, editor or signing prompt can block it.
 */
export async function commitIteration(worktreePath: string, paths: string[], message: string): Promise<string> {
  const relativePaths = repoRelativePaths(paths);
  // The worktree is ADSA's own; starting the index from HEAD keeps anything else out of the commit.
  await git(worktreePath, ['reset', '--quiet']);
  const present: string[] = [];
  const gone: string[] = [];
  for (const path of relativePaths) {
    (await existsOnDisk(join(worktreePath, path)) ? present : gone).push(path);
  }
  if (present.length > 0) await git(worktreePath, ['add', '--all', '--force', '--', ...present]);
  if (gone.length > 0) await git(worktreePath, ['rm', '-r', '--cached', '--quiet', '--ignore-unmatch', '--', ...gone]);

  const head = await git(worktreePath, ['rev-parse', '--verify', 'HEAD^{commit}']);
  const tree = await git(worktreePath, ['write-tree']);
  if (tree === (await git(worktreePath, ['rev-parse', `${head}^{tree}`]))) return head;
  const commit = await git(worktreePath, ['commit-tree', '--no-gpg-sign', '-p', head, '-m', message, tree]);
  // Compare-and-swap: fails rather than loses a commit if the branch moved meanwhile.
  await git(worktreePath, ['update-ref', '-m', `commit: ${message.split('\n')[0]}`, 'HEAD', commit, head]);
  return commit;
}
