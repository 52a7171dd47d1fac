import type { Direction } from '../core/directions/direction';
import type { EngineEvent, Phase } from '../core/events';

/** One research direction as this window saw it: what the coordinator said, and what its loop is doing. */
export interface DirectionLive {
  info: Direction;
  /** The direction's own iteration number, not the workspace-wide one. */
  iteration: number | null;
  attempt: number | null;
  phase: Phase | null;
}

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
  /** Directions of a research run by slug, in the order they were planned; empty for a single loop. */
  directions: Readonly<Record<string, DirectionLive>>;
  /** The latest overfitting warning per direction; its next recorded iteration clears it. */
  overfitting: Readonly<Record<string, string>>;
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
  directions: {},
  overfitting: {},
};

/**
 * Folds one event into the state. Parts that did not change keep their identity, so a consumer
 * can tell cheaply whether the directions changed.
 */
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
      if (event.direction !== undefined) return withDirection(state, event.direction, { iteration: event.iteration, attempt: null, phase: null });
      return { ...state, iteration: event.iteration, attempt: null, phase: null };
    case 'phase':
      if (event.direction !== undefined) {
        return withDirection(state, event.direction, { iteration: event.iteration, attempt: event.attempt, phase: event.phase });
      }
      return { ...state, iteration: event.iteration, attempt: event.attempt, phase: event.phase };
    case 'direction-planned':
    case 'direction-started':
    case 'direction-finished':
      return {
        ...state,
        directions: { ...state.directions, [event.info.slug]: { info: event.info, iteration: null, attempt: null, phase: null } },
      };
    case 'overfitting':
      return { ...state, overfitting: { ...state.overfitting, [event.slug]: event.reason } };
    case 'iteration-recorded': {
      const slug = event.record.direction;
      if (slug === undefined || !(slug in state.overfitting)) return state;
      const { [slug]: _cleared, ...rest } = state.overfitting;
      return { ...state, overfitting: rest };
    }
    case 'loop-finished':
      return {
        ...state,
        running: false,
        phase: null,
        finished: event.reason,
        error: event.error ?? null,
        directions: Object.fromEntries(
          Object.entries(state.directions).map(([slug, live]) => [slug, { ...live, iteration: null, attempt: null, phase: null }]),
        ),
      };
    default:
      return state;
  }
}

function withDirection(state: LiveState, slug: string, change: Omit<DirectionLive, 'info'>): LiveState {
  const current = state.directions[slug];
  if (!current) return state;
  return { ...state, directions: { ...state.directions, [slug]: { ...current, ...change } } };
}

/** Whether the state is of a research run (several directions) rather than a single loop. */
export function isResearch(state: LiveState): boolean {
  return Object.keys(state.directions).length > 0;
}

/** Directions whose loop is running now, in the order they were planned. */
export function runningDirections(state: LiveState): DirectionLive[] {
  return Object.values(state.directions).filter((d) => d.info.status === 'in_progress');
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
  if (isResearch(state)) return researchLine(state);
  if (state.iteration === null) return 'Starting…';
  const parts = [`Iteration ${state.iteration}${ofTotal(state)}`];
  if (state.attempt !== null && state.attempt > 1) parts.push(`attempt ${state.attempt}`);
  if (state.phase !== null) parts.push(PHASE_LABELS[state.phase]);
  return parts.join(' · ');
}

/** What a running direction does now: "iteration 2 · attempt 2 · asking for a fix"; null before its first iteration. */
export function directionActivity(live: DirectionLive): string | null {
  if (live.iteration === null) return null;
  const parts = [`iteration ${live.iteration}`];
  if (live.attempt !== null && live.attempt > 1) parts.push(`attempt ${live.attempt}`);
  if (live.phase !== null) parts.push(PHASE_LABELS[live.phase]);
  return parts.join(' · ');
}

function researchLine(state: LiveState): string {
  const running = runningDirections(state);
  const [only] = running;
  if (!only) return 'Research run · choosing the next direction…';
  if (running.length === 1) return `Research run · ${only.info.title}: ${directionActivity(only) ?? 'starting'}`;
  return `Research run · ${running.length} directions running`;
}

function ofTotal(state: LiveState): string {
  if (state.firstIteration === null || state.lastIteration === null || state.iteration === null) return '';
  const index = state.iteration - state.firstIteration + 1;
  const total = state.lastIteration - state.firstIteration + 1;
  return ` (${index} of ${total})`;
}
