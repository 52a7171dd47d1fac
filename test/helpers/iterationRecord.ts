import { IterationRecordSchema, type IterationRecord } from '../../src/core/store/historySchema';

/** A valid history line: a successful iteration scoring 0.8 accuracy, with `fields` over it. */
export function iterationRecord(iteration: number, fields: Partial<IterationRecord> = {}): IterationRecord {
  return IterationRecordSchema.parse({
    iteration,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    status: 'ok',
    metric: 'accuracy',
    higherIsBetter: true,
    cvMean: 0.8,
    cvScores: [0.8],
    durationMs: 60_000,
    runDurationMs: 50_000,
    fixAttempts: 0,
    attempts: [],
    tokens: { generator: { input: 100, output: 50 }, fixer: { input: 0, output: 0 } },
    costUsd: 0.01,
    classShares: null,
    archiveDir: `older_solutions/iteration_${String(iteration).padStart(3, '0')}`,
    ...fields,
  });
}
