import { copyFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDataView } from '../dataView';
import type { EngineDeps } from '../engineDeps';
import type { EngineEvent } from '../events';
import { commitIteration, createDirectionWorktree } from '../git/worktrees';
import type { Holdout } from '../holdout/prepareHoldout';
import type { HoldoutSpec } from '../holdout/spec';
import { Engine } from '../loop';
import type { EngineSettings } from '../settings';
import { bestRecord, parseHistory } from '../store/history';
import type { IterationRecord } from '../store/historySchema';
import { readTextOrEmpty } from '../store/jsonLines';
import { archiveFiles } from '../store/paths';
import type { Task } from '../task/loadTask';
import type { DeviceSlot } from './devices';
import type { Direction } from './direction';
import { learningsMessages, parseLearnings } from './learnings';
import { notePath, resultsPath, type DirectionNote } from './note';
import { writeDirectionFiles } from './noteFiles';
import { formatScore } from './scoreFormat';

export interface DirectionRunInputs {
  workspace: string;
  repoRoot: string;
  task: Task;
  settings: EngineSettings;
  deps: EngineDeps;
  direction: Direction;
  slot: DeviceSlot;
  digest: string;
  holdoutSpec: HoldoutSpec | null;
  holdout: Holdout | null;
  privateDir?: string;
  signal: AbortSignal;
  emit: (event: EngineEvent) => void;
  /** Called with each iteration record as the direction's loop writes it. */
  onRecord: (record: IterationRecord, direction: Direction, runDir: string) => Promise<void>;
}

export interface DirectionOutcome {
  note: DirectionNote;
  branch: string;
}

/** Files of an iteration's archive worth a commit: code, diffs, replies, the report; not logs or data. */
const COMMITTED = /\.(py|diff|rejected|md|json)$/;

/**
 * One research direction from start to end: its worktree on `exp/<slug>`, its staged data,
 * its loop (each iteration a commit with the note kept current), and the learnings at the end.
 */
export async function runDirection(inputs: DirectionRunInputs): Promise<DirectionOutcome> {
  const { workspace, repoRoot, task, direction: planned, slot, emit } = inputs;
  const { branch, path: runDir } = await createDirectionWorktree(repoRoot, planned.slug);
  // A continued direction keeps its earlier rounds: its results file is in the reused worktree.
  const results = parseHistory(await readTextOrEmpty(join(runDir, resultsPath(planned.slug))));
  const startedAt = planned.startedAt ?? new Date().toISOString();
  const direction: Direction = { ...planned, status: 'in_progress', branch, startedAt, devices: slot.label };
  const note: DirectionNote = { direction, results, learnings: null };
  await writeDirectionFiles(runDir, note);
  emit({ type: 'direction-started', info: direction, runDir, direction: direction.slug });

  // An untracked task.md is not in the worktree; the loop reads the workspace's task anyway.
  if (!existsSync(join(runDir, 'task.md'))) await copyFile(task.taskFile, join(runDir, 'task.md'));
  const view = await prepareDataView({
    workspace,
    task,
    runDir,
    spec: inputs.holdoutSpec,
    holdout: inputs.holdout,
    privateDir: inputs.privateDir,
    sandbox: inputs.settings.sandbox,
  });
  const engine = new Engine(runDir, inputs.settings, inputs.deps, {
    task,
    direction: { slug: direction.slug, title: direction.title, rationale: direction.rationale, digest: inputs.digest },
    dataAccess: view.access,
    runEnv: slot.env,
  });
  // Stop may have come while the worktree and data were being prepared.
  const stop = () => engine.stop();
  if (inputs.signal.aborted) stop();
  inputs.signal.addEventListener('abort', stop);

  let commits = Promise.resolve();
  engine.onEvent((event) => {
    if (event.type === 'loop-started' || event.type === 'loop-finished') return;
    if (event.type !== 'iteration-recorded') return emit({ ...event, direction: direction.slug });
    note.results.push(event.record);
    // One commit per iteration, in order, with the note and results current.
    commits = commits.then(async () => {
      try {
        await writeDirectionFiles(runDir, note);
        await commitIteration(runDir, await iterationFiles(runDir, direction.slug, event.record), commitMessage(event.record));
      } catch (error) {
        // The files stay in the worktree; one failed commit must not drop the later ones.
        emit({ type: 'log', level: 'error', message: `Could not commit iteration ${event.record.iteration} on ${branch}: ${String(error)}`, direction: direction.slug });
      }
      await inputs.onRecord(event.record, direction, runDir);
    });
  });

  try {
    await engine.run();
  } finally {
    inputs.signal.removeEventListener('abort', stop);
    await commits;
  }

  note.learnings = await writeLearnings(inputs, note);
  direction.status = inputs.signal.aborted || bestRecord(note.results) === null ? 'abandoned' : 'done';
  direction.finishedAt = new Date().toISOString();
  await writeDirectionFiles(runDir, note);
  await commitIteration(runDir, [notePath(direction.slug), resultsPath(direction.slug)], `${direction.title}: ${direction.status}`);
  return { note, branch };
}

async function iterationFiles(runDir: string, slug: string, record: IterationRecord): Promise<string[]> {
  const archived = (await readdir(join(runDir, record.archiveDir))).filter((name) => COMMITTED.test(name)).map((name) => `${record.archiveDir}/${name}`);
  return [archiveFiles.finalCode, notePath(slug), resultsPath(slug), ...archived].filter((path) => existsSync(join(runDir, path)));
}

function commitMessage(record: IterationRecord): string {
  const score = record.cvMean === null ? record.status : `${record.metric ?? 'CV'} ${formatScore(record.cvMean)}`;
  const hidden = record.privateScore == null ? '' : `, private ${formatScore(record.privateScore)}`;
  return `Iteration ${record.iteration}: ${score}${hidden}`;
}

/** The generator writes what the direction learned from its measured numbers; a failure is noted, not fatal. */
async function writeLearnings(inputs: DirectionRunInputs, note: DirectionNote): Promise<string> {
  if (note.results.length === 0) return '_Stopped before any iteration finished._';
  if (inputs.signal.aborted) return `_Stopped by the user after ${note.results.length} iteration(s); no learnings were written._`;
  const { system, messages } = learningsMessages(note.direction, note.results);
  const { emit, deps, direction } = inputs;
  emit({ type: 'llm-started', iteration: 0, role: 'generator', model: deps.generator.model, direction: direction.slug });
  const started = Date.now();
  try {
    const reply = await deps.generator.complete({ system, messages, signal: inputs.signal });
    emit({ type: 'llm-finished', iteration: 0, role: 'generator', model: deps.generator.model, usage: reply.usage, durationMs: Date.now() - started, direction: direction.slug });
    return parseLearnings(reply.text);
  } catch (error) {
    return `_The generator could not write the learnings: ${error instanceof Error ? error.message : String(error)}_`;
  }
}
