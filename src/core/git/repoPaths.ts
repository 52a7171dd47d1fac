import { posix } from 'node:path';
import { AdsaError } from '../errors';

/**
 * Checks that each path names something inside the working tree (relative, no `..` out of it,
 * not inside `.git`) and returns them in git's form: forward slashes, normalised.
 */
export function repoRelativePaths(paths: readonly string[]): string[] {
  if (paths.length === 0) throw new AdsaError('No paths were given to commit or merge.');
  return paths.map((original) => {
    const path = posix.normalize(original.replaceAll('\\', '/')).replace(/\/$/, '');
    const first = path.split('/')[0];
    if (posix.isAbsolute(path) || /^[a-zA-Z]:/.test(path) || first === '..' || first === '.' || first === '.git') {
      throw new AdsaError(`The path ${original} must be relative to the repository and stay inside it.`);
    }
    return path;
  });
}
