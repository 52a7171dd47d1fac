import { ResearchCoordinator } from './directions/coordinator';
import { createLlmClient } from './llm/createClient';
import type { SecretSource } from './llm/types';
import { Engine } from './loop';
import type { LoopRunner } from './loopRunner';
import type { FixReviewer } from './review';
import { LocalRunner } from './run/localRunner';
import type { Runner } from './run/types';
import { isResearchRun, type EngineSettings } from './settings';
import { privateDirFor } from './store/privateDir';

export interface EngineHost {
  secrets: SecretSource;
  reviewer: FixReviewer;
  runner?: Runner;
  baseEnv?: NodeJS.ProcessEnv;
  /** Base folder for per-workspace private data (hold-out labels); default: the user's data directory. */
  privateBase?: string;
  /** The user agreed to make the workspace a git repository (research directions need one). */
  initGit?: boolean;
}

/**
 * The engine with real clients and the local runner, as both front ends build it: one loop on
 * the workspace, or research directions on git branches when more than one is asked for.
 * Throws ConfigError when a role's provider has no key, before anything runs.
 */
export function createEngine(workspace: string, settings: EngineSettings, host: EngineHost): LoopRunner {
  const deps = {
    generator: createLlmClient('generator', settings.generator, host.secrets),
    fixer: createLlmClient('fixer', settings.fixer, host.secrets),
    runner: host.runner ?? new LocalRunner(),
    reviewer: host.reviewer,
    baseEnv: host.baseEnv,
  };
  const privateDir = privateDirFor(workspace, host.privateBase);
  if (isResearchRun(settings)) {
    return new ResearchCoordinator(workspace, settings, deps, { privateDir, initGit: host.initGit });
  }
  return new Engine(workspace, settings, deps, { privateDir, sandbox: settings.sandbox });
}
