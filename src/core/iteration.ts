import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { EngineDeps } from './engineDeps';
import type { DataAccess, EngineOptions } from './engineOptions';
import { AdsaError, ConfigError, EditError } from './errors';
import type { EngineEvent } from './events';
import { applyFix, parseFixReply, unifiedDiff, EDIT_FORMAT_INSTRUCTIONS } from './edits';
import type { ChatMessage, LlmClient, Role } from './llm/types';
import { lastException } from './prompts/bounded';
import { editRetryMessage, fixerMessages, type FixReason } from './prompts/fixerPrompt';
import { generatorMessages, type GeneratorContext } from './prompts/generatorPrompt';
import type { RunResult } from './run/types';
import type { EngineSettings } from './settings';
import { IterationArchive } from './store/archive';
import { writeFileAtomic } from './store/atomicWrite';
import type { AttemptRecord, IterationRecord, IterationStatus } from './store/historySchema';
import { archiveFiles, workspacePaths } from './store/paths';
import type { Task } from './task/loadTask';
import { UsageMeter } from './usageMeter';
import { checkOutputs, type OutputsCheck } from './verify/checkOutputs';

export interface IterationInputs {
  iteration: number;
  workspace: string;
  task: Task;
  settings: EngineSettings;
  deps: EngineDeps;
  generatorContext: GeneratorContext;
  /** Run time of the previous successful iteration, for the speed-up rule. */
  previousRunMs: number | null;
  signal: AbortSignal;
  emit: (event: EngineEvent) => void;
  options: EngineOptions;
  dataAccess: DataAccess | undefined;
}

/** Stops the attempt cycle: the iteration ends with this status. */
class IterationEnd extends Error {
  constructor(readonly status: IterationStatus, message: string) {
    super(message);
  }
}

/**
 * One iteration: generate solution.py, run it, and on failure ask the fixer (error,
 * wrong outputs, time-out, much slower than before) up to `maxFixes` times.
 */
export class Iteration {
  private readonly paths;
  private readonly usage = new UsageMeter();
  private readonly attempts: AttemptRecord[] = [];
  private readonly notes: string[] = [];
  private readonly now: () => Date;
  private archive!: IterationArchive;
  private approach: string | null = null;
  private lastRunMs: number | null = null;
  private privateScore: number | null = null;

  constructor(private readonly inputs: IterationInputs) {
    this.paths = workspacePaths(inputs.workspace);
    this.now = inputs.deps.now ?? (() => new Date());
  }

  async run(): Promise<IterationRecord> {
    const { iteration, emit } = this.inputs;
    const startedAt = this.now();
    const started = performance.now();
    emit({ type: 'iteration-started', iteration });
    this.archive = await IterationArchive.open(this.inputs.workspace, iteration);

    let status: IterationStatus = 'failed';
    let error: string | undefined;
    let outputs: OutputsCheck | null = null;
    try {
      outputs = await this.attemptCycle(await this.generate());
      status = 'ok';
    } catch (caught) {
      if (caught instanceof IterationEnd) {
        status = caught.status;
        error = caught.message;
      } else if (this.inputs.signal.aborted) {
        status = 'stopped';
        error = 'Stopped by the user.';
      } else if (caught instanceof AdsaError && !(caught instanceof ConfigError)) {
        // LLM and edit failures end this iteration; configuration errors end the loop.
        error = caught.message;
      } else {
        throw caught;
      }
    }
    if (error) emit({ type: 'log', level: status === 'stopped' ? 'info' : 'warn', message: `Iteration ${iteration}: ${error}` });

    emit({ type: 'phase', iteration, attempt: this.attempts.length, phase: 'recording' });
    await this.archive.finish();
    const report = outputs?.report;
    return {
      iteration,
      startedAt: startedAt.toISOString(),
      finishedAt: this.now().toISOString(),
      status,
      metric: report?.metric ?? this.inputs.task.metric ?? null,
      higherIsBetter: outputs?.higherIsBetter ?? this.inputs.task.higherIsBetter ?? true,
      cvMean: status === 'ok' && report ? report.cv_mean : null,
      cvScores: status === 'ok' && report ? report.cv_scores : [],
      durationMs: Math.round(performance.now() - started),
      runDurationMs: this.lastRunMs,
      fixAttempts: this.attempts.filter((a) => a.kind !== 'generated').length,
      attempts: this.attempts,
      tokens: this.usage.tokens,
      costUsd: this.usage.costUsd,
      classShares: outputs?.submission.classShares ?? null,
      archiveDir: this.archive.relativeDir,
      ...(error ? { error } : {}),
      ...(this.approach ? { approach: this.approach } : {}),
      ...(this.inputs.options.direction ? { direction: this.inputs.options.direction.slug } : {}),
      ...(this.inputs.dataAccess?.scoreHoldout ? { privateScore: status === 'ok' ? this.privateScore : null } : {}),
    };
  }

