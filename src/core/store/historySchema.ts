import { z } from 'zod';

export const IterationStatusSchema = z.enum(['ok', 'failed', 'timeout', 'stopped']);
export type IterationStatus = z.infer<typeof IterationStatusSchema>;

const TokensSchema = z.object({ input: z.number().int().min(0), output: z.number().int().min(0) });

/** One script run inside an iteration: the generated code, then each fix or speed-up. */
export const AttemptRecordSchema = z.object({
  attempt: z.number().int().min(1),
  kind: z.enum(['generated', 'fix', 'speedup']),
  exitCode: z.number().int().nullable(),
  timedOut: z.boolean(),
  durationMs: z.number().min(0),
  /** Why this attempt did not count, in one line; absent when it succeeded. */
  problem: z.string().optional(),
});
export type AttemptRecord = z.infer<typeof AttemptRecordSchema>;

/** One line of .adsa/history.jsonl. Unknown keys are kept so newer writers stay readable. */
export const IterationRecordSchema = z
  .object({
    iteration: z.number().int().min(1),
    startedAt: z.string(),
    finishedAt: z.string(),
    status: IterationStatusSchema,
    metric: z.string().nullable(),
    /** Whether larger scores are better for `metric`. */
    higherIsBetter: z.boolean(),
    cvMean: z.number().nullable(),
    cvScores: z.array(z.number()),
    durationMs: z.number().min(0),
    /** Wall time of the last run of solution.py. */
    runDurationMs: z.number().min(0).nullable(),
    fixAttempts: z.number().int().min(0),
    attempts: z.array(AttemptRecordSchema),
    tokens: z.object({ generator: TokensSchema, fixer: TokensSchema }),
    /** Estimated from the models' list prices; null when a model's price is unknown. */
    costUsd: z.number().nullable(),
    /** Share of each predicted class in submission.csv (classification tasks). */
    classShares: z.record(z.string(), z.number()).nullable(),
    /** Workspace-relative folder holding this iteration's files. */
    archiveDir: z.string(),
    /** One line on why the iteration failed, for the next prompt and the history table. */
    error: z.string().optional(),
    /** The generator's one-line idea of this version. */
    approach: z.string().optional(),
    /** Slug of the research direction this iteration belongs to, and its number within it. */
    direction: z.string().optional(),
    directionIteration: z.number().int().min(1).optional(),
    /** The task's metric on the private hold-out the code never saw; null when not scored. */
    privateScore: z.number().nullable().optional(),
  })
  .passthrough();
export type IterationRecord = z.infer<typeof IterationRecordSchema>;
