import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type ModelIR } from '../../../dsl/index.ts';
import { runBacktest, type BacktestResult } from '../../../engine/backtest/backtest.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { chartSession } from '../charts/chart-fixture.ts';
import { BACKTEST_MODEL as MODEL } from './backtest-fixture.ts';

describe('a backtest on the hand-made fixture', () => {
  let fixture: Awaited<ReturnType<typeof chartSession>>;
  let session: Session;
  let model: ModelIR;
  let result: BacktestResult;
  const range = { horizonDays: 60, from: '2024-02-01', to: '2024-05-01', every: 'month', segment: null } as const;

  beforeAll(async () => {
    fixture = await chartSession({ scores: false });
    session = fixture.session;
    const analysis = analyze(MODEL, await modelSchema(session));
    expect(analysis.diagnostics).toEqual([]);
    model = analysis.model!;
    result = await runBacktest(session, { ...range, candidates: [{ model, score: 'size', label: 'size' }] });
  });

  afterAll(async () => {
    await fixture.close();
  });

  it('pools 15 account-dates, 3 of them churned, with the AUC worked out by hand', () => {
    const [size] = result.scores;
    expect(result.dates).toEqual(['2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01']);
    expect(size!.pooled).toMatchObject({ accounts: 15, churned: 3, churnRate: 20, positives: 3, negatives: 12 });
    expect(size!.pooled.auc).toBeCloseTo(27.5 / 36, 12);
    expect(size!.pooled.low).toBeLessThan(size!.pooled.auc);
  });

  it('each date on its own: the accounts active then, and no AUC where nobody churned', () => {
    const [size] = result.scores;
    expect(size!.perDate.map((row) => [row.asof, row.accounts, row.churned])).toEqual([
      ['2024-02-01', 3, 1], ['2024-03-01', 4, 1], ['2024-04-01', 4, 0], ['2024-05-01', 4, 1],
    ]);
    expect(size!.perDate[0]!.auc).toBeCloseTo(0.75, 12);
    expect(size!.perDate[1]!.auc).toBeCloseTo(2.5 / 3, 12);
    expect(size!.perDate[2]!.auc).toBeNaN();
    expect(size!.perDate[3]!.auc).toBeCloseTo(2 / 3, 12);
  });

  it('churn rate and share per grade, pooled, best grade first', () => {
    const pooled = result.scores[0]!.byGrade.filter((row) => row.asof === null);
    expect(pooled.map((row) => [row.grade, row.accounts, row.churned])).toEqual([['green', 4, 0], ['yellow', 6, 1], ['red', 5, 2]]);
    expect(pooled.map((row) => row.churnRate)).toEqual([0, 100 / 6, 40]);
    expect(pooled.map((row) => row.share)).toEqual([(100 * 4) / 15, 40, (100 * 5) / 15]);
  });

  it('compares with a score that ranks everyone the same: AUC ½, and how the grades map at the last date', async () => {
    const compared = await runBacktest(session, { ...range, candidates: [{ model, score: 'size', label: 'size' }, { model, score: 'flat', label: 'flat' }] });
    expect(compared.scores[1]!.pooled.auc).toBe(0.5);
    expect(compared.comparison!.difference.difference).toBeCloseTo(0.5 - 27.5 / 36, 12);
    // 2024-05-01: accounts 1, 3, 4 yellow by size and 5 green; flat puts all four in yellow.
    const cells = compared.comparison!.migration!.cells.filter((cell) => cell.accounts > 0);
    expect(cells).toEqual([
      { from: 'green', to: 'yellow', accounts: 1, accountIds: [5] },
      { from: 'yellow', to: 'yellow', accounts: 3, accountIds: [1, 3, 4] },
    ]);
  });

  it('only the accounts in a segment at each date', async () => {
    // MRR ≥ 150 at the date: 02-01 account 5; 03-01 3, 5; 04-01 3, 4, 5; 05-01 all four → 10, one churned (4 on 05-01).
    const inSegment = await runBacktest(session, { ...range, segment: 'paying_150', candidates: [{ model, score: 'size', label: 'size' }] });
    expect(inSegment.scores[0]!.pooled).toMatchObject({ accounts: 10, churned: 1 });
  });

  it('stops when cancelled after its query, while it computes the figures', async () => {
    const cancel = new AbortController();
    const query = session.query;
    session.query = async (text, options) => {
      const answer = await query.call(session, text, options);
      cancel.abort();
      return answer;
    };
    try {
      await expect(runBacktest(session, { ...range, candidates: [{ model, score: 'size', label: 'size' }] }, { signal: cancel.signal }))
        .rejects.toMatchObject({ code: 'query_cancelled' });
    } finally {
      session.query = query;
    }
  });

  it('refuses what it cannot measure, naming it', async () => {
    await expect(runBacktest(session, { ...range, candidates: [{ model, score: 'sise', label: 'sise' }] })).rejects.toThrow('the model has no score `sise`');
    await expect(runBacktest(session, { ...range, segment: 'nobody', candidates: [{ model, score: 'size', label: 'size' }] })).rejects.toThrow('the model has no segment `nobody`');
    await expect(runBacktest(session, { ...range, from: '2024-06-01', candidates: [{ model, score: 'size', label: 'size' }] })).rejects.toThrow('no evaluation date from 2024-06-01 to 2024-05-01');
  });
});