  /** Asks the generator for solution.py; one more try when the reply has no script. */
  private async generate(): Promise<string> {
    const { iteration, emit } = this.inputs;
    emit({ type: 'phase', iteration, attempt: 1, phase: 'generating' });
    const { system, messages } = generatorMessages(this.inputs.generatorContext);
    await this.archive.write(archiveFiles.generatorPrompt, messages.map((m) => m.content).join('\n\n'));
    for (let tries = 1; ; tries++) {
      const reply = await this.ask('generator', this.inputs.deps.generator, system, messages);
      await this.archive.write(archiveFiles.generatorReply, reply);
      this.approach = /^\s*APPROACH:\s*(.+)$/im.exec(reply)?.[1]?.trim() ?? null;
      try {
        const parsed = parseFixReply(reply);
        if (parsed.edit.kind === 'whole-file') return parsed.edit.code;
        throw new EditError('The generator answered with edits instead of a whole script.');
      } catch (error) {
        if (!(error instanceof EditError) || tries >= 2) throw error;
        messages.push({ role: 'assistant', content: reply }, { role: 'user', content: `${error.message} Answer with the complete solution.py in one \`\`\`python block.` });
      }
    }
  }

  /** Runs, verifies and fixes until the outputs check out or the fixes run out. */
  private async attemptCycle(generated: string): Promise<OutputsCheck> {
    let code = generated;
    let attempt = 1;
    let outcome = await this.runAndCheck(attempt, 'generated', code);
    while (outcome.reason) {
      const fixesUsed = attempt - 1;
      if (fixesUsed >= this.inputs.settings.maxFixes) {
        const status: IterationStatus = outcome.reason.kind === 'timeout' ? 'timeout' : 'failed';
        throw new IterationEnd(status, `${this.attempts.at(-1)?.problem ?? 'The script failed.'} (${fixesUsed} fixes tried)`);
      }
      attempt += 1;
      const kind = outcome.reason.kind === 'timeout' || outcome.reason.kind === 'slow' ? 'speedup' : 'fix';
      const fixed = await this.fix(attempt, code, outcome.reason, kind);
      // A fix that came to nothing used its attempt; the same problem goes to the next one.
      if (fixed === null) continue;
      code = fixed;
      outcome = await this.runAndCheck(attempt, kind, code);
    }
    return outcome.outputs;
  }

