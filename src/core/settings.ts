import { z } from 'zod';
import { HoldoutSpecSchema } from './holdout/spec';
import { RoleConfigSchema } from './llm/types';

/** The default models per role: a reasoning model writes, Claude repairs (as in ADSA). */
export const DEFAULT_ROLES = {
  generator: { provider: 'openai', model: 'gpt-5.4' },
  fixer: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
} as const;

/**
 * Everything a run can be configured with, whichever front end reads it (CLI flags,
 * `adsa.*` settings). API keys are not settings.
 */
export const EngineSettingsSchema = z.object({
  /** Iterations of the loop; per direction when there are several. */
  iterations: z.number().int().min(1).max(1000).default(5),
  timeoutSeconds: z.number().positive().default(1800),
  maxFixes: z.number().int().min(0).max(50).default(3),
  /** Ask for a speed-up when a run takes this many times longer than the previous iteration's. */
  speedupFactor: z.number().min(1).default(3),
  /** ...but never stop a run for slowness before this many seconds. */
  speedupMinSeconds: z.number().min(0).default(60),
  /** CUDA_VISIBLE_DEVICES for runs; empty means leave the variable as inherited. */
  gpuDevices: z.string().default(''),
  /** After SIGTERM to a timed-out tree, seconds before SIGKILL. */
  killGraceSeconds: z.number().min(0).default(5),
  python: z.string().min(1).default('python3'),
  /** Research directions to explore; 1 is a single loop on the workspace itself. */
  directions: z.number().int().min(1).max(100).default(1),
  /** Directions running at once, each on its own git branch and worktree. */
  parallel: z.number().int().min(1).max(16).default(1),
  /** Confine runs with bubblewrap (Linux, when installed) so they cannot read outside their folder. */
  sandbox: z.boolean().default(false),
  /** The private hold-out, when settings name it rather than task.md. */
  holdout: HoldoutSpecSchema.optional(),
  generator: RoleConfigSchema.prefault(DEFAULT_ROLES.generator),
  fixer: RoleConfigSchema.prefault(DEFAULT_ROLES.fixer),
});
export type EngineSettings = z.infer<typeof EngineSettingsSchema>;
export type EngineSettingsInput = z.input<typeof EngineSettingsSchema>;

/** A research run (directions on git branches) rather than a single loop in the folder. */
export function isResearchRun(settings: Pick<EngineSettings, 'directions' | 'parallel'>): boolean {
  return settings.directions > 1 || settings.parallel > 1;
}
