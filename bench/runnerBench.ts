// Benchmarks of the local runner: how fast a timed-out tree dies, and output throughput and memory.
// Run alone: node --import tsx bench/runnerBench.ts
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalRunner } from '../src/core/run/localRunner';
import { processesWith } from '../test/helpers/processes';
import { runRequest as request } from '../test/helpers/runRequest';
import { testPython } from '../test/helpers/python';

const runner = new LocalRunner();

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'adsa-runner-bench-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Time from the time limit firing to the whole tree (script, child, and a grandchild that left
 * the process group with setsid) being dead.
 * Measured as run end minus run start minus the time limit: an upper bound, since it also
 * holds the start-up of the process and the closing of the log.
 */
export async function benchKillLatency(
  python: string,
  graceMs: number,
  childIgnoresSigterm = false,
): Promise<{ msToTreeDead: number }> {
  return inTempDir(async (dir) => {
    const marker = `adsa-bench-${randomUUID()}`;
    const script = join(dir, 'tree.py');
    writeFileSync(
      script,
      `import os, signal, subprocess, sys, time
marker = sys.argv[1]
if marker.endswith("-grandchild"):
    os.setsid()
if marker.endswith("-child") or marker.endswith("-grandchild"):
    if ${childIgnoresSigterm ? 'True' : 'False'}:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    if marker.endswith("-child"):
        subprocess.Popen([sys.executable, sys.argv[0], marker[:-len("-child")] + "-grandchild"])
    print("up", marker, flush=True)
    time.sleep(600)
subprocess.Popen([sys.executable, sys.argv[0], marker + "-child"])
time.sleep(600)
`,
    );
    const timeoutMs = 2000;
    let seen = '';
    const started = performance.now();
    try {
      const result = await runner.run(
        request(python, dir, [script, marker], { timeoutMs, graceMs, onOutput: (chunk) => (seen += chunk) }),
      );
      const msToTreeDead = performance.now() - started - timeoutMs;
      if (!result.timedOut || !seen.includes(`${marker}-grandchild`)) {
        throw new Error('the tree was not fully up before the time limit; nothing was measured');
      }
      if (processesWith(marker).length > 0) throw new Error('part of the tree survived the time limit');
      return { msToTreeDead };
    } finally {
      for (const pid of processesWith(marker)) process.kill(pid, 'SIGKILL');
    }
  });
}

/** A script printing `megabytes` MB as fast as it can: runner throughput and this process's RSS growth. */
export async function benchOutputThroughput(
  python: string,
  megabytes: number,
): Promise<{ mbPerSecond: number; peakRssGrowthMb: number }> {
  return inTempDir(async (dir) => {
    const script = join(dir, 'loud.py');
    writeFileSync(
      script,
      `import sys
block = (b"x" * 1023 + b"\\n") * 1024
for _ in range(${megabytes}):
    sys.stdout.buffer.write(block)
`,
    );
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    try {
      // A listener, as the terminal and CLI always attach one: decoding is part of the cost.
      const result = await runner.run(request(python, dir, [script], { onOutput: () => undefined }));
      const seconds = (performance.now() - started) / 1000;
      if (result.exitCode !== 0 || result.outputBytes !== megabytes * 1024 * 1024) {
        throw new Error(`the script failed or its output was cut short: ${result.tail.slice(-500)}`);
      }
      peak = Math.max(peak, process.memoryUsage().rss);
      return { mbPerSecond: megabytes / seconds, peakRssGrowthMb: (peak - baseline) / (1024 * 1024) };
    } finally {
      clearInterval(sampler);
    }
  });
}

async function main(): Promise<void> {
  const python = testPython();
  const graceMs = 500;
  const cooperative = await benchKillLatency(python, graceMs, false);
  const stubborn = await benchKillLatency(python, graceMs, true);
  const throughput = await benchOutputThroughput(python, 500);
  const target = graceMs + 500;
  console.log(`kill latency, grace ${graceMs} ms (target < ${target} ms):`);
  console.log(`  tree exits on SIGTERM:     ${cooperative.msToTreeDead.toFixed(0)} ms to tree dead`);
  console.log(`  tree ignores SIGTERM:      ${stubborn.msToTreeDead.toFixed(0)} ms to tree dead`);
  console.log(`output, 500 MB (targets >= 50 MB/s, RSS growth < 100 MB):`);
  console.log(`  throughput:                ${throughput.mbPerSecond.toFixed(0)} MB/s`);
  console.log(`  peak RSS growth:           ${throughput.peakRssGrowthMb.toFixed(1)} MB`);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
