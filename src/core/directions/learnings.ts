import { LlmError } from '../errors';
import { findFences } from '../edits/markdownFences';
import type { ChatMessage } from '../llm/types';
import { tailOf } from '../prompts/bounded';
import type { IterationRecord } from '../store/historySchema';
import type { Direction } from './direction';
import { renderNote } from './note';

const NOTES_CHARS = 4000;

const SYSTEM = `You are a senior machine-learning engineer writing the Learnings section of a research note, for the engineers who choose the next directions.

Rules:
- Write 3 to 6 markdown bullet points ("- "), nothing else: no heading, no preamble.
- Say what worked and what did not, and why, judged from the measured numbers in the note.
- Quote only numbers that appear in the note; never invent or estimate a score.
- Compare the CV and private hold-out scores where both exist: a growing gap means the CV overstates the model.
- End with the most promising next step, or say plainly that the direction is exhausted.`;

/** Asks the generator for the Learnings of a direction that has ended. */
export function learningsMessages(direction: Direction, results: IterationRecord[], notesOfCode?: string): { system: string; messages: ChatMessage[] } {
  const parts = [`# The direction's note so far\n${renderNote(direction, results, null).replace(/\n## Learnings[\s\S]*$/, '').trim()}`];
  if (notesOfCode?.trim()) parts.push(`# Notes the scripts wrote (progress_report.json)\n${tailOf(notesOfCode.trim(), NOTES_CHARS)}`);
  parts.push('# Your job\nWrite the Learnings section: 3 to 6 bullet points.');
  return { system: SYSTEM, messages: [{ role: 'user', content: parts.join('\n\n') }] };
}

/**
 * The Learnings as markdown ready for the note: the content of a wrapping code block,
 * without headings, a lead-in line ("Here are the learnings:") or surplus blank lines.
 */
export function parseLearnings(reply: string): string {
  const lines = unwrap(reply.replace(/\r\n?/g, '\n').trim().split('\n')).filter((line) => !/^\s{0,3}#{1,6}\s/.test(line));
  const firstBullet = lines.findIndex((line) => BULLET.test(line));
  const leadIn = lines.slice(0, Math.max(firstBullet, 0)).filter((l) => l.trim() !== '');
  // A single "Here are the learnings:" line before the bullets is talk, not content.
  const body = firstBullet > 0 && leadIn.length === 1 && /:\s*$/.test(leadIn[0]!) ? lines.slice(firstBullet) : lines;

  const cleaned = body.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  if (cleaned === '') throw new LlmError("The generator's reply for the direction's learnings was empty.");
  return cleaned;
}

const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+\S/;

/** The inside of a markdown or bare code block that wraps the whole answer (open or cut off); else the lines as they are. */
function unwrap(lines: string[]): string[] {
  const wrapper = findFences(lines).find((f) => ['', 'markdown', 'md', 'text'].includes(f.lang));
  if (!wrapper) return lines;
  const outside = [...lines.slice(0, wrapper.openLine), ...(wrapper.closeLine === null ? [] : lines.slice(wrapper.closeLine + 1))];
  return outside.some((line) => BULLET.test(line)) ? lines : wrapper.content.split('\n');
}
