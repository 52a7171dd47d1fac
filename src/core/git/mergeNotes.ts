import { randomBytes } from 'node:crypto';
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AdsaError } from '../errors';
import { repoRelativePaths } from './repoPaths';
import { withRepoLock } from './serialQueue';
import { git, tryGit } from './runGit';

interface BranchFile {
  path: string;
  mode: string;
  blob: string;
}

/** Files git keeps while an operation the user started is unfinished, and its name. */
const unfinishedOperations = { MERGE_HEAD: 'merge', CHERRY_PICK_HEAD: 'cherry-pick', REVERT_HEAD: 'revert' };

async function fileAtTip(root: string, tip: string, branch: string, path: string): Promise<BranchFile> {
  // ls-tree output: "<mode> <type> <object>\t<path>"; only regular files are notes.
  const line = await git(root, ['ls-tree', '--full-tree', tip, '--', path]);
  const [, mode, blob] = /^(100644|100755) blob ([0-9a-f]+)\t/.exec(line) ?? [];
  if (mode === undefined || blob === undefined) {
    throw new AdsaError(`${path} is not a file on ${branch}, so the notes were not merged.`);
  }
  return { path, mode, blob };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Brings only `paths` (a direction's notes and results) from the tip of `branch` onto the
 * user's current branch as a merge commit with two parents, the user's HEAD and the branch tip,
 * whose tree is the user's HEAD tree plus those files: none of the branch's code comes along.
 * The tree is built in a temporary index, the branch moves by compare-and-swap, and then only
 * those files are written to the working tree and the index, so the user's own changes, staged
 * or not, stay exactly as they were. Calls for one repository run one at a time. Returns the
 * new commit, or HEAD when the branch tip is already merged.
 */
export async function mergeNotesOnly(repoRoot: string, branch: string, paths: string[], message: string): Promise<string> {
  const notePaths = repoRelativePaths(paths);
  const root = await git(repoRoot, ['rev-parse', '--show-toplevel']);
  return withRepoLock(root, async () => {
    const current = await tryGit(root, ['symbolic-ref', '--quiet', 'HEAD']);
    if (!current.ok) {
      throw new AdsaError(`The repository is on a detached HEAD; check out a branch to merge the notes of ${branch}.`);
    }
    const currentRef = current.stdout;
    if (currentRef === `refs/heads/${branch}`) {
      throw new AdsaError(`${branch} is the branch checked out in ${root}, so its notes cannot be merged into it.`);
    }
    const gitDir = await git(root, ['rev-parse', '--absolute-git-dir']);
    for (const [file, operation] of Object.entries(unfinishedOperations)) {
      if (await exists(join(gitDir, file))) {
        throw new AdsaError(`Finish or abort the ${operation} in progress before ADSA merges the notes of ${branch}.`);
      }
    }
    const head = await tryGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    if (!head.ok) throw new AdsaError(`The current branch has no commits yet, so the notes of ${branch} were not merged.`);
    const tipResult = await tryGit(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`]);
    if (!tipResult.ok) throw new AdsaError(`There is no branch ${branch} to merge notes from.`);
    const oldHead = head.stdout;
    const tip = tipResult.stdout;

    const files: BranchFile[] = [];
    for (const path of notePaths) files.push(await fileAtTip(root, tip, branch, path));
    const touched = await git(root, ['status', '--porcelain', '-z', '--untracked-files=all', '--ignored=matching', '--', ...notePaths]);
    if (touched !== '') {
      const path = touched.split('\0')[0]?.slice(3);
      throw new AdsaError(`You have uncommitted changes to ${path}; commit or discard them so ADSA can merge the notes of ${branch}.`);
    }
    if ((await tryGit(root, ['merge-base', '--is-ancestor', tip, oldHead])).ok) return oldHead;

    const cacheInfo = files.flatMap((file) => ['--cacheinfo', `${file.mode},${file.blob},${file.path}`]);
    const indexFile = join(gitDir, `adsa-notes-index-${randomBytes(6).toString('hex')}`);
    let tree: string;
    try {
      await git(root, ['read-tree', oldHead], { indexFile });
      await git(root, ['update-index', '--add', ...cacheInfo], { indexFile });
      tree = await git(root, ['write-tree'], { indexFile });
    } finally {
      await rm(indexFile, { force: true });
    }
    const commit = await git(root, ['commit-tree', '--no-gpg-sign', '-p', oldHead, '-p', tip, '-m', message, tree]);
    const moved = await tryGit(root, ['update-ref', '-m', `merge ${branch}: notes only`, currentRef, commit, oldHead]);
    if (!moved.ok) {
      throw new AdsaError(`Your branch moved while ADSA was merging the notes of ${branch}; nothing was changed, try again.`);
    }
    // Only the note entries of the real index change, then only those files are written.
    const written = await tryGit(root, ['update-index', '--add', ...cacheInfo]);
    const checkedOut = written.ok && (await tryGit(root, ['checkout-index', '--force', '--', ...notePaths])).ok;
    if (!checkedOut) {
      throw new AdsaError(
        `The notes of ${branch} were committed to your branch but could not be written to your working folder; run "git checkout HEAD -- ${notePaths.join(' ')}" to bring them in.`,
      );
    }
    return commit;
  });
}
