import { mkdir, realpath, stat } from 'node:fs/promises';
import { PulseError } from '../engine/errors.ts';

/*
 * Folders named on the command line (`--data`, `--notebooks`, `--out`), checked before any
 * work so that a wrong one gets a message naming the option, not a file system error.
 */

/** Refuses a folder option that names an existing file, or a path through one. A missing folder is the caller's to judge. */
export async function checkFolderOption(option: string, path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOTDIR' ? 'through a file' : undefined));
  if (info === 'through a file') {
    throw new PulseError('bad_argument', `${option} ${path} cannot be a folder: a part of its path is a file.`, { file: path });
  }
  if (info && !info.isDirectory()) throw new PulseError('bad_argument', `${option} ${path} is a file; it must be a folder.`, { file: path });
}

/** An output folder (`--out`): created when missing; returns its real path. */
export async function outputFolder(option: string, path: string): Promise<string> {
  await checkFolderOption(option, path);
  await mkdir(path, { recursive: true });
  return realpath(path);
}
