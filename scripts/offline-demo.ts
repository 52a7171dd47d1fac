// The example without API keys: a scripted stand-in for the two models (the loopback fake
// server the tests use) answers with prepared solutions, so the real CLI, engine, SDKs and
// Python run the whole loop: a baseline that crashes, the fixer's repair, two improvements.
// With --research, a copy of the example in .cache/example-research/ (a git repository of its
// own) runs two research directions in parallel instead.
// Usage: node --import tsx scripts/offline-demo.ts EXAMPLE_DIR PYTHON [--research]
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { startFakeLlmServer } from '../test/helpers/fakeLlmServer';
import { offlineModel } from './offlineModel';

const [exampleDir = 'examples/spaceship-titanic', python = '.venv/bin/python', mode] = process.argv.slice(2);

/** A fresh git repository holding a copy of the example: directions live on its branches. */
function researchCopy(): string {
  const copy = resolve('.cache', 'example-research');
  rmSync(copy, { recursive: true, force: true });
  cpSync(exampleDir, copy, { recursive: true, filter: (path) => !/(^|\/)(older_solutions|\.adsa|staged_data|solution\.py|submission\.csv|best_\w+\.\w+|progress_report\.json|execution_logs\.txt)$/.test(path) });
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=ADSA demo', '-c', 'user.email=demo@localhost', ...args], { cwd: copy });
  git('init', '-q', '-b', 'main');
  git('add', 'task.md', 'make_data.py');
  git('commit', '-q', '-m', 'The example task');
  return copy;
}

async function main(): Promise<number> {
  const server = await startFakeLlmServer(offlineModel(exampleDir));
  console.log(`adsa › offline demo: scripted models on ${server.url} stand in for OpenAI and Anthropic\n`);
  const workspace = mode === '--research' ? researchCopy() : exampleDir;
  const loop = mode === '--research' ? ['--directions', '2', '--parallel', '2', '--iterations', '1'] : ['--iterations', '3'];
  try {
    const cli = spawn(
      process.execPath,
      ['dist/cli.js', 'run', workspace, ...loop, '--python', python, '--generator-model', 'offline-demo-generator', '--fixer-model', 'offline-demo-fixer', '--speedup-factor', '20'],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          OPENAI_API_KEY: 'offline-demo',
          ANTHROPIC_API_KEY: 'offline-demo',
          OPENAI_BASE_URL: server.openaiBaseUrl,
          ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
        },
      },
    );
    // Ctrl-C reaches the CLI too (same process group); it stops cleanly and exits 130.
    process.on('SIGINT', () => {});
    return await new Promise<number>((resolve) => cli.on('close', (code) => resolve(code ?? 1)));
  } finally {
    await server.close();
  }
}

main().then((code) => process.exit(code));
