import { realpath } from 'node:fs/promises';

/** Runs tasks one at a time, in the order they were queued; a failed task does not stop the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.pending += 1;
    this.tail = result.then(
      () => this.settle(),
      () => this.settle(),
    );
    return result;
  }

  get idle(): boolean {
    return this.pending === 0;
  }

  private settle(): void {
    this.pending -= 1;
  }
}

const repoQueues = new Map<string, SerialQueue>();

/**
 * Runs `task` after every task queued earlier for the same repository (by real path), so ADSA's
 * own changes to a repository's branches and worktrees never race each other in this process.
 * Not re-entrant: a task must not queue another for the same repository and wait for it.
 */
export async function withRepoLock<T>(repoRoot: string, task: () => Promise<T>): Promise<T> {
  const key = await realpath(repoRoot);
  const queue = repoQueues.get(key) ?? new SerialQueue();
  repoQueues.set(key, queue);
  try {
    return await queue.run(task);
  } finally {
    if (queue.idle) repoQueues.delete(key);
  }
}
