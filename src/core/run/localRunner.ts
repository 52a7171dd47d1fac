import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ConfigError } from '../errors';
import { killLeftovers, killTree } from './killTree';
import { OutputTail } from './outputTail';
import type { Runner, RunRequest, RunResult } from './types';

/**
 * Set to a fresh value in every run's environment. Descendants inherit it, which is how the
 * runner finds the ones that left the process group (setsid, double fork) when it kills a run.
 */
export const RUN_TOKEN_VARIABLE = 'ADSA_RUN_TOKEN';

const TAIL_CHARS = 64 * 1024;
/** Once the processes are gone, how long (not counting time waiting on the log) their pipes may stay open. */
const PIPE_CLOSE_MS = 2000;
/** setTimeout fires at once for delays beyond this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs a command as a local process tree, streaming its output to a log file and a listener. */
export class LocalRunner implements Runner {
  async run(request: RunRequest): Promise<RunResult> {
    if (request.signal?.aborted) return notStarted();
    await assertFolder(request.cwd);
    const log = await openLog(request.logFile);
    if (request.signal?.aborted) {
      await closeLog(log);
      return notStarted();
    }
    log.stream.write(request.header);

    const token = randomUUID();
    const started = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(request.command, request.args, {
        cwd: request.cwd,
        env: { ...request.env, [RUN_TOKEN_VARIABLE]: token },
        // Own process group and session, so the group can be signalled as one.
        detached: process.platform !== 'win32',
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
    } catch (error) {
      throw await startFailed(request.command, error, log);
    }
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (code, signal) => resolve([code, signal])),
    );
    const output = new OutputPump(child, log, request);
    // The 'error' listener stays attached after a successful start: later errors are not fatal here.
    const startError = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', resolve);
    });
    const pid = child.pid;
    if (startError || pid === undefined) throw await startFailed(request.command, startError, log);

    let timedOut = false;
    let stopped = false;
    let killing: Promise<void> | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killing ??= killTree(pid, request.graceMs, tokenEntry(token));
    }, Math.min(Math.max(0, request.timeoutMs), MAX_TIMER_MS));
    const onAbort = (): void => {
      if (killing) return;
      stopped = true;
      killing = killTree(pid, request.graceMs, tokenEntry(token));
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) onAbort(); // aborted while the process was starting

    const [exitCode, signal] = await exited;
    const durationMs = Date.now() - started;
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
    // Whatever the script left running (workers, servers) ends with it.
    await (killing ?? killLeftovers(pid, request.graceMs, tokenEntry(token)));
    await output.waitForPipes(closed);
    await output.finish();
    return { exitCode, signal, timedOut, stopped, durationMs, tail: output.tail.text(), outputBytes: output.bytes };
  }
}

interface Log {
  path: string;
  stream: WriteStream;
  closed: Promise<void>;
}

/**
 * Moves the child's output to the log file, the listener and the tail. Pauses the child's
 * pipes while the log stream is full, so a script printing gigabytes cannot fill memory.
 */
class OutputPump {
  readonly tail = new OutputTail(TAIL_CHARS);
  bytes = 0;
  private paused = false;
  private logFailed = false;
  private readonly pipes: Readable[];
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(
    child: ChildProcess,
    private readonly log: Log,
    private readonly request: RunRequest,
  ) {
    const { stdout, stderr } = child;
    if (!stdout || !stderr) throw new Error('spawn with piped stdio returned no pipes');
    this.pipes = [stdout, stderr];
    stdout.on('data', (chunk: Buffer) => this.take('stdout', chunk));
    stderr.on('data', (chunk: Buffer) => this.take('stderr', chunk));
    log.stream.on('error', (error) => this.logBroke(error));
  }

  /**
   * Waits for both pipes to close. A process that escaped every kill could hold them open
   * forever, so after PIPE_CLOSE_MS (not counting time paused on the log) they are closed here.
   */
  async waitForPipes(closed: Promise<void>): Promise<void> {
    let openMs = 0;
    const tick = 100;
    const watch = setInterval(() => {
      if (!this.paused) openMs += tick;
      if (openMs >= PIPE_CLOSE_MS) for (const pipe of this.pipes) pipe.destroy();
    }, tick);
    await closed;
    clearInterval(watch);
  }

  /** Flushes the decoders and the log; resolves once the log file is closed. */
  async finish(): Promise<void> {
    for (const decoder of Object.values(this.decoders)) this.emit(decoder.end());
    await closeLog(this.log);
  }

  private take(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this.bytes += chunk.length;
    this.tail.push(stream, chunk);
    if (this.request.onOutput) this.emit(this.decoders[stream].write(chunk));
    if (this.logFailed || this.log.stream.write(chunk) || this.paused) return;
    this.paused = true;
    for (const pipe of this.pipes) pipe.pause();
    this.log.stream.once('drain', () => this.resume());
  }

  private emit(text: string): void {
    if (text) this.request.onOutput?.(text);
  }

  private resume(): void {
    this.paused = false;
    for (const pipe of this.pipes) pipe.resume();
  }

  /** A full disk must not stop the run: the output still reaches the listener and the tail. */
  private logBroke(error: Error): void {
    this.logFailed = true;
    const notice = `\n[adsa] Could not write the run log ${this.log.path} (${error.message}); its output continues here only.\n`;
    this.tail.note(notice);
    this.emit(notice);
    if (this.paused) this.resume();
  }
}

function notStarted(): RunResult {
  return { exitCode: null, signal: null, timedOut: false, stopped: true, durationMs: 0, tail: '', outputBytes: 0 };
}

function tokenEntry(token: string): string {
  return `${RUN_TOKEN_VARIABLE}=${token}`;
}

async function assertFolder(cwd: string): Promise<void> {
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) throw new ConfigError(`The folder to run in, ${cwd}, does not exist.`);
}

async function openLog(path: string): Promise<Log> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const stream = createWriteStream(path, { flags: 'a' });
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return { path, stream, closed };
  } catch (error) {
    throw new ConfigError(`Could not open the run log ${path}: ${errorMessage(error)}.`, { cause: error });
  }
}

async function closeLog(log: Log): Promise<void> {
  log.stream.end();
  await log.closed;
}

/** Notes the failure in the log (so the attempt is not silently missing) and builds the error. */
async function startFailed(command: string, error: unknown, log: Log): Promise<ConfigError> {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOENT'
      ? 'the command was not found'
      : code === 'EACCES'
        ? 'permission denied (is it an executable file?)'
        : errorMessage(error);
  const failure = new ConfigError(`Could not start "${command}": ${reason}.`, { cause: error });
  log.stream.write(`${failure.message}\n`);
  await closeLog(log);
  return failure;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
