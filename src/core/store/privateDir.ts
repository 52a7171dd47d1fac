import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A folder outside the workspace for what its scripts must never read (the hold-out labels):
 * under `base` (the extension's global storage) or the user's data directory, one per workspace.
 */
export function privateDirFor(workspace: string, base?: string): string {
  const root = base ?? join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'adsa');
  const id = createHash('sha256').update(resolve(workspace)).digest('hex').slice(0, 16);
  return join(root, 'private', id);
}
