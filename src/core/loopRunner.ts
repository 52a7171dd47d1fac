import type { EngineEvent, EngineListener } from './events';
import type { IterationRecord } from './store/historySchema';
import { acquireLock } from './store/lock';
import { workspacePaths } from './store/paths';

export interface LoopSummary {
  reason: 'completed' | 'stopped';
  iterationsRun: number;
  best: IterationRecord | null;
}

/** What front ends drive: a single loop or a research run of several directions. */
export interface LoopRunner {
  onEvent(listener: EngineListener): () => void;
  run(): Promise<LoopSummary>;
  stop(): void;
  readonly stopped: boolean;
}

/** What the loop and the research coordinator share: listeners, Stop, and the workspace's run lock. */
export abstract class BaseLoopRunner implements LoopRunner {
  private readonly listeners = new Set<EngineListener>();
  protected readonly abort = new AbortController();

  abstract run(): Promise<LoopSummary>;

  onEvent(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Kills whatever runs and ends after recording it. */
  stop(): void {
    this.abort.abort();
  }

  get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  /**
   * Runs `body` holding the workspace's run lock (a second run is refused with LockedError);
   * a failure is reported as `loop-finished` before it is thrown.
   */
  protected async underRunLock<T>(workspace: string, now: (() => Date) | undefined, body: () => Promise<T>): Promise<T> {
    const lock = await acquireLock(workspacePaths(workspace).lock, now);
    try {
      return await body();
    } catch (error) {
      this.emit({ type: 'loop-finished', reason: 'error', error: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      await lock.release();
    }
  }

  protected emit(event: EngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A front end's bug must not stop the engine.
      }
    }
  }
}
