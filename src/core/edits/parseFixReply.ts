import { EditError } from '../errors';
import { findFences, type Fence } from './markdownFences';

export interface SearchReplaceBlock {
  /** Text to find, as it appears in the file: whole lines, each ending in '\n'; '' for an empty SEARCH. */
  search: string;
  replace: string;
}

export type FixEdit =
  | { kind: 'search-replace'; blocks: SearchReplaceBlock[] }
  | { kind: 'unified-diff'; patch: string }
  | { kind: 'whole-file'; code: string };

export interface ParsedFix {
  reason: string;
  edit: FixEdit;
}

export const DEFAULT_REASON = 'The fixer gave no reason.';
const MAX_REASON_LENGTH = 200;

// Marker lengths 5-9 as aider accepts them; models miscount the angle brackets now and then.
const SEARCH_MARK = /^\s*<{5,9} ?SEARCH\b.*$/;
const DIVIDER_MARK = /^\s*={5,9}\s*$/;
const REPLACE_MARK = /^\s*>{5,9} ?REPLACE\b.*$/;
const REASON_LINE = /^[\s>#*_-]*REASON[*_\s]*:[*_\s]*(.*?)[*_\s]*$/i;
const DIFF_LANGS = new Set(['diff', 'patch', 'udiff']);
const PYTHON_LANGS = new Set(['python', 'py', 'python3', '']);

/**
 * Turns a fixer reply into one edit: SEARCH/REPLACE blocks win over a unified diff,
 * which wins over a whole file in a python code block.
 */
export function parseFixReply(text: string): ParsedFix {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const fences = findFences(lines);
  const blockRanges: [number, number][] = [];

  const searchReplace = parseSearchReplace(lines, blockRanges);
  if (searchReplace) return { reason: findReason(lines, fences, blockRanges), edit: searchReplace };

  const closed = fences.filter((f) => f.closeLine !== null);
  const patch = findDiff(lines, closed, blockRanges);
  if (patch !== null) return { reason: findReason(lines, fences, blockRanges), edit: { kind: 'unified-diff', patch } };

  const python = closed.filter((f) => PYTHON_LANGS.has(f.lang) && f.content.trim() !== '');
  if (python.length > 0) {
    const longest = python.reduce((a, b) => (b.content.length > a.content.length ? b : a));
    return { reason: findReason(lines, fences, blockRanges), edit: { kind: 'whole-file', code: longest.content } };
  }

  if (fences.some((f) => f.closeLine === null)) {
    throw new EditError("The fixer's reply has a code block that is never closed; the reply may have been cut off.");
  }
  throw new EditError("The fixer's reply contained no SEARCH/REPLACE block, diff or python code block.");
}

/** Reads aider-style blocks; records their line ranges so the reason is not taken from inside them. */
function parseSearchReplace(lines: readonly string[], ranges: [number, number][]): FixEdit | null {
  const blocks: SearchReplaceBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (REPLACE_MARK.test(line)) {
      throw new EditError(`The fixer's reply has a ">>>>>>> REPLACE" line (line ${i + 1}) without a "<<<<<<< SEARCH" before it.`);
    }
    if (!SEARCH_MARK.test(line)) continue;
    const n = blocks.length + 1;
    const divider = findMarker(lines, i + 1, DIVIDER_MARK);
    if (divider === null) {
      throw new EditError(`SEARCH block ${n} in the fixer's reply has no "=======" line after its search text.`);
    }
    const end = findMarker(lines, divider + 1, REPLACE_MARK);
    if (end === null) {
      throw new EditError(`SEARCH block ${n} in the fixer's reply has no ">>>>>>> REPLACE" line after its replacement text.`);
    }
    blocks.push({ search: joinLines(lines.slice(i + 1, divider)), replace: joinLines(lines.slice(divider + 1, end)) });
    ranges.push([i, end]);
    i = end;
  }
  return blocks.length > 0 ? { kind: 'search-replace', blocks } : null;
}

/** The next line matching `marker`, or null when another SEARCH starts first or the reply ends. */
function findMarker(lines: readonly string[], from: number, marker: RegExp): number | null {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j] ?? '';
    if (marker.test(line)) return j;
    if (SEARCH_MARK.test(line)) return null;
  }
  return null;
}

function joinLines(lines: readonly string[]): string {
  return lines.map((l) => l + '\n').join('');
}

/** A diff in a diff-like fence (all of them, concatenated) or else a bare `--- / +++ / @@` diff in the prose. */
function findDiff(lines: readonly string[], fences: readonly Fence[], ranges: [number, number][]): string | null {
  const diffFences = fences.filter((f) => DIFF_LANGS.has(f.lang) || (f.lang === '' && f.content.split('\n').some((_, i, ls) => diffStartsAt(ls, i))));
  const withHunks = diffFences.filter((f) => f.content.split('\n').some((l) => l.startsWith('@@')));
  if (withHunks.length > 0) {
    for (const f of withHunks) ranges.push([f.openLine, f.closeLine ?? lines.length - 1]);
    return withHunks.map((f) => f.content).join('');
  }
  const inFence = (i: number): boolean => fences.some((f) => i >= f.openLine && i <= (f.closeLine ?? lines.length));
  for (let i = 0; i < lines.length; i++) {
    if (inFence(i) || !diffStartsAt(lines, i)) continue;
    // A bare diff ends at the first line that cannot belong to it (prose after the diff).
    let end = i + 2;
    while (end < lines.length && /^([ +\-\\]|@@|$)/.test(lines[end] ?? '')) end++;
    ranges.push([i, end - 1]);
    return joinLines(lines.slice(i, end));
  }
  return null;
}

/** A `--- ` line followed by a `+++ ` line and an `@@` hunk header. */
function diffStartsAt(lines: readonly string[], i: number): boolean {
  return (
    (lines[i] ?? '').startsWith('--- ') && (lines[i + 1] ?? '').startsWith('+++ ') && (lines[i + 2] ?? '').startsWith('@@')
  );
}

/** "REASON: …" anywhere outside code; else the first prose line before the first block; else a default. */
function findReason(lines: readonly string[], fences: readonly Fence[], blocks: readonly [number, number][]): string {
  const ranges: [number, number][] = [...blocks, ...fences.map((f): [number, number] => [f.openLine, f.closeLine ?? lines.length])];
  const outside = (i: number): boolean => !ranges.some(([a, b]) => i >= a && i <= b);
  const firstBlock = Math.min(lines.length, ...ranges.map(([a]) => a));

  for (let i = 0; i < lines.length; i++) {
    const m = outside(i) ? REASON_LINE.exec(lines[i] ?? '') : null;
    if (m?.[1]) return clip(m[1]);
  }
  for (let i = 0; i < firstBlock; i++) {
    const prose = (lines[i] ?? '').replace(/^[\s>#*_-]+/, '').replace(/[*_\s]+$/, '');
    // A bare file name above a block ("solution.py") says where, not why.
    if (prose !== '' && !/^[\w./-]+\.\w+:?$/.test(prose)) return clip(prose);
  }
  return DEFAULT_REASON;
}

function clip(text: string): string {
  return text.length > MAX_REASON_LENGTH ? text.slice(0, MAX_REASON_LENGTH - 1) + '…' : text;
}
