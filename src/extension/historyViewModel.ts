import type { Direction, DirectionStatus } from '../core/directions/direction';
import { gapOf, overfittingFlag } from '../core/directions/overfitting';
import { bestRecord } from '../core/store/history';
import type { IterationRecord } from '../core/store/historySchema';
import type { Chart, DirectionGroup, HistoryItem, HistoryRow, HistoryView } from '../../webview/protocol';
import { directionActivity, type LiveState } from './liveState';

/** Classes listed by name in a row; the rest are summed as "other". */
const SHOWN_CLASSES = 3;

const CHART = { width: 300, height: 120, left: 44, right: 10, top: 10, bottom: 22 };

/** What the sidebar knows of research directions besides the history lines. */
export interface DirectionContext {
  /** Directions from their notes: merged on the user's branch, or current in their worktrees. */
  notes?: readonly Direction[];
  /** What this window saw of a research run; fresher than the notes. */
  live?: Pick<LiveState, 'directions' | 'overfitting'>;
  /** Queued suggestions, oldest first. */
  suggestions?: readonly string[];
}

/**
 * The sidebar's picture of .adsa/history.jsonl: iterations newest first with the best marked,
 * grouped by research direction, and the chart of score per iteration. Pure, so the CLI's runs
 * and a reload show the same thing.
 */
export function historyView(records: IterationRecord[], context: DirectionContext = {}): HistoryView {
  const ordered = latestPerIteration(records);
  const best = bestRecord(ordered);
  const lastScored = [...ordered].reverse().find((r) => r.cvMean !== null);
  const reference = lastScored ?? ordered[ordered.length - 1];
  const tokens = ordered.reduce((sum, r) => sum + totalTokens(r), 0);
  const summary = best ? bestOf(best) : null;
  return {
    metric: reference?.metric ?? null,
    higherIsBetter: reference?.higherIsBetter ?? true,
    items: historyItems(ordered, best, context),
    best: summary && best ? { ...summary, direction: best.direction ?? null } : null,
    chart: scoreChart(ordered, best),
    totals: {
      tokensText: formatTokens(tokens),
      costText: totalCost(ordered),
    },
    suggestions: [...(context.suggestions ?? [])],
  };
}

/** The best iteration's scores as the sidebar and the status bar show them; null without a CV score. */
export function bestOf(record: IterationRecord): DirectionGroup['best'] {
  if (record.cvMean === null) return null;
  const gap = gapOf(record);
  return {
    iteration: record.iteration,
    scoreText: formatScore(record.cvMean),
    privateText: record.privateScore == null ? null : formatScore(record.privateScore),
    gapText: gap === null ? null : formatGap(gap),
  };
}

const STATUS_TEXT: Record<DirectionStatus, string> = {
  planned: 'planned',
  in_progress: 'running',
  done: 'done',
  abandoned: 'abandoned',
};

/**
 * Iterations outside any direction stay single rows; a direction's iterations go into its group.
 * Newest first, as a timeline: planned directions (the next to run lowest), running ones (latest
 * started first), then the past, where a group sits at its first iteration.
 */
export function historyItems(ordered: IterationRecord[], best: IterationRecord | null, context: DirectionContext = {}): HistoryItem[] {
  const live = context.live ?? { directions: {}, overfitting: {} };
  const known = new Map<string, Direction>();
  for (const direction of context.notes ?? []) known.set(direction.slug, direction);
  for (const [slug, state] of Object.entries(live.directions)) known.set(slug, state.info);

  const bySlug = new Map<string, IterationRecord[]>();
  for (const slug of known.keys()) bySlug.set(slug, []);
  const placed: { item: HistoryItem; rank: number; key: number }[] = [];
  for (const record of ordered) {
    if (record.direction === undefined) {
      placed.push({ item: { kind: 'iteration', row: historyRow(record, record === best) }, rank: 0, key: record.iteration });
    } else {
      const group = bySlug.get(record.direction) ?? [];
      group.push(record);
      bySlug.set(record.direction, group);
    }
  }
  const plannedOrder = [...known.values()].filter((d) => d.status === 'planned').map((d) => d.slug);
  for (const [slug, records] of bySlug) {
    const info = known.get(slug) ?? null;
    const liveState = live.directions[slug];
    const flag = overfittingFlag(records);
    const activity = info?.status === 'in_progress' && liveState ? (directionActivity(liveState) ?? 'starting') : null;
    const groupBest = bestRecord(records);
    const group: DirectionGroup = {
      slug,
      title: info?.title ?? slug,
      status: info?.status ?? null,
      statusText: info ? STATUS_TEXT[info.status] : '',
      devices: info?.devices ?? null,
      branch: info?.branch ?? null,
      activity,
      best: groupBest ? bestOf(groupBest) : null,
      overfitting: live.overfitting[slug] ?? (flag.flagged ? flag.reason : null),
      rows: records.map((record) => historyRow(record, record === best)).reverse(),
    };
    const item: HistoryItem = { kind: 'direction', group };
    if (info?.status === 'planned' && records.length === 0) {
      placed.push({ item, rank: 2, key: plannedOrder.indexOf(slug) });
    } else if (info?.status === 'in_progress') {
      placed.push({ item, rank: 1, key: Date.parse(info.startedAt ?? '') || 0 });
    } else {
      placed.push({ item, rank: 0, key: records[0]?.iteration ?? 0 });
    }
  }
  return placed.sort((a, b) => b.rank - a.rank || b.key - a.key).map((p) => p.item);
}

