/** A change the fixer proposes, shown to whoever reviews it before it runs. */
export interface FixProposal {
  iteration: number;
  /** The attempt this change will become. */
  attempt: number;
  kind: 'fix' | 'speedup';
  /** The fixer's one-line reason. */
  reason: string;
  before: string;
  after: string;
  /** Unified diff of before -> after. */
  diff: string;
  /** The file the change is for: solution.py of the loop's folder (a direction's worktree, say). */
  file: string;
  /** The research direction whose loop proposes it. */
  direction?: string;
}

export type ReviewDecision =
  | { decision: 'accept' }
  /** Accepted with the reviewer's own edits: this code runs, and the next fixer request hears of it. */
  | { decision: 'edited'; code: string }
  | { decision: 'reject' };

/** The CLI accepts at once; the extension opens a diff editor and waits per `adsa.fixReview`. */
export interface FixReviewer {
  review(proposal: FixProposal, signal: AbortSignal): Promise<ReviewDecision>;
}

export const acceptAll: FixReviewer = {
  review: async () => ({ decision: 'accept' }),
};
