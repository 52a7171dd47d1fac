import type { EngineEvent, EngineListener } from './events';

/** What the loop and the research coordinator share: listeners for their events, and Stop. */
export abstract class StoppableEmitter {
  private readonly listeners = new Set<EngineListener>();
  protected readonly abort = new AbortController();

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
