import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { writeFileAtomic } from '../store/atomicWrite';
import { csvLine, fileSha256, readCsvRecords } from './csvRecords';
import { HoldoutSpecSchema, type HoldoutSpec } from './spec';
import { drawHoldout, inferTaskType, type TaskType } from './split';

export const LABELS_FILE = 'holdout_labels.csv';
export const MANIFEST_FILE = 'manifest.json';

/** Smallest hold-out worth scoring, smallest training set worth fitting, fewest hold-out rows per class. */
const MIN_HOLDOUT_ROWS = 20;
const MIN_TRAIN_ROWS = 50;
const MIN_HOLDOUT_PER_CLASS = 2;

const ManifestSchema = z.object({
  version: z.literal(1),
  spec: HoldoutSpecSchema,
  taskType: z.enum(['classification', 'regression']),
  classes: z.array(z.string()).nullable(),
  trainRows: z.number().int(),
  holdoutRows: z.number().int(),
  sourceSha256: z.string(),
  labelsSha256: z.string(),
  createdAt: z.string(),
  /** Hold-out ids in the training file's order. */
  ids: z.array(z.string()),
});
type Manifest = z.infer<typeof ManifestSchema>;

export interface Holdout {
  spec: HoldoutSpec;
  taskType: TaskType;
  /** Sorted classes for classification; null for regression. */
  classes: string[] | null;
  /** Rows staged for training (every row of the file that is not held out). */
  trainRows: number;
  holdoutRows: number;
  /** Absolute path of holdout_labels.csv (id, target) in the private folder. */
  labelsFile: string;
  /** Hold-out ids in the training file's order. */
  ids: string[];
  /** Absolute path of the labelled training file. */
  sourceFile: string;
  sourceSha256: string;
  /** Set when this hold-out replaces an earlier one, saying why: scores across the two do not compare. */
  note?: string;
}

/**
 * Splits a private hold-out off the labelled training file and keeps its labels in `privateDir`
 * (holdout_labels.csv and manifest.json). Nothing in the workspace is changed. The split is a pure
 * function of the file's rows and the spec, and the manifest keeps it: the same spec and file reuse it.
 * Bad input throws a ConfigError before anything is written.
 */
export async function prepareHoldout(workspace: string, spec: HoldoutSpec, privateDir: string): Promise<Holdout> {
  const parsedSpec = HoldoutSpecSchema.safeParse(spec);
  if (!parsedSpec.success) {
    throw new ConfigError(
      `The hold-out settings are invalid (${parsedSpec.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}).`,
    );
  }
  spec = parsedSpec.data;
  const sourceFile = resolve(workspace, spec.trainFile);
  const info = await stat(sourceFile).catch(() => null);
  if (!info?.isFile()) {
    throw new ConfigError(`The training file ${spec.trainFile} named for the hold-out does not exist in ${workspace}.`);
  }
  if (!['.csv', '.tsv'].includes(extname(sourceFile).toLowerCase())) {
    throw new ConfigError(`The hold-out needs a CSV training file, and ${spec.trainFile} is not one (.csv or .tsv).`);
  }

  const labelsFile = join(privateDir, LABELS_FILE);
  const manifestFile = join(privateDir, MANIFEST_FILE);
  const previous = await readManifest(manifestFile);
  const sourceSha256 = await fileSha256(sourceFile);
  if (
    previous &&
    sameSpec(previous.spec, spec) &&
    previous.sourceSha256 === sourceSha256 &&
    (await fileSha256(labelsFile).catch(() => null)) === previous.labelsSha256
  ) {
    return fromManifest(previous, labelsFile, sourceFile);
  }

  const table = await readLabelledRows(sourceFile, spec);
  const plan = planSplit(table, spec);
  const labelsText =
    csvLine([spec.idColumn, spec.target]) +
    plan.rows.map((row) => csvLine([table.ids[row] ?? '', table.targets[row] ?? ''])).join('');
  const manifest: Manifest = {
    version: 1,
    spec,
    taskType: plan.taskType,
    classes: plan.classes,
    trainRows: table.ids.length - plan.rows.length,
    holdoutRows: plan.rows.length,
    sourceSha256: table.sha256,
    labelsSha256: createHash('sha256').update(labelsText).digest('hex'),
    createdAt: new Date().toISOString(),
    ids: plan.rows.map((row) => table.ids[row] ?? ''),
  };
  // Labels first: the manifest names their hash, so a crash between the two is seen and redone.
  await writeFileAtomic(labelsFile, labelsText);
  await writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

  const holdout = fromManifest(manifest, labelsFile, sourceFile);
  const note = previous && replacementNote(previous, manifest);
  return note ? { ...holdout, note } : holdout;
}

async function readManifest(path: string): Promise<Manifest | null> {
  try {
    return ManifestSchema.parse(JSON.parse(await readFile(path, 'utf8')));
  } catch {
    return null;
  }
}

function sameSpec(a: HoldoutSpec, b: HoldoutSpec): boolean {
  return a.trainFile === b.trainFile && a.idColumn === b.idColumn && a.target === b.target && a.fraction === b.fraction && a.seed === b.seed;
}

function fromManifest(manifest: Manifest, labelsFile: string, sourceFile: string): Holdout {
  const { spec, taskType, classes, trainRows, holdoutRows, ids, sourceSha256 } = manifest;
  return { spec, taskType, classes, trainRows, holdoutRows, labelsFile, ids, sourceFile, sourceSha256 };
}

