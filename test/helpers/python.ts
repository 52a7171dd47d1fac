import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The Python the tests run real scripts with: the repo's .venv (pandas, scikit-learn), else python3. */
export function testPython(): string {
  const fromEnv = process.env.ADSA_TEST_PYTHON;
  if (fromEnv) return fromEnv;
  const venv = join(__dirname, '..', '..', '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}
