import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../../engine/session.ts';
import { generateSample } from '../../samples/generate.ts';
import { pulse } from '../helpers/pulse-cli.ts';
import { rowsOf } from '../helpers/rows.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const HEALTH_REVIEW = new URL('../../samples/notebooks/health-review.pulse.md', import.meta.url).pathname;

describe('pulse run NOTEBOOK.pulse.md (DESIGN.md §8)', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let data: string;

  beforeAll(async () => {
    folder = await tempDir();
    data = join(folder.path, 'data');
    await generateSample(data, { accounts: 400 });
  });
  afterAll(() => folder.remove());

  it('writes each chart as .svg and .vl.json, each named sql cell as .csv, and scores.parquet', async () => {
    const out = join(folder.path, 'out');
    const result = await pulse('run', HEALTH_REVIEW, '--data', data, '--notebooks', join(folder.path, 'notebooks'), '--out', out, '--asof', '2025-03-31');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Ran .*health-review\.pulse\.md as of 2025-03-31: 13 of 13 cells in [\d.]+ s\n/);
    expect((await readdir(out)).sort()).toEqual([
      'at_risk_by_csm.svg', 'at_risk_by_csm.vl.json', 'at_risk_list.csv', 'chart-1.svg', 'chart-1.vl.json',
      'chart-2.svg', 'chart-2.vl.json', 'grade_migration.svg', 'grade_migration.vl.json', 'health_backtest.svg', 'health_backtest.vl.json',
      'health_vs_usage_only.svg', 'health_vs_usage_only.vl.json', 'renewals.csv', 'scores.parquet',
    ]);
    const spec = JSON.parse(await readFile(join(out, 'chart-1.vl.json'), 'utf8')) as { data: { values: unknown[] }; title: { text: string } };
    expect(spec.data.values.length).toBeGreaterThan(0);
    expect(await readFile(join(out, 'chart-1.svg'), 'utf8')).toMatch(/^<svg/);

    // The files hold what the notebook says, read back independently.
    const session = await Session.open({ dataDir: out });
    try {
      const scores = rowsOf(await session.query(`SELECT count(*) AS n, count(*) FILTER (WHERE at_risk) AS at_risk FROM '${join(out, 'scores.parquet')}'`))[0]!;
      expect(scores.n).toBe(400);
      const list = rowsOf(await session.query(`SELECT count(*) AS n FROM read_csv('${join(out, 'at_risk_list.csv')}')`))[0]!;
      expect(list.n).toBe(scores.at_risk);
    } finally {
      session.close();
    }
  });

  it('reports a failing cell and exits 1', async () => {
    const broken = join(folder.path, 'broken.pulse.md');
    await writeFile(broken, '# Broken\n\n```sql\nselect * from no_such_table\n```\n');
    const result = await pulse('run', broken, '--data', data, '--notebooks', join(folder.path, 'notebooks'), '--out', join(folder.path, 'out2'));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^error: .*broken\.pulse\.md: cell 2 \(sql\): .*no_such_table/);
  });

  it('pulse check checks a notebook\'s pulse cells and chart lines', async () => {
    const result = await pulse('check', HEALTH_REVIEW, '--data', data, '--notebooks', join(folder.path, 'notebooks'));
    expect(result).toEqual({ code: 0, out: `${HEALTH_REVIEW}: no problems\n`, err: '' });
  });
});
