import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes a file so that readers see the old content or the new, never a torn one:
 * write a temp file beside it, fsync, rename over. A crash leaves at worst a stray temp file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** A unique temporary name beside `path`, for writing it whole before a rename. */
export function tempPathFor(path: string): string {
  return `${path}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Copies a file so that `target` is the old file or the whole new one, never a part. A copy,
 * not a link: the copy's readers may write to it. FICLONE makes it a copy-on-write clone where
 * the file system allows; the kernel copies without loading the file into memory where it does not.
 */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await copyFile(source, temp, constants.COPYFILE_FICLONE);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
