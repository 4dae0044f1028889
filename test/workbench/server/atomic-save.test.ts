import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotebooks, notebookVersion, readNotebook, removeInterruptedSaves, saveNotebook } from '../../../engine/notebook/store.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./save-loop.ts', import.meta.url));
const WORKERS = 4;
const KILLS_PER_WORKER = 5;
const NOTEBOOK = 'big.pulse.md';

/** A notebook of about `megabytes` MB whose every line says which version it belongs to. */
function bigNotebook(tag: string, megabytes: number): string {
  const line = (i: number) => `${tag} line ${String(i).padStart(7, '0')}: measure m_${i} = count(usage where event = '${tag}')\n`;
  const lines = [`# Version ${tag}\n\n\`\`\`pulse\n`];
  let size = 0;
  for (let i = 0; size < megabytes * 1024 * 1024; i++) {
    lines.push(line(i));
    size += lines[lines.length - 1]!.length;
  }
  return `${lines.join('')}\`\`\`\n`;
}

/** Starts the save loop, waits until it is saving, lets it run for `ms`, then SIGKILLs it. Returns the saves it finished. */
async function killDuringSaves(folder: string, fileA: string, fileB: string, ms: number): Promise<number> {
  const child = spawn(process.execPath, ['bin/run-ts.js', SCRIPT, folder, NOTEBOOK, fileA, fileB], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let saves = 0;
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      saves += text.split('saved').length - 1;
      if (text.includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error(`the save loop ended before it was killed:\n${errors}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  child.kill('SIGKILL');
  await exited;
  return saves;
}

describe('saving is atomic: a process killed during a save leaves one whole version (DESIGN.md §9)', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let textA: string;
  let textB: string;

  beforeAll(async () => {
    folder = await tempDir();
    textA = bigNotebook('A', 5);
    textB = bigNotebook('B', 5.5);
    await writeFile(join(folder.path, 'a.txt'), textA);
    await writeFile(join(folder.path, 'b.txt'), textB);
  });

  afterAll(() => folder.remove());

  it(`survives ${WORKERS * KILLS_PER_WORKER} SIGKILLs at random moments`, async () => {
    const versions = new Set([notebookVersion(textA), notebookVersion(textB)]);
    const outcomes = await Promise.all(Array.from({ length: WORKERS }, async (_, worker) => {
      const notebooks = join(folder.path, `notebooks-${worker}`);
      await mkdir(notebooks);
      await saveNotebook(notebooks, NOTEBOOK, textA, null);
      let saves = 0;
      let leftovers = 0;
      for (let kill = 0; kill < KILLS_PER_WORKER; kill++) {
        saves += await killDuringSaves(notebooks, join(folder.path, 'a.txt'), join(folder.path, 'b.txt'), Math.random() * 250);
        const bytes = await readFile(join(notebooks, NOTEBOOK));
        const whole = bytes.length === Buffer.byteLength(textA) ? bytes.toString() === textA : bytes.toString() === textB;
        expect(whole, `after kill ${kill} of worker ${worker} the notebook is torn (${bytes.length} bytes)`).toBe(true);
        expect(versions.has((await readNotebook(notebooks, NOTEBOOK)).version)).toBe(true);
        // Temporary files of interrupted saves may be left, but the listing never shows them.
        const files = await readdir(notebooks);
        leftovers = files.filter((name) => name.endsWith('.tmp')).length;
        expect(files.filter((name) => !name.endsWith('.tmp'))).toEqual([NOTEBOOK]);
        expect((await listNotebooks(notebooks)).map((notebook) => notebook.path)).toEqual([NOTEBOOK]);
      }
      // The next start sweeps what the killed saves left (here at once; by default once a minute old).
      expect(await removeInterruptedSaves(notebooks, 0)).toHaveLength(leftovers);
      expect(await readdir(notebooks)).toEqual([NOTEBOOK]);
      // The store still saves normally over what the killed process left.
      const current = await readNotebook(notebooks, NOTEBOOK);
      await saveNotebook(notebooks, NOTEBOOK, '# Small again\n', current.version);
      expect(await readFile(join(notebooks, NOTEBOOK), 'utf8')).toBe('# Small again\n');
      return { saves, leftovers };
    }));
    const saves = outcomes.reduce((sum, outcome) => sum + outcome.saves, 0);
    const leftovers = outcomes.reduce((sum, outcome) => sum + outcome.leftovers, 0);
    // The kills did land between saves' first and last steps: saves completed, and some were cut off mid-write.
    expect(saves).toBeGreaterThan(0);
    expect(leftovers).toBeGreaterThan(0);
  });
});
