import type { Environment, Gpu } from './probeEnvironment';

/** A few lines for the generator prompt: hardware, Python, and which packages it must not import. */
export function formatEnvironment(env: Environment): string {
  const entries = Object.entries(env.packages);
  const installed = entries.filter(([, version]) => version !== null).map(([name, version]) => `${name} ${version}`);
  const missing = entries.filter(([, version]) => version === null).map(([name]) => name);

  const lines = [
    `Hardware: ${env.cpus} CPU core${env.cpus === 1 ? '' : 's'}, ${env.ramGb} GB RAM, ${formatGpus(env.gpus)}.`,
    `Python ${env.python.version} (${env.python.path}).`,
    `Installed packages: ${installed.length > 0 ? installed.join(', ') : 'none of the usual ML packages'}.`,
  ];
  if (missing.length > 0) lines.push(`NOT installed (the script must not import them): ${missing.join(', ')}.`);
  return lines.join('\n');
}

function formatGpus(gpus: Gpu[]): string {
  if (gpus.length === 0) return 'no GPU';
  const groups = new Map<string, number>();
  for (const gpu of gpus) {
    const label = `${gpu.name} (${Math.round(gpu.memoryMb / 1024)} GB)`;
    groups.set(label, (groups.get(label) ?? 0) + 1);
  }
  const list = [...groups].map(([label, count]) => (count > 1 ? `${count} × ${label}` : label));
  return `GPU${gpus.length === 1 ? '' : 's'}: ${list.join(', ')}`;
}
