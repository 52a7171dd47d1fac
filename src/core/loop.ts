import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareDataView } from './dataView';
import type { EngineDeps } from './engineDeps';
import type { DataAccess, EngineOptions } from './engineOptions';
import { holdoutSpecFor } from './holdout/spec';
import { Iteration } from './iteration';
import { BaseLoopRunner, type LoopSummary } from './loopRunner';
import type { GeneratorContext } from './prompts/generatorPrompt';
import type { EngineSettings } from './settings';
import { nextFreeIteration, promoteToBest } from './store/archive';
import { appendHistory, bestRecord, nextIteration, rankingScore, readHistory } from './store/history';
import type { IterationRecord } from './store/historySchema';
import { archiveFiles } from './store/paths';
import { formatEnvironment } from './task/formatEnvironment';
import { loadTask, type Task } from './task/loadTask';
import { probeEnvironment } from './task/probeEnvironment';
import { sampleData } from './task/sampleData';

/**
 * One loop: runs `settings.iterations` iterations on a folder (the workspace, or a research
 * direction's worktree), resuming its history, and reports everything as events. Front ends
 * (CLI, VS Code) only subscribe.
 */
export class Engine extends BaseLoopRunner {
  constructor(
    private readonly workspace: string,
    private readonly settings: EngineSettings,
    private readonly deps: EngineDeps,
    private readonly options: EngineOptions = {},
  ) {
    super();
  }

  /** Throws ConfigError (no task.md, no Python) or LockedError before anything starts. */
  async run(): Promise<LoopSummary> {
    const task = this.options.task ?? (await loadTask(this.workspace));
    return this.underRunLock(this.workspace, this.deps.now, () => this.iterate(task));
  }

  private async iterate(task: Task): Promise<LoopSummary> {
    const environment = await probeEnvironment(this.settings.python);
    // Runs start in the workspace: use the interpreter's absolute path, as Python reports it.
    const settings = { ...this.settings, python: environment.python.path };
    const dataSample = await sampleData(task.dataFiles, { baseDir: task.dir });
    const dataAccess = this.options.dataAccess ?? (await this.stageHoldout(task));
    const history = await readHistory(this.workspace);
    const first = await nextFreeIteration(this.workspace, nextIteration(history));
    const last = first + this.settings.iterations - 1;
    this.emit({ type: 'loop-started', workspace: this.workspace, firstIteration: first, lastIteration: last });
    if (task.missingFiles.length > 0) {
      this.emit({ type: 'log', level: 'warn', message: `task.md names files that do not exist: ${task.missingFiles.join(', ')}` });
    }

    let iterationsRun = 0;
    for (let iteration = first; iteration <= last && !this.stopped; iteration++) {
      const run = new Iteration({
        iteration,
        workspace: this.workspace,
        task,
        settings,
        deps: this.deps,
        generatorContext: await this.generatorContext(task, history, dataSample, formatEnvironment(environment), dataAccess),
        previousRunMs: history.findLast((r) => r.status === 'ok')?.runDurationMs ?? null,
        signal: this.abort.signal,
        emit: (event) => this.emit(event),
        options: this.options,
        dataAccess,
      });
      const record = await run.run();
      const isBest = await this.keepIfBest(record, history);
      await appendHistory(this.workspace, record);
      history.push(record);
      iterationsRun++;
      this.emit({ type: 'iteration-recorded', record, isBest });
    }
    const reason = this.stopped ? 'stopped' : 'completed';
    this.emit({ type: 'loop-finished', reason });
    return { reason, iterationsRun, best: bestRecord(history) };
  }

  /** Copies the iteration's code and submission to best_* when it beats every earlier one. */
  private async keepIfBest(record: IterationRecord, history: IterationRecord[]): Promise<boolean> {
    if (bestRecord([...history, record]) !== record) return false;
    await promoteToBest(this.workspace, record.archiveDir);
    return true;
  }

  /** A single loop gets a private hold-out when the task names one and there is a private place for its labels. */
  private async stageHoldout(task: Task): Promise<DataAccess | undefined> {
    const { privateDir } = this.options;
    const spec = privateDir ? holdoutSpecFor(task, this.settings.holdout) : null;
    if (!spec || !privateDir) return undefined;
    const view = await prepareDataView({ workspace: this.workspace, task, spec, privateDir, runDir: this.workspace, sandbox: this.options.sandbox ?? false });
    if (view.note) this.emit({ type: 'log', level: 'info', message: view.note });
    return view.access;
  }

  private async generatorContext(
    task: Task,
    history: IterationRecord[],
    dataSample: string,
    environment: string,
    dataAccess: DataAccess | undefined,
  ): Promise<GeneratorContext> {
    const best = bestRecord(history);
    const bestScore = best ? rankingScore(best) : null;
    const latest = history.at(-1);
    const read = (record: IterationRecord, name: string) => readOptional(join(this.workspace, record.archiveDir, name));
    const bestCode = best ? await read(best, archiveFiles.finalCode) : null;
    const latestCode = latest ? await read(latest, archiveFiles.finalCode) : null;
    return {
      taskMarkdown: task.markdown,
      dataSample,
      environment,
      timeLimitSeconds: this.settings.timeoutSeconds,
      submissionFile: task.submission.fileName,
      submissionHeader: task.submission.idColumn ? [task.submission.idColumn, ...(task.submission.targetColumns ?? [])].join(',') : null,
      history,
      best: best && bestCode !== null && bestScore !== null ? { iteration: best.iteration, code: bestCode, score: bestScore } : null,
      latest:
        latest && latestCode !== null
          ? { iteration: latest.iteration, code: latestCode, report: await read(latest, archiveFiles.report), error: latest.error ?? null }
          : null,
      direction: this.options.direction,
      dataInstructions: dataAccess?.instructions,
    };
  }
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}
