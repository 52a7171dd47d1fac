import type { EngineEvent } from '../core/events';
import { formatDuration } from './historyTable';

interface Streams {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/**
 * Prints engine events for a person at a terminal: status lines prefixed `adsa ›`, the
 * script's own output as is, scores as they arrive.
 */
export class ConsoleRenderer {
  private readonly started = Date.now();
  private atLineStart = true;

  constructor(private readonly streams: Streams = { out: process.stdout, err: process.stderr }) {}

  readonly handle = (event: EngineEvent): void => {
    switch (event.type) {
      case 'loop-started':
        return this.status(`iterations ${event.firstIteration}–${event.lastIteration} on ${event.workspace}`);
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
        const score = r.cvMean === null ? 'no score' : `CV ${r.metric ?? ''} ${r.cvMean.toFixed(5)}`.replace('  ', ' ');
        const fixes = r.fixAttempts === 1 ? '1 fix' : `${r.fixAttempts} fixes`;
        return this.status(`iteration ${r.iteration}: ${r.status} · ${score}${event.isBest ? ' (best so far)' : ''} · ${formatDuration(r.durationMs)} · ${fixes}`);
      }
      case 'log':
        return this.status(`${event.level === 'info' ? '' : `${event.level}: `}${event.message}`, event.level !== 'info');
      case 'loop-finished':
        return this.status(event.reason === 'error' ? `stopped by an error: ${event.error}` : `loop ${event.reason}`);
    }
  };

  private status(text: string, toErr = false): void {
    const elapsed = formatDuration(Date.now() - this.started).padStart(6);
    const prefix = this.atLineStart ? '' : '\n';
    this.atLineStart = true;
    (toErr ? this.streams.err : this.streams.out).write(`${prefix}adsa › ${elapsed}  ${text}\n`);
  }
}
