import { IterationRecordSchema, type IterationRecord } from './historySchema';
import { appendJsonLine, readTextOrEmpty } from './jsonLines';
import { workspacePaths } from './paths';

/**
 * The iteration history: one JSON line per finished iteration in .adsa/history.jsonl.
 * Appending a line is the atomic unit; a torn last line (crash mid-write) is skipped on read.
 */
export async function readHistory(workspace: string): Promise<IterationRecord[]> {
  return parseHistory(await readTextOrEmpty(workspacePaths(workspace).history));
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
  await appendJsonLine(workspacePaths(workspace).history, IterationRecordSchema.parse(record));
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
