import { z } from 'zod';
import { ConfigError } from '../errors';
import type { Task } from '../task/loadTask';

/** What to split off: which labelled file, which columns, how much, with which seed. */
export const HoldoutSpecSchema = z.object({
  /** Relative to the workspace, e.g. data/train.csv. */
  trainFile: z.string().min(1),
  idColumn: z.string().min(1),
  target: z.string().min(1),
  fraction: z.number().gt(0).lt(0.5).default(0.15),
  seed: z.number().int().default(42),
});
export type HoldoutSpec = z.infer<typeof HoldoutSpecSchema>;

// A line's label, after list markers, headings and bold/code marks are stripped.
const LABELS = {
  trainFile: /^(?:labell?ed\s+)?train(?:ing)?\s+(?:file|data|set)$/i,
  idColumn: /^(?:id|identifier)(?:\s+column)?$/i,
  target: /^target(?:\s+(?:column|variable))?$/i,
  fraction: /^hold[\s-]?out(?:\s+(?:fraction|size|share))?$/i,
  seed: /^hold[\s-]?out\s+seed$/i,
} as const;
type Field = keyof typeof LABELS;

/** The hold-out a run uses: the one configured in settings, else the one task.md names. */
export function holdoutSpecFor(task: Pick<Task, 'markdown'>, configured: HoldoutSpec | undefined): HoldoutSpec | null {
  return configured ?? holdoutSpecFromTask(task);
}

/**
 * Reads "Training file: data/train.csv", "Id column: PassengerId", "Target: Transported" (bold and
 * list forms too) and optionally "Hold-out: 20%" and "Hold-out seed: 7" from task.md. Null when one
 * of the three is not named, or when task.md says "Hold-out: off".
 */
export function holdoutSpecFromTask(task: Pick<Task, 'markdown'>): HoldoutSpec | null {
  const values = labelledValues(task.markdown);
  const trainFile = values.trainFile && firstPath(values.trainFile);
  const idColumn = values.idColumn && columnName(values.idColumn);
  const target = values.target && columnName(values.target);
  if (values.fraction !== undefined && isOff(values.fraction)) return null;
  if (!trainFile || !idColumn || !target) return null;

  const fraction = values.fraction === undefined ? undefined : parseFraction(values.fraction);
  const seed = values.seed === undefined ? undefined : Number.parseInt(stripMarks(values.seed), 10);
  if (fraction !== undefined && !(fraction > 0 && fraction < 0.5)) {
    throw new ConfigError(`task.md asks for a hold-out of "${values.fraction}"; give a share below half, such as 15% or 0.15.`);
  }
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new ConfigError(`task.md gives the hold-out seed "${values.seed}"; give a whole number, such as 42.`);
  }
  return HoldoutSpecSchema.parse({ trainFile, idColumn, target, fraction, seed });
}

function labelledValues(markdown: string): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {};
  for (const raw of markdown.split(/\r?\n/)) {
    // "- **Target**: X", "* __Id column:__ X", "## Target: X", "1. Training file: X"
    const match = /^\s*(?:[-*+>]\s+|\d+[.)]\s+)?(?:#{1,6}\s+)?(?:\*\*|__)?([A-Za-z][\w \t-]*?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.+)$/.exec(raw);
    if (!match) continue;
    const label = (match[1] ?? '').trim();
    for (const field of Object.keys(LABELS) as Field[]) {
      if (found[field] === undefined && LABELS[field].test(label)) found[field] = (match[2] ?? '').trim();
    }
  }
  return found;
}

/** "Hold-out: off", "none", "no", "0%". */
function isOff(value: string): boolean {
  const word = stripMarks(value).split(/\s+/)[0] ?? '';
  return /^(?:off|none|no|disabled?|0(?:\.0*)?%?)[.,;]?$/i.test(word);
}

function stripMarks(value: string): string {
  return value.replace(/[*`"']/g, '').trim();
}

/** The first path-like token: "`data/train.csv` (8,700 rows)" -> data/train.csv. */
function firstPath(value: string): string | undefined {
  const quoted = /`([^`]+)`/.exec(value)?.[1];
  const token = quoted ?? stripMarks(value).split(/\s+/)[0];
  return token?.replace(/[.,;:]+$/, '') || undefined;
}

/** "`PassengerId` (gggg_pp)" -> PassengerId; "Transported — True or False" -> Transported. */
function columnName(value: string): string | undefined {
  const quoted = /`([^`]+)`/.exec(value)?.[1];
  if (quoted !== undefined) return quoted.trim() || undefined;
  const head = stripMarks(value).split(/\s+[-—–(]|\s*[,;(]|\s+(?:is|are|with|which)\s/)[0] ?? '';
  return head.replace(/\.$/, '').trim() || undefined;
}

/** "20%", "20 %", "0.2" -> 0.2; anything else -> NaN, which the schema rejects. */
function parseFraction(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(%)?/.exec(stripMarks(value));
  if (!match?.[1]) return Number.NaN;
  const number = Number(match[1]);
  return match[2] ? number / 100 : number;
}
