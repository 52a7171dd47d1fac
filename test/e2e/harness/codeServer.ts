import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { e2eCacheDir, e2eResultsDir } from './paths';
import { killProcessTree } from './processTree';

/** Kept in step with scripts/install-e2e.sh: the last code-server (VS Code 1.100) that runs on Node 20. */
export const CODE_SERVER_VERSION = '4.100.3';

/** code-server's entry script when scripts/install-e2e.sh completed, else undefined. */
export function codeServerEntry(): string | undefined {
  const prefix = join(e2eCacheDir(), `code-server-${CODE_SERVER_VERSION}`);
  const entry = join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return existsSync(join(prefix, '.install-complete')) && existsSync(entry) ? entry : undefined;
}

export interface CodeServerOptions {
  /** Folder code-server opens (also passed on its command line). */
  workspace: string;
  /** Unpacked extension folders (each with a package.json), linked in as publisher.name-version. */
  extensionDirs?: string[];
  /** .vsix files installed with --install-extension before the server starts. */
  vsixPaths?: string[];
  /** Extra environment for code-server; it reaches the extension host. */
  env?: Record<string, string>;
  /** User settings, merged over the harness defaults (see DEFAULT_SETTINGS). */
  settings?: Record<string, unknown>;
  /** Keep VS Code's workspace trust on (restricted mode prompt); off by default. */
  workspaceTrust?: boolean;
  /** Names the copied logs in test-results/e2e; default "code-server". */
  name?: string;
  /** How long to wait for the server to answer HTTP; default 60 s. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  port: number;
  process: ChildProcess;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's stdout and stderr. */
  logFile: string;
  /** Kills code-server's process tree (by pid), copies logs to test-results/e2e, removes its temp folder. */
  stop(): Promise<void>;
}

/**
 * Settings that keep the workbench quiet and predictable for tests. reduceMotion stops
 * toasts and panels from sliding, so screenshots show them settled. gpuAcceleration off
 * makes xterm use its DOM renderer, so terminal text can be read from the page (the
 * WebGL/canvas renderers leave nothing in the DOM).
 */
export const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.reduceMotion': 'on',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'terminal.integrated.gpuAcceleration': 'off',
};

const execFileAsync = promisify(execFile);

/** Starts code-server on a free port of 127.0.0.1 and resolves once it answers HTTP. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const entry = codeServerEntry();
  if (!entry) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${e2eCacheDir()}; run scripts/install-e2e.sh.`);
  }
  const root = mkdtempSync(join(tmpdir(), 'adsa-e2e-'));
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const logFile = join(root, 'code-server.log');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2),
  );
  // An explicit, empty config file: without --config code-server reads (or creates, with
  // a random password) ~/.config/code-server/config.yaml, whose settings would leak in.
  const configFile = join(root, 'config.yaml');
  writeFileSync(configFile, '');

  const env = serverEnv(root, options.env);
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  try {
    for (const dir of options.extensionDirs ?? []) linkExtension(resolve(dir), extensionsDir);
    for (const vsix of options.vsixPaths ?? []) {
      await execFileAsync(process.execPath, [entry, ...common, '--install-extension', resolve(vsix)], { env });
    }
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }

  const args = [
    entry,
    ...common,
    '--auth', 'none',
    // Port 0: the OS picks a free port and code-server logs it, so there is no race
    // between probing for a free port and binding it.
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    resolve(options.workspace),
  ];
  // Not detached: a Ctrl+C on the test run reaches code-server's process group too.
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      await killProcessTree(child.pid);
    }
    await new Promise<void>((done) => log.end(done));
    keepLogs(root, userDataDir, options.name ?? 'code-server');
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const port = await listeningPort(child, logFile, options.startTimeoutMs ?? 60_000);
    const url = `http://127.0.0.1:${port}/`;
    await waitForHttp(`${url}healthz`, child, logFile, options.startTimeoutMs ?? 60_000);
    return { url, port, process: child, userDataDir, extensionsDir, logFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The parent's environment minus what would leak the test run into VS Code's processes:
 * VSCODE_* (when the tests run in a VS Code terminal, code-server would talk to that
 * VS Code), and the test runner's NODE_TEST_CONTEXT / NODE_OPTIONS (--import tsx).
 */
function serverEnv(root: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const dropped = new Set(['ELECTRON_RUN_AS_NODE', 'NODE_TEST_CONTEXT', 'NODE_OPTIONS']);
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VSCODE_') || dropped.has(key)) continue;
    env[key] = value;
  }
  return {
    ...env,
    // code-server writes logs (coder-logs) and state under the XDG folders; keep them in the temp root.
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    XDG_DATA_HOME: join(root, 'xdg-data'),
    XDG_CACHE_HOME: join(root, 'xdg-cache'),
    ...extra,
  };
}

/** Links an unpacked extension folder in under the name VS Code expects, publisher.name-version. */
function linkExtension(dir: string, extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    publisher?: string;
    name?: string;
    version?: string;
  };
  if (!manifest.publisher || !manifest.name || !manifest.version) {
    throw new Error(`${dir}/package.json needs publisher, name and version to be loaded as an extension.`);
  }
  const folder = `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase();
  // A symlink (not a copy) so a repo with node_modules loads instantly; VS Code follows it.
  symlinkSync(dir, join(extensionsDir, folder), 'dir');
}

/** Reads the port from code-server's "HTTP server listening on http://127.0.0.1:PORT/" line. */
function listeningPort(child: ChildProcess, logFile: string, timeoutMs: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => fail(`code-server did not report its port within ${timeoutMs} ms`),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match) finish(() => resolvePort(Number(match[1])));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(`code-server exited (code ${code}, signal ${signal}) before listening`);
    function finish(then: () => void): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      then();
    }
    function fail(message: string): void {
      finish(() => reject(new Error(`${message}. Log ${logFile}:\n${tail(readLog(logFile) || seen)}`)));
    }
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function waitForHttp(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} (${lastError}). Log ${logFile}:\n${tail(readLog(logFile))}`);
}

/** Copies code-server's own log and VS Code's logs (extension host, renderer) to test-results/e2e/<name>-logs. */
function keepLogs(root: string, userDataDir: string, name: string): void {
  const target = join(e2eResultsDir(), `${name}-logs`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(join(root, 'code-server.log'), join(target, 'code-server.log'), { force: true });
  if (existsSync(join(userDataDir, 'logs'))) cpSync(join(userDataDir, 'logs'), join(target, 'vscode'), { recursive: true });
}

function readLog(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8');
  } catch {
    return '';
  }
}

function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}
