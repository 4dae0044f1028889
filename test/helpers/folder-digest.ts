import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Every entry under the folders (hidden ones and those in subfolders included), as
 * `{ "<folder>/<relative path>": sha256 of a file's bytes, or "folder" / "link" / "other" }`,
 * sorted: two digests are equal exactly when nothing was created, removed or changed in between.
 */
export async function folderDigest(...folders: string[]): Promise<Record<string, string>> {
  const digest: [string, string][] = [];
  for (const folder of folders) {
    for (const entry of await readdir(folder, { withFileTypes: true, recursive: true })) {
      const file = join(entry.parentPath, entry.name);
      const what = entry.isFile() ? createHash('sha256').update(await readFile(file)).digest('hex')
        : entry.isDirectory() ? 'folder' : entry.isSymbolicLink() ? 'link' : 'other';
      digest.push([`${folder}/${relative(folder, file)}`, what]);
    }
  }
  return Object.fromEntries(digest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
