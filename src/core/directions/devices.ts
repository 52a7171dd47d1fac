import type { Environment } from '../task/probeEnvironment';

/** What one running direction may use: its GPUs, or its share of the CPU threads. */
export interface DeviceSlot {
  label: string;
  env: Record<string, string>;
}

const THREAD_VARIABLES = ['OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'NUMEXPR_NUM_THREADS', 'VECLIB_MAXIMUM_THREADS'];

/**
 * Splits the machine between `parallel` directions: GPUs dealt out round-robin (several per
 * slot when there are more GPUs than slots, shared when there are fewer), otherwise the CPU
 * cores split evenly, with the thread variables set so libraries keep to their share.
 * `visibleGpus` narrows the GPUs to the configured CUDA_VISIBLE_DEVICES.
 */
export function deviceSlots(environment: Pick<Environment, 'cpus' | 'gpus'>, parallel: number, visibleGpus = ''): DeviceSlot[] {
  const gpuIds = visibleGpus.trim() ? visibleGpus.split(',').map((id) => id.trim()).filter(Boolean) : environment.gpus.map((_, index) => String(index));
  if (gpuIds.length > 0) {
    return Array.from({ length: parallel }, (_, slot) => {
      const mine = gpuIds.length >= parallel ? gpuIds.filter((_, index) => index % parallel === slot) : [gpuIds[slot % gpuIds.length]!];
      return { label: `GPU ${mine.join(',')}`, env: { CUDA_VISIBLE_DEVICES: mine.join(',') } };
    });
  }
  const threads = Math.max(1, Math.floor(environment.cpus / parallel));
  return Array.from({ length: parallel }, () => ({
    label: `${threads} CPU thread${threads === 1 ? '' : 's'}`,
    env: Object.fromEntries(THREAD_VARIABLES.map((name) => [name, String(threads)])),
  }));
}

/** Hands slots to directions as they start and takes them back as they end. */
export class DevicePool {
  private readonly free: DeviceSlot[];

  constructor(slots: DeviceSlot[]) {
    this.free = [...slots];
  }

  get available(): number {
    return this.free.length;
  }

  take(): DeviceSlot {
    const slot = this.free.shift();
    if (!slot) throw new Error('No free device slot: the pool runs more directions than it has slots.');
    return slot;
  }

  give(slot: DeviceSlot): void {
    this.free.push(slot);
  }
}
