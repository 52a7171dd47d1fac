import type { Direction } from './directions/direction';
import type { Role, TokenUsage } from './llm/types';
import type { RunResult } from './run/types';
import type { FixProposal, ReviewDecision } from './review';
import type { IterationRecord } from './store/historySchema';

export type Phase = 'generating' | 'running' | 'fixing' | 'reviewing' | 'verifying' | 'recording';

/** What one loop reports. */
type LoopEvent =
  /** lastIteration is null for a research run, whose length depends on its directions. */
  | { type: 'loop-started'; workspace: string; firstIteration: number; lastIteration: number | null }
  | { type: 'iteration-started'; iteration: number }
  | { type: 'phase'; iteration: number; attempt: number; phase: Phase }
  | { type: 'llm-started'; iteration: number; role: Role; model: string }
  | { type: 'llm-finished'; iteration: number; role: Role; model: string; usage: TokenUsage; durationMs: number }
  | {
      type: 'run-started';
      iteration: number;
      attempt: number;
      command: string;
      args: string[];
      cwd: string;
      /** The variables the engine set for the run (GPU, unbuffered output), not the whole environment. */
      env: Record<string, string>;
    }
  | { type: 'output'; iteration: number; attempt: number; chunk: string }
  | { type: 'run-finished'; iteration: number; attempt: number; result: RunResult }
  | { type: 'attempt-failed'; iteration: number; attempt: number; problem: string }
  | { type: 'fix-proposed'; proposal: FixProposal }
  | { type: 'fix-decided'; iteration: number; attempt: number; decision: ReviewDecision['decision'] }
  | { type: 'iteration-recorded'; record: IterationRecord; isBest: boolean }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'loop-finished'; reason: 'completed' | 'stopped' | 'error'; error?: string };

/** What the research coordinator adds when several directions run. */
type DirectionEvent =
  | { type: 'direction-planned'; info: Direction }
  | { type: 'direction-started'; info: Direction; runDir: string }
  | { type: 'direction-finished'; info: Direction; best: IterationRecord | null }
  | { type: 'overfitting'; slug: string; reason: string };

/**
 * Everything the engine reports. Front ends subscribe; the engine never prints or draws.
 * Events of a direction's loop carry its slug; their iteration numbers are the direction's own,
 * except `iteration-recorded`, whose record is the workspace-wide history line.
 */
export type EngineEvent = (LoopEvent | DirectionEvent) & { direction?: string };

export type EngineListener = (event: EngineEvent) => void;
