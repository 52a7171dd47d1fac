import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { AdsaError } from '../../src/core/errors';
import { mergeNotesOnly } from '../../src/core/git/mergeNotes';
import { SerialQueue } from '../../src/core/git/serialQueue';
import { ensureExcluded, initRepo, inspectRepo } from '../../src/core/git/repo';
import {
  commitIteration,
  createDirectionWorktree,
  listDirectionBranches,
  removeWorktree,
} from '../../src/core/git/worktrees';
import { tempDir } from '../helpers/tempDir';

// No git identity and no user config: a fresh HOME for every git this file starts, ADSA's included.
const home = tempDir('adsa-git-home-');
process.env.HOME = home;
process.env.XDG_CONFIG_HOME = join(home, '.config');
for (const name of Object.keys(process.env)) if (name.startsWith('GIT_')) delete process.env[name];

const user = {
  GIT_AUTHOR_NAME: 'User',
  GIT_AUTHOR_EMAIL: 'user@example.com',
  GIT_COMMITTER_NAME: 'User',
  GIT_COMMITTER_EMAIL: 'user@example.com',
};

/** The user's own git, with an identity given per command (none is configured). */
function sh(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...user }, encoding: 'utf8' }).trimEnd();
}

function write(root: string, path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
const status = (root: string) => sh(root, 'status', '--porcelain', '--untracked-files=all');
const files = (root: string, rev: string) => sh(root, 'ls-tree', '-r', '--name-only', rev).split('\n').filter(Boolean);
const parents = (root: string, rev: string) => sh(root, 'rev-list', '--parents', '-n', '1', rev).split(' ').slice(1);

/** A repository on `main` with one commit of the user's, made with the user's identity. */
function userRepo(): string {
  const root = tempDir('adsa-git-repo-');
  sh(root, 'init', '--quiet', '--initial-branch=main');
  write(root, 'README.md', 'readme\n');
  write(root, 'solution.py', 'print("v1")\n');
  write(root, 'research_directions/.keep', '');
  sh(root, 'add', '.');
  sh(root, 'commit', '--quiet', '-m', 'user start');
  return root;
}

async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AdsaError, `expected an AdsaError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('inspectRepo and initRepo', () => {
  test('a plain folder is not a repository; a missing one is an error', async () => {
    const dir = tempDir('adsa-git-plain-');
    assert.deepEqual(await inspectRepo(dir), { isRepo: false, dirty: false, unborn: false });
    await rejectsWith(inspectRepo(join(dir, 'missing')), /does not exist/);
  });

  test('this file runs with no git identity configured', () => {
    const root = tempDir('adsa-git-noid-');
    execFileSync('git', ['init', '--quiet'], { cwd: root });
    const plain = spawnSync('git', ['commit', '--allow-empty', '-m', 'x'], { cwd: root, encoding: 'utf8' });
    assert.notEqual(plain.status, 0, 'a git commit without identity should fail here');
    assert.match(plain.stderr, /identity|tell me who you are/i);
  });

  test('initRepo makes a repository with one empty commit by ADSA and adds none of the files', async () => {
    const dir = tempDir('adsa-git-init-');
    write(dir, 'data.csv', 'a,b\n1,2\n');
    await initRepo(dir);
    const state = await inspectRepo(dir);
    assert.equal(state.isRepo, true);
    assert.equal(state.root, dir);
    assert.equal(state.unborn, false);
    assert.equal(state.dirty, true);
    assert.match(state.head ?? '', /^[0-9a-f]{40}$/);
    assert.equal(typeof state.branch, 'string');
    assert.deepEqual(files(dir, 'HEAD'), []);
    assert.equal(sh(dir, 'rev-list', '--count', 'HEAD'), '1');
    assert.equal(sh(dir, 'log', '-1', '--format=%an <%ae> / %cn <%ce>'), 'ADSA <adsa@localhost> / ADSA <adsa@localhost>');
    assert.equal(status(dir), '?? data.csv');
  });

  test('initRepo gives an unborn branch a first commit and leaves what the user staged staged', async () => {
    const root = tempDir('adsa-git-unborn-');
    sh(root, 'init', '--quiet', '--initial-branch=trunk');
    write(root, 'staged.txt', 'staged\n');
    sh(root, 'add', 'staged.txt');
    const before = await inspectRepo(root);
    assert.equal(before.unborn, true);
    assert.equal(before.branch, 'trunk');
    assert.equal(before.head, undefined);

    await initRepo(root);
    const after = await inspectRepo(root);
    assert.equal(after.unborn, false);
    assert.equal(after.branch, 'trunk');
    assert.deepEqual(files(root, 'HEAD'), []);
    assert.equal(status(root), 'A  staged.txt');
  });

  test('initRepo leaves a repository with commits alone; inspectRepo sees dirt and a detached HEAD', async () => {
    const root = userRepo();
    const head = sh(root, 'rev-parse', 'HEAD');
    await initRepo(root);
    assert.equal(sh(root, 'rev-parse', 'HEAD'), head);
    assert.deepEqual(await inspectRepo(root), { isRepo: true, root, branch: 'main', head, dirty: false, unborn: false });

    write(root, 'README.md', 'changed\n');
    assert.equal((await inspectRepo(root)).dirty, true);
    sh(root, 'checkout', '--quiet', '--detach');
    const detached = await inspectRepo(root);
    assert.equal(detached.branch, null);
    assert.equal(detached.head, head);
  });
});

describe('ensureExcluded', () => {
  test('adds the pattern to .git/info/exclude once, keeping what was there, and hides the folder', async () => {
    const root = userRepo();
    const exclude = join(root, '.git', 'info', 'exclude');
    writeFileSync(exclude, '# mine\n*.tmp');
    write(root, '.adsa/history.jsonl', '{}\n');
    assert.equal(status(root), '?? .adsa/history.jsonl');

    await ensureExcluded(root, '.adsa/');
    await ensureExcluded(root, '.adsa/');
    assert.equal(readFileSync(exclude, 'utf8'), '# mine\n*.tmp\n.adsa/\n');
    assert.equal(status(root), '');
    assert.deepEqual(files(root, 'HEAD'), ['README.md', 'research_directions/.keep', 'solution.py']);
  });
});

describe('direction worktrees', () => {
  test('creates exp/<slug> from the user HEAD in .adsa/worktrees/<slug>, and reuses it', async () => {
    const root = userRepo();
    const head = sh(root, 'rev-parse', 'HEAD');
    const created = await createDirectionWorktree(root, 'catboost-tuning');
    assert.deepEqual(created, { branch: 'exp/catboost-tuning', path: join(root, '.adsa', 'worktrees', 'catboost-tuning') });
    assert.equal(sh(created.path, 'rev-parse', '--abbrev-ref', 'HEAD'), 'exp/catboost-tuning');
    assert.equal(sh(created.path, 'rev-parse', 'HEAD'), head);
    assert.equal(read(created.path, 'solution.py'), 'print("v1")\n');
    assert.equal(status(root), '', 'the worktree must not show in the user status');
    assert.equal(sh(root, 'symbolic-ref', '--short', 'HEAD'), 'main');

    const again = await createDirectionWorktree(root, 'catboost-tuning');
    assert.deepEqual(again, created);
    assert.equal(sh(root, 'worktree', 'list').split('\n').length, 2);
    assert.deepEqual(await listDirectionBranches(root), ['exp/catboost-tuning']);
  });

  test('after a crash that lost the worktree folder, the branch is checked out again with its commits', async () => {
    const root = userRepo();
    const { path } = await createDirectionWorktree(root, 'crash');
    write(path, 'solution.py', 'print("v2")\n');
    const sha = await commitIteration(path, ['solution.py'], 'iteration 1');
    rmSync(path, { recursive: true, force: true });

    const resumed = await createDirectionWorktree(root, 'crash');
    assert.equal(resumed.path, path);
    assert.equal(sh(path, 'rev-parse', 'HEAD'), sha);
    assert.equal(read(path, 'solution.py'), 'print("v2")\n');
    assert.equal(sh(root, 'worktree', 'list').split('\n').length, 2);
  });

  test('refuses a detached HEAD, an unborn branch, a branch checked out elsewhere, an occupied folder, a bad name', async () => {
    const detached = userRepo();
    sh(detached, 'checkout', '--quiet', '--detach');
    await rejectsWith(createDirectionWorktree(detached, 'a'), /detached HEAD/);

    const unborn = tempDir('adsa-git-unborn-');
    sh(unborn, 'init', '--quiet', '--initial-branch=main');
    await rejectsWith(createDirectionWorktree(unborn, 'a'), /main has no commits yet/);

    await rejectsWith(createDirectionWorktree(tempDir('adsa-git-plain-'), 'a'), /not a git repository/);

    const root = userRepo();
    sh(root, 'branch', 'exp/taken');
    const elsewhere = join(tempDir('adsa-git-elsewhere-'), 'wt');
    sh(root, 'worktree', 'add', '--quiet', elsewhere, 'exp/taken');
    await rejectsWith(createDirectionWorktree(root, 'taken'), /exp\/taken is already checked out at/);

    write(root, '.adsa/worktrees/occupied/keep.txt', 'mine\n');
    await rejectsWith(createDirectionWorktree(root, 'occupied'), /exists but is not the worktree of exp\/occupied/);
    assert.equal(read(root, '.adsa/worktrees/occupied/keep.txt'), 'mine\n');

    await rejectsWith(createDirectionWorktree(root, '../escape'), /must be letters, digits/);
    assert.deepEqual(await listDirectionBranches(root), ['exp/taken']);
  });

  test('removeWorktree removes the folder and keeps the branch; it removes nothing outside .adsa/worktrees', async () => {
    const root = userRepo();
    const { path } = await createDirectionWorktree(root, 'done');
    write(path, 'output.csv', 'uncommitted\n');
    await removeWorktree(root, path);
    assert.equal(existsSync(path), false);
    assert.deepEqual(await listDirectionBranches(root), ['exp/done']);
    assert.equal(sh(root, 'worktree', 'list').split('\n').length, 1);

    await rejectsWith(removeWorktree(root, root), /not a direction worktree/);
    assert.equal(existsSync(join(root, 'README.md')), true);
  });
});

describe('commitIteration', () => {
  test('commits exactly the named paths (new, changed, deleted) on the direction branch only', async () => {
    const root = userRepo();
    const userHead = sh(root, 'rev-parse', 'HEAD');
    const { path } = await createDirectionWorktree(root, 'feat');
    write(path, 'solution.py', 'print("v2")\n');
    write(path, 'older_solutions/iteration_001/solution.py', 'print("v2")\n');
    write(path, 'scratch.txt', 'not named\n');
    rmSync(join(path, 'README.md'));
    write(path, '.gitignore', '*.csv\n');
    write(path, 'submission.csv', 'id,y\n1,0\n');

    const sha = await commitIteration(path, ['solution.py', 'older_solutions', 'README.md', 'submission.csv'], 'iteration 1: 0.81');
    assert.equal(sh(root, 'rev-parse', 'exp/feat'), sha);
    assert.deepEqual(parents(root, sha), [userHead]);
    assert.equal(sh(root, 'log', '-1', '--format=%s|%an|%cn', sha), 'iteration 1: 0.81|ADSA|ADSA');
    assert.deepEqual(files(root, sha), [
      'older_solutions/iteration_001/solution.py',
      'research_directions/.keep',
      'solution.py',
      'submission.csv',
    ]);
    assert.equal(sh(path, 'status', '--porcelain'), '?? .gitignore\n?? scratch.txt');

    assert.equal(sh(root, 'rev-parse', 'main'), userHead);
    assert.equal(read(root, 'solution.py'), 'print("v1")\n');
    assert.equal(status(root), '');

    assert.equal(await commitIteration(path, ['solution.py', 'README.md'], 'iteration 2: nothing new'), sha);
    assert.equal(sh(root, 'rev-parse', 'exp/feat'), sha);
    await rejectsWith(commitIteration(path, ['../outside.txt'], 'x'), /must be relative to the repository/);
  });

  test('no hook of the user runs: failing and marker-writing hooks do not block or fire', async () => {
    const root = userRepo();
    const marker = join(tempDir('adsa-git-hooks-'), 'ran');
    for (const hook of ['pre-commit', 'prepare-commit-msg', 'commit-msg', 'post-commit', 'post-checkout', 'reference-transaction', 'post-merge']) {
      const file = join(root, '.git', 'hooks', hook);
      writeFileSync(file, `#!/bin/sh\necho ${hook} >> "${marker}"\nexit 1\n`);
      chmodSync(file, 0o755);
    }
    const userCommit = spawnSync('git', ['commit', '--allow-empty', '-m', 'x'], { cwd: root, env: { ...process.env, ...user } });
    assert.notEqual(userCommit.status, 0, 'the hooks are live for the user');
    rmSync(marker, { force: true });

    const { path } = await createDirectionWorktree(root, 'hooked');
    write(path, 'research_directions/hooked.md', '# hooked\n');
    const sha = await commitIteration(path, ['research_directions/hooked.md'], 'iteration 1');
    const merged = await mergeNotesOnly(root, 'exp/hooked', ['research_directions/hooked.md'], 'notes of hooked');
    assert.deepEqual(parents(root, merged), [sh(root, 'rev-parse', 'HEAD~1'), sha]);
    assert.equal(existsSync(marker), false, existsSync(marker) ? readFileSync(marker, 'utf8') : '');
  });
});

