import { bestRecord } from '../core/store/history';
import type { IterationRecord } from '../core/store/historySchema';

/** `adsa status`: the history as an aligned text table, the best iteration starred. */
export function historyTable(records: IterationRecord[]): string {
  if (records.length === 0) return 'No iterations yet.';
  const best = bestRecord(records);
  const header = ['#', 'status', 'CV', 'folds', 'run', 'fixes', 'tokens in/out', 'cost', 'classes'];
  const rows = records.map((r) => [
    `${r.iteration}${r === best ? '*' : ''}`,
    r.status,
    r.cvMean === null ? '—' : r.cvMean.toFixed(5),
    String(r.cvScores.length || '—'),
    r.runDurationMs === null ? '—' : formatDuration(r.runDurationMs),
    String(r.fixAttempts),
    `${r.tokens.generator.input + r.tokens.fixer.input}/${r.tokens.generator.output + r.tokens.fixer.output}`,
    r.costUsd === null ? '?' : `$${r.costUsd.toFixed(3)}`,
    formatShares(r.classShares),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const metric = best?.metric ?? records.find((r) => r.metric)?.metric;
  const footer = best ? `\n* best: iteration ${best.iteration}, ${metric ?? 'CV'} ${best.cvMean?.toFixed(5)} (${best.higherIsBetter ? 'higher' : 'lower'} is better)` : '';
  return [line(header), ...rows.map(line)].join('\n') + footer;
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
