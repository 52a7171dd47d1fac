/** A request to run one script attempt. */
export interface RunRequest {
  command: string;
  args: string[];
  cwd: string;
  /** Full environment for the child (the engine adds PYTHONUNBUFFERED and GPU variables). */
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** After SIGTERM to the tree, how long before SIGKILL. */
  graceMs: number;
  /** Output is appended here as it arrives (after `header`); never held whole in memory. */
  logFile: string;
  header: string;
  /** Live output, for whoever watches (terminal, CLI). */
  onOutput?: (chunk: string) => void;
  /** Stop: kills the whole tree, result has stopped=true. */
  signal?: AbortSignal;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stopped: boolean;
  durationMs: number;
  /** The last bytes of output (bounded), for the fixer and error messages. */
  tail: string;
  /** Total bytes of output seen. */
  outputBytes: number;
}

/** Runs a script; the local process runner is one, a cluster runner may be another. */
export interface Runner {
  run(request: RunRequest): Promise<RunResult>;
}
