import { z } from 'zod';
import { IterationStatusSchema } from '../src/core/store/historySchema';

/**
 * The messages between the sidebar webview and the extension host. Both sides parse what they
 * receive with these schemas; the webview bundle imports only zod and this file's imports.
 */

export const HistoryRowSchema = z.object({
  iteration: z.number().int(),
  status: IterationStatusSchema,
  score: z.number().nullable(),
  scoreText: z.string(),
  best: z.boolean(),
  durationText: z.string(),
  fixes: z.number().int().min(0),
  tokensText: z.string(),
  costText: z.string(),
  /** Largest predicted classes first, then "other". */
  classShares: z.array(z.object({ label: z.string(), percent: z.number() })),
  error: z.string().nullable(),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

const PointSchema = z.object({ x: z.number(), y: z.number() });

/** Geometry in the chart's own viewBox (width x height); the webview only draws it. */
export const ChartSchema = z.object({
  width: z.number(),
  height: z.number(),
  plot: z.object({ left: z.number(), top: z.number(), right: z.number(), bottom: z.number() }),
  points: z.array(PointSchema.extend({ iteration: z.number().int(), scoreText: z.string(), best: z.boolean() })),
  /** Iterations without a score, drawn on the baseline. */
  failures: z.array(PointSchema.extend({ iteration: z.number().int() })),
  /** SVG polyline `points` through the scored iterations. */
  line: z.string(),
  yLabels: z.array(z.object({ y: z.number(), text: z.string() })),
  xLabels: z.array(z.object({ x: z.number(), text: z.string() })),
});
export type Chart = z.infer<typeof ChartSchema>;

export const HistoryViewSchema = z.object({
  metric: z.string().nullable(),
  higherIsBetter: z.boolean(),
  /** Newest first. */
  rows: z.array(HistoryRowSchema),
  best: z.object({ iteration: z.number().int(), scoreText: z.string() }).nullable(),
  /** Null until an iteration has a score. */
  chart: ChartSchema.nullable(),
  totals: z.object({ tokensText: z.string(), costText: z.string() }),
});
export type HistoryView = z.infer<typeof HistoryViewSchema>;

export const HostToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('history'), view: HistoryViewSchema }),
  z.object({ type: z.literal('live'), line: z.string(), running: z.boolean() }),
]);
export type HostToWebview = z.infer<typeof HostToWebviewSchema>;

export const IterationViewSchema = z.enum(['code', 'diff', 'fixes', 'log']);
export type IterationView = z.infer<typeof IterationViewSchema>;

export const WebviewToHostSchema = z.discriminatedUnion('type', [
  /** Sent once the script runs, so the host (re)sends the current state. */
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('open'), iteration: z.number().int().min(1), view: IterationViewSchema }),
  z.object({ type: z.literal('command'), command: z.enum(['start', 'stop', 'openTask']) }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHostSchema>;
