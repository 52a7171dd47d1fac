import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { copyFileAtomic, tempPathFor, writeFileAtomic } from '../store/atomicWrite';
import type { Task } from '../task/loadTask';
import { csvLine, delimiterFor, readCsvRecords } from './csvRecords';
import type { Holdout } from './prepareHoldout';

export const STAGED_DIR = 'staged_data';
export const HOLDOUT_FEATURES_FILE = 'holdout_X.csv';
const STAMP_FILE = '.staged.json';

export interface StagedData {
  /** Absolute path of `<runDir>/staged_data`. */
  dir: string;
  /** Workspace-relative original (forward slashes) -> run-dir-relative staged path, e.g. staged_data/train.csv. */
  files: Record<string, string>;
  /** staged_data/holdout_X.csv (hold-out rows without the target), or null without a hold-out. */
  holdoutFeatures: string | null;
  /** Workspace-relative originals the code must not open: the labelled training file. */
  forbidden: string[];
}

const StampEntrySchema = z.object({
  source: z.string(),
  sourceSize: z.number(),
  sourceMtimeMs: z.number(),
  size: z.number(),
  mtimeMs: z.number(),
  /** Identifies the hold-out a split file was cut with; absent for plain copies. */
  holdoutKey: z.string().optional(),
});
const StampSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), StampEntrySchema) });
type StampEntry = z.infer<typeof StampEntrySchema>;

interface Planned {
  source: string;
  /** File name inside staged_data. */
  name: string;
  holdoutKey?: string;
}

/**
 * Prepares the data a run may read, in `<runDir>/staged_data/`: the training file without the
 * hold-out rows, holdout_X.csv (hold-out rows without the target) and copies of the task's other
 * data files; without a hold-out, copies of all of them. Files whose source and staged copy are
 * unchanged since the last staging are left alone, so re-staging is quick.
 */
