import type { EngineEvent } from '../core/events';
import { formatDuration } from './historyTable';

interface Streams {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/**
 * Prints engine events for a person at a terminal: status lines prefixed `adsa ›`, the
 * script's own output as is, scores as they arrive. Lines of research directions running
 * side by side are tagged with the direction, so their output does not run together.
 */
export class ConsoleRenderer {
  private readonly started = Date.now();
  private atLineStart = true;
  /** Unfinished output line per direction, held until its end arrives. */
  private readonly partial = new Map<string, string>();
  private tag = '';

  constructor(private readonly streams: Streams = { out: process.stdout, err: process.stderr }) {}

  readonly handle = (event: EngineEvent): void => {
    this.tag = event.direction ? `[${event.direction}] ` : '';
    switch (event.type) {
      case 'loop-started':
        return this.status(event.lastIteration !== null ? `iterations ${event.firstIteration}–${event.lastIteration} on ${event.workspace}` : `research directions on ${event.workspace}`);
      case 'iteration-started':
        return this.status(`iteration ${event.iteration}`);
      case 'phase':
        if (event.phase === 'running' || event.phase === 'recording') return;
        return this.status(`iteration ${event.iteration} · attempt ${event.attempt} · ${event.phase}`);
      case 'llm-started':
        return this.status(`asking the ${event.role} (${event.model}) …`);
      case 'llm-finished':
        return this.status(`${event.role} answered in ${formatDuration(event.durationMs)} (${event.usage.inputTokens} in / ${event.usage.outputTokens} out tokens)`);
      case 'run-started':
        return this.status(`iteration ${event.iteration} · attempt ${event.attempt} · running ${event.command} ${event.args.join(' ')}`);
      case 'output':
        if (event.direction) return this.directionOutput(event.direction, event.chunk);
        this.atLineStart = event.chunk.endsWith('\n');
        this.streams.out.write(event.chunk);
        return;
      case 'run-finished': {
        const r = event.result;
        const how = r.stopped ? 'stopped' : r.timedOut ? 'timed out' : `exit code ${r.exitCode ?? r.signal}`;
        return this.status(`run finished: ${how} after ${formatDuration(r.durationMs)}`);
      }
      case 'attempt-failed':
        return this.status(`attempt ${event.attempt} did not count: ${event.problem}`);
      case 'fix-proposed':
        return this.status(`${event.proposal.kind} for attempt ${event.proposal.attempt}: ${event.proposal.reason}`);
      case 'fix-decided':
        return;
      case 'iteration-recorded': {
        const r = event.record;
        const cv = r.cvMean === null ? 'no score' : `CV ${r.metric ?? ''} ${r.cvMean.toFixed(5)}`.replace('  ', ' ');
        const score = r.privateScore == null ? cv : `${cv}, private ${r.privateScore.toFixed(5)}`;
        const fixes = r.fixAttempts === 1 ? '1 fix' : `${r.fixAttempts} fixes`;
        const number = r.directionIteration ? `iteration ${r.directionIteration} (workspace #${r.iteration})` : `iteration ${r.iteration}`;
        return this.status(`${number}: ${r.status} · ${score}${event.isBest ? ' (best so far)' : ''} · ${formatDuration(r.durationMs)} · ${fixes}`);
      }
      case 'direction-planned':
        return this.status(`direction planned (${event.info.origin}): ${event.info.title} — ${event.info.rationale}`);
      case 'direction-started':
        return this.status(`direction ${event.info.title} started on ${event.info.branch} with ${event.info.devices}`);
      case 'direction-finished': {
        const best = event.best;
        const score = best ? `best ${best.privateScore != null ? `private ${best.privateScore.toFixed(5)}` : `CV ${best.cvMean?.toFixed(5)}`}` : 'no successful iteration';
        return this.status(`direction ${event.info.title} ${event.info.status}: ${score}; its note is merged into research_directions/`);
      }
      case 'overfitting':
        return this.status(`warn: may be overfitting: ${event.reason}`, true);
      case 'log':
        return this.status(`${event.level === 'info' ? '' : `${event.level}: `}${event.message}`, event.level !== 'info');
      case 'loop-finished':
        return this.status(event.reason === 'error' ? `stopped by an error: ${event.error}` : `loop ${event.reason}`);
    }
  };

  private directionOutput(direction: string, chunk: string): void {
    const lines = ((this.partial.get(direction) ?? '') + chunk).split('\n');
    this.partial.set(direction, lines.pop() ?? '');
    if (lines.length > 0) this.streams.out.write(lines.map((line) => `${this.tag}${line}\n`).join(''));
  }

  private status(text: string, toErr = false): void {
    const elapsed = formatDuration(Date.now() - this.started).padStart(6);
    const prefix = this.atLineStart ? '' : '\n';
    this.atLineStart = true;
    (toErr ? this.streams.err : this.streams.out).write(`${prefix}adsa › ${elapsed}  ${this.tag}${text}\n`);
  }
}
