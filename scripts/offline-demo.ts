// The example without API keys: a scripted stand-in for the two models (the loopback fake
// server the tests use) answers with the prepared solutions in
// examples/spaceship-titanic/offline-demo/, so the real CLI, engine, SDKs and Python run the
// whole loop: a baseline that crashes, the fixer's repair, then two improvements.
// Usage: node --import tsx scripts/offline-demo.ts EXAMPLE_DIR PYTHON
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeLlmServer } from '../test/helpers/fakeLlmServer';

const [exampleDir = 'examples/spaceship-titanic', python = '.venv/bin/python'] = process.argv.slice(2);
const demo = (name: string) => readFileSync(join(exampleDir, 'offline-demo', name), 'utf8');

async function main(): Promise<number> {
  const server = await startFakeLlmServer((request) => {
    if (request.api === 'messages') {
      // The fixer: the prepared repair for the baseline's crash, anything else is declined.
      if (request.prompt.includes('could not convert string to float')) return { text: demo('fix_1.md'), usage: { input: 2400, output: 180 } };
      return { text: 'REASON: the offline demo has no fix for this error.' };
    }
    const done = (request.prompt.match(/^\| \d+ \| /gm) ?? []).length;
    const version = Math.min(done + 1, 3);
    const approach = ['gradient boosting on the raw columns', 'group, cabin and spending features', 'blend with a linear model'][version - 1];
    return { text: `APPROACH: ${approach}\n\n\`\`\`python\n${demo(`iteration_${version}.py`)}\`\`\`\n`, usage: { input: 5200, output: 1400 } };
  });
  console.log(`adsa › offline demo: scripted models on ${server.url} stand in for OpenAI and Anthropic\n`);
  try {
    const cli = spawn(
      process.execPath,
      ['dist/cli.js', 'run', exampleDir, '--iterations', '3', '--python', python, '--generator-model', 'offline-demo-generator', '--fixer-model', 'offline-demo-fixer', '--speedup-factor', '20'],
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
