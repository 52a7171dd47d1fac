import { stat } from 'node:fs/promises';
import { basename, extname, relative } from 'node:path';
import { scanCsv } from './scanCsv';

export interface SampleDataOptions {
  /** Names are shown relative to this folder; without it, as base names. */
  baseDir?: string;
  /** Column statistics come from at most this many rows; all rows are still counted. */
  statsRowLimit?: number;
  headRows?: number;
  maxCellChars?: number;
  maxCharsPerFile?: number;
  maxTotalChars?: number;
}

const DELIMITERS: Record<string, string> = { '.csv': ',', '.tsv': '\t' };

/**
 * A compact text picture of the data files for the generator prompt: per CSV its size, row count,
 * header, first rows and per-column type and missing counts; other files by name and size only.
 * Streams each file once and caps the output.
 */
export async function sampleData(files: string[], options: SampleDataOptions = {}): Promise<string> {
  const maxTotal = options.maxTotalChars ?? 12_000;
  const blocks: string[] = [];
  let used = 0;
  for (const [index, file] of files.entries()) {
    const block = await describeFile(file, options);
    const separator = blocks.length > 0 ? 2 : 0;
    if (used + separator + block.length > maxTotal) {
      const left = files.length - index;
      blocks.push(`… (data summary capped at ${maxTotal} characters; ${left} more file${left === 1 ? '' : 's'} not shown)`);
      break;
    }
    blocks.push(block);
    used += separator + block.length;
  }
  return blocks.join('\n\n');
}

async function describeFile(file: string, options: SampleDataOptions): Promise<string> {
  const name = options.baseDir ? relative(options.baseDir, file) : basename(file);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return `${name}: not found`;
  const delimiter = DELIMITERS[extname(file).toLowerCase()];
  if (delimiter === undefined || info.size === 0) return `${name} (${formatBytes(info.size)})`;

  const statsRowLimit = options.statsRowLimit ?? 100_000;
  const maxCellChars = options.maxCellChars ?? 40;
  const scan = await scanCsv(file, { delimiter, statsRowLimit, headRows: options.headRows ?? 5 });

  const lines = [
    `${name} (${formatBytes(info.size)}, ${count(scan.rows, 'row')}, ${count(scan.header.length, 'column')})`,
    `header: ${formatRow(scan.header, delimiter, maxCellChars)}`,
  ];
  if (scan.head.length > 0) {
    lines.push(`first ${count(scan.head.length, 'row')}:`);
    for (const row of scan.head) lines.push(`  ${formatRow(row, delimiter, maxCellChars)}`);
  }
  if (scan.parseError) lines.push(`(statistics stopped after ${scan.statsRows} rows: ${scan.parseError})`);
  const limited = scan.statsRows < scan.rows;
  lines.push(limited ? `columns (stats from first ${scan.statsRows} rows):` : 'columns:');
  for (const column of scan.columns) lines.push(`  ${column.describe()}`);

  return capText(lines.join('\n'), options.maxCharsPerFile ?? 3_000);
}

function formatRow(cells: string[], delimiter: string, maxCellChars: number): string {
  return cells
    .map((cell) => {
      const flat = cell.replace(/\r?\n/g, '\\n');
      const short = flat.length > maxCellChars ? `${flat.slice(0, maxCellChars - 1)}…` : flat;
      return short.includes(delimiter) || short.includes('"') ? `"${short.replace(/"/g, '""')}"` : short;
    })
    .join(delimiter);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = '\n… (truncated)';
  return text.slice(0, max - note.length) + note;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
