import type { LlmClient } from './llm/types';
import type { FixReviewer } from './review';
import type { Runner } from './run/types';

/** What the engine needs from outside; tests pass fakes, front ends the real ones. */
export interface EngineDeps {
  generator: LlmClient;
  fixer: LlmClient;
  runner: Runner;
  reviewer: FixReviewer;
  /** Wall clock for timestamps. */
  now?: () => Date;
  /** Environment runs start from (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
}
