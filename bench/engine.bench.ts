// `npm run bench`: figures, not pass/fail. The machines are shared and noisy; read trends.
//   1. engine overhead per iteration beyond the LLM calls and the Python run (target < 100 ms)
//   2. time from a time-out to the whole process tree dead (target < grace + 0.5 s)
//   3. throughput and memory while a script prints 500 MB (targets >= 50 MB/s, growth < 100 MB)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../src/core/createEngine';
import type { EngineEvent } from '../src/core/events';
import { acceptAll } from '../src/core/review';
import { EngineSettingsSchema } from '../src/core/settings';
import { rolesOn, startFakeLlmServer } from '../test/helpers/fakeLlmServer';
import { testPython } from '../test/helpers/python';
import { generatorReply, tinySolution, writeTinyTask } from '../test/helpers/tinyTask';
import { benchKillLatency, benchOutputThroughput } from './runnerBench';

const ITERATIONS = 8;

/**
 * Runs the real engine (real SDKs against the loopback fake, real Python) and subtracts the
 * LLM calls and the script runs from each iteration's wall time: what is left is the engine's
 * own work (prompting, archiving, verification, best_* copies, history). Loop set-up (environment probe and
 * data sample) happens once per run and is reported apart.
 */
async function benchEngineOverhead(python: string) {
  const workspace = mkdtempSync(join(tmpdir(), 'adsa-engine-bench-'));
  const server = await startFakeLlmServer(() => ({ text: generatorReply(tinySolution()) }));
  try {
    writeTinyTask(workspace);
    const engine = createEngine(
      workspace,
      EngineSettingsSchema.parse({
        iterations: ITERATIONS,
        python,
        ...rolesOn(server),
      }),
      { secrets: (name) => (name.endsWith('_API_KEY') ? 'bench-key' : undefined), reviewer: acceptAll },
    );
    const outside = new Map<number, number>();
    let setupMs = 0;
    let lastMark = 0;
    const overheads: number[] = [];
    const started = performance.now();
    // Each iteration's cycle runs from the previous iteration-recorded (or loop-started) event to
    // its own, which comes after the history append and the best_* copies.
    engine.onEvent((event: EngineEvent) => {
      const add = (iteration: number, ms: number) => outside.set(iteration, (outside.get(iteration) ?? 0) + ms);
      if (event.type === 'loop-started') {
        lastMark = performance.now();
        setupMs = lastMark - started;
      }
      if (event.type === 'llm-finished') add(event.iteration, event.durationMs);
      if (event.type === 'run-finished') add(event.iteration, event.result.durationMs);
      if (event.type === 'iteration-recorded') {
        const now = performance.now();
        overheads.push(now - lastMark - (outside.get(event.record.iteration) ?? 0));
        lastMark = now;
      }
    });
    await engine.run();
    return { setupMs, overheads };
  } finally {
    await server.close();
    rmSync(workspace, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main() {
  const python = testPython();
  const graceMs = 500;
  console.log(`ADSA benchmarks (Python: ${python})\n`);

  const { setupMs, overheads } = await benchEngineOverhead(python);
  console.log(`engine overhead per iteration, ${overheads.length} iterations (target < 100 ms):`);
  console.log(`  median ${median(overheads).toFixed(1)} ms, max ${Math.max(...overheads).toFixed(1)} ms`);
  console.log(`  once per run (environment probe, data sample, lock): ${setupMs.toFixed(0)} ms\n`);

  const cooperative = await benchKillLatency(python, graceMs);
  const stubborn = await benchKillLatency(python, graceMs, true);
  console.log(`time-out to whole tree dead, grace ${graceMs} ms (target < ${graceMs + 500} ms):`);
  console.log(`  tree exits on SIGTERM: ${cooperative.msToTreeDead.toFixed(0)} ms`);
  console.log(`  tree ignores SIGTERM:  ${stubborn.msToTreeDead.toFixed(0)} ms\n`);

  const output = await benchOutputThroughput(python, 500);
  console.log('a script printing 500 MB (targets >= 50 MB/s, RSS growth < 100 MB):');
  console.log(`  throughput ${output.mbPerSecond.toFixed(0)} MB/s, peak RSS growth ${output.peakRssGrowthMb.toFixed(1)} MB`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