export async function stageDataView(
  workspace: string,
  task: Pick<Task, 'dataFiles' | 'submission'>,
  holdout: Holdout | null,
  runDir: string,
): Promise<StagedData> {
  const dir = join(runDir, STAGED_DIR);
  await mkdir(dir, { recursive: true });
  const stampFile = join(dir, STAMP_FILE);
  const previous = await readStamp(stampFile);

  const sources = [
    ...(holdout ? [holdout.sourceFile] : []),
    ...task.dataFiles,
    ...[task.submission.testFile, task.submission.sampleFile].filter((path): path is string => path !== undefined),
  ].map((path) => resolve(path));
  const holdoutKey = holdout ? holdoutIdentity(holdout) : undefined;
  const plan = planNames([...new Set(sources)], workspace, holdout !== null);
  if (holdout) plan.push({ source: holdout.sourceFile, name: HOLDOUT_FEATURES_FILE });
  for (const entry of plan) if (holdout && entry.source === holdout.sourceFile) entry.holdoutKey = holdoutKey;

  const fresh = await Promise.all(plan.map((entry) => isFresh(dir, entry, previous)));
  const entries: Record<string, StampEntry> = {};
  const toWrite: Planned[] = [];
  plan.forEach((entry, i) => {
    const kept = previous?.entries[entry.name];
    if (fresh[i] && kept) entries[entry.name] = kept;
    else toWrite.push(entry);
  });

  if (holdout && toWrite.some((entry) => entry.source === holdout.sourceFile)) {
    const trainName = plan.find((entry) => entry.source === holdout.sourceFile)?.name ?? basename(holdout.sourceFile);
    await writeSplit(holdout, join(dir, trainName), join(dir, HOLDOUT_FEATURES_FILE));
    for (const name of [trainName, HOLDOUT_FEATURES_FILE]) entries[name] = await stampOf(dir, name, holdout.sourceFile, holdoutKey);
  }
  for (const entry of toWrite) {
    if (holdout && entry.source === holdout.sourceFile) continue;
    await copyFileAtomic(entry.source, join(dir, entry.name));
    entries[entry.name] = await stampOf(dir, entry.name, entry.source);
  }

  const dropped = Object.keys(previous?.entries ?? {}).filter((name) => !(name in entries));
  for (const name of dropped) await rm(join(dir, name), { force: true });
  if (toWrite.length > 0 || dropped.length > 0 || !previous) {
    await writeFileAtomic(stampFile, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
  }

  const files: Record<string, string> = {};
  for (const entry of plan) {
    if (entry.name !== HOLDOUT_FEATURES_FILE || !holdout) files[workspacePath(workspace, entry.source)] = `${STAGED_DIR}/${entry.name}`;
  }
  return {
    dir,
    files,
    holdoutFeatures: holdout ? `${STAGED_DIR}/${HOLDOUT_FEATURES_FILE}` : null,
    forbidden: holdout ? [workspacePath(workspace, holdout.sourceFile)] : [],
  };
}

function workspacePath(workspace: string, path: string): string {
  return relative(workspace, path).split(sep).join('/');
}

/** Each file keeps its base name; a clash (two train.csv in different folders) gets its folder in the name. */
function planNames(sources: string[], workspace: string, withHoldout: boolean): Planned[] {
  const taken = new Set(withHoldout ? [HOLDOUT_FEATURES_FILE.toLowerCase(), STAMP_FILE] : [STAMP_FILE]);
  return sources.map((source) => {
    let name = basename(source);
    if (taken.has(name.toLowerCase())) {
      name = workspacePath(workspace, source).replace(/^(?:\.\.\/)+/, '').replace(/\//g, '__');
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${n}_${basename(source)}`;
    }
    taken.add(name.toLowerCase());
    return { source, name };
  });
}

function holdoutIdentity(holdout: Holdout): string {
  const { sourceSha256, ids, spec } = holdout;
  return createHash('sha256').update(JSON.stringify([sourceSha256, spec.idColumn, spec.target, ids])).digest('hex');
}

async function readStamp(path: string): Promise<z.infer<typeof StampSchema> | null> {
  try {
    return StampSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return null;
  }
}

async function isFresh(dir: string, entry: Planned, previous: z.infer<typeof StampSchema> | null): Promise<boolean> {
  const kept = previous?.entries[entry.name];
  if (!kept || kept.source !== entry.source || kept.holdoutKey !== entry.holdoutKey) return false;
  const [source, staged] = await Promise.all([stat(entry.source).catch(() => null), stat(join(dir, entry.name)).catch(() => null)]);
  return (
    source !== null &&
    staged !== null &&
    source.size === kept.sourceSize &&
    source.mtimeMs === kept.sourceMtimeMs &&
    staged.size === kept.size &&
    staged.mtimeMs === kept.mtimeMs
  );
}

async function stampOf(dir: string, name: string, source: string, holdoutKey?: string): Promise<StampEntry> {
  const [from, to] = await Promise.all([stat(source), stat(join(dir, name))]);
  return {
    source,
    sourceSize: from.size,
    sourceMtimeMs: from.mtimeMs,
    size: to.size,
    mtimeMs: to.mtimeMs,
    ...(holdoutKey !== undefined && { holdoutKey }),
  };
}

/** One streamed pass: rows not held out go to the training copy, hold-out rows minus the target to holdout_X. */
async function writeSplit(holdout: Holdout, trainPath: string, featuresPath: string): Promise<void> {
  const { spec } = holdout;
  const delimiter = delimiterFor(holdout.sourceFile);
  const held = new Set(holdout.ids);
  const trainTemp = tempPathFor(trainPath);
  const featuresTemp = tempPathFor(featuresPath);
  const train = new BufferedWriter(createWriteStream(trainTemp));
  const features = new BufferedWriter(createWriteStream(featuresTemp));
  // finished() listens for errors from the start, so a failed write rejects here instead of crashing.
  const written = Promise.all([finished(train.stream), finished(features.stream)]);
  written.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
  try {
    const csv = readCsvRecords(holdout.sourceFile);
    let idIndex = -1;
    let targetIndex = -1;
    let found = 0;
    for await (const record of csv.records) {
      if (idIndex < 0) {
        const header = record.map((name) => name.trim());
        idIndex = header.indexOf(spec.idColumn);
        targetIndex = header.indexOf(spec.target);
        if (idIndex < 0 || targetIndex < 0) throw changedSource(spec.trainFile);
        await train.write(csvLine(record, delimiter));
        await features.write(csvLine(withoutColumn(record, targetIndex), delimiter));
      } else if (held.has((record[idIndex] ?? '').trim())) {
        found++;
        await features.write(csvLine(withoutColumn(record, targetIndex), delimiter));
      } else {
        await train.write(csvLine(record, delimiter));
      }
    }
    if (csv.sha256() !== holdout.sourceSha256 || found !== held.size) throw changedSource(spec.trainFile);
    await Promise.all([train.end(), features.end()]);
    await written;
    await rename(trainTemp, trainPath);
    await rename(featuresTemp, featuresPath);
  } catch (error) {
    train.stream.end();
    features.stream.end();
    await written.catch(() => {});
    await Promise.all([rm(trainTemp, { force: true }), rm(featuresTemp, { force: true })]);
    throw error;
  }
}

/** Gathers lines into 64 KB writes: a stream write per CSV row is several times slower. */
class BufferedWriter {
  private pending: string[] = [];
  private size = 0;

  constructor(readonly stream: WriteStream) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= 1 << 16) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    this.stream.end();
  }

  private async flush(): Promise<void> {
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (text !== '' && !this.stream.write(text)) await once(this.stream, 'drain');
  }
}

function changedSource(file: string): ConfigError {
  return new ConfigError(`${file} changed since its hold-out was drawn; prepare the hold-out again before staging the data.`);
}

function withoutColumn(record: string[], index: number): string[] {
  return record.filter((_, i) => i !== index);
}
