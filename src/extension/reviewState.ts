import type { ReviewDecision } from '../core/review';
import type { FixReviewMode } from './settingsFromConfig';

/** How a review ended; `cancelled` means the loop stopped while the review was open. */
export type ReviewOutcome = 'accepted' | 'edited' | 'rejected' | 'timed-out-accepted' | 'cancelled';
export type ReviewState = 'pending' | ReviewOutcome;

export interface ReviewResult {
  outcome: ReviewOutcome;
  /** What the engine is told: the reviewer's edits count whenever the fix is accepted. */
  decision: ReviewDecision;
}

export interface ReviewTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ReviewSessionOptions {
  mode: FixReviewMode;
  /** The code the fixer proposed. */
  proposed: string;
  /** The code the reviewer sees at the moment of the decision (the editable right side). */
  currentCode: () => string;
  /** Aborted when the loop stops. */
  signal: AbortSignal;
  timers?: ReviewTimers;
}

/**
 * One fix review, independent of VS Code: pending until Accept, Reject, the timeout of a timed
 * review or a stop; `auto` is accepted at creation. The first decision wins; later ones are ignored.
 */
export class ReviewSession {
  private current: ReviewState = 'pending';
  private timer: unknown;
  private resolve!: (result: ReviewResult) => void;
  readonly result: Promise<ReviewResult>;
  private readonly timers: ReviewTimers;
  private readonly onAbort = () => this.finish('cancelled');

  constructor(private readonly options: ReviewSessionOptions) {
    this.timers = options.timers ?? { setTimeout, clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout) };
    this.result = new Promise((resolve) => (this.resolve = resolve));
    if (options.signal.aborted) {
      this.finish('cancelled');
    } else if (options.mode.kind === 'auto') {
      this.finish('accepted');
    } else {
      options.signal.addEventListener('abort', this.onAbort, { once: true });
      if (options.mode.kind === 'timed') {
        this.timer = this.timers.setTimeout(() => this.finish('timed-out-accepted'), options.mode.seconds * 1000);
      }
    }
  }

  get state(): ReviewState {
    return this.current;
  }

  get pending(): boolean {
    return this.current === 'pending';
  }

  /** Returns false when the review was already decided. */
  accept(): boolean {
    return this.finish('accepted');
  }

  reject(): boolean {
    return this.finish('rejected');
  }

  private finish(requested: ReviewOutcome): boolean {
    if (this.current !== 'pending') return false;
    let outcome = requested;
    let decision: ReviewDecision;
    if (requested === 'accepted' || requested === 'timed-out-accepted') {
      const code = this.options.currentCode();
      const edited = normalizeNewlines(code) !== normalizeNewlines(this.options.proposed);
      if (edited && requested === 'accepted') outcome = 'edited';
      decision = edited ? { decision: 'edited', code } : { decision: 'accept' };
    } else {
      decision = { decision: 'reject' };
    }
    this.current = outcome;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.options.signal.removeEventListener('abort', this.onAbort);
    this.resolve({ outcome, decision });
    return true;
  }
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
