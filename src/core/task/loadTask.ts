import { readdir, readFile, stat, open } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../errors';
import { mentionedFiles, type MentionedFile } from './mentionedFiles';
import { parseMetric } from './parseMetric';

/** What the script must write and what it can copy the shape from. */
export interface SubmissionSpec {
  /** The file the script writes, relative to the workspace: submission.csv unless task.md names another. */
  fileName: string;
  /** Absolute path of sample_submission*.csv, when there is one. */
  sampleFile?: string;
  /** Absolute path of the test data (test.csv or the file task.md calls test data). */
  testFile?: string;
  /** First column of the sample submission. */
  idColumn?: string;
  /** The sample submission's other columns. */
  targetColumns?: string[];
}

export interface Task {
  /** Absolute folder holding task.md. */
  dir: string;
  taskFile: string;
  markdown: string;
  /** Absolute paths: files task.md names that exist (beside it or in data/), then every .csv in data/. */
  dataFiles: string[];
  /** Data files task.md names that do not exist, as written there, so front ends can warn. */
  missingFiles: string[];
  metric: string | null;
  /** Whether larger scores are better; null when neither task.md nor the metric's name says. */
  higherIsBetter: boolean | null;
  submission: SubmissionSpec;
}

/** Outputs the script writes; task.md names them but they are not inputs. */
const OUTPUT_FILES = ['progress_report.json'];

/** Reads task.md in `dir` (or the given task file) and finds its data, metric and submission format. */
export async function loadTask(dirOrFile: string): Promise<Task> {
  const { dir, taskFile } = await locateTaskFile(resolve(dirOrFile));
  const markdown = await readFile(taskFile, 'utf8');
  if (markdown.trim() === '') {
    throw new ConfigError(
      `${taskFile} is empty: describe the goal, the data files, the submission format and the metric.`,
    );
  }

  const mentioned = mentionedFiles(markdown);
  const fileName = submissionFileName(markdown, mentioned);
  const outputs = new Set([fileName, ...OUTPUT_FILES].map((name) => basename(name).toLowerCase()));

  const dataFiles: string[] = [];
  const missingFiles: string[] = [];
  const mentionedAt = new Map<string, MentionedFile>();
  for (const file of mentioned) {
    if (outputs.has(basename(file.name).toLowerCase())) continue;
    const path = await findFile(dir, file.name);
    if (path === null) {
      missingFiles.push(file.name);
    } else if (!mentionedAt.has(path)) {
      mentionedAt.set(path, file);
      dataFiles.push(path);
    }
  }
  for (const path of await csvFilesIn(join(dir, 'data'))) {
    if (!dataFiles.includes(path)) dataFiles.push(path);
  }

  const sampleFile = pickFile(dataFiles, mentionedAt, /^sample[_-]?submission/i, /\b(?:sample|example) submission\b/i);
  const testFile = pickFile(
    dataFiles.filter((path) => path !== sampleFile),
    mentionedAt,
    /^test(?:[_.-]|$)/i,
    /\b(?:test|hold-?out|unlabell?ed)\b/i,
  );
  const header = sampleFile ? await readCsvHeader(sampleFile) : [];
  const [idColumn, ...targetColumns] = header;

  const { metric, higherIsBetter } = parseMetric(markdown);
  return {
    dir,
    taskFile,
    markdown,
    dataFiles,
    missingFiles,
    metric,
    higherIsBetter,
    submission: {
      fileName,
      ...(sampleFile && { sampleFile }),
      ...(testFile && { testFile }),
      ...(idColumn !== undefined && { idColumn, targetColumns }),
    },
  };
}

async function locateTaskFile(path: string): Promise<{ dir: string; taskFile: string }> {
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return { dir: dirname(path), taskFile: path };
  const names = info?.isDirectory() ? await readdir(path) : [];
  const name = names.find((entry) => entry.toLowerCase() === 'task.md');
  if (name === undefined) {
    throw new ConfigError(
      `No task.md in ${path}: ADSA needs a task.md describing the goal, the data files, the submission format and the metric.`,
    );
  }
  return { dir: path, taskFile: join(path, name) };
}

/**
 * "Submission file: preds.csv" wins; then a named file with "submission" in its name that is not
 * the sample; else submission.csv.
 */
function submissionFileName(markdown: string, mentioned: MentionedFile[]): string {
  const isCandidate = (name: string) => !/sample|example/i.test(basename(name)) && !OUTPUT_FILES.includes(basename(name));
  const explicit = /\b(?:submission|output|predictions?)(?:\s+file)?(?:\s+name)?\s*(?::|=|\bis\b|\bnamed\b|\bcalled\b)\s*["']?([\w./-]+\.(?:csv|tsv|json|jsonl|parquet))\b/gi;
  for (const match of markdown.replace(/[*`]/g, '').matchAll(explicit)) {
    if (match[1] && isCandidate(match[1])) return match[1];
  }
  const named = mentioned.find((file) => /submission/i.test(basename(file.name)) && isCandidate(file.name));
  return named?.name ?? 'submission.csv';
}

async function findFile(dir: string, name: string): Promise<string | null> {
  const candidates = isAbsolute(name) ? [name] : [resolve(dir, name), resolve(dir, 'data', name)];
  for (const path of candidates) {
    if ((await stat(path).catch(() => null))?.isFile()) return path;
  }
  return null;
}

async function csvFilesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && extname(entry.name).toLowerCase() === '.csv')
    .map((entry) => join(folder, entry.name))
    .sort();
}

/**
 * The first file whose name matches `byName` (a CSV preferred), else the first file task.md
 * mentions in a sentence matching `byContext` (training files aside, as such sentences often name both).
 */
function pickFile(
  files: string[],
  mentionedAt: Map<string, MentionedFile>,
  byName: RegExp,
  byContext: RegExp,
): string | undefined {
  const named = files.filter((path) => byName.test(basename(path)));
  const byNameChoice = named.find((path) => extname(path).toLowerCase() === '.csv') ?? named[0];
  if (byNameChoice) return byNameChoice;
  return files.find((path) => {
    const mention = mentionedAt.get(path);
    return mention !== undefined && !/train/i.test(basename(path)) && byContext.test(mention.context);
  });
}

/** The header of a CSV, read from its first 64 KB only. */
async function readCsvHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65_536), 0, 65_536, 0);
    const firstLine = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0] ?? '';
    const rows: string[][] = parse(firstLine, { bom: true, relax_quotes: true, relax_column_count: true });
    return (rows[0] ?? []).map((cell) => cell.trim());
  } finally {
    await handle.close();
  }
}
