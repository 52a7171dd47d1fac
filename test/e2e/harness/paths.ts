import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** Where scripts/install-e2e.sh puts code-server: $ADSA_E2E_CACHE or <repo>/.cache/e2e. */
export function e2eCacheDir(): string {
  return resolve(process.env.ADSA_E2E_CACHE || join(REPO_ROOT, '.cache', 'e2e'));
}

/** test-results/e2e (git-ignored): screenshots and copied logs, created on demand. */
export function e2eResultsDir(): string {
  const dir = join(REPO_ROOT, 'test-results', 'e2e');
  mkdirSync(dir, { recursive: true });
  return dir;
}
