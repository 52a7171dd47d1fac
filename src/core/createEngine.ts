import { createLlmClient } from './llm/createClient';
import type { SecretSource } from './llm/types';
import { Engine } from './loop';
import type { FixReviewer } from './review';
import { LocalRunner } from './run/localRunner';
import type { Runner } from './run/types';
import type { EngineSettings } from './settings';

export interface EngineHost {
  secrets: SecretSource;
  reviewer: FixReviewer;
  runner?: Runner;
  baseEnv?: NodeJS.ProcessEnv;
}

/**
 * The engine with real clients and the local runner, as both front ends build it.
 * Throws ConfigError when a role's provider has no key, before anything runs.
 */
export function createEngine(workspace: string, settings: EngineSettings, host: EngineHost): Engine {
  return new Engine(workspace, settings, {
    generator: createLlmClient('generator', settings.generator, host.secrets),
    fixer: createLlmClient('fixer', settings.fixer, host.secrets),
    runner: host.runner ?? new LocalRunner(),
    reviewer: host.reviewer,
    baseEnv: host.baseEnv,
  });
}
