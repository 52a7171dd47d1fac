import type { Task } from './task/loadTask';

/** What a research direction tells its loop. */
export interface DirectionContext {
  slug: string;
  title: string;
  rationale: string;
  /** Compact notes of every direction so far, so this one does not repeat a dead end. */
  digest: string;
}

export type PrivateScore = { ok: true; score: number } | { ok: false; problem: string };

/**
 * How the loop's scripts reach their data when it is staged for them (staged_data/): what the
 * generator is told, a guard on the paths the code names, and, with a private hold-out, the
 * scorer of holdout_predictions.csv.
 */
export interface DataAccess {
  instructions: string;
  /** Problems with the files the code would open, one sentence each; empty when it may run. */
  checkCode(code: string): string[];
  scoreHoldout?: () => Promise<PrivateScore>;
  /** Wraps a run's command, e.g. in a bubblewrap sandbox; null keeps it as is. */
  wrapCommand?: (command: string, args: string[]) => { command: string; args: string[] } | null;
}

/** Optional parts of a loop beyond a single hill-climb on the workspace's own files. */
export interface EngineOptions {
  /** The task as the user's workspace defines it; a direction's worktree may lack untracked data. */
  task?: Task;
  direction?: DirectionContext;
  /** Given: used as is. Absent: the engine stages the data itself when the task names a hold-out. */
  dataAccess?: DataAccess;
  /** Where hold-out labels are kept, outside the workspace; without it no hold-out is made. */
  privateDir?: string;
  /** Confine runs with bubblewrap when it is installed. */
  sandbox?: boolean;
  /** Variables every run gets on top of the settings' (device and thread allocation). */
  runEnv?: Record<string, string>;
}
