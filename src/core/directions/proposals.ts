import { z } from 'zod';
import { LlmError } from '../errors';
import { findFences } from '../edits/markdownFences';
import type { ChatMessage } from '../llm/types';
import type { DirectionProposal } from './direction';

export interface ProposalContext {
  taskMarkdown: string;
  dataSample: string;
  /** notesDigest() of every direction so far; '' when there is none. */
  digest: string;
  count: number;
  /** Titles already tried or planned. */
  avoid: string[];
}

const MAX_TITLE = 80;

const SYSTEM = `You are a senior machine-learning engineer and Kaggle grandmaster planning research on an ML task. A research direction is one named approach that a separate loop will explore for several iterations, each writing and running a complete solution.py.

Rules for directions:
- Each is distinct from the others and from every direction already tried or planned: vary the kind of idea (feature engineering, model family, hyperparameter tuning, ensembling or stacking, validation scheme, target or data handling).
- Build on what the notes show worked; do not repeat a dead end unless the rationale says what is different this time.
- The title is a short name (at most six words). The rationale is one to three sentences on what to try and why it should help on this data.

Answer with the directions as a JSON array of {"title": …, "rationale": …} objects in a single \`\`\`json code block, and nothing else.`;

/** Asks the generator for the next `count` research directions. */
export function proposalMessages(context: ProposalContext): { system: string; messages: ChatMessage[] } {
  const parts = [`# Task (task.md)\n${context.taskMarkdown.trim()}`, `# Data sample\n${context.dataSample.trim()}`];
  parts.push(`# Notes of the research directions so far\n${context.digest.trim() || 'None yet: these are the first directions.'}`);
  if (context.avoid.length > 0) parts.push(`# Already tried or planned (do not propose again)\n${context.avoid.map((t) => `- ${t}`).join('\n')}`);
  const count = context.count === 1 ? 'the next research direction' : `the next ${context.count} research directions`;
  parts.push(`# Your job\nPropose ${count}, most promising first, as a JSON array in a \`\`\`json block.`);
  return { system: SYSTEM, messages: [{ role: 'user', content: parts.join('\n\n') }] };
}

const ProposalItemSchema = z.union([
  z.string().transform((title) => ({ title, rationale: '' })),
  z
  .object({
    title: z.string().optional(),
    name: z.string().optional(),
    rationale: z.string().optional(),
    reason: z.string().optional(),
    description: z.string().optional(),
  })
  .transform((item) => ({ title: item.title ?? item.name ?? '', rationale: item.rationale ?? item.reason ?? item.description ?? '' })),
]);

/**
 * The directions in a generator reply: a JSON array (fenced or bare, or under a "directions"
 * key), else a markdown list of "**Title**: rationale" items. Duplicate titles are dropped.
 */
export function parseProposals(reply: string): DirectionProposal[] {
  const text = reply.replace(/\r\n?/g, '\n');
  const fenced = findFences(text.split('\n')).map((f) => f.content);
  for (const candidate of [...fenced, text, bracketed(text)]) {
    const proposals = fromJson(candidate);
    if (proposals.length > 0) return proposals;
  }
  const listed = clean(fromMarkdownList(text));
  if (listed.length > 0) return listed;
  throw new LlmError('The generator proposed no research directions: its reply held no JSON array of {"title", "rationale"} objects and no list of titled items.');
}

/** From the first '[' to the last ']': a bare array with prose around it. */
function bracketed(text: string): string {
  const start = text.indexOf('[');
  const end = text.lastIndexOf(']');
  return start >= 0 && end > start ? text.slice(start, end + 1) : '';
}

function fromJson(candidate: string): DirectionProposal[] {
  let value: unknown;
  try {
    value = JSON.parse(candidate.trim());
  } catch {
    return [];
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && 'directions' in value) value = value.directions;
  if (!Array.isArray(value)) return [];
  return clean(value.flatMap((item) => {
    const parsed = ProposalItemSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  }));
}

// "- **Title**: rationale", "1. **Title** — rationale", "* Title: rationale"
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(?:(?:\*\*|__)(.+?)(?::)?(?:\*\*|__)\s*[:\-–—]?|([^:]+?)\s*[:–—]|([^:]+?)\s+-)\s*(.*)$/;

function fromMarkdownList(text: string): DirectionProposal[] {
  const proposals: DirectionProposal[] = [];
  let current: DirectionProposal | null = null;
  for (const line of text.split('\n')) {
    const m = LIST_ITEM.exec(line);
    if (m) {
      current = { title: m[1] ?? m[2] ?? m[3] ?? '', rationale: m[4] ?? '' };
      proposals.push(current);
    } else if (current && /^\s{2,}\S/.test(line)) {
      // An indented continuation of the item above.
      current.rationale = `${current.rationale} ${line.trim()}`;
    } else {
      current = null;
    }
  }
  return proposals;
}

/** Trimmed one-line titles of sensible length, each title once. */
function clean(proposals: DirectionProposal[]): DirectionProposal[] {
  const seen = new Set<string>();
  const result: DirectionProposal[] = [];
  for (const p of proposals) {
    const title = p.title.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim();
    const key = title.toLowerCase();
    if (title === '' || seen.has(key)) continue;
    seen.add(key);
    result.push({ title: title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title, rationale: p.rationale.trim() });
  }
  return result;
}