describe('mergeNotesOnly', () => {
  const notes = (slug: string) => [`research_directions/${slug}.md`, `research_directions/${slug}.jsonl`];

  /** A direction that changed code and wrote its notes, committed on its branch. */
  async function direction(root: string, slug: string, version = 1): Promise<{ path: string; tip: string }> {
    const { path } = await createDirectionWorktree(root, slug);
    write(path, 'solution.py', `print("${slug} v${version}")\n`);
    write(path, `model_${slug}.py`, 'import sklearn\n');
    write(path, `research_directions/${slug}.md`, `# ${slug}\n\nversion ${version}\n`);
    write(path, `research_directions/${slug}.jsonl`, `{"iteration":${version}}\n`);
    const tip = await commitIteration(path, ['solution.py', `model_${slug}.py`, ...notes(slug)], `iteration ${version}`);
    return { path, tip };
  }

  test('brings only the notes, as a two-parent merge, through a dirty user tree untouched', async () => {
    const root = userRepo();
    const { tip } = await direction(root, 'one');
    // The user's own work in progress: staged, unstaged (in a file the branch also changed) and untracked.
    write(root, 'README.md', 'staged edit\n');
    sh(root, 'add', 'README.md');
    write(root, 'README.md', 'staged edit\nplus an unstaged line\n');
    write(root, 'solution.py', 'print("user edit")\n');
    write(root, 'notes.txt', 'untracked\n');
    write(root, 'new_staged.py', 'x = 1\n');
    sh(root, 'add', 'new_staged.py');
    const oldHead = sh(root, 'rev-parse', 'HEAD');
    const statusBefore = status(root);
    const stagedBefore = sh(root, 'diff', '--cached');
    const unstagedBefore = sh(root, 'diff');
    const bytesBefore = ['README.md', 'solution.py', 'notes.txt', 'new_staged.py'].map((file) => read(root, file));

    const merge = await mergeNotesOnly(root, 'exp/one', notes('one'), 'ADSA: notes of direction one');

    assert.equal(sh(root, 'rev-parse', 'HEAD'), merge);
    assert.equal(sh(root, 'symbolic-ref', '--short', 'HEAD'), 'main');
    assert.deepEqual(parents(root, merge), [oldHead, tip]);
    assert.equal(sh(root, 'log', '-1', '--format=%s|%an|%cn', merge), 'ADSA: notes of direction one|ADSA|ADSA');
    assert.deepEqual(files(root, merge), [
      'README.md',
      'research_directions/.keep',
      'research_directions/one.jsonl',
      'research_directions/one.md',
      'solution.py',
    ]);
    assert.equal(sh(root, 'show', `${merge}:solution.py`), 'print("v1")');
    assert.equal(sh(root, 'show', `${merge}:research_directions/one.md`), sh(root, 'show', `${tip}:research_directions/one.md`));
    assert.equal(read(root, 'research_directions/one.md'), '# one\n\nversion 1\n');
    assert.equal(read(root, 'research_directions/one.jsonl'), '{"iteration":1}\n');
    assert.equal(existsSync(join(root, 'model_one.py')), false);

    assert.equal(status(root), statusBefore);
    assert.equal(sh(root, 'diff', '--cached'), stagedBefore);
    assert.equal(sh(root, 'diff'), unstagedBefore);
    assert.deepEqual(['README.md', 'solution.py', 'notes.txt', 'new_staged.py'].map((file) => read(root, file)), bytesBefore);
  });

  test('a later merge updates the notes; a tip already merged changes nothing', async () => {
    const root = userRepo();
    const { path } = await direction(root, 'two');
    const first = await mergeNotesOnly(root, 'exp/two', notes('two'), 'notes of two');
    assert.equal(await mergeNotesOnly(root, 'exp/two', notes('two'), 'notes of two again'), first);
    assert.equal(sh(root, 'rev-parse', 'HEAD'), first);

    write(path, 'research_directions/two.md', '# two\n\nversion 2\n');
    const tip = await commitIteration(path, notes('two'), 'iteration 2');
    const second = await mergeNotesOnly(root, 'exp/two', notes('two'), 'notes of two, later');
    assert.deepEqual(parents(root, second), [first, tip]);
    assert.equal(read(root, 'research_directions/two.md'), '# two\n\nversion 2\n');
    assert.equal(status(root), '');
  });

  test('refuses, changing nothing, on changes to the note paths, a detached HEAD, a merge in progress, a missing file or branch', async () => {
    const root = userRepo();
    await direction(root, 'three');
    const head = sh(root, 'rev-parse', 'HEAD');
    const unchanged = () => assert.equal(sh(root, 'rev-parse', 'HEAD'), head);

    write(root, 'research_directions/three.md', 'the user wrote this\n');
    await rejectsWith(mergeNotesOnly(root, 'exp/three', notes('three'), 'm'), /uncommitted changes to research_directions\/three\.md/);
    assert.equal(read(root, 'research_directions/three.md'), 'the user wrote this\n');
    unchanged();
    rmSync(join(root, 'research_directions/three.md'));

    write(root, 'research_directions/.keep', 'edited\n');
    await rejectsWith(mergeNotesOnly(root, 'exp/three', ['research_directions/.keep'], 'm'), /uncommitted changes to research_directions\/\.keep/);
    sh(root, 'checkout', '--', 'research_directions/.keep');

    await rejectsWith(mergeNotesOnly(root, 'exp/three', ['research_directions/missing.md'], 'm'), /not a file on exp\/three/);
    await rejectsWith(mergeNotesOnly(root, 'exp/nope', notes('three'), 'm'), /no branch exp\/nope/);
    await rejectsWith(mergeNotesOnly(root, 'exp/three', ['../x.md'], 'm'), /must be relative/);
    unchanged();

    sh(root, 'checkout', '--quiet', '-b', 'side');
    write(root, 'README.md', 'side\n');
    sh(root, 'commit', '--quiet', '-am', 'side');
    sh(root, 'checkout', '--quiet', 'main');
    sh(root, 'merge', '--quiet', '--no-ff', '--no-commit', 'side');
    await rejectsWith(mergeNotesOnly(root, 'exp/three', notes('three'), 'm'), /Finish or abort the merge in progress/);
    sh(root, 'merge', '--abort');
    unchanged();

    sh(root, 'checkout', '--quiet', '--detach');
    await rejectsWith(mergeNotesOnly(root, 'exp/three', notes('three'), 'm'), /detached HEAD/);
    sh(root, 'checkout', '--quiet', 'main');
    unchanged();
    assert.equal(status(root), '');
  });

  test('two directions commit at the same time, then both merges asked at once land one after the other', async () => {
    const root = userRepo();
    const [a, b] = await Promise.all([createDirectionWorktree(root, 'alpha'), createDirectionWorktree(root, 'beta')]);
    for (let iteration = 1; iteration <= 3; iteration += 1) {
      await Promise.all(
        [a, b].map(async ({ path, branch }) => {
          const slug = branch.slice('exp/'.length);
          write(path, 'solution.py', `print("${slug} ${iteration}")\n`);
          write(path, `research_directions/${slug}.md`, `# ${slug}\niteration ${iteration}\n`);
          write(path, `research_directions/${slug}.jsonl`, `{"iteration":${iteration}}\n`);
          await commitIteration(path, ['solution.py', ...notes(slug)], `${slug} iteration ${iteration}`);
        }),
      );
    }
    assert.equal(sh(root, 'rev-list', '--count', 'exp/alpha'), '4');
    assert.equal(sh(root, 'rev-list', '--count', 'exp/beta'), '4');

    const start = sh(root, 'rev-parse', 'HEAD');
    // Two merges at once: mergeNotesOnly waits for the other merge itself.
    const [mergeA, mergeB] = await Promise.all([
      mergeNotesOnly(root, 'exp/alpha', notes('alpha'), 'notes of alpha'),
      mergeNotesOnly(root, 'exp/beta', notes('beta'), 'notes of beta'),
    ]);
    const head = sh(root, 'rev-parse', 'HEAD');
    assert.ok(head === mergeA || head === mergeB);
    const [firstMerge, secondMerge] = head === mergeB ? [mergeA, mergeB] : [mergeB, mergeA];
    assert.equal(parents(root, firstMerge)[0], start);
    assert.equal(parents(root, secondMerge)[0], firstMerge);
    assert.deepEqual(
      files(root, 'HEAD').filter((file) => file.startsWith('research_directions/')),
      ['research_directions/.keep', ...notes('alpha').reverse(), ...notes('beta').reverse()],
    );
    assert.equal(sh(root, 'show', 'HEAD:solution.py'), 'print("v1")');
    assert.equal(read(root, 'research_directions/alpha.md'), '# alpha\niteration 3\n');
    assert.equal(read(root, 'research_directions/beta.md'), '# beta\niteration 3\n');
    assert.equal(status(root), '');
  });
});

describe('SerialQueue', () => {
  test('runs tasks one at a time in order, and goes on after a failure', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(task('a')), queue.run(task('b', true)), queue.run(task('c'))]);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });
});