  /** One run of solution.py and the check of its outputs; says why it did not count, if so. */
  private async runAndCheck(
    attempt: number,
    kind: AttemptRecord['kind'],
    code: string,
  ): Promise<{ reason: FixReason; outputs: null } | { reason: null; outputs: OutputsCheck }> {
    const { iteration, emit, settings } = this.inputs;
    await this.archive.write(archiveFiles.attemptCode(attempt), code);
    await writeFileAtomic(this.paths.solution, code);
    // Outputs of the previous iteration are archived; a stale file must not pass for a new one.
    await Promise.all([rm(this.paths.report, { force: true }), rm(this.paths.submission, { force: true })]);

    const refused = this.inputs.dataAccess?.checkCode(code) ?? [];
    if (refused.length > 0) {
      this.failAttempt(attempt, kind, `Refused before it ran: ${refused.join(' ')}`);
      return { reason: { kind: 'refused', problems: refused }, outputs: null };
    }

    emit({ type: 'phase', iteration, attempt, phase: 'running' });
    const softLimitMs = this.softLimitMs();
    const result = await this.execute(attempt, softLimitMs ?? settings.timeoutSeconds * 1000);
    this.lastRunMs = result.durationMs;
    const record = (problem?: string) => {
      const entry: AttemptRecord = { attempt, kind, exitCode: result.exitCode, timedOut: result.timedOut, durationMs: Math.round(result.durationMs) };
      if (problem) {
        entry.problem = problem;
        emit({ type: 'attempt-failed', iteration, attempt, problem });
      }
      this.attempts.push(entry);
    };

    if (result.stopped) {
      record('Stopped by the user.');
      throw new IterationEnd('stopped', 'Stopped by the user.');
    }
    if (result.timedOut && softLimitMs !== null) {
      const previous = this.inputs.previousRunMs ?? 0;
      record(`Stopped after ${Math.round(result.durationMs / 1000)} s: over ${settings.speedupFactor}x the previous run (${Math.round(previous / 1000)} s).`);
      return { reason: { kind: 'slow', seconds: result.durationMs / 1000, previousSeconds: previous / 1000, output: result.tail }, outputs: null };
    }
    if (result.timedOut) {
      record(`Timed out after ${settings.timeoutSeconds} s.`);
      return { reason: { kind: 'timeout', limitSeconds: settings.timeoutSeconds, output: result.tail }, outputs: null };
    }
    if (result.exitCode !== 0) {
      record(`Exited with code ${result.exitCode ?? result.signal}: ${lastLine(result.tail)}`);
      return { reason: { kind: 'error', exitCode: result.exitCode, output: result.tail }, outputs: null };
    }
    // A traceback the script caught and printed is an error too, even when it exits 0.
    const exception = lastException(result.tail);
    if (exception) {
      record(`Printed a Python traceback: ${exception}`);
      return { reason: { kind: 'error', exitCode: result.exitCode, output: result.tail }, outputs: null };
    }

    emit({ type: 'phase', iteration, attempt, phase: 'verifying' });
    const outputs = await checkOutputs(this.inputs.workspace, this.inputs.task);
    const hidden = await this.inputs.dataAccess?.scoreHoldout?.();
    if (hidden && !hidden.ok) outputs.problems.push(hidden.problem);
    this.privateScore = hidden?.ok ? hidden.score : null;
    if (outputs.problems.length > 0) {
      record(outputs.problems.join(' '));
      return { reason: { kind: 'verification', problems: outputs.problems, output: result.tail }, outputs: null };
    }
    record();
    return { reason: null, outputs };
  }

  /**
   * A run much slower than the previous iteration's is stopped early and sped up, as in
   * ADSA; short baselines get a floor so a real model is not cut off for being real.
   */
  private softLimitMs(): number | null {
    const { previousRunMs, settings } = this.inputs;
    if (previousRunMs === null || this.attempts.some((a) => a.kind === 'speedup')) return null;
    const soft = Math.max(previousRunMs * settings.speedupFactor, settings.speedupMinSeconds * 1000);
    return soft < settings.timeoutSeconds * 1000 ? soft : null;
  }

  private execute(attempt: number, timeoutMs: number): Promise<RunResult> {
    const { iteration, emit, settings, deps, workspace, signal } = this.inputs;
    const env: Record<string, string> = { PYTHONUNBUFFERED: '1' };
    if (settings.gpuDevices) env.CUDA_VISIBLE_DEVICES = settings.gpuDevices;
    Object.assign(env, this.inputs.options.runEnv);
    const { command, args } = this.inputs.dataAccess?.wrapCommand?.(settings.python, ['solution.py']) ?? { command: settings.python, args: ['solution.py'] };
    emit({ type: 'run-started', iteration, attempt, command, args, cwd: workspace, env });
    return deps.runner
      .run({
        command,
        args,
        cwd: workspace,
        env: { ...(deps.baseEnv ?? process.env), ...env },
        timeoutMs,
        graceMs: settings.killGraceSeconds * 1000,
        logFile: this.paths.log,
        header: `\n===== iteration ${iteration} · attempt ${attempt} · ${this.now().toISOString()} =====\n`,
        onOutput: (chunk) => emit({ type: 'output', iteration, attempt, chunk }),
        signal,
      })
      .then((result) => {
        emit({ type: 'run-finished', iteration, attempt, result });
        return result;
      });
  }

