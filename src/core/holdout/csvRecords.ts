import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { parse } from 'csv-parse';

/** Tab for .tsv files, comma otherwise. */
export function delimiterFor(path: string): string {
  return extname(path).toLowerCase() === '.tsv' ? '\t' : ',';
}

export interface CsvStream {
  /** Records, header first; blank lines skipped. */
  records: AsyncIterable<string[]>;
  /** The SHA-256 of the file's bytes, known once `records` is exhausted. */
  sha256(): string;
}

/** Streams a CSV's records while hashing its bytes, so one pass both reads and fingerprints it. */
export function readCsvRecords(path: string): CsvStream {
  const hash = createHash('sha256');
  let digest: string | null = null;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      digest = hash.digest('hex');
      done();
    },
  });
  // pipeline() tears the whole chain down when the reader stops early or a part fails.
  const parser = pipeline(
    createReadStream(path, { highWaterMark: 1 << 16 }),
    tap,
    parse({ delimiter: delimiterFor(path), bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }),
    () => {},
  );
  return {
    records: parser,
    sha256() {
      if (digest === null) throw new Error(`${path} was not read to its end.`);
      return digest;
    },
  };
}

/** The SHA-256 of a file, streamed. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** One CSV line: cells quoted only when they hold the delimiter, a quote, a line break or edge spaces. */
export function csvLine(cells: readonly string[], delimiter = ','): string {
  return `${cells.map((cell) => (needsQuotes(cell, delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(delimiter)}\n`;
}

function needsQuotes(cell: string, delimiter: string): boolean {
  return cell.includes(delimiter) || /["\r\n]/.test(cell) || cell !== cell.trim();
}
