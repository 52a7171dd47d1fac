import { readdir } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import type { Direction } from '../core/directions/direction';
import { readDirectionNotes } from '../core/directions/noteFiles';
import type { IterationRecord } from '../core/store/historySchema';

const WORKTREES = join('.adsa', 'worktrees');

/**
 * Every research direction the files of a workspace describe: the notes merged on the user's
 * branch, overridden by the note in the direction's own worktree, which is current while it
 * runs (whoever runs it: this window, the CLI, an earlier session).
 */
export async function readDirections(workspace: string, records: readonly IterationRecord[]): Promise<Direction[]> {
  const directions = new Map<string, Direction>();
  for (const note of await readDirectionNotes(workspace)) directions.set(note.direction.slug, note.direction);
  for (const [slug, root] of await worktreeRoots(workspace, records)) {
    const note = (await readDirectionNotes(root)).find((n) => n.direction.slug === slug);
    if (note) directions.set(slug, note.direction);
  }
  return [...directions.values()];
}

/**
 * Worktree folders by slug: those under the workspace's .adsa/worktrees, and those the history
 * points into (`<worktree>/older_solutions/iteration_NNN`), which finds them when the workspace
 * is a subfolder of the repository.
 */
async function worktreeRoots(workspace: string, records: readonly IterationRecord[]): Promise<Map<string, string>> {
  const roots = new Map<string, string>();
  let names: string[] = [];
  try {
    names = await readdir(join(workspace, WORKTREES));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const slug of names) roots.set(slug, join(workspace, WORKTREES, slug));
  for (const record of records) {
    if (record.direction === undefined || roots.has(record.direction)) continue;
    const parts = normalize(record.archiveDir).split(sep);
    // The archive is two levels below the worktree's root.
    if (parts.length > 2 && parts.at(-3) === record.direction) roots.set(record.direction, join(workspace, ...parts.slice(0, -2)));
  }
  return roots;
}
