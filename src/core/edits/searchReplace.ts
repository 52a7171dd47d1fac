import { EditError } from '../errors';
import type { SearchReplaceBlock } from './parseFixReply';

/**
 * Applies SEARCH/REPLACE blocks in order to LF text. Each block must match exactly one place:
 * exactly first, then ignoring trailing whitespace, surrounding blank lines and a uniform indentation shift.
 */
export function applySearchReplace(original: string, blocks: readonly SearchReplaceBlock[], fileName: string): string {
  const endsWithNewline = original === '' || original.endsWith('\n');
  let lines = toLines(original);
  blocks.forEach((block, index) => {
    const label = `SEARCH block ${index + 1} of ${blocks.length}`;
    const search = toLines(block.search);
    const replace = toLines(block.replace);
    if (search.every((l) => l.trim() === '')) {
      if (lines.some((l) => l.trim() !== '')) {
        throw new EditError(`${label} is empty but ${fileName} is not; copy the lines to change into SEARCH.`);
      }
      lines = replace;
      return;
    }
    const exact = findAll(lines, search, (a, b) => a === b);
    if (exact.length === 1) {
      lines = splice(lines, exact[0] ?? 0, search.length, replace);
      return;
    }
    if (exact.length > 1) throw ambiguous(label, fileName, exact.length, search);

    const tolerant = tolerantMatches(lines, search);
    if (tolerant.length > 1) throw ambiguous(label, fileName, tolerant.length, search);
    const match = tolerant[0];
    if (!match) throw new EditError(`${label} does not match ${fileName}: \`${firstLine(search)}\``);
    lines = splice(lines, match.at, match.length, reindent(trimLike(replace, match.trimmed), match.from, match.to));
  });
  const text = lines.join('\n');
  return endsWithNewline && lines.length > 0 ? text + '\n' : text;
}

interface TolerantMatch {
  at: number;
  length: number;
  /** The indentation the search text had, and the one the file has there. */
  from: string;
  to: string;
  /** Blank lines dropped from the start and end of the search text. */
  trimmed: { start: number; end: number };
}

function tolerantMatches(lines: readonly string[], rawSearch: readonly string[]): TolerantMatch[] {
  const start = rawSearch.findIndex((l) => l.trim() !== '');
  const end = rawSearch.length - 1 - [...rawSearch].reverse().findIndex((l) => l.trim() !== '');
  const search = rawSearch.slice(start, end + 1);
  const from = commonIndent(search);
  const wanted = search.map((l) => dedent(l, from).trimEnd());
  const matches: TolerantMatch[] = [];
  for (let at = 0; at + search.length <= lines.length; at++) {
    const window = lines.slice(at, at + search.length);
    const to = commonIndent(window);
    if (window.every((l, k) => dedent(l, to).trimEnd() === wanted[k])) {
      matches.push({ at, length: search.length, from, to, trimmed: { start, end: rawSearch.length - 1 - end } });
    }
  }
  return matches;
}

/** Drops as many leading/trailing blank lines from the replacement as were dropped from the search. */
function trimLike(replace: readonly string[], trimmed: { start: number; end: number }): string[] {
  let a = 0;
  let b = replace.length;
  while (a < trimmed.start && a < b && replace[a]?.trim() === '') a++;
  while (replace.length - b < trimmed.end && b > a && replace[b - 1]?.trim() === '') b--;
  return replace.slice(a, b);
}

function reindent(lines: readonly string[], from: string, to: string): string[] {
  if (from === to) return [...lines];
  return lines.map((l) => (l.trim() === '' ? '' : l.startsWith(from) ? to + l.slice(from.length) : to + l.trimStart()));
}

function commonIndent(lines: readonly string[]): string {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0] ?? '');
  if (indents.length === 0) return '';
  return indents.reduce((a, b) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return a.slice(0, i);
  });
}

function dedent(line: string, indent: string): string {
  return line.startsWith(indent) ? line.slice(indent.length) : line.trimStart();
}

function findAll(lines: readonly string[], search: readonly string[], same: (a: string, b: string) => boolean): number[] {
  const found: number[] = [];
  for (let at = 0; at + search.length <= lines.length; at++) {
    if (search.every((s, k) => same(lines[at + k] ?? '', s))) found.push(at);
  }
  return found;
}

function splice(lines: readonly string[], at: number, length: number, insert: readonly string[]): string[] {
  return [...lines.slice(0, at), ...insert, ...lines.slice(at + length)];
}

function ambiguous(label: string, fileName: string, count: number, search: readonly string[]): EditError {
  return new EditError(
    `${label} matches ${count} places in ${fileName}; include more surrounding lines so it matches one: \`${firstLine(search)}\``,
  );
}

function firstLine(search: readonly string[]): string {
  const line = (search.find((l) => l.trim() !== '') ?? '').trimEnd();
  return line.length > 100 ? line.slice(0, 99) + '…' : line;
}

/** Whole lines without their '\n'; '' has no lines. */
function toLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}
