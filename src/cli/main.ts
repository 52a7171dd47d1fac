import { createEngine } from '../core/createEngine';
import { suggestDirection } from '../core/directions/suggestions';
import { AdsaError } from '../core/errors';
import { finalizeBest } from '../core/finalize';
import { acceptAll } from '../core/review';
import type { EngineSettings } from '../core/settings';
import { readHistory } from '../core/store/history';
import { privateDirFor } from '../core/store/privateDir';
import { ConsoleRenderer } from './consoleRenderer';
import { historyTable } from './historyTable';
import { parseCli, USAGE } from './options';
import { version } from '../../package.json';

/** Exit codes: 0 the loop completed (even with failed iterations), 1 unexpected, 2 configuration, 130 stopped. */
export async function main(argv: string[]): Promise<number> {
  try {
    const cli = parseCli(argv);
    switch (cli.command) {
      case 'help':
        console.log(USAGE);
        return 0;
      case 'version':
        console.log(version);
        return 0;
      case 'status':
        console.log(historyTable(await readHistory(cli.workspace)));
        return 0;
      case 'run':
        return await run(cli.workspace, cli.settings, cli.initGit);
      case 'suggest': {
        await suggestDirection(cli.workspace, cli.text);
        console.log('adsa › queued: the next direction of a research run (adsa run --directions N) will take it up.');
        return 0;
      }
      case 'finalize':
        return await finalize(cli.workspace, cli.settings);
    }
  } catch (error) {
    if (error instanceof AdsaError) {
      console.error(`adsa: ${error.message}`);
      return 2;
    }
    console.error(error);
    return 1;
  }
}

async function run(workspace: string, settings: EngineSettings, initGit: boolean): Promise<number> {
  const engine = createEngine(workspace, settings, { secrets: (name) => process.env[name], reviewer: acceptAll, initGit });
  engine.onEvent(new ConsoleRenderer().handle);

  // First Ctrl-C stops cleanly (tree killed, history written); a second one leaves at once.
  const onSignal = () => {
    if (engine.stopped) process.exit(130);
    console.error('\nadsa › stopping: killing the run and recording the iteration (Ctrl-C again to quit at once)');
    engine.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await engine.run();
    console.log(`\n${historyTable(await readHistory(workspace))}`);
    return summary.reason === 'stopped' ? 130 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function finalize(workspace: string, settings: EngineSettings): Promise<number> {
  const renderer = new ConsoleRenderer();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  try {
    const result = await finalizeBest(workspace, settings, { emit: renderer.handle, signal: stop.signal, privateDir: privateDirFor(workspace) });
    if (result.problems.length > 0) {
      console.error(`adsa: the final run of iteration ${result.iteration} did not produce a valid submission: ${result.problems.join(' ')}`);
      return 1;
    }
    console.log(`adsa › final_submission.csv written from iteration ${result.iteration} trained on the full training data.`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
