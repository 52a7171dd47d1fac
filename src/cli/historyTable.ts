import { gapOf, overfittingFlag } from '../core/directions/overfitting';
import { bestRecord } from '../core/store/history';
import type { IterationRecord } from '../core/store/historySchema';

/**
 * `adsa status`: the history as an aligned text table, the best iteration starred; grouped by
 * research direction when there are directions, with the private hold-out score and its gap to
 * the CV score when there is a hold-out.
 */
export function historyTable(records: IterationRecord[]): string {
  if (records.length === 0) return 'No iterations yet.';
  const best = bestRecord(records);
  const withPrivate = records.some((r) => r.privateScore != null);
  const header = ['#', 'status', 'CV', ...(withPrivate ? ['private', 'gap'] : []), 'folds', 'run', 'fixes', 'tokens in/out', 'cost', 'classes'];
  const cells = (r: IterationRecord) => {
    const gap = gapOf(r);
    return [
      `${r.iteration}${r === best ? '*' : ''}`,
      r.status,
      r.cvMean === null ? '—' : r.cvMean.toFixed(5),
      ...(withPrivate ? [r.privateScore == null ? '—' : r.privateScore.toFixed(5), gap === null ? '—' : gap.toFixed(4)] : []),
      String(r.cvScores.length || '—'),
      r.runDurationMs === null ? '—' : formatDuration(r.runDurationMs),
      String(r.fixAttempts),
      `${r.tokens.generator.input + r.tokens.fixer.input}/${r.tokens.generator.output + r.tokens.fixer.output}`,
      r.costUsd === null ? '?' : `$${r.costUsd.toFixed(3)}`,
      formatShares(r.classShares),
    ];
  };
  const rows = records.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();

  const groups = new Map<string, string[]>();
  records.forEach((record, index) => {
    const key = record.direction ?? '';
    groups.set(key, [...(groups.get(key) ?? []), line(rows[index]!)]);
  });
  const body = [...groups].flatMap(([direction, lines]) => (direction ? [`── ${direction} ${flagOf(records, direction)}`.trimEnd(), ...lines] : lines));
  const metric = best?.metric ?? records.find((r) => r.metric)?.metric;
  const score = best?.privateScore != null ? `private ${best.privateScore.toFixed(5)}` : `${metric ?? 'CV'} ${best?.cvMean?.toFixed(5)}`;
  const footer = best ? `\n* best: iteration ${best.iteration}${best.direction ? ` (${best.direction})` : ''}, ${score} (${best.higherIsBetter ? 'higher' : 'lower'} is better)` : '';
  return [line(header), ...body].join('\n') + footer;
}

function flagOf(records: IterationRecord[], direction: string): string {
  const flag = overfittingFlag(records.filter((r) => r.direction === direction));
  return flag.flagged ? `⚠ overfitting: ${flag.reason}` : '';
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function formatShares(shares: Record<string, number> | null): string {
  if (!shares) return '—';
  return Object.entries(shares)
    .map(([label, share]) => `${label} ${(share * 100).toFixed(1)}%`)
    .join(', ');
}
