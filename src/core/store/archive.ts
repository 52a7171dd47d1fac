import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { copyFileAtomic, writeFileAtomic } from './atomicWrite';
import { archiveFiles, iterationArchiveDir, workspacePaths } from './paths';

/**
 * One iteration's folder in older_solutions/. Files are written as they come into being
 * (each attempt's code, each fix's reply and diff), so a crash mid-iteration loses nothing.
 */
export class IterationArchive {
  readonly relativeDir: string;
  readonly dir: string;
  private readonly logStart: number;

  private constructor(private readonly workspace: string, iteration: number, logStart: number) {
    this.relativeDir = iterationArchiveDir(iteration);
    this.dir = join(workspace, this.relativeDir);
    this.logStart = logStart;
  }

  static async open(workspace: string, iteration: number): Promise<IterationArchive> {
    const archive = new IterationArchive(workspace, iteration, await sizeOf(workspacePaths(workspace).log));
    await mkdir(archive.dir, { recursive: true });
    return archive;
  }

  write(name: string, content: string): Promise<void> {
    return writeFileAtomic(join(this.dir, name), content);
  }

  /** Copies the iteration's outputs and its part of execution_logs.txt into the folder. */
  async finish(): Promise<void> {
    const paths = workspacePaths(this.workspace);
    await copyIfExists(paths.solution, join(this.dir, archiveFiles.finalCode));
    await copyIfExists(paths.report, join(this.dir, archiveFiles.report));
    await copyIfExists(paths.submission, join(this.dir, archiveFiles.submission));
    await copyLogSlice(paths.log, this.logStart, join(this.dir, archiveFiles.log));
  }
}

/**
 * The number the next iteration gets: one past both the history and any folder a crashed
 * run left in older_solutions/, so no earlier file is ever overwritten.
 */
export async function nextFreeIteration(workspace: string, fromHistory: number): Promise<number> {
  let highest = fromHistory - 1;
  try {
    for (const name of await readdir(workspacePaths(workspace).archiveRoot)) {
      const match = /^iteration_(\d+)$/.exec(name);
      if (match) highest = Math.max(highest, Number(match[1]));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return highest + 1;
}

/** Makes an iteration's code and submission (in its archive folder) the workspace's best_* files. */
export async function promoteToBest(workspace: string, archiveDir: string): Promise<void> {
  const paths = workspacePaths(workspace);
  const dir = join(workspace, archiveDir);
  await copyIfExists(join(dir, archiveFiles.finalCode), paths.bestSolution);
  await copyIfExists(join(dir, archiveFiles.submission), paths.bestSubmission);
}

/** Copies `from` atomically when it exists; false when it does not. */
export async function copyIfExists(from: string, to: string): Promise<boolean> {
  if (!existsSync(from)) return false;
  await copyFileAtomic(from, to);
  return true;
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Streams bytes [start, end) of the log into the archive: logs may be gigabytes. */
async function copyLogSlice(log: string, start: number, to: string): Promise<void> {
  const end = await sizeOf(log);
  if (end <= start) {
    await (await open(to, 'w')).close();
    return;
  }
  await pipeline(createReadStream(log, { start, end: end - 1 }), createWriteStream(to));
}
