import { z } from 'zod';
import { DirectionStatusSchema } from '../src/core/directions/direction';
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
  /** The research direction's slug, and the iteration's number within it. */
  direction: z.string().nullable(),
  directionIteration: z.number().int().nullable(),
  /** The score on the private hold-out the code never saw. */
  privateScore: z.number().nullable(),
  privateText: z.string().nullable(),
  /** CV minus private score, positive when the CV looks better than the hold-out. */
  gap: z.number().nullable(),
  gapText: z.string().nullable(),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

const BestSchema = z.object({
  iteration: z.number().int(),
  /** The CV score. */
  scoreText: z.string(),
  privateText: z.string().nullable(),
  gapText: z.string().nullable(),
});

/** A research direction with its iterations: what it is, where it runs, how it scores, whether it overfits. */
export const DirectionGroupSchema = z.object({
  slug: z.string(),
  title: z.string(),
  /** Null when only history lines name the direction. */
  status: DirectionStatusSchema.nullable(),
  statusText: z.string(),
  /** The devices it runs (or ran) on, e.g. "GPU 0" or "2 CPU threads". */
  devices: z.string().nullable(),
  branch: z.string().nullable(),
  /** What its loop is doing, while it runs: "iteration 2 · running solution.py". */
  activity: z.string().nullable(),
  best: BestSchema.nullable(),
  /** Why it looks overfitted; null when it does not. */
  overfitting: z.string().nullable(),
  /** Newest first. */
  rows: z.array(HistoryRowSchema),
});
export type DirectionGroup = z.infer<typeof DirectionGroupSchema>;

/** One entry of the list: an iteration outside any direction, or a direction with its iterations. */
export const HistoryItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('iteration'), row: HistoryRowSchema }),
  z.object({ kind: z.literal('direction'), group: DirectionGroupSchema }),
]);
export type HistoryItem = z.infer<typeof HistoryItemSchema>;

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
  /** Newest first: planned directions, running ones, then the past by iteration. */
  items: z.array(HistoryItemSchema),
  best: BestSchema.extend({ direction: z.string().nullable() }).nullable(),
  /** Null until an iteration has a score. */
  chart: ChartSchema.nullable(),
  totals: z.object({ tokensText: z.string(), costText: z.string() }),
  /** Directions the user suggested that no research run has taken up yet. */
  suggestions: z.array(z.string()),
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
  z.object({ type: z.literal('command'), command: z.enum(['start', 'stop', 'openTask', 'suggestDirection']) }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHostSchema>;
