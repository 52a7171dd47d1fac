import type { RepoState } from '../core/git/repo';

/**
 * Whether a folder can host research directions, which run on git branches: ready, a folder
 * to initialise (only with the user's consent), or a problem the user has to solve first.
 */
export type GitReadiness = { kind: 'ready' } | { kind: 'needs-init' } | { kind: 'problem'; message: string };

export function gitReadiness(state: RepoState): GitReadiness {
  if (!state.isRepo) return { kind: 'needs-init' };
  if (state.branch === null) {
    return { kind: 'problem', message: 'The repository is on a detached HEAD; check out a branch so research directions can start from it.' };
  }
  if (state.unborn) {
    return {
      kind: 'problem',
      message: `The branch ${state.branch ?? 'of this repository'} has no commits yet; make a first commit so research directions have a base.`,
    };
  }
  return { kind: 'ready' };
}
