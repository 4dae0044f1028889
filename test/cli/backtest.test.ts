import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../dsl/index.ts';
import { runBacktest } from '../../engine/backtest/backtest.ts';
import { loadDataFolder } from '../../engine/load.ts';
import { modelSchema } from '../../engine/model-schema.ts';
import { Session } from '../../engine/session.ts';
import { generateSample } from '../../samples/generate.ts';
import { pulse } from '../helpers/pulse-cli.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const HEALTH = new URL('../../samples/models/health.pulse', import.meta.url).pathname;
const HEALTH_REVIEW = new URL('../../samples/notebooks/health-review.pulse.md', import.meta.url).pathname;
const RANGE = ['--from', '2024-10-31', '--to', '2025-01-31'];

describe('pulse backtest', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  let data: string;
  let folders: string[];

  beforeAll(async () => {
    folder = await tempDir();
    data = join(folder.path, 'data');
    await generateSample(data, { accounts: 400 });
    folders = ['--data', data, '--notebooks', join(folder.path, 'notebooks')];
  });
  afterAll(() => folder.remove());

  it('prints the figures of the engine\'s backtest, as JSON with --json', async () => {
    const result = await pulse('backtest', HEALTH, ...RANGE, '--json', ...folders);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.out) as { dates: string[]; scores: { label: string; pooled: { auc: number; accounts: number } }[] };
    // The same backtest through the engine directly: the command adds nothing and loses nothing.
    const session = await Session.open({ dataDir: data });
    try {
      await loadDataFolder(session);
      const model = analyze(await readFile(HEALTH, 'utf8'), await modelSchema(session)).model!;
      const direct = await runBacktest(session, {
        candidates: [{ model, score: 'health', label: 'health' }], horizonDays: 90, from: '2024-10-31', to: '2025-01-31', every: 'month', segment: null,
      });
      expect(printed.dates).toEqual(['2024-10-31', '2024-11-30', '2024-12-31', '2025-01-31']);
      expect(printed.scores[0]!.label).toBe('health');
      expect(printed.scores[0]!.pooled.accounts).toBe(direct.scores[0]!.pooled.accounts);
      expect(printed.scores[0]!.pooled.auc).toBe(direct.scores[0]!.pooled.auc);
    } finally {
      session.close();
    }
  });

  it('compares with a score of another file, and writes the charts', async () => {
    const out = join(folder.path, 'charts');
    const result = await pulse('backtest', HEALTH, '--vs', `${HEALTH_REVIEW}:usage_only`, ...RANGE, '--out', out, ...folders);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Backtest of health vs health-review:usage_only in .*health\.pulse: churn within 90 days\n4 monthly dates from 2024-10-31 to 2025-01-31 · [\d,]+ account-dates/);
    expect(result.out).toMatch(/\nhealth-review:usage_only − health: AUC [+−]\d\.\d{3} \(95 % CI [+−]\d\.\d{3} to [+−]\d\.\d{3}\)/);
    expect(result.out).toMatch(/\nGrade migration as of 2025-01-31 \(rows: health, columns: health-review:usage_only\)\n\s+green\s+yellow\s+red\ngreen\s+[\d,]+/);
    expect((await readdir(out)).sort()).toEqual(['backtest.svg', 'backtest.vl.json', 'grade-migration.svg', 'grade-migration.vl.json']);
  });

  it('warns when the labels of the last dates are not all known, by default it never needs to', async () => {
    const late = await pulse('backtest', HEALTH, '--from', '2025-03-31', '--to', '2025-05-31', '--json', ...folders);
    expect(late.code).toBe(0);
    expect(late.err).toMatch(/^warning: churn within 90 days of 2025-05-31 is not all known yet: the data ends on 2025-06-30/);
    const byDefault = await pulse('backtest', HEALTH, '--json', ...folders);
    expect(byDefault.err).toBe('');
    const dates = (JSON.parse(byDefault.out) as { dates: string[] }).dates;
    // 2025-06-30 − 90 days = 2025-04-01: the month-end before it, and the 17 month-ends before that.
    expect([dates.length, dates[0], dates[1], dates[4], dates[17]]).toEqual([18, '2023-10-31', '2023-11-30', '2024-02-29', '2025-03-31']);
  });

  it('says what is wrong with the arguments, or with the model, and exits 1', async () => {
    expect(await pulse('backtest', HEALTH, '--horizon', '0', ...folders)).toMatchObject({ code: 1, err: expect.stringMatching(/--horizon must be a whole number of days from 1 to 3650 \(got "0"\)/) });
    expect(await pulse('backtest', HEALTH, '--from', '2024-01-01', ...folders)).toMatchObject({ code: 1, err: expect.stringMatching(/give both --from and --to/) });
    expect(await pulse('backtest', HEALTH, '--every', 'day', ...folders)).toMatchObject({ code: 1, err: expect.stringMatching(/--every must be week, month or quarter \(got "day"\)/) });
    expect(await pulse('backtest', HEALTH, '--score', 'helth', ...RANGE, ...folders)).toMatchObject({ code: 1, err: expect.stringMatching(/the model has no score `helth`/) });
    const broken = join(folder.path, 'broken.pulse');
    await writeFile(broken, 'entity account = accounts key account_id\nmeasure x = count(nothing)\nscore s { a weight 1 = x }\n');
    const result = await pulse('backtest', broken, ...folders);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/broken\.pulse:2:\d+: error: /);
    expect(result.err).toMatch(/pulse backtest: .*broken\.pulse has 1 error; nothing was evaluated\./);
  });
});
