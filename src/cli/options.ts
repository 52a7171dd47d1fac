import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors';
import { ProviderNameSchema } from '../core/llm/types';
import { DEFAULT_ROLES, EngineSettingsSchema, type EngineSettings, type EngineSettingsInput } from '../core/settings';

export type CliCommand =
  | { command: 'run'; workspace: string; settings: EngineSettings; initGit: boolean }
  | { command: 'status'; workspace: string }
  | { command: 'suggest'; workspace: string; text: string }
  | { command: 'finalize'; workspace: string; settings: EngineSettings }
  | { command: 'help' }
  | { command: 'version' };

export const USAGE = `Usage:
  adsa run [DIR] [options]   iterate on the task in DIR (default: the current folder)
  adsa status [DIR]          show the iteration history of DIR, by research direction
  adsa suggest "IDEA" [DIR]  queue a research direction for the running or next research run
  adsa finalize [DIR]        re-run the best solution on the full training data (final_submission.csv)
  adsa --help | --version

Options for run:
  --iterations N             iterations to run, per direction (default 5)
  --directions N             research directions to explore, each on a git branch (default 1:
                             a single loop on the folder itself)
  --parallel K               directions running at once (default 1)
  --init-git                 make DIR a git repository if it is not one (directions need git)
  --sandbox                  confine runs with bubblewrap where it is installed
  --holdout-file FILE        private hold-out from this labelled file (overrides task.md's
  --holdout-id COLUMN          Training file / Id column / Target lines; all three together)
  --holdout-target COLUMN
  --holdout-fraction F       share of labelled rows kept aside (default 0.15)
  --timeout SECONDS          time limit per run of solution.py (default 1800)
  --max-fixes N              fix attempts per iteration (default 3)
  --speedup-factor X         stop and speed up a run slower than X times the last one (default 3)
  --gpus LIST                CUDA_VISIBLE_DEVICES for runs, e.g. 0,1
  --python PATH              Python interpreter (default python3)
  --generator-provider P     openai | azure | anthropic | openai-compatible (default ${DEFAULT_ROLES.generator.provider})
  --generator-model M        (default ${DEFAULT_ROLES.generator.model})
  --generator-base-url URL   for openai-compatible servers (Ollama, vLLM)
  --fixer-provider P         (default ${DEFAULT_ROLES.fixer.provider})
  --fixer-model M            (default ${DEFAULT_ROLES.fixer.model})
  --fixer-base-url URL

API keys come from the environment: OPENAI_API_KEY, ANTHROPIC_API_KEY,
AZURE_OPENAI_API_KEY with AZURE_OPENAI_ENDPOINT and OPENAI_API_VERSION;
base URLs from OPENAI_BASE_URL and ANTHROPIC_BASE_URL.`;

