import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';

export interface SubmissionCheckOptions {
  submissionPath: string;
  /** sample_submission.csv: the header to match and, by default, the id column (its first). */
  samplePath?: string;
  /** The test file: the row count and ids to match. */
  testPath?: string;
  idColumn?: string;
}

export interface SubmissionCheck {
  ok: boolean;
  /** One sentence each, for the fixer. */
  problems: string[];
  /** Data rows in the submission (header excluded). */
  rows: number;
  /** Share of each predicted class when the one prediction column holds class labels; else null. */
  classShares: Record<string, number> | null;
}

const EXAMPLES = 3;
const MAX_CLASSES = 20;

/**
 * Checks submission.csv against the sample submission and the test file. A sample or test file that
 * is not given or cannot be read is skipped: those are the task's files, not the script's output.
 */
export async function checkSubmission(options: SubmissionCheckOptions): Promise<SubmissionCheck> {
  const name = basename(options.submissionPath);
  const text = await readText(options.submissionPath);
  if (text === null) return failed(`solution.py did not write ${name}.`);
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    return failed(`${name} is not valid CSV: ${clip((error as Error).message, 200)}.`);
  }
  const [header, ...rows] = records;
  if (!header) return failed(`${name} is empty.`);

  const problems: string[] = [];
  const sampleHeader = options.samplePath ? await readHeader(options.samplePath) : null;
  if (sampleHeader && !sameList(header, sampleHeader)) {
    problems.push(
      `${name} header \`${clip(header.join(','), 150)}\` differs from the ${basename(options.samplePath ?? '')} header \`${clip(sampleHeader.join(','), 150)}\`.`,
    );
  }

  const badWidth = rows.flatMap((row, i) => (row.length !== header.length ? [i + 1] : []));
  if (badWidth.length > 0) {
    const first = badWidth[0] ?? 0;
    problems.push(
      `${name} has ${badWidth.length} row(s) whose cell count differs from the header's ${header.length}, first data row ${first} with ${rows[first - 1]?.length} cell(s).`,
    );
  }

  const idName = options.idColumn ?? sampleHeader?.[0] ?? header[0] ?? '';
  const idIndex = header.indexOf(idName);
  const ids = idIndex >= 0 ? rows.map((row) => row[idIndex] ?? '') : null;
  if (!ids) problems.push(`${name} has no id column \`${clip(idName, 60)}\`.`);

  if (options.testPath) {
    const test = await readIdColumn(options.testPath, idName);
    const testName = basename(options.testPath);
    if (test && test.rows !== rows.length) {
      problems.push(`${name} has ${rows.length} rows but ${testName} has ${test.rows}; predict one row per test row.`);
    }
    if (test?.ids && ids) {
      const mismatch = compareIds(ids, test.ids);
      if (mismatch) problems.push(`${name} ids differ from ${testName}: ${mismatch}.`);
    }
  }

  if (ids) {
    const duplicates = findDuplicates(ids);
    if (duplicates.length > 0) {
      problems.push(`${name} has ${duplicates.length} duplicated id(s) (e.g. ${examples(duplicates)}).`);
    }
  }

  const empty = findEmptyCells(rows);
  if (empty.count > 0) {
    problems.push(
      `${name} has ${empty.count} empty or NaN cell(s), first in data row ${empty.row} column \`${clip(header[empty.column] ?? String(empty.column + 1), 60)}\`.`,
    );
  }

  return { ok: problems.length === 0, problems, rows: rows.length, classShares: classShares(header, rows, idIndex) };
}

function failed(problem: string): SubmissionCheck {
  return { ok: false, problems: [problem], rows: 0, classShares: null };
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** `onRecord` sees each record with its 0-based index (the header is 0) and returns what to keep. */
function parseCsv(text: string, onRecord?: (record: string[], index: number) => string[]): string[][] {
  let index = 0;
  return parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    on_record: onRecord ? (record: string[]) => onRecord(record, index++) : undefined,
  }) as string[][];
}

async function readHeader(path: string): Promise<string[] | null> {
  const text = await readText(path);
  if (text === null) return null;
  try {
    return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, to_line: 1 })[0] ?? null;
  } catch {
    return null;
  }
}

/** Row count and, when the test file has the id column, its ids; only that column is kept in memory. */
async function readIdColumn(path: string, idName: string): Promise<{ rows: number; ids: string[] | null } | null> {
  const text = await readText(path);
  if (text === null) return null;
  let idIndex = -1;
  try {
    const records = parseCsv(text, (record, index) => {
      if (index === 0) {
        idIndex = record.indexOf(idName);
        return record;
      }
      return idIndex >= 0 ? [record[idIndex] ?? ''] : [];
    });
    const data = records.slice(1);
    return { rows: data.length, ids: idIndex >= 0 ? data.map((r) => r[0] ?? '') : null };
  } catch {
    return null;
  }
}

function compareIds(ids: readonly string[], expected: readonly string[]): string | null {
  const have = new Set(ids);
  const want = new Set(expected);
  const missing = [...want].filter((id) => !have.has(id));
  const unexpected = [...have].filter((id) => !want.has(id));
  if (missing.length === 0 && unexpected.length === 0) return null;
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`${missing.length} missing (e.g. ${examples(missing)})`);
  if (unexpected.length > 0) parts.push(`${unexpected.length} unexpected (e.g. ${examples(unexpected)})`);
  return parts.join(' and ');
}

function findDuplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const id of ids) (seen.has(id) ? duplicates : seen).add(id);
  return [...duplicates];
}

/** pandas writes missing values as '' by default and as 'nan' after astype(str). */
function isEmpty(cell: string): boolean {
  const value = cell.trim();
  return value === '' || value.toLowerCase() === 'nan';
}

function findEmptyCells(rows: readonly string[][]): { count: number; row: number; column: number } {
  let count = 0;
  let row = 0;
  let column = 0;
  rows.forEach((cells, r) =>
    cells.forEach((cell, c) => {
      if (!isEmpty(cell)) return;
      if (count === 0) [row, column] = [r + 1, c];
      count++;
    }),
  );
  return { count, row, column };
}

/** Class labels are strings, booleans or whole numbers (also written as 1.0); fractional numbers are scores. */
function classShares(header: readonly string[], rows: readonly string[][], idIndex: number): Record<string, number> | null {
  const columns = header.map((_, i) => i).filter((i) => i !== idIndex);
  if (columns.length !== 1 || rows.length === 0) return null;
  const values = rows.map((row) => (row[columns[0] ?? 0] ?? '').trim()).filter((v) => !isEmpty(v));
  if (values.length === 0) return null;
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size > MAX_CLASSES) return null;
  const numbers = values.map(Number);
  if (numbers.every(Number.isFinite) && numbers.some((n) => !Number.isInteger(n))) return null;
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return Object.fromEntries(sorted.map(([value, n]) => [value, Math.round((n / values.length) * 1e4) / 1e4]));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v.trim() === b[i]?.trim());
}

function examples(values: readonly string[]): string {
  return values.slice(0, EXAMPLES).map((v) => clip(v, 40)).join(', ');
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
