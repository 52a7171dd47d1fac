import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHistory } from '../store/history';
import { IterationRecordSchema } from '../store/historySchema';
import { writeFileAtomic } from '../store/atomicWrite';
import { readTextOrEmpty } from '../store/jsonLines';
import { DIRECTIONS_DIR, noteLearnings, notePath, parseNote, renderNote, resultsPath, type DirectionNote } from './note';

/** Writes the note and its results records under `root` (a worktree or the user's workspace), each atomically. */
export async function writeDirectionFiles(root: string, note: DirectionNote): Promise<void> {
  const { direction, results, learnings } = note;
  const lines = results.map((r) => JSON.stringify(IterationRecordSchema.parse(r)) + '\n').join('');
  await writeFileAtomic(join(root, resultsPath(direction.slug)), lines);
  await writeFileAtomic(join(root, notePath(direction.slug)), renderNote(direction, results, learnings));
}

/** Every direction note under `root`, with its results records; files that are not direction notes are skipped. */
export async function readDirectionNotes(root: string): Promise<DirectionNote[]> {
  let names: string[];
  try {
    names = await readdir(join(root, DIRECTIONS_DIR));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const notes: DirectionNote[] = [];
  for (const name of names.filter((n) => n.endsWith('.md')).sort()) {
    const markdown = await readFile(join(root, DIRECTIONS_DIR, name), 'utf8');
    const direction = parseNote(markdown);
    if (!direction) continue;
    const results = parseHistory(await readTextOrEmpty(join(root, resultsPath(direction.slug))));
    notes.push({ direction, results, learnings: noteLearnings(markdown) });
  }
  return notes;
}

