import { join, relative } from 'node:path';
import type { EngineDeps } from '../engineDeps';
import { ConfigError } from '../errors';
import { mergeNotesOnly } from '../git/mergeNotes';
import { branchProblem, initRepo, inspectRepo } from '../git/repo';
import { prepareHoldout, type Holdout } from '../holdout/prepareHoldout';
import { holdoutSpecFor } from '../holdout/spec';
import { BaseLoopRunner, type LoopSummary } from '../loopRunner';
import type { EngineSettings } from '../settings';
import { promoteToBest } from '../store/archive';
import { appendHistory, bestRecord, nextIteration, readHistory } from '../store/history';
import type { IterationRecord } from '../store/historySchema';
import { loadTask, type Task } from '../task/loadTask';
import { probeEnvironment } from '../task/probeEnvironment';
import { sampleData } from '../task/sampleData';
import { DevicePool, deviceSlots, type DeviceSlot } from './devices';
import { notesDigest } from './digest';
import { plannedDirection, type Direction } from './direction';
import { runDirection } from './directionRun';
import { notePath, resultsPath, type DirectionNote } from './note';
import { readDirectionNotes } from './noteFiles';
import { overfittingFlag } from './overfitting';
import { parseProposals, proposalMessages } from './proposals';
import { suggestionProposal, takeSuggestions } from './suggestions';

export interface ResearchHost {
  /** Where hold-out labels are kept, outside the workspace. */
  privateDir?: string;
  /** The user agreed to make the workspace a git repository. */
  initGit?: boolean;
}

/** Shared state of one research run, built once before the first direction starts. */
interface Plan {
  task: Task;
  repoRoot: string;
  dataSample: string;
  holdout: Holdout | null;
  devices: DevicePool;
}

/**
 * Runs `settings.directions` research directions, up to `settings.parallel` at once, each its
 * own loop on its own branch and worktree. It plans directions (the user's suggestions first,
 * then the generator's proposals), deals out devices, keeps the workspace-wide history and best
 * solution, and merges each finished direction's note back to the user's branch, one at a time.
 */
export class ResearchCoordinator extends BaseLoopRunner {
  private readonly queue: Direction[] = [];
  private readonly notes = new Map<string, DirectionNote>();
  private remaining: number;
  private recording = Promise.resolve();
  /** The workspace history, read once under the run lock and kept current by `record`. */
  private history: IterationRecord[] = [];
  private poolOpen = false;

  constructor(
    private readonly workspace: string,
    private readonly settings: EngineSettings,
    private readonly deps: EngineDeps,
    private readonly host: ResearchHost = {},
  ) {
    super();
    this.remaining = settings.directions;
  }

  /** Runs a finished direction again, for one more round of iterations; false once the run has ended. */
  continueDirection(slug: string): boolean {
    const note = this.notes.get(slug);
    if (!note || this.stopped || !this.poolOpen) return false;
    this.queue.unshift({ ...note.direction, status: 'planned', finishedAt: null });
    this.remaining++;
    return true;
  }

  async run(): Promise<LoopSummary> {
    const task = await loadTask(this.workspace);
    return this.underRunLock(this.workspace, this.deps.now, async () => {
      const plan = await this.plan(task);
      this.emit({ type: 'loop-started', workspace: this.workspace, firstIteration: nextIteration(this.history), lastIteration: null });
      const summary = await this.runPool(plan);
      this.emit({ type: 'loop-finished', reason: summary.reason });
      return summary;
    });
  }

  private async plan(task: Task): Promise<Plan> {
    let repo = await inspectRepo(this.workspace);
    if (!repo.isRepo || repo.unborn) {
      if (!this.host.initGit) {
        const what = repo.isRepo ? 'is a git repository without a commit yet' : 'is not a git repository';
        throw new ConfigError(
          `Research directions run on git branches, and ${this.workspace} ${what}; allow ADSA to initialise it (adsa run --init-git) or run a single loop.`,
        );
      }
      await initRepo(this.workspace);
      repo = await inspectRepo(this.workspace);
    }
    const problem = branchProblem(repo);
    if (problem) throw new ConfigError(problem);
    const repoRoot = repo.root ?? this.workspace;
    const environment = await probeEnvironment(this.settings.python);
    const spec = holdoutSpecFor(task, this.settings.holdout);
    const holdout = spec && this.host.privateDir ? await prepareHoldout(this.workspace, spec, this.host.privateDir) : null;
    if (holdout?.note) this.emit({ type: 'log', level: 'info', message: holdout.note });
    for (const note of await readDirectionNotes(this.workspace)) this.notes.set(note.direction.slug, note);
    this.history = await readHistory(this.workspace);
    return {
      task,
      repoRoot,
      dataSample: await sampleData(task.dataFiles, { baseDir: task.dir }),
      holdout,
      devices: new DevicePool(deviceSlots(environment, this.settings.parallel, this.settings.gpuDevices)),
    };
  }

