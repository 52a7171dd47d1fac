// Runs the test suites with node's test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [unit|integration|e2e ...]   (default: all three)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const suites = process.argv.slice(2);
const chosen = suites.length > 0 ? suites : ['unit', 'integration', 'e2e'];

function testFiles(dir) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(testFiles(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const files = chosen.flatMap((suite) => testFiles(join('test', suite)));
if (files.length === 0) {
  console.error(`no test files in: ${chosen.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