const optionSpec = {
  iterations: { type: 'string' },
  timeout: { type: 'string' },
  'max-fixes': { type: 'string' },
  'speedup-factor': { type: 'string' },
  directions: { type: 'string' },
  parallel: { type: 'string' },
  'init-git': { type: 'boolean' },
  sandbox: { type: 'boolean' },
  'holdout-file': { type: 'string' },
  'holdout-id': { type: 'string' },
  'holdout-target': { type: 'string' },
  'holdout-fraction': { type: 'string' },
  gpus: { type: 'string' },
  python: { type: 'string' },
  'generator-provider': { type: 'string' },
  'generator-model': { type: 'string' },
  'generator-base-url': { type: 'string' },
  'fixer-provider': { type: 'string' },
  'fixer-model': { type: 'string' },
  'fixer-base-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export function parseCli(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: optionSpec, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split('\n')[0]} (see adsa --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command = 'run', ...rest] = positionals;
  if (command === 'suggest') {
    const [text, dir, ...extra] = rest;
    if (!text?.trim()) throw new ConfigError('adsa suggest needs the idea as its first argument, e.g. adsa suggest "target-encode the cabin deck".');
    if (extra.length > 0) throw new ConfigError(`Unexpected argument '${extra[0]}' (see adsa --help).`);
    return { command: 'suggest', workspace: resolve(dir ?? '.'), text };
  }
  const [dir, ...extra] = rest;
  if (extra.length > 0) throw new ConfigError(`Unexpected argument '${extra[0]}' (see adsa --help).`);
  const workspace = resolve(dir ?? '.');
  if (command === 'status') return { command: 'status', workspace };
  if (command !== 'run' && command !== 'finalize') {
    throw new ConfigError(`Unknown command '${command}': use adsa run, status, suggest or finalize (see adsa --help).`);
  }

  const input: EngineSettingsInput = {
    iterations: numberOption(values.iterations, '--iterations'),
    timeoutSeconds: numberOption(values.timeout, '--timeout'),
    maxFixes: numberOption(values['max-fixes'], '--max-fixes'),
    speedupFactor: numberOption(values['speedup-factor'], '--speedup-factor'),
    directions: numberOption(values.directions, '--directions'),
    parallel: numberOption(values.parallel, '--parallel'),
    sandbox: values.sandbox,
    holdout: holdoutOption(values),
    gpuDevices: values.gpus,
    python: values.python,
    generator: {
      provider: providerOption(values['generator-provider'], '--generator-provider') ?? DEFAULT_ROLES.generator.provider,
      model: values['generator-model'] ?? DEFAULT_ROLES.generator.model,
      baseUrl: values['generator-base-url'],
    },
    fixer: {
      provider: providerOption(values['fixer-provider'], '--fixer-provider') ?? DEFAULT_ROLES.fixer.provider,
      model: values['fixer-model'] ?? DEFAULT_ROLES.fixer.model,
      baseUrl: values['fixer-base-url'],
    },
  };
  const settings = EngineSettingsSchema.safeParse(input);
  if (!settings.success) {
    const issue = settings.error.issues[0];
    throw new ConfigError(`Invalid option ${optionName(issue?.path ?? [])}: ${issue?.message ?? 'invalid value'}.`);
  }
  if (command === 'finalize') return { command: 'finalize', workspace, settings: settings.data };
  // Several at once means several directions, even when --directions was not given.
  const directions = values.directions === undefined ? Math.max(settings.data.directions, settings.data.parallel) : settings.data.directions;
  return { command: 'run', workspace, settings: { ...settings.data, directions }, initGit: values['init-git'] ?? false };
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new ConfigError(`${name} needs a number, got '${value}'.`);
  return number;
}

/** The three hold-out options go together; naming some but not all is an error. */
function holdoutOption(values: Record<string, string | boolean | undefined>): EngineSettingsInput['holdout'] {
  const [trainFile, idColumn, target, share] = (['holdout-file', 'holdout-id', 'holdout-target', 'holdout-fraction'] as const).map(
    (name) => values[name] as string | undefined,
  );
  if (trainFile === undefined && idColumn === undefined && target === undefined && share === undefined) return undefined;
  if (!trainFile || !idColumn || !target) throw new ConfigError('--holdout-file, --holdout-id and --holdout-target go together: name all three.');
  const fraction = numberOption(share, '--holdout-fraction');
  return { trainFile, idColumn, target, ...(fraction === undefined ? {} : { fraction }) };
}

function providerOption(value: string | undefined, name: string): z.infer<typeof ProviderNameSchema> | undefined {
  if (value === undefined) return undefined;
  const parsed = ProviderNameSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`${name} must be one of ${ProviderNameSchema.options.join(', ')}; got '${value}'.`);
  return parsed.data;
}

const flagFor: Record<string, string> = {
  iterations: '--iterations',
  timeoutSeconds: '--timeout',
  maxFixes: '--max-fixes',
  speedupFactor: '--speedup-factor',
  directions: '--directions',
  parallel: '--parallel',
  gpuDevices: '--gpus',
  python: '--python',
};

function optionName(path: PropertyKey[]): string {
  const [head, field] = path.map(String);
  if (head === 'generator' || head === 'fixer') return `--${head}-${field === 'baseUrl' ? 'base-url' : field}`;
  if (head === 'holdout') return `--holdout-${field === 'trainFile' ? 'file' : field === 'idColumn' ? 'id' : field}`;
  return flagFor[head ?? ''] ?? head ?? '';
}
