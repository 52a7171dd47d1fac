import { devNull } from 'node:os';
import { GitError, simpleGit } from 'simple-git';
import { AdsaError } from '../errors';

/** ADSA's own identity, set per command so the user's git config is neither needed nor changed. */
const identity = {
  GIT_AUTHOR_NAME: 'ADSA',
  GIT_AUTHOR_EMAIL: 'adsa@localhost',
  GIT_COMMITTER_NAME: 'ADSA',
  GIT_COMMITTER_EMAIL: 'adsa@localhost',
};

/**
 * simple-git rejects GIT_* (and editor/pager) variables given to `.env()` unless they are
 * allowed, and strips them from the ambient environment anyway; so the copy of the environment
 * we pass leaves them out and only ours, allowed below, go through.
 */
const guardedVariable = /^(git_|editor$|visual$|pager$|prefix$|ssh_askpass$)/i;

const ownVariables = [...Object.keys(identity), 'GIT_INDEX_FILE', 'GIT_OPTIONAL_LOCKS', 'GIT_LITERAL_PATHSPECS'];

export interface GitOptions {
  /** Use this index file instead of the repository's (GIT_INDEX_FILE). */
  indexFile?: string;
}

export type GitResult = { ok: true; stdout: string } | { ok: false; exitCode: number; stderr: string };

/** A GitError, so simple-git passes it through as it is instead of wrapping it. */
class GitExit extends GitError {
  constructor(
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(undefined, stderr);
  }
}

function client(dir: string, options: GitOptions) {
  const ambient = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !guardedVariable.test(name)),
  );
  return simpleGit({
    baseDir: dir,
    // Hooks never run for ADSA's commands: a hook that waits for input or fails would block the loop.
    config: [`core.hooksPath=${devNull}`],
    unsafe: { allowUnsafeHooksPath: true },
    allowEnvironment: ownVariables,
    errors: (error, result) =>
      result.exitCode === 0 ? error : new GitExit(result.exitCode, Buffer.concat(result.stdErr).toString('utf8')),
  }).env({
    ...ambient,
    ...identity,
    // `git status` must not take the index lock the user's own git commands may need.
    GIT_OPTIONAL_LOCKS: '0',
    // Paths ADSA names are file names, never globs or pathspec magic.
    GIT_LITERAL_PATHSPECS: '1',
    ...(options.indexFile === undefined ? {} : { GIT_INDEX_FILE: options.indexFile }),
  });
}

/** Runs git in `dir`; a non-zero exit is a result, not an exception. */
export async function tryGit(dir: string, args: string[], options: GitOptions = {}): Promise<GitResult> {
  try {
    const stdout = await client(dir, options).raw(args);
    return { ok: true, stdout: stdout.trimEnd() };
  } catch (error) {
    if (error instanceof GitExit) return { ok: false, exitCode: error.exitCode, stderr: error.stderr.trim() };
    throw new AdsaError(`Could not run git ${args[0]} in ${dir}: ${String(error)}`, { cause: error });
  }
}

/** Runs git in `dir` and returns its output without the trailing newline; a failure is an AdsaError. */
export async function git(dir: string, args: string[], options: GitOptions = {}): Promise<string> {
  const result = await tryGit(dir, args, options);
  if (result.ok) return result.stdout;
  const reason = result.stderr.split('\n').find((line) => line.trim() !== '') ?? `exit code ${result.exitCode}`;
  throw new AdsaError(`git ${args[0]} failed in ${dir}: ${reason}`);
}
