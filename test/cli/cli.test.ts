import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pulse } from '../helpers/pulse-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const TELCO = new URL('../fixtures/telco-customer-churn.csv', import.meta.url).pathname;


describe('pulse command line', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let data: string;

  beforeEach(async () => {
    folder = await tempDir();
    data = join(folder.path, 'data');
  });
  afterEach(() => folder.remove());

  it('explains itself', async () => {
    const overview = await pulse('--help');
    expect(overview.code).toBe(0);
    expect(overview.out).toMatch(/^Usage: pulse <command> \[options\]/);
    for (const name of ['serve', 'sample', 'load']) {
      const help = await pulse(name, '--help');
      expect(help.code).toBe(0);
      expect(help.out).toMatch(new RegExp(`^Usage: pulse ${name}`));
    }
    const unknown = await pulse('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^pulse: unknown command "frobnicate"/);
  });

  it('pulse load reports the table, its types and notes', async () => {
    const result = await pulse('load', TELCO, '--data', data, '--as', 'Telco Churn');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^telco_churn: 7,043 rows, 21 columns/);
    expect(result.out).toMatch(/TotalCharges\s+DOUBLE/);
    expect(result.out).toContain('note: TotalCharges: 11 blank values read as empty (null); the column is numeric (DOUBLE).');
    expect(await readdir(data)).toEqual(['telco_churn.csv']);
  });

  it.each([
    ['a missing file', () => 'missing.csv', /missing\.csv: no such file\./],
    ['an empty file', (dir: string) => writeFile(join(dir, 'empty.csv'), '').then(() => join(dir, 'empty.csv')), /empty\.csv: the file is empty/],
    ['ragged rows', (dir: string) => writeFile(join(dir, 'r.csv'), 'a,b\n1,2\n3\n').then(() => join(dir, 'r.csv')), /r\.csv, line 3: expected 2 fields like the header, found 1/],
    ['a binary file', (dir: string) => writeFile(join(dir, 'b.csv'), Buffer.from([1, 0, 2])).then(() => join(dir, 'b.csv')), /b\.csv: not a text file/],
  ])('pulse load fails on %s with a message and exit code 1, leaving the data folder alone', async (_what, make, message) => {
    await pulse('load', TELCO, '--data', data);
    const file = await make(folder.path);
    const result = await pulse('load', file, '--data', data, '--as', 'telco_customer_churn');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^pulse load: /);
    expect(result.err).toMatch(message);
    expect(await readdir(data)).toEqual(['telco_customer_churn.csv']);
  });

  it('pulse sample writes the tables and refuses bad numbers', async () => {
    const result = await pulse('sample', '--accounts', '300', '--seed', '3', '--out', data);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Wrote 9 tables to /);
    expect(result.out).toMatch(/accounts\s+300 rows/);
    const bad = await pulse('sample', '--accounts', 'many');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('pulse sample: --accounts must be a whole number (got "many")\n');
  });

  it('runs as the real pulse executable, with exit codes', async () => {
    const bin = new URL('../../bin/pulse.js', import.meta.url).pathname;
    const failed = await promisify(execFile)(process.execPath, [bin, 'load', 'missing.csv', '--data', data], { env: { ...process.env, NO_COLOR: '1' } })
      .then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe('pulse load: missing.csv: no such file.\n');
  });
});
