import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ColumnStats } from './columnStats';

export interface CsvScan {
  header: string[];
  /** The first data rows, as parsed. */
  head: string[][];
  /** Data rows in the whole file (records after the header). */
  rows: number;
  /** Data rows the column statistics come from. */
  statsRows: number;
  columns: ColumnStats[];
  /** Why statistics stopped early, when the sampled part could not be parsed. */
  parseError?: string;
}

export interface ScanLimits {
  delimiter: string;
  statsRowLimit: number;
  headRows: number;
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/** Whether bytes [from, to) hold more than carriage returns, i.e. the line is not blank. */
function hasContent(chunk: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (chunk[i] !== RETURN) return true;
  return false;
}

/**
 * Streams a CSV once. Records are split on line breaks outside double quotes, so quoted
 * newlines and commas are respected; the first `statsRowLimit` rows are parsed with csv-parse
 * for statistics, the rest are only counted. Memory stays bounded by one chunk and one batch.
 */
export async function scanCsv(path: string, limits: ScanLimits): Promise<CsvScan> {
  const scan: CsvScan = { header: [], head: [], rows: 0, statsRows: 0, columns: [] };
  let records = 0;
  let inQuotes = false;
  let recordHasContent = false;
  let collecting = true;
  let pending: Buffer[] = [];
  let firstBatch = true;

  const parseBatch = (bytes: Buffer) => {
    const rows: string[][] = parse(bytes.toString('utf8'), {
      delimiter: limits.delimiter,
      bom: firstBatch,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
    firstBatch = false;
    for (const row of rows) {
      if (scan.header.length === 0) {
        scan.header = row;
        scan.columns = row.map((name) => new ColumnStats(name));
        continue;
      }
      if (scan.statsRows >= limits.statsRowLimit) break;
      scan.statsRows++;
      if (scan.head.length < limits.headRows) scan.head.push(row);
      scan.columns.forEach((column, index) => column.add(row[index] ?? ''));
    }
  };
  const flush = (bytes: Buffer) => {
    try {
      parseBatch(bytes);
    } catch (error) {
      scan.parseError = error instanceof Error ? error.message : String(error);
      collecting = false;
    }
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 16 }) as AsyncIterable<Buffer>) {
    // Jumps between quotes and line breaks with indexOf: the rest of a large file is only counted.
    let cut = -1;
    let i = 0;
    let nextQuote = chunk.indexOf(QUOTE);
    let nextNewline = chunk.indexOf(NEWLINE);
    while (i < chunk.length) {
      if (nextQuote !== -1 && (inQuotes || nextNewline === -1 || nextQuote < nextNewline)) {
        inQuotes = !inQuotes;
        recordHasContent = true;
        i = nextQuote + 1;
        nextQuote = chunk.indexOf(QUOTE, i);
        if (nextNewline !== -1 && nextNewline < i) nextNewline = chunk.indexOf(NEWLINE, i);
        continue;
      }
      if (inQuotes) break;
      if (nextNewline === -1) {
        recordHasContent ||= hasContent(chunk, i, chunk.length);
        break;
      }
      if (recordHasContent || hasContent(chunk, i, nextNewline)) {
        records++;
        if (collecting) {
          cut = nextNewline + 1;
          if (records > limits.statsRowLimit) {
            flush(Buffer.concat([...pending, chunk.subarray(0, cut)]));
            pending = [];
            collecting = false;
          }
        }
      }
      recordHasContent = false;
      i = nextNewline + 1;
      nextNewline = chunk.indexOf(NEWLINE, i);
    }
    if (!collecting) continue;
    if (cut === -1) {
      pending.push(chunk);
    } else {
      flush(Buffer.concat([...pending, chunk.subarray(0, cut)]));
      pending = cut < chunk.length ? [chunk.subarray(cut)] : [];
    }
  }
  if (recordHasContent) records++;
  if (collecting && pending.length > 0) flush(Buffer.concat(pending));

  scan.rows = Math.max(0, records - 1);
  return scan;
}
