import type { IterationRecord } from '../store/historySchema';
import { DirectionSchema, DirectionStatusSchema, type Direction } from './direction';
import { gapOf, overfittingFlag } from './overfitting';
import { formatDuration, formatGap, formatScore } from './scoreFormat';

export const DIRECTIONS_DIR = 'research_directions';

/** The direction's note, relative to the workspace (forward slashes: it is also a git path). */
export const notePath = (slug: string): string => `${DIRECTIONS_DIR}/${slug}.md`;

/** The direction's iteration records, one JSON line each, merged back beside the note. */
export const resultsPath = (slug: string): string => `${DIRECTIONS_DIR}/${slug}.jsonl`;

/** A direction with what it measured and learned: what the digest and the sidebar read. */
export interface DirectionNote {
  direction: Direction;
  results: IterationRecord[];
  learnings: string | null;
}

const NO_RATIONALE = '_None given._';
const NO_LEARNINGS = '_Written when the direction ends._';
const NOT_YET = '—';
const MAX_APPROACH = 120;

/** The note as a markdown file: metadata, rationale, a results table, learnings. */
export function renderNote(direction: Direction, results: IterationRecord[], learnings: string | null): string {
  const meta: [string, string][] = [
    ['Slug', `\`${direction.slug}\``],
    ['Branch', direction.branch === null ? NOT_YET : `\`${direction.branch}\``],
    ['Status', direction.status.replace('_', ' ')],
    ['Started', direction.startedAt ?? NOT_YET],
    ['Finished', direction.finishedAt ?? NOT_YET],
    ['Origin', direction.origin],
  ];
  if (direction.devices !== undefined) meta.push(['Devices', direction.devices]);
  return [
    `# ${direction.title}`,
    meta.map(([label, value]) => `- **${label}:** ${value}`).join('\n'),
    `## Rationale\n\n${direction.rationale.trim() || NO_RATIONALE}`,
    `## Results\n\n${resultsSection(results)}`,
    `## Learnings\n\n${learnings?.trim() || NO_LEARNINGS}`,
  ].join('\n\n') + '\n';
}

function resultsSection(results: IterationRecord[]): string {
  if (results.length === 0) return '_No iterations yet._';
  const sorted = [...results].sort((a, b) => a.iteration - b.iteration);
  const rows = sorted.map((r) => {
    const gap = gapOf(r);
    const cells = [
      String(r.iteration),
      r.cvMean === null ? NOT_YET : formatScore(r.cvMean),
      r.privateScore == null ? NOT_YET : formatScore(r.privateScore),
      gap === null ? NOT_YET : formatGap(gap),
      formatDuration(r.runDurationMs ?? r.durationMs),
      r.status,
      cell(r.approach ?? ''),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const table = ['| Iteration | CV score | Private score | Gap | Time | Status | Approach |', '|---:|---:|---:|---:|---:|---|---|', ...rows].join('\n');
  const last = sorted.at(-1)!;
  const legend = last.metric
    ? `Metric: ${last.metric} (${last.higherIsBetter ? 'higher' : 'lower'} is better). Gap: CV minus private score, positive when the CV looks better than the hold-out.`
    : 'Gap: CV minus private score, positive when the CV looks better than the hold-out.';
  const flag = overfittingFlag(results);
  return [table, legend, ...(flag.flagged ? [`**Overfitting:** ${flag.reason}`] : [])].join('\n\n');
}

/** One line of a table cell: no pipes or newlines to break the row, and not too long to read. */
function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
  return flat.length > MAX_APPROACH ? `${flat.slice(0, MAX_APPROACH - 1)}…` : flat;
}

/** The direction a note describes (for resume and the digest); null when it is not a direction note. */
export function parseNote(markdown: string): Direction | null {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const titleLine = lines.findIndex((l) => /^# \S/.test(l));
  const rationaleLine = lines.indexOf('## Rationale');
  if (titleLine < 0 || rationaleLine < titleLine) return null;

  const meta = new Map<string, string>();
  for (const line of lines.slice(titleLine + 1, rationaleLine)) {
    const m = /^- \*\*(\w+):\*\* (.*)$/.exec(line);
    if (m) meta.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  const resultsLine = lines.indexOf('## Results', rationaleLine);
  const rationale = lines.slice(rationaleLine + 1, resultsLine < 0 ? undefined : resultsLine).join('\n').trim();
  const status = DirectionStatusSchema.safeParse(meta.get('status')?.replace(' ', '_'));
  const parsed = DirectionSchema.safeParse({
    slug: unquote(meta.get('slug')),
    title: lines[titleLine]!.slice(2).trim(),
    rationale: rationale === NO_RATIONALE ? '' : rationale,
    status: status.success ? status.data : undefined,
    branch: orNull(unquote(meta.get('branch'))),
    startedAt: orNull(meta.get('started')),
    finishedAt: orNull(meta.get('finished')),
    origin: meta.get('origin'),
    ...(meta.has('devices') ? { devices: meta.get('devices') } : {}),
  });
  return parsed.success ? parsed.data : null;
}

/** The note's Learnings section; null while it has not been written. */
export function noteLearnings(markdown: string): string | null {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.lastIndexOf('## Learnings');
  if (start < 0) return null;
  const text = lines.slice(start + 1).join('\n').trim();
  return text === '' || text === NO_LEARNINGS ? null : text;
}

const unquote = (value: string | undefined): string | undefined => value?.replace(/^`(.*)`$/, '$1');
const orNull = (value: string | undefined): string | null | undefined => (value === NOT_YET ? null : value);
