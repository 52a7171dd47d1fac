import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IterationRecord } from '../../src/core/store/historySchema';
import {
  formatCost,
  formatDuration,
  formatScore,
  formatTokens,
  historyView,
} from '../../src/extension/historyViewModel';
import { HostToWebviewSchema, type HistoryRow, type HistoryView } from '../../webview/protocol';
import { iterationRecord } from '../helpers/iterationRecord';

function record(iteration: number, fields: Partial<IterationRecord> = {}): IterationRecord {
  return iterationRecord(iteration, {
    metric: 'roc_auc',
    durationMs: 65_000,
    runDurationMs: 40_000,
    attempts: [{ attempt: 1, kind: 'generated', exitCode: 0, timedOut: false, durationMs: 40_000 }],
    tokens: { generator: { input: 1000, output: 500 }, fixer: { input: 0, output: 0 } },
    costUsd: 0.02,
    ...fields,
  });
}

/** The rows of iterations outside any direction, newest first. */
function rowsOf(view: HistoryView): HistoryRow[] {
  return view.items.flatMap((item) => (item.kind === 'iteration' ? [item.row] : []));
}

describe('history view model', () => {
  test('rows come newest first and the best score is marked', () => {
    const view = historyView([
      record(1, { cvMean: 0.71 }),
      record(2, { cvMean: 0.86 }),
      record(3, { status: 'failed', cvMean: null, cvScores: [], error: 'KeyError: target' }),
      record(4, { cvMean: 0.84 }),
    ]);
    assert.deepEqual(
      rowsOf(view).map((r) => [r.iteration, r.scoreText, r.best]),
      [
        [4, '0.8400', false],
        [3, '—', false],
        [2, '0.8600', true],
        [1, '0.7100', false],
      ],
    );
    assert.deepEqual(view.best, { iteration: 2, scoreText: '0.8600', privateText: null, gapText: null, direction: null });
    assert.equal(rowsOf(view)[1]?.error, 'KeyError: target');
    assert.equal(view.metric, 'roc_auc');
    assert.equal(view.higherIsBetter, true);
  });

  test('for a lower-is-better metric the lowest score is best', () => {
    const rows = rowsOf(historyView([
      record(1, { metric: 'rmse', higherIsBetter: false, cvMean: 12.5 }),
      record(2, { metric: 'rmse', higherIsBetter: false, cvMean: 10.25 }),
      record(3, { metric: 'rmse', higherIsBetter: false, cvMean: 11 }),
    ]));
    assert.deepEqual(rows.filter((r) => r.best).map((r) => r.iteration), [2]);
  });

  test('a score only counts as best when the iteration succeeded', () => {
    const view = historyView([record(1, { cvMean: 0.7 }), record(2, { status: 'timeout', cvMean: 0.99 })]);
    assert.equal(view.best?.iteration, 1);
  });

  test('when an iteration number appears twice the later line wins', () => {
    const view = historyView([record(1, { cvMean: 0.5 }), record(2), record(1, { cvMean: 0.9 })]);
    assert.deepEqual(rowsOf(view).map((r) => [r.iteration, r.scoreText]), [
      [2, '0.8000'],
      [1, '0.9000'],
    ]);
  });

  test('a row shows duration, fixes, tokens, cost and the largest classes', () => {
    const [row] = rowsOf(historyView([
      record(7, {
        durationMs: 125_000,
        fixAttempts: 2,
        tokens: { generator: { input: 10_000, output: 2_000 }, fixer: { input: 3_000, output: 400 } },
        costUsd: 0.4567,
        classShares: { a: 0.5, b: 0.2, c: 0.15, d: 0.1, e: 0.05 },
      }),
    ]));
    assert.ok(row);
    assert.equal(row.durationText, '2m 05s');
    assert.equal(row.fixes, 2);
    assert.equal(row.tokensText, '15.4k');
    assert.equal(row.costText, '$0.46');
    assert.deepEqual(row.classShares, [
      { label: 'a', percent: 50 },
      { label: 'b', percent: 20 },
      { label: 'c', percent: 15 },
      { label: 'other', percent: 15 },
    ]);
  });

  test('totals add up, and say when some prices were unknown', () => {
    assert.deepEqual(historyView([record(1), record(2)]).totals, { tokensText: '3.0k', costText: '$0.04' });
    assert.deepEqual(historyView([record(1), record(2, { costUsd: null })]).totals.costText, '≥ $0.02');
    assert.equal(historyView([record(1, { costUsd: null })]).totals.costText, '—');
  });

  test('the chart puts better-scoring points higher and failures on the baseline', () => {
    const chart = historyView([
      record(1, { cvMean: 0.6 }),
      record(2, { status: 'failed', cvMean: null }),
      record(3, { cvMean: 0.9 }),
      record(4, { cvMean: 0.75 }),
    ]).chart;
    assert.ok(chart);
    const [p1, p3, p4] = chart.points;
    assert.ok(p1 && p3 && p4);
    assert.deepEqual(chart.points.map((p) => p.iteration), [1, 3, 4]);
    assert.ok(p3.y < p4.y && p4.y < p1.y, 'higher scores sit higher (smaller y)');
    assert.ok(p1.x < p3.x && p3.x < p4.x, 'iterations run left to right');
    assert.equal(p1.x, chart.plot.left);
    assert.equal(p4.x, chart.plot.right);
    for (const p of chart.points) assert.ok(p.y > chart.plot.top && p.y < chart.plot.bottom, 'points stay inside the frame');
    assert.deepEqual(chart.failures.map((f) => [f.iteration, f.y]), [[2, chart.plot.bottom]]);
    assert.equal(chart.points.filter((p) => p.best).map((p) => p.iteration)[0], 3);
    assert.equal(chart.line, chart.points.map((p) => `${p.x},${p.y}`).join(' '));
    assert.deepEqual(chart.yLabels.map((l) => l.text), ['0.9000', '0.6000']);
    assert.deepEqual(chart.xLabels.map((l) => l.text), ['1', '4']);
  });

  test('one scored iteration is centred; no scored iteration means no chart', () => {
    const single = historyView([record(5, { cvMean: 0.5 })]).chart;
    assert.ok(single);
    assert.equal(single.points[0]?.x, (single.plot.left + single.plot.right) / 2);
    assert.ok((single.points[0]?.y ?? 0) < single.plot.bottom);
    assert.equal(historyView([record(1, { status: 'failed', cvMean: null })]).chart, null);
    assert.equal(historyView([]).chart, null);
    assert.deepEqual(historyView([]).items, []);
  });

  test('what the host sends the webview passes the shared message schema', () => {
    const view = historyView([record(1, { classShares: { yes: 0.3, no: 0.7 } }), record(2, { status: 'failed', cvMean: null })]);
    assert.doesNotThrow(() => HostToWebviewSchema.parse({ type: 'history', view }));
    assert.throws(() => HostToWebviewSchema.parse({ type: 'history', view: { ...view, items: [{ kind: 'iteration', row: { iteration: 'x' } }] } }));
  });
});

describe('formatting', () => {
  test('scores keep four decimals below 10, fewer for large scores', () => {
    assert.equal(formatScore(0.873149), '0.8731');
    assert.equal(formatScore(-0.5), '-0.5000');
    assert.equal(formatScore(123.456), '123.46');
    assert.equal(formatScore(45678.9), '45679');
  });

  test('durations, tokens and cost', () => {
    assert.equal(formatDuration(800), '1 s');
    assert.equal(formatDuration(59_000), '59 s');
    assert.equal(formatDuration(3_723_000), '1h 02m');
    assert.equal(formatTokens(999), '999');
    assert.equal(formatTokens(2_500_000), '2.5M');
    assert.equal(formatCost(0), '$0');
    assert.equal(formatCost(0.004), '<$0.01');
  });
});
