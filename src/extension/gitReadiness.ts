import { branchProblem, type RepoState } from '../core/git/repo';

/**
 * Whether a folder can host research directions, which run on git branches: ready, a folder
 * to initialise (only with the user's consent), or a problem the user has to solve first.
 */
export type GitReadiness = { kind: 'ready' } | { kind: 'needs-init' } | { kind: 'problem'; message: string };

export function gitReadiness(state: RepoState): GitReadiness {
  if (!state.isRepo) return { kind: 'needs-init' };
  const problem = branchProblem(state);
  return problem ? { kind: 'problem', message: problem } : { kind: 'ready' };
}