function replacementNote(previous: Manifest, next: Manifest): string | undefined {
  if (!sameSpec(previous.spec, next.spec)) {
    return `The hold-out settings changed since the last hold-out was drawn, so a new one was drawn; private scores from before are not comparable.`;
  }
  if (previous.sourceSha256 !== next.sourceSha256) {
    return `${next.spec.trainFile} changed since the last hold-out was drawn, so a new one was drawn; private scores from before are not comparable.`;
  }
  return undefined;
}

interface LabelledRows {
  ids: string[];
  targets: string[];
  sha256: string;
}

async function readLabelledRows(path: string, spec: HoldoutSpec): Promise<LabelledRows> {
  const csv = readCsvRecords(path);
  const ids: string[] = [];
  const targets: string[] = [];
  let header: string[] | null = null;
  let idIndex = -1;
  let targetIndex = -1;
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  let emptyIds = 0;
  let firstEmptyRow = 0;
  try {
    for await (const record of csv.records) {
      if (header === null) {
        header = record.map((name) => name.trim());
        idIndex = header.indexOf(spec.idColumn);
        targetIndex = header.indexOf(spec.target);
        if (idIndex < 0) throw missingColumn('id column', spec.idColumn, spec.trainFile, header);
        if (targetIndex < 0) throw missingColumn('target', spec.target, spec.trainFile, header);
        if (idIndex === targetIndex) {
          throw new ConfigError(`The hold-out's id column and target are both \`${spec.target}\`; name two different columns.`);
        }
        continue;
      }
      const id = (record[idIndex] ?? '').trim();
      if (id === '') {
        if (emptyIds++ === 0) firstEmptyRow = ids.length + 1;
      } else if (seen.has(id)) {
        duplicates.add(id);
      } else {
        seen.add(id);
      }
      ids.push(id);
      targets.push((record[targetIndex] ?? '').trim());
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${spec.trainFile} could not be read as CSV: ${(error as Error).message}`, { cause: error });
  }
  if (header === null) throw new ConfigError(`${spec.trainFile} is empty; the hold-out needs its labelled rows.`);
  if (emptyIds > 0) {
    throw new ConfigError(
      `${spec.trainFile} has ${emptyIds} row(s) with an empty \`${spec.idColumn}\` (first at data row ${firstEmptyRow}); the hold-out needs an id on every row.`,
    );
  }
  if (duplicates.size > 0) {
    throw new ConfigError(
      `${spec.trainFile} has ${duplicates.size} duplicated \`${spec.idColumn}\` value(s) (e.g. ${examples([...duplicates])}); the hold-out needs a unique id per row.`,
    );
  }
  return { ids, targets, sha256: csv.sha256() };
}

function missingColumn(what: string, name: string, file: string, header: string[]): ConfigError {
  const shown = header.slice(0, 40).join(', ') + (header.length > 40 ? `, and ${header.length - 40} more` : '');
  return new ConfigError(`The ${what} \`${name}\` is not in ${file}; its columns are ${shown}.`);
}

function examples(values: string[]): string {
  return values.slice(0, 3).map((value) => `\`${value.slice(0, 40)}\``).join(', ');
}

interface Plan {
  taskType: TaskType;
  classes: string[] | null;
  /** Hold-out rows (indices into the file's data rows), ascending. */
  rows: number[];
}

/** Rows without a target are never held out: they stay in training, where the code may use them. */
function planSplit(table: LabelledRows, spec: HoldoutSpec): Plan {
  const labelled = table.targets.flatMap((target, row) => (target === '' ? [] : [row]));
  const targets = labelled.map((row) => table.targets[row] ?? '');
  const { taskType, classes } = inferTaskType(targets);
  const percent = `${Math.round(spec.fraction * 1000) / 10}%`;
  const remedy = 'use a larger training file or fraction, or turn the hold-out off';

  if (classes !== null && classes.length < 2) {
    const only = classes[0] === undefined ? 'no labelled rows' : `only the class \`${classes[0]}\``;
    throw new ConfigError(`The target \`${spec.target}\` in ${spec.trainFile} has ${only}; a hold-out needs at least two classes to score.`);
  }
  const plan = drawHoldout(targets, taskType, spec.fraction, spec.seed);
  if (plan.holdout.length < MIN_HOLDOUT_ROWS) {
    throw new ConfigError(
      `A ${percent} hold-out of the ${labelled.length} labelled rows of ${spec.trainFile} would have ${plan.holdout.length} rows, fewer than the ${MIN_HOLDOUT_ROWS} needed to score; ${remedy}.`,
    );
  }
  const trainRows = table.ids.length - plan.holdout.length;
  if (trainRows < MIN_TRAIN_ROWS) {
    throw new ConfigError(
      `A ${percent} hold-out would leave ${trainRows} training rows in ${spec.trainFile}, fewer than the ${MIN_TRAIN_ROWS} needed to fit a model; ${remedy}.`,
    );
  }
  for (const [label, count] of plan.perClass ?? []) {
    if (count < MIN_HOLDOUT_PER_CLASS) {
      const rows = targets.filter((target) => target === label).length;
      throw new ConfigError(
        `The class \`${label}\` of \`${spec.target}\` has ${rows} row(s), so a ${percent} stratified hold-out would get ${count} of them, fewer than ${MIN_HOLDOUT_PER_CLASS}; use a larger fraction, merge rare classes, or turn the hold-out off.`,
      );
    }
  }
  return { taskType, classes, rows: plan.holdout.map((index) => labelled[index] ?? -1) };
}
