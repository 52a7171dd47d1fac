import { execFile } from 'node:child_process';
import { availableParallelism, totalmem } from 'node:os';
import { z } from 'zod';
import { ConfigError } from '../errors';

/** Packages whose presence changes what the generated script may import. */
export const PROBED_PACKAGES = ['pandas', 'numpy', 'scikit-learn', 'lightgbm', 'xgboost', 'catboost', 'torch'] as const;

export const GpuSchema = z.object({ name: z.string(), memoryMb: z.number() });
export type Gpu = z.infer<typeof GpuSchema>;

export const EnvironmentSchema = z.object({
  python: z.object({ path: z.string(), version: z.string() }),
  cpus: z.number().int().positive(),
  ramGb: z.number(),
  gpus: z.array(GpuSchema),
  /** Installed version, or null when the package is not importable by that Python. */
  packages: z.record(z.string(), z.string().nullable()),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

const ProbeOutputSchema = z.object({
  executable: z.string(),
  version: z.string(),
  packages: z.record(z.string(), z.string().nullable()),
});

// Reads distribution metadata only: importing torch or pandas would take seconds.
const PROBE_SCRIPT = `
import json, platform, sys
from importlib import metadata
packages = {}
for name in json.loads(sys.argv[1]):
    try:
        packages[name] = metadata.version(name)
    except Exception:
        packages[name] = None
print(json.dumps({"executable": sys.executable, "version": platform.python_version(), "packages": packages}))
`;

export interface ProbeOptions {
  timeoutMs?: number;
  packages?: readonly string[];
}

/** Cores, RAM, GPUs and the versions of the ML packages the given Python can import. */
export async function probeEnvironment(python: string, options: ProbeOptions = {}): Promise<Environment> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const [probe, gpus] = await Promise.all([
    probePython(python, options.packages ?? PROBED_PACKAGES, timeoutMs),
    probeGpus(timeoutMs),
  ]);
  return {
    python: { path: probe.executable || python, version: probe.version },
    cpus: availableParallelism(),
    ramGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    gpus,
    packages: probe.packages,
  };
}

async function probePython(python: string, packages: readonly string[], timeoutMs: number) {
  const notFound = `Python not found: ${python}. Set --python / adsa.pythonPath to a Python 3 interpreter.`;
  let stdout: string;
  try {
    stdout = await run(python, ['-c', PROBE_SCRIPT, JSON.stringify(packages)], timeoutMs);
  } catch (error) {
    const failure = error as RunFailure;
    if (failure.code === 'ENOENT' || failure.code === 'EACCES' || failure.code === 'ENOTDIR') {
      throw new ConfigError(notFound, { cause: error });
    }
    if (failure.killed) {
      throw new ConfigError(`Python at ${python} did not answer within ${timeoutMs / 1000} s.`, { cause: error });
    }
    const lastLine = failure.stderr?.trim().split('\n').pop() ?? '';
    throw new ConfigError(
      `Python at ${python} could not run the environment probe (Python 3.8 or newer is needed)${lastLine ? `: ${lastLine}` : '.'}`,
      { cause: error },
    );
  }
  const lastLine = stdout.trim().split('\n').pop() ?? '';
  const parsed = ProbeOutputSchema.safeParse(safeJson(lastLine));
  if (!parsed.success) {
    throw new ConfigError(`Python at ${python} gave an unreadable answer to the environment probe: ${lastLine.slice(0, 200)}`);
  }
  return parsed.data;
}

/** No nvidia-smi, or one that fails, means no usable GPU. */
async function probeGpus(timeoutMs: number): Promise<Gpu[]> {
  try {
    const stdout = await run(
      'nvidia-smi',
      ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'],
      timeoutMs,
    );
    return parseGpuList(stdout);
  } catch {
    return [];
  }
}

/** Parses `nvidia-smi --query-gpu=name,memory.total --format=csv,noheader,nounits`. */
export function parseGpuList(stdout: string): Gpu[] {
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .flatMap((line) => {
      const comma = line.lastIndexOf(',');
      const memoryMb = Number(line.slice(comma + 1).trim());
      const name = line.slice(0, comma).trim();
      return comma > 0 && Number.isFinite(memoryMb) ? [{ name, memoryMb }] : [];
    });
}

interface RunFailure extends Error {
  code?: string | number;
  killed?: boolean;
  stderr?: string;
}

function run(command: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr }));
      else resolve(stdout);
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
