import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pulse } from '../helpers/pulse-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const BIN = new URL('../../bin/pulse.js', import.meta.url).pathname;
const RULES = 'entity plan = plans key id\nmeasure yearly = mrr * 12\n';
const NOTEBOOK = '# Plans\n\n```pulse\nentity plan = plans key id\n```\n';
const KEEP = 'a file, not a folder\n';

/**
 * The real `pulse serve` in `cwd`, until it says it is running (then stopped) or exits by
 * itself; a run that does neither within `limitMs` is killed, so a server that should have
 * refused to start cannot hang the test.
 */
function serve(args: string[], cwd: string, limitMs = 90_000): Promise<{ code: number | null; out: string; err: string; running: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    let running = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!running && out.includes('Pulse is running')) {
        running = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err, running });
    });
  });
}

describe('folders given on the command line', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let data: string;
  let notebooks: string;
  let rules: string;
  let notebook: string;
  let aFile: string;

  beforeAll(async () => {
    folder = await tempDir();
    data = join(folder.path, 'data');
    notebooks = join(folder.path, 'notebooks');
    await mkdir(data);
    await writeFile(join(data, 'plans.csv'), 'id,mrr\n1,10\n2,50\n');
    rules = join(folder.path, 'plans.pulse');
    await writeFile(rules, RULES);
    notebook = join(folder.path, 'plans.pulse.md');
    await writeFile(notebook, NOTEBOOK);
    aFile = join(folder.path, 'a-file.txt');
    await writeFile(aFile, KEEP);
  });

  afterAll(() => folder.remove());

  it('refuses --data, --notebooks or --out naming a file in one line, exit code 1, and leaves the file alone', async () => {
    const out = join(folder.path, 'out');
    const cases: [option: string, args: string[]][] = [
      ['--data', ['run', rules, '--data', aFile, '--notebooks', notebooks, '--out', out]],
      ['--out', ['run', rules, '--data', data, '--notebooks', notebooks, '--out', aFile]],
      ['--out', ['run', notebook, '--data', data, '--notebooks', notebooks, '--out', aFile]],
      ['--notebooks', ['run', notebook, '--data', data, '--notebooks', aFile, '--out', out]],
      ['--data', ['check', rules, '--data', aFile, '--notebooks', notebooks]],
      ['--notebooks', ['check', rules, '--data', data, '--notebooks', aFile]],
      ['--data', ['backtest', rules, '--data', aFile, '--notebooks', notebooks]],
      ['--out', ['backtest', rules, '--data', data, '--notebooks', notebooks, '--out', aFile]],
      ['--data', ['load', join(data, 'plans.csv'), '--data', aFile]],
      ['--out', ['sample', '--accounts', '10', '--out', aFile]],
      ['--data', ['serve', '--port', '0', '--data', aFile, '--notebooks', notebooks]],
    ];
    for (const [option, args] of cases) {
      const result = await pulse(...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.err, args.join(' ')).toBe(`pulse ${args[0]}: ${option} ${aFile} is a file; it must be a folder.\n`);
      expect(await readFile(aFile, 'utf8')).toBe(KEEP);
    }
    for (const args of [['run', rules, '--data', data, '--notebooks', notebooks, '--out', join(aFile, 'out')], ['load', join(data, 'plans.csv'), '--data', join(aFile, 'data')]]) {
      const option = args.at(-2)!;
      expect(await pulse(...args), args.join(' ')).toEqual({ code: 1, out: '', err: `pulse ${args[0]}: ${option} ${args.at(-1)} cannot be a folder: a part of its path is a file.\n` });
    }
    expect(await readdir(folder.path)).not.toContain('out');
  });

  it('refuses a missing or empty data folder, naming it, instead of generating the sample data there', async () => {
    const missing = join(folder.path, 'dta');
    const empty = join(folder.path, 'empty');
    await mkdir(empty);
    const out = join(folder.path, 'out');
    const hint = (dir: string) => `  Give --data the folder that holds your CSV, Parquet or JSON files, or write the sample data into it first: pulse sample --out ${dir}\n`;
    for (const command of [['run', rules, '--out', out], ['run', notebook, '--out', out], ['check', rules], ['backtest', rules]]) {
      const refusedMissing = await pulse(...command, '--data', missing, '--notebooks', notebooks);
      expect(refusedMissing, command.join(' ')).toEqual({ code: 1, out: '', err: `pulse ${command[0]}: ${missing}: no such folder.\n${hint(missing)}` });
      const refusedEmpty = await pulse(...command, '--data', empty, '--notebooks', notebooks);
      expect(refusedEmpty, command.join(' ')).toEqual({ code: 1, out: '', err: `pulse ${command[0]}: ${empty} holds no CSV, Parquet or JSON file.\n${hint(empty)}` });
    }
    const served = await serve(['--data', missing, '--notebooks', notebooks], folder.path);
    expect(served).toMatchObject({ code: 1, running: false, err: `pulse serve: ${missing}: no such folder.\n${hint(missing)}` });
    await expect(stat(missing)).rejects.toThrow(/ENOENT/);
    expect(await readdir(empty)).toEqual([]);
    expect(await readdir(folder.path)).not.toContain('out');
  });

  it('generates the sample data on the first `pulse serve` in the default folder, ./data', async () => {
    const first = await tempDir('pulse-first-run-');
    try {
      const served = await serve([], first.path);
      expect(served.running).toBe(true);
      expect(served.out).toContain(`Generated the sample data in ${join(first.path, 'data')}\n`);
      expect((await readdir(join(first.path, 'data'))).sort()).toEqual([
        'accounts.parquet', 'csat_responses.parquet', 'invoices.parquet', 'nps_responses.parquet', 'referrals.parquet',
        'subscriptions.parquet', 'tickets.parquet', 'trainings.parquet', 'usage_events.parquet',
      ]);
    } finally {
      await first.remove();
    }
  });
});
