import type { Direction } from '../core/directions/direction';
import type { EngineEvent } from '../core/events';
import type { IterationRecord } from '../core/store/historySchema';
import { formatScore } from './historyViewModel';

type LlmStarted = Extract<EngineEvent, { type: 'llm-started' }>;

/** The notification after a direction ends: "Direction Cabin features finished: best accuracy 0.8123, private 0.8011." */
export function directionFinishedMessage(info: Direction, best: IterationRecord | null): string {
  if (!best || best.cvMean === null) return `Direction ${info.title} finished without a successful iteration.`;
  const hidden = best.privateScore == null ? '' : `, private ${formatScore(best.privateScore)}`;
  return `Direction ${info.title} finished: best ${best.metric ?? 'score'} ${formatScore(best.cvMean)}${hidden}.`;
}

/**
 * The progress notification's title while a model answers: "ADSA · iteration 2: gpt-5.4 is
 * writing solution.py…", with the direction when there is one. Iteration 0 is the research
 * run's own work: proposing directions, or a direction's learnings.
 */
export function llmProgressTitle(event: LlmStarted): string {
  const scope = event.direction === undefined ? '' : `${event.direction} · `;
  if (event.iteration === 0) {
    const what = event.direction === undefined ? 'proposing research directions' : 'writing what the direction learned';
    return `ADSA · ${scope}${event.model} is ${what}…`;
  }
  const what = event.role === 'generator' ? 'writing solution.py' : 'proposing a fix';
  return `ADSA · ${scope}iteration ${event.iteration}: ${event.model} is ${what}…`;
}

/** A log line of a direction's loop starts with its slug, so parallel directions stay apart in the log. */
export function withDirectionPrefix(event: EngineEvent, message: string): string {
  return event.direction === undefined ? message : `[${event.direction}] ${message}`;
}
