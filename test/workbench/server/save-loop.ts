/**
 * A child process for the data-safety test (atomic-save.test.ts): saves two notebook texts
 * alternately, forever, through the store's atomic save, until it is killed.
 *
 *   node bin/run-ts.js test/workbench/server/save-loop.ts <notebooks folder> <notebook path> <text A file> <text B file>
 *
 * Prints "ready" before the first save and "saved" after each.
 */
import { readFile } from 'node:fs/promises';
import { readNotebook, saveNotebook } from '../../../engine/notebook/store.ts';

const [folder, path, fileA, fileB] = process.argv.slice(2) as [string, string, string, string];
const texts = [await readFile(fileA, 'utf8'), await readFile(fileB, 'utf8')];
let { text, version } = await readNotebook(folder, path);
let next = text === texts[0] ? 1 : 0;
process.stdout.write('ready\n');
for (;;) {
  ({ version } = await saveNotebook(folder, path, texts[next]!, version));
  next = 1 - next;
  process.stdout.write('saved\n');
}
