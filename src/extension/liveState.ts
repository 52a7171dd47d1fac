import type { EngineEvent, Phase } from '../core/events';

/** What the loop is doing now, folded from engine events; shown in the status bar and the sidebar. */
export interface LiveState {
  running: boolean;
  firstIteration: number | null;
  lastIteration: number | null;
  iteration: number | null;
  attempt: number | null;
  phase: Phase | null;
  /** Set once the loop ends. */
  finished: 'completed' | 'stopped' | 'error' | null;
  error: string | null;
}

export const idleLiveState: LiveState = {
  running: false,
  firstIteration: null,
  lastIteration: null,
  iteration: null,
  attempt: null,
  phase: null,
  finished: null,
  error: null,
};

export function nextLiveState(state: LiveState, event: EngineEvent): LiveState {
  switch (event.type) {
    case 'loop-started':
      return {
        ...idleLiveState,
        running: true,
        firstIteration: event.firstIteration,
        lastIteration: event.lastIteration,
      };
    case 'iteration-started':
      return { ...state, iteration: event.iteration, attempt: null, phase: null };
    case 'phase':
      return { ...state, iteration: event.iteration, attempt: event.attempt, phase: event.phase };
    case 'loop-finished':
      return { ...state, running: false, phase: null, finished: event.reason, error: event.error ?? null };
    default:
      return state;
  }
}

const PHASE_LABELS: Record<Phase, string> = {
  generating: 'generating code',
  running: 'running solution.py',
  fixing: 'asking for a fix',
  reviewing: 'waiting for fix review',
  verifying: 'checking outputs',
  recording: 'recording',
};

/** One line: "Iteration 3 (2 of 5) · attempt 1 · running solution.py". */
export function liveLine(state: LiveState): string {
  if (state.finished === 'completed') return 'Finished';
  if (state.finished === 'stopped') return 'Stopped';
  if (state.finished === 'error') return `Stopped by an error: ${state.error ?? 'unknown error'}`;
  if (!state.running) return 'Idle';
  if (state.iteration === null) return 'Starting…';
  const parts = [`Iteration ${state.iteration}${ofTotal(state)}`];
  if (state.attempt !== null && state.attempt > 1) parts.push(`attempt ${state.attempt}`);
  if (state.phase !== null) parts.push(PHASE_LABELS[state.phase]);
  return parts.join(' · ');
}

function ofTotal(state: LiveState): string {
  if (state.firstIteration === null || state.lastIteration === null || state.iteration === null) return '';
  const index = state.iteration - state.firstIteration + 1;
  const total = state.lastIteration - state.firstIteration + 1;
  return ` (${index} of ${total})`;
}