/** Sorted by iteration; when a number appears twice (a re-recorded iteration) the later line wins. */
export function latestPerIteration(records: IterationRecord[]): IterationRecord[] {
  const byIteration = new Map<number, IterationRecord>();
  for (const record of records) byIteration.set(record.iteration, record);
  return [...byIteration.values()].sort((a, b) => a.iteration - b.iteration);
}

export function historyRow(record: IterationRecord, best: boolean): HistoryRow {
  const gap = gapOf(record);
  return {
    iteration: record.iteration,
    status: record.status,
    score: record.cvMean,
    scoreText: record.cvMean === null ? '—' : formatScore(record.cvMean),
    best,
    durationText: formatDuration(record.durationMs),
    fixes: record.fixAttempts,
    tokensText: formatTokens(totalTokens(record)),
    costText: record.costUsd === null ? '—' : formatCost(record.costUsd),
    classShares: classShares(record.classShares),
    error: record.error ?? null,
    direction: record.direction ?? null,
    directionIteration: record.directionIteration ?? null,
    privateScore: record.privateScore ?? null,
    privateText: record.privateScore == null ? null : formatScore(record.privateScore),
    gap,
    gapText: gap === null ? null : formatGap(gap),
  };
}

export function scoreChart(records: IterationRecord[], best: IterationRecord | null): Chart | null {
  const scored = records.filter((r): r is IterationRecord & { cvMean: number } => r.cvMean !== null);
  if (scored.length === 0) return null;
  const plot = {
    left: CHART.left,
    top: CHART.top,
    right: CHART.width - CHART.right,
    bottom: CHART.height - CHART.bottom,
  };
  const iterations = records.map((r) => r.iteration);
  const firstIteration = Math.min(...iterations);
  const lastIteration = Math.max(...iterations);
  const xOf = (iteration: number) =>
    lastIteration === firstIteration
      ? (plot.left + plot.right) / 2
      : plot.left + ((iteration - firstIteration) / (lastIteration - firstIteration)) * (plot.right - plot.left);

  const scores = scored.map((r) => r.cvMean);
  const low = Math.min(...scores);
  const high = Math.max(...scores);
  // A flat series still needs a range; pad so points never sit on the frame.
  const spread = high - low || Math.abs(high) * 0.1 || 1;
  const lo = low - spread * 0.1;
  const hi = high + spread * 0.1;
  const yOf = (score: number) => plot.top + ((hi - score) / (hi - lo)) * (plot.bottom - plot.top);

  const points = scored.map((r) => ({
    iteration: r.iteration,
    x: round(xOf(r.iteration)),
    y: round(yOf(r.cvMean)),
    scoreText: formatScore(r.cvMean),
    best: r === best,
  }));
  const yLabels =
    high === low
      ? [{ y: round(yOf(high)), text: formatScore(high) }]
      : [
          { y: round(yOf(high)), text: formatScore(high) },
          { y: round(yOf(low)), text: formatScore(low) },
        ];
  const xLabels = [...new Set([firstIteration, lastIteration])].map((iteration) => ({
    x: round(xOf(iteration)),
    text: String(iteration),
  }));
  return {
    width: CHART.width,
    height: CHART.height,
    plot,
    points,
    failures: records
      .filter((r) => r.cvMean === null)
      .map((r) => ({ iteration: r.iteration, x: round(xOf(r.iteration)), y: plot.bottom })),
    line: points.map((p) => `${p.x},${p.y}`).join(' '),
    yLabels,
    xLabels,
  };
}

function classShares(shares: Record<string, number> | null): HistoryRow['classShares'] {
  if (!shares) return [];
  const sorted = Object.entries(shares).sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, SHOWN_CLASSES).map(([label, share]) => ({ label, percent: percent(share) }));
  const rest = sorted.slice(SHOWN_CLASSES).reduce((sum, [, share]) => sum + share, 0);
  return rest > 0 ? [...shown, { label: 'other', percent: percent(rest) }] : shown;
}

/** "—" when no price is known; "≥ $x" when some iterations used a model without a known price. */
function totalCost(records: IterationRecord[]): string {
  const known = records.filter((r) => r.costUsd !== null);
  if (known.length === 0) return '—';
  const sum = formatCost(known.reduce((total, r) => total + (r.costUsd ?? 0), 0));
  return known.length < records.length ? `≥ ${sum}` : sum;
}

function totalTokens(record: IterationRecord): number {
  const { generator, fixer } = record.tokens;
  return generator.input + generator.output + fixer.input + fixer.output;
}

export function formatScore(score: number): string {
  const magnitude = Math.abs(score);
  if (magnitude < 10) return score.toFixed(4);
  if (magnitude < 1000) return score.toFixed(2);
  return score.toFixed(0);
}

/** A gap with its sign, so a reader sees at once which way it goes: "+0.0120", "-0.0030". */
export function formatGap(gap: number): string {
  return `${gap > 0 ? '+' : ''}${formatScore(gap)}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

export function formatTokens(tokens: number): string {
  if (tokens < 1000) return `${tokens}`;
  if (tokens < 1_000_000) return `${(tokens / 1000).toFixed(1)}k`;
  return `${(tokens / 1_000_000).toFixed(1)}M`;
}

export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

function percent(share: number): number {
  return Math.round(share * 1000) / 10;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