  /** A rolling pool: whenever a direction ends, the next one starts, until all have run. */
  private async runPool(plan: Plan): Promise<LoopSummary> {
    const running = new Set<Promise<void>>();
    const iterationsBefore = this.history.length;
    this.poolOpen = true;
    try {
      while (!this.stopped && (this.remaining > 0 || running.size > 0)) {
        while (!this.stopped && this.remaining > 0 && running.size < this.settings.parallel) {
          const direction = await this.nextDirection(plan);
          if (!direction) break;
          this.remaining--;
          const slot = plan.devices.take();
          const done: Promise<void> = this.runOne(plan, direction, slot).finally(() => {
            plan.devices.give(slot);
            running.delete(done);
          });
          running.add(done);
        }
        if (running.size === 0) break;
        await Promise.race(running);
      }
    } catch (error) {
      // Planning the next direction failed: stop the running ones before the lock is released.
      this.stop();
      throw error;
    } finally {
      this.poolOpen = false;
      await Promise.allSettled(running);
      await this.recording;
    }
    return { reason: this.stopped ? 'stopped' : 'completed', iterationsRun: this.history.length - iterationsBefore, best: bestRecord(this.history) };
  }

  private async runOne(plan: Plan, direction: Direction, slot: DeviceSlot): Promise<void> {
    try {
      const outcome = await runDirection({
        workspace: this.workspace,
        repoRoot: plan.repoRoot,
        task: plan.task,
        settings: this.settings,
        deps: this.deps,
        direction,
        slot,
        digest: notesDigest([...this.notes.values()]),
        holdoutSpec: plan.holdout?.spec ?? null,
        holdout: plan.holdout,
        privateDir: this.host.privateDir,
        signal: this.abort.signal,
        emit: (event) => this.emit(event),
        onRecord: (record, info, runDir) => this.record(record, info, runDir),
      });
      this.notes.set(direction.slug, outcome.note);
      this.emit({ type: 'direction-finished', info: outcome.note.direction, best: bestRecord(outcome.note.results), direction: direction.slug });
      // mergeNotesOnly serialises merges into the repository itself.
      await mergeNotesOnly(plan.repoRoot, outcome.branch, [notePath(direction.slug), resultsPath(direction.slug)], `ADSA: notes of direction ${direction.title}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.emit({ type: 'log', level: 'error', message: `Direction ${direction.title}: ${message}`, direction: direction.slug });
      if (error instanceof ConfigError) this.stop();
    }
  }

  /** The user's suggestions first, then what is planned, then new proposals from the generator. */
  private async nextDirection(plan: Plan): Promise<Direction | null> {
    const taken = new Set([...this.notes.keys(), ...this.queue.map((d) => d.slug)]);
    for (const suggestion of await takeSuggestions(this.workspace)) {
      const direction = plannedDirection(suggestionProposal(suggestion), 'user', taken);
      taken.add(direction.slug);
      this.queue.unshift(direction);
      this.emit({ type: 'direction-planned', info: direction, direction: direction.slug });
    }
    if (this.queue.length === 0) await this.propose(plan, taken);
    const next = this.queue.shift() ?? null;
    if (next) this.notes.set(next.slug, { direction: next, results: this.notes.get(next.slug)?.results ?? [], learnings: null });
    return next;
  }

  private async propose(plan: Plan, taken: Set<string>): Promise<void> {
    const notes = [...this.notes.values()];
    const { system, messages } = proposalMessages({
      taskMarkdown: plan.task.markdown,
      dataSample: plan.dataSample,
      digest: notesDigest(notes),
      count: this.remaining,
      avoid: notes.map((n) => n.direction.title),
    });
    const { generator } = this.deps;
    this.emit({ type: 'llm-started', iteration: 0, role: 'generator', model: generator.model });
    const started = Date.now();
    const reply = await generator.complete({ system, messages, signal: this.abort.signal });
    this.emit({ type: 'llm-finished', iteration: 0, role: 'generator', model: generator.model, usage: reply.usage, durationMs: Date.now() - started });
    for (const proposal of parseProposals(reply.text).slice(0, this.remaining)) {
      const direction = plannedDirection(proposal, 'generator', taken);
      taken.add(direction.slug);
      this.queue.push(direction);
      this.emit({ type: 'direction-planned', info: direction, direction: direction.slug });
    }
  }

  /**
   * Adds a direction's iteration to the workspace history under the next workspace-wide number
   * (its own number kept as directionIteration), keeps best_* current, flags overfitting.
   * Serialised: directions finish iterations concurrently.
   */
  private record(record: IterationRecord, direction: Direction, runDir: string): Promise<void> {
    this.recording = this.recording.then(() => this.recordNow(record, direction, runDir)).catch((error: unknown) => {
      // The direction's own files hold the record; the workspace view must not stop the run.
      this.emit({ type: 'log', level: 'error', message: `Could not add an iteration of ${direction.title} to the workspace history: ${String(error)}` });
    });
    return this.recording;
  }

  private async recordNow(record: IterationRecord, direction: Direction, runDir: string): Promise<void> {
    const history = this.history;
    const line: IterationRecord = {
      ...record,
      iteration: nextIteration(history),
      directionIteration: record.iteration,
      direction: direction.slug,
      archiveDir: join(relative(this.workspace, runDir), record.archiveDir),
    };
    const isBest = bestRecord([...history, line]) === line;
    if (isBest) await promoteToBest(this.workspace, line.archiveDir);
    await appendHistory(this.workspace, line);
    history.push(line);
    this.emit({ type: 'iteration-recorded', record: line, isBest, direction: direction.slug });
    const results = history.filter((r) => r.direction === direction.slug);
    const flag = overfittingFlag(results);
    if (flag.flagged && flag.reason) {
      this.emit({ type: 'overfitting', slug: direction.slug, reason: flag.reason, direction: direction.slug });
    }
  }
}
