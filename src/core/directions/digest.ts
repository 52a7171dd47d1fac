import { bestRecord, rankingScore } from '../store/history';
import type { IterationRecord } from '../store/historySchema';
import type { DirectionNote } from './note';
import { overfittingFlag } from './overfitting';
import { formatScore } from './scoreFormat';

const RATIONALE_CHARS = 200;
const LEARNINGS_CHARS = 400;
const ERROR_CHARS = 160;

/**
 * A compact digest of all direction notes for the generator's prompt, at most `maxChars`
 * long: the best-scoring directions first, then dead ends, then those not yet run. Blocks
 * that do not fit are still named at the end, so no direction is proposed twice.
 */
export function notesDigest(notes: DirectionNote[], maxChars = 4000): string {
  const ordered = [...notes].sort(byUsefulness);
  const blocks = ordered.map(block);
  const full = blocks.join('\n\n');
  if (full.length <= maxChars) return full;

  // Fill with the most useful blocks, then give back blocks until the names of the rest fit too.
  let shown = 0;
  for (let used = 0; shown < blocks.length && used + blocks[shown]!.length + 2 <= maxChars; shown++) used += blocks[shown]!.length + 2;
  for (;;) {
    const rest = ordered.slice(shown).map((n) => `${n.direction.title} (${n.direction.status.replace('_', ' ')})`);
    const digest = [...blocks.slice(0, shown), `Also tried or planned, not shown here: ${rest.join('; ')}.`].join('\n\n');
    if (digest.length <= maxChars) return digest;
    if (shown === 0) return `${digest.slice(0, maxChars - 1)}…`;
    shown--;
  }
}

function block(note: DirectionNote): string {
  const { direction, results, learnings } = note;
  const lines = [`### ${direction.title} (${direction.status.replace('_', ' ')}, ${plural(results.length, 'iteration')})`];
  const best = bestRecord(results);
  if (best) {
    const scores = [
      best.cvMean === null ? null : `CV ${formatScore(best.cvMean)}`,
      best.privateScore == null ? null : `private ${formatScore(best.privateScore)}`,
    ].filter((s) => s !== null);
    lines.push(`Best${best.metric ? ` (${best.metric})` : ''}: iteration ${best.iteration}, ${scores.join(', ')}.`);
    const flag = overfittingFlag(results);
    if (flag.flagged) lines.push(`Overfitting: ${flag.reason}`);
  } else if (results.length > 0) {
    const error = [...results].reverse().find((r) => r.error)?.error;
    lines.push(`No scored iteration.${error ? ` Last error: ${clip(error.replace(/\s+/g, ' '), ERROR_CHARS)}` : ''}`);
  }
  if (direction.rationale.trim()) lines.push(`Idea: ${leadSentences(direction.rationale, RATIONALE_CHARS)}`);
  if (learnings) lines.push(`Learned: ${leadSentences(learnings, LEARNINGS_CHARS)}`);
  return lines.join('\n');
}

/** Scored directions by their best score, then dead ends, then directions without iterations; newer first within a group. */
function byUsefulness(a: DirectionNote, b: DirectionNote): number {
  const bestA = bestRecord(a.results);
  const bestB = bestRecord(b.results);
  const group = (n: DirectionNote, best: IterationRecord | null) => (best ? 0 : n.results.length > 0 ? 1 : 2);
  const byGroup = group(a, bestA) - group(b, bestB);
  if (byGroup !== 0) return byGroup;
  if (bestA && bestB) {
    const diff = (rankingScore(bestB)! - rankingScore(bestA)!) * (bestA.higherIsBetter ? 1 : -1);
    if (diff !== 0) return diff;
  }
  return (b.direction.startedAt ?? '').localeCompare(a.direction.startedAt ?? '');
}

/**
 * The first sentences of some markdown, flattened to one line: bullets become sentences,
 * emphasis and headings go, and the text stops at a sentence boundary within `maxChars`.
 */
function leadSentences(markdown: string, maxChars: number): string {
  const flat = markdown
    .split('\n')
    .map((line) => line.replace(/^\s*(?:#+|[-*+]|\d+[.)])\s+/, '').replace(/[*_`]{1,2}(\S[^*_`]*?)[*_`]{1,2}/g, '$1').trim())
    .filter((line) => line !== '')
    .map((line) => (/[.!?:;]$/.test(line) ? line : `${line}.`))
    .join(' ');
  const sentences = flat.split(/(?<=[.!?])\s+/);
  let text = '';
  for (const sentence of sentences) {
    const next = text ? `${text} ${sentence}` : sentence;
    if (next.length > maxChars) break;
    text = next;
  }
  return text || clip(flat, maxChars);
}

function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