  /**
   * Asks the fixer for the change that becomes `attempt`, applies it (an edit that does
   * not apply is sent back once) and has it reviewed. Returns the code to run next, or
   * null when this fix came to nothing (the attempt still counts).
   */
  private async fix(attempt: number, code: string, reason: FixReason, kind: 'fix' | 'speedup'): Promise<string | null> {
    const { iteration, emit, settings, deps } = this.inputs;
    emit({ type: 'phase', iteration, attempt, phase: 'fixing' });
    const { system, messages } = fixerMessages({
      code,
      reason,
      timeLimitSeconds: settings.timeoutSeconds,
      notes: this.notes,
      editFormat: EDIT_FORMAT_INSTRUCTIONS,
    });
    let proposal: { code: string; reason: string } | null = null;
    const replies: string[] = [];
    for (let tries = 1; tries <= 2 && proposal === null; tries++) {
      const reply = await this.ask('fixer', deps.fixer, system, messages);
      replies.push(reply);
      await this.archive.write(archiveFiles.fixReply(attempt), replies.join('\n\n----- reply after the edit failed to apply -----\n\n'));
      try {
        const parsed = parseFixReply(reply);
        proposal = { code: applyFix(code, parsed.edit), reason: parsed.reason };
      } catch (error) {
        if (!(error instanceof EditError)) throw error;
        emit({ type: 'log', level: 'warn', message: `Iteration ${iteration}: ${error.message}` });
        if (tries === 2) {
          this.failAttempt(attempt, kind, `The fixer's edit did not apply twice: ${error.message}`);
          this.notes.push(`A previous fix could not be applied: ${error.message}`);
          return null;
        }
        messages.push({ role: 'assistant', content: reply }, editRetryMessage(error.message));
      }
    }
    if (!proposal) return null;

    emit({ type: 'phase', iteration, attempt, phase: 'reviewing' });
    const diff = unifiedDiff(code, proposal.code, 'solution.py', `attempt ${attempt - 1}`, `attempt ${attempt}`);
    const review = {
      iteration,
      attempt,
      kind,
      reason: proposal.reason,
      before: code,
      after: proposal.code,
      diff,
      file: this.paths.solution,
      ...(this.inputs.options.direction ? { direction: this.inputs.options.direction.slug } : {}),
    };
    emit({ type: 'fix-proposed', proposal: review });
    const decision = await deps.reviewer.review(review, this.inputs.signal);
    emit({ type: 'fix-decided', iteration, attempt, decision: decision.decision });
    if (this.inputs.signal.aborted) throw new IterationEnd('stopped', 'Stopped by the user.');
    if (decision.decision === 'reject') {
      await this.archive.write(`${archiveFiles.fixDiff(attempt)}.rejected`, diff);
      this.failAttempt(attempt, kind, `The reviewer rejected the fix: ${proposal.reason}`);
      this.notes.push(`The reviewer rejected this proposed fix: ${proposal.reason}. Try a different change.`);
      return null;
    }
    const finalCode = decision.decision === 'edited' ? decision.code : proposal.code;
    if (decision.decision === 'edited') {
      this.notes.push('The reviewer edited your previous fix by hand before it ran; the code shown is the current version, keep those edits.');
    }
    this.notes.push(`Attempt ${attempt} applied: ${proposal.reason}`);
    await this.archive.write(archiveFiles.fixDiff(attempt), unifiedDiff(code, finalCode, 'solution.py', `attempt ${attempt - 1}`, `attempt ${attempt}`));
    return finalCode;
  }

  /** A fix that never ran still uses up one of the iteration's attempts. */
  private failAttempt(attempt: number, kind: AttemptRecord['kind'], problem: string): void {
    this.attempts.push({ attempt, kind, exitCode: null, timedOut: false, durationMs: 0, problem });
    this.inputs.emit({ type: 'attempt-failed', iteration: this.inputs.iteration, attempt, problem });
  }

  private async ask(role: Role, client: LlmClient, system: string, messages: ChatMessage[]): Promise<string> {
    const { iteration, emit, signal } = this.inputs;
    emit({ type: 'llm-started', iteration, role, model: client.model });
    const started = performance.now();
    const response = await client.complete({ system, messages, signal });
    this.usage.add(role, client.model, response.usage);
    emit({ type: 'llm-finished', iteration, role, model: client.model, usage: response.usage, durationMs: Math.round(performance.now() - started) });
    return response.text;
  }
}

function lastLine(output: string): string {
  const lines = output.trimEnd().split('\n');
  return (lines.at(-1) ?? '').slice(0, 300);
}
