import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IterationRecordSchema, type IterationRecord } from './historySchema';
import { workspacePaths } from './paths';

/**
 * The iteration history: one JSON line per finished iteration in .adsa/history.jsonl.
 * Appending a line is the atomic unit; a torn last line (crash mid-write) is skipped on read.
 */
export async function readHistory(workspace: string): Promise<IterationRecord[]> {
  let text: string;
  try {
    text = await readFile(workspacePaths(workspace).history, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseHistory(text);
}

export function parseHistory(text: string): IterationRecord[] {
  const records: IterationRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = IterationRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
    } catch {
      // A torn or foreign line: skip it, keep the rest readable.
    }
  }
  return records;
}

export async function appendHistory(workspace: string, record: IterationRecord): Promise<void> {
  const path = workspacePaths(workspace).history;
  await mkdir(dirname(path), { recursive: true });
  await ensureEndsWithNewline(path);
  const handle = await open(path, 'a');
  try {
    await handle.writeFile(JSON.stringify(IterationRecordSchema.parse(record)) + '\n');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** After a crash mid-append the file may end in a torn line; start ours on a fresh one. */
async function ensureEndsWithNewline(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] !== 0x0a) await appendFile(path, '\n');
  } finally {
    await handle.close();
  }
}

/** The next iteration number: history resumes numbering across runs. */
export function nextIteration(records: IterationRecord[]): number {
  return records.reduce((max, r) => Math.max(max, r.iteration), 0) + 1;
}

/**
 * The score iterations are ranked by: the private hold-out score when there is one (it cannot
 * be overfitted by the code), else the cross-validation mean.
 */
export function rankingScore(record: IterationRecord): number | null {
  if (record.status !== 'ok') return null;
  return record.privateScore ?? record.cvMean;
}

/** The best iteration by the metric's direction; ties keep the earlier one. */
export function bestRecord(records: IterationRecord[]): IterationRecord | null {
  let best: { record: IterationRecord; score: number } | null = null;
  for (const record of records) {
    const score = rankingScore(record);
    if (score === null) continue;
    if (best === null || isBetter(score, best.score, record.higherIsBetter)) best = { record, score };
  }
  return best?.record ?? null;
}

export function isBetter(score: number, than: number, higherIsBetter: boolean): boolean {
  return higherIsBetter ? score > than : score < than;
}
