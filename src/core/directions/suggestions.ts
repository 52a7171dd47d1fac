import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { appendJsonLine, readTextOrEmpty } from '../store/jsonLines';
import type { DirectionProposal } from './direction';

/** The longest suggestion accepted, in characters. */
export const MAX_SUGGESTION_CHARS = 2000;
const MAX_TITLE = 60;

export const SuggestionSchema = z.object({
  // Also a file name in the claims folder, so nothing path-like.
  id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  text: z.string().min(1).max(MAX_SUGGESTION_CHARS),
  at: z.string(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

/**
 * The user's queue of directions to try, in their workspace: suggestions.jsonl holds every
 * suggestion ever made (append-only), and suggestions.taken/<id> marks one handed out. A
 * claim is an exclusive create, so each suggestion is taken exactly once however many
 * takers race, and a writer appending meanwhile never loses a line.
 */
const queuePaths = (workspace: string) => ({
  queue: join(workspace, '.adsa', 'suggestions.jsonl'),
  claims: join(workspace, '.adsa', 'suggestions.taken'),
});

/** Queues a direction the user wants tried; the next direction to start picks it up. */
export async function suggestDirection(workspace: string, text: string, now: () => Date = () => new Date()): Promise<Suggestion> {
  const trimmed = text.trim();
  if (trimmed === '') throw new ConfigError('A suggested direction needs some text saying what to try.');
  if (trimmed.length > MAX_SUGGESTION_CHARS) {
    throw new ConfigError(`A suggested direction can be at most ${MAX_SUGGESTION_CHARS} characters; this one has ${trimmed.length}.`);
  }
  const suggestion: Suggestion = { id: randomUUID(), text: trimmed, at: now().toISOString() };
  const { queue } = queuePaths(workspace);
  await appendJsonLine(queue, suggestion);
  return suggestion;
}

/** Suggestions not yet taken, oldest first (for the sidebar and `adsa status`). */
export async function queuedSuggestions(workspace: string): Promise<Suggestion[]> {
  const { queue, claims } = queuePaths(workspace);
  const all = parseQueue(await readTextOrEmpty(queue));
  let claimed: string[] = [];
  try {
    claimed = await readdir(claims);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const taken = new Set(claimed);
  return all.filter((s) => !taken.has(s.id));
}

/** Hands out the queued suggestions and marks them taken; each one goes to exactly one caller. */
export async function takeSuggestions(workspace: string): Promise<Suggestion[]> {
  const queued = await queuedSuggestions(workspace);
  if (queued.length === 0) return [];
  const { claims } = queuePaths(workspace);
  await mkdir(claims, { recursive: true });
  const mine: Suggestion[] = [];
  for (const suggestion of queued) {
    try {
      await (await open(join(claims, suggestion.id), 'wx')).close();
      mine.push(suggestion);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another taker claimed it first.
    }
  }
  return mine;
}

/** A suggestion as a direction proposal: its first line or sentence as the title, the whole text as rationale. */
export function suggestionProposal(suggestion: Suggestion): DirectionProposal {
  const first = suggestion.text.split('\n')[0]!.split(/(?<=[.!?])\s/)[0]!.trim().replace(/[.!?:;,]+$/, '');
  const title = first.length > MAX_TITLE ? `${first.slice(0, MAX_TITLE).replace(/\s+\S*$/, '')}…` : first || 'User suggestion';
  return { title, rationale: suggestion.text };
}

function parseQueue(text: string): Suggestion[] {
  const seen = new Set<string>();
  const suggestions: Suggestion[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = SuggestionSchema.safeParse(JSON.parse(line));
      if (parsed.success && !seen.has(parsed.data.id)) {
        seen.add(parsed.data.id);
        suggestions.push(parsed.data);
      }
    } catch {
      // A line still being written, or torn by a crash: skip it now, read it next time.
    }
  }
  return suggestions;
}

