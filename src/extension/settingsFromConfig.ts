import { z } from 'zod';
import { ConfigError } from '../core/errors';
import { EngineSettingsSchema, type EngineSettings } from '../core/settings';

/** Reads one `adsa.*` setting by its key without the prefix; undefined when it has no value. */
export type ConfigReader = (key: string) => unknown;

/** `adsa.fixReview`: wait for the user, apply at once, or accept after this many seconds. */
export const FixReviewModeSchema = z.union([
  z.literal('review').transform(() => ({ kind: 'review' as const })),
  z.literal('auto').transform(() => ({ kind: 'auto' as const })),
  // Also a numeric string: settings.json users write "30" as often as 30.
  z
    .union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*$/).transform(Number)])
    .pipe(z.number().positive().max(86_400))
    .transform((seconds) => ({ kind: 'timed' as const, seconds })),
]);
export type FixReviewMode = z.infer<typeof FixReviewModeSchema>;

/** Engine setting path -> the `adsa.*` setting a user edits, for error messages. */
const SETTING_FOR_PATH: Record<string, string> = {
  python: 'adsa.pythonPath',
  parallel: 'adsa.parallelDirections',
};

/**
 * Maps the `adsa.*` settings onto EngineSettings. `python` is the interpreter already chosen
 * (Python extension, else adsa.pythonPath, else python3). Throws ConfigError naming the setting.
 */
export function engineSettingsFromConfig(read: ConfigReader, python: string): EngineSettings {
  const role = (name: 'generator' | 'fixer') => {
    const config = dropUndefined({
      provider: read(`${name}.provider`),
      model: read(`${name}.model`),
      baseUrl: blankToUndefined(read(`${name}.baseUrl`)),
    });
    return Object.keys(config).length > 0 ? config : undefined;
  };
  const holdout = () => {
    const config = dropUndefined({
      trainFile: blankToUndefined(read('holdout.trainFile')),
      idColumn: blankToUndefined(read('holdout.idColumn')),
      target: blankToUndefined(read('holdout.target')),
      fraction: read('holdout.fraction'),
    });
    // Naming any of the three turns it on; the schema then says which one is missing.
    return config.trainFile ?? config.idColumn ?? config.target ? config : undefined;
  };
  const input = dropUndefined({
    iterations: read('iterations'),
    timeoutSeconds: read('timeoutSeconds'),
    maxFixes: read('maxFixes'),
    speedupFactor: read('speedupFactor'),
    speedupMinSeconds: read('speedupMinSeconds'),
    gpuDevices: read('gpuDevices'),
    directions: read('directions'),
    parallel: read('parallelDirections'),
    sandbox: read('sandbox'),
    holdout: holdout(),
    python,
    generator: role('generator'),
    fixer: role('fixer'),
  });
  const parsed = EngineSettingsSchema.safeParse(input);
  if (!parsed.success) throw settingError(parsed.error);
  // Several at once means several directions, as `adsa run --parallel K` does.
  return { ...parsed.data, directions: Math.max(parsed.data.directions, parsed.data.parallel) };
}

export function fixReviewModeFromConfig(read: ConfigReader): FixReviewMode {
  const parsed = FixReviewModeSchema.safeParse(read('fixReview') ?? 'review');
  if (!parsed.success) {
    throw new ConfigError(
      `Setting adsa.fixReview must be "review", "auto" or a number of seconds, not ${JSON.stringify(read('fixReview'))}.`,
    );
  }
  return parsed.data;
}

function settingError(error: z.ZodError): ConfigError {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map(String).join('.');
  const setting = SETTING_FOR_PATH[path] ?? `adsa.${path}`;
  return new ConfigError(`Setting ${setting} is invalid: ${issue?.message ?? 'bad value'}.`);
}

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function dropUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
