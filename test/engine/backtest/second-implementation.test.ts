import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type ModelIR } from '../../../dsl/index.ts';
import { runBacktest, type BacktestResult } from '../../../engine/backtest/backtest.ts';
import { modelSchema } from '../../../engine/model-schema.ts';
import type { Session } from '../../../engine/session.ts';
import { healthModel } from '../../dsl/corpus.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { evaluateReference } from '../../reference/arquero-evaluator.ts';
import { fetchMetricTables } from '../../reference/metrics/index.ts';
import { addDays } from '../../reference/metrics/dates.ts';
import { spansAsOf, spansByAccount } from '../../reference/metrics/spans.ts';
import { accountStatuses, activeOn } from '../../reference/metrics/status.ts';
import { openSampleSession, type SampleSession } from '../../helpers/sample-session.ts';

/**
 * The backtest of the sample health score (engine/backtest/) against a second implementation
 * that shares no code with it nor with the SQL compiler: each date's scores from the Arquero
 * reference evaluator (test/reference/), who was active and who churned from the reference
 * metrics' spans and status (test/reference/metrics/), and every figure computed by its
 * definition — the AUC by comparing every churned account with every retained one, deciles
 * and buckets by sorting and slicing. Both must find the same account-dates and the same figures.
 */

const ACCOUNTS = 1_500;
const HORIZON_DAYS = 90;
/**
 * Month ends (February's clamped to the 28th). With this sample (1,500 accounts, the default
 * seed) some accounts churn on an evaluation date, some on the horizon's last day and some on
 * the day after it, so that each edge of the definitions is tried (checked below).
 */
const DATES = ['2024-12-31', '2025-01-31', '2025-02-28', '2025-03-31'];
/** The grades of `health` in samples/models/health.pulse, best first. */
const GRADES = ['green', 'yellow', 'red'];
/** Labels read all of the data, as the backtest's do: spans as of a day after every end. */
const ALL_OF_THE_DATA = '9999-12-31';

/** One active account at one date, as the second implementation sees it. */
interface Labelled {
  readonly date: number;
  readonly accountId: number;
  readonly score: number;
  readonly grade: string | null;
  readonly churned: boolean;
}

/** AUC by its definition: over every churned–retained pair, 1 when the churned account scored lower, ½ when equal. */
function pairwiseAuc(rows: readonly Labelled[]): number {
  const churned = rows.filter((row) => row.churned);
  const retained = rows.filter((row) => !row.churned);
  let wins = 0;
  for (const c of churned) {
    for (const r of retained) wins += c.score < r.score ? 1 : c.score === r.score ? 0.5 : 0;
  }
  return wins / (churned.length * retained.length);
}

const churnedIn = (rows: readonly Labelled[]) => rows.filter((row) => row.churned).length;

/** A figure equal to the reference's within 1e-12 (message names it when not). */
function expectClose(actual: number, expected: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12);
}

describe('the backtest against a second implementation, on a generated sample', () => {
  let sample: SampleSession;
  let session: Session;
  let model: ModelIR;
  let result: BacktestResult;
  const reference: Labelled[] = [];
  let referenceUnscored = 0;
  /** Account-dates at the edges: churned on the date (not active then), on the horizon's last day (churned), the day after (retained). */
  const edges = { churnedOnTheDate: 0, churnedOnTheLastDay: 0, churnedTheDayAfter: 0 };

  beforeAll(async () => {
    sample = await openSampleSession(ACCOUNTS);
    session = sample.session;
    // Every label is complete: the horizon after the last date lies within the data.
    expect(addDays(DATES.at(-1)!, HORIZON_DAYS) <= sample.sample.params.endDate).toBe(true);
    const analysis = analyze(healthModel, await modelSchema(session));
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    model = analysis.model!;

    result = await runBacktest(session, {
      candidates: [{ model, score: 'health', label: 'health' }], horizonDays: HORIZON_DAYS,
      from: DATES[0]!, to: DATES.at(-1)!, every: 'month', segment: null,
    });

    // The second implementation reads the tables as plain rows and nothing else from DuckDB.
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const table of new Set([model.entity.table, ...model.sources.map((source) => source.table)])) {
      tables[table] = rowsOf(await session.query(`SELECT * FROM ${table}`));
    }
    const { accounts, subscriptions } = await fetchMetricTables(session);
    const spans = spansByAccount(spansAsOf(subscriptions, ALL_OF_THE_DATA));
    DATES.forEach((date, index) => {
      const scored = new Map(evaluateReference(model, tables, date).map((row) => [row.account_id as number, row]));
      const horizonEnd = addDays(date, HORIZON_DAYS);
      for (const status of accountStatuses(accounts, spans, date)) {
        if (status.churnedOn === date) edges.churnedOnTheDate++;
        if (!activeOn(status, date)) continue;
        if (status.churnedOn === horizonEnd) edges.churnedOnTheLastDay++;
        if (status.churnedOn === addDays(horizonEnd, 1)) edges.churnedTheDayAfter++;
        const row = scored.get(status.account.account_id)!;
        if (row.health === null) {
          referenceUnscored++;
          continue;
        }
        reference.push({
          date: index, accountId: status.account.account_id, score: row.health as number, grade: row.health_grade as string | null,
          churned: status.churnedOn !== null && status.churnedOn <= horizonEnd,
        });
      }
    });
    // Ordered as the backtest's rows are (by date, then account), so that sums add up in the same order.
    reference.sort((a, b) => a.date - b.date || a.accountId - b.accountId);
  });

  afterAll(() => sample?.close());

  it('finds the same account-dates, with the same labels', async () => {
    expect(result.dates).toEqual(DATES);
    // The backtest's own rows, from the query it ran; it leaves out those without a score.
    const rows = rowsOf(await session.query(result.sql));
    const engine = rows.filter((row) => row.score_0 !== null);
    expect(rows.length - engine.length).toBe(result.unscored);
    expect(result.unscored).toBe(referenceUnscored);
    const key = (date: string, id: unknown, churned: boolean) => `${date} ${id} ${churned ? 'churned' : 'retained'}`;
    expect(engine.map((row) => key(String(row.asof), row.account_id, row.churned === true)))
      .toEqual(reference.map((row) => key(DATES[row.date]!, row.accountId, row.churned)));
  });

  it('is a meaningful test: people churned at every date, the score ranks them, and the edges occur', () => {
    DATES.forEach((_, index) => expect(churnedIn(reference.filter((row) => row.date === index))).toBeGreaterThan(0));
    expect(pairwiseAuc(reference)).toBeGreaterThan(0.6);
    expect(Object.values(edges).every((count) => count > 0), JSON.stringify(edges)).toBe(true);
  });

  it('the same AUC, pooled and at each date', () => {
    const [health] = result.scores;
    expect(health!.pooled).toMatchObject({ accounts: reference.length, churned: churnedIn(reference) });
    expectClose(health!.pooled.auc, pairwiseAuc(reference), 'pooled AUC');
    DATES.forEach((date, index) => {
      const rows = reference.filter((row) => row.date === index);
      expect(health!.perDate[index]).toMatchObject({ asof: date, accounts: rows.length, churned: churnedIn(rows) });
      expectClose(health!.perDate[index]!.auc, pairwiseAuc(rows), `AUC at ${date}`);
    });
  });

  it('the same accounts and churn in each grade, at each date and pooled', () => {
    const [health] = result.scores;
    expect(health!.grades).toEqual(GRADES);
    const expected = [...DATES.map((date, index) => [date, reference.filter((row) => row.date === index)] as const), [null, reference] as const]
      .flatMap(([asof, rows]) => GRADES.map((grade) => {
        const inGrade = rows.filter((row) => row.grade === grade);
        return { asof, grade, accounts: inGrade.length, churned: churnedIn(inGrade) };
      }));
    expect(health!.byGrade.map(({ asof, grade, accounts, churned }) => ({ asof, grade, accounts, churned }))).toEqual(expected);
    health!.byGrade.forEach((row, i) => {
      const { accounts, churned } = expected[i]!;
      const all = row.asof === null ? reference.length : reference.filter((r) => DATES[r.date] === row.asof).length;
      expectClose(row.churnRate, (100 * churned) / accounts, `churn rate of ${row.grade} at ${row.asof ?? 'all dates'}`);
      expectClose(row.share, (100 * accounts) / all, `share of ${row.grade} at ${row.asof ?? 'all dates'}`);
    });
  });

  it('the same lift by decile', () => {
    const sorted = [...reference].sort((a, b) => a.score - b.score || a.date - b.date || a.accountId - b.accountId);
    const overall = churnedIn(sorted) / sorted.length;
    const expected = Array.from({ length: 10 }, (_, k) => {
      const rows = sorted.slice(Math.ceil((k * sorted.length) / 10), Math.ceil(((k + 1) * sorted.length) / 10));
      return { decile: k + 1, accounts: rows.length, churned: churnedIn(rows), lift: churnedIn(rows) / rows.length / overall, minScore: rows[0]!.score, maxScore: rows.at(-1)!.score };
    });
    const lift = result.scores[0]!.lift;
    expect(lift.map(({ decile, accounts, churned }) => ({ decile, accounts, churned })))
      .toEqual(expected.map(({ decile, accounts, churned }) => ({ decile, accounts, churned })));
    lift.forEach((row, i) => {
      expectClose(row.lift, expected[i]!.lift, `lift of decile ${row.decile}`);
      expectClose(row.minScore, expected[i]!.minScore, `lowest score of decile ${row.decile}`);
      expectClose(row.maxScore, expected[i]!.maxScore, `highest score of decile ${row.decile}`);
    });
  });

  it('the same calibration by score bucket', () => {
    const buckets = new Map<number, Labelled[]>();
    for (const row of reference) {
      const bucket = 10 * Math.min(9, Math.max(0, Math.floor(row.score / 10)));
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), row]);
    }
    const expected = [...buckets].sort(([a], [b]) => a - b).map(([bucket, rows]) => ({
      bucket, accounts: rows.length, churned: churnedIn(rows), meanScore: rows.reduce((sum, row) => sum + row.score, 0) / rows.length,
    }));
    const calibration = result.scores[0]!.calibration;
    expect(calibration.map(({ bucket, accounts, churned }) => ({ bucket, accounts, churned })))
      .toEqual(expected.map(({ bucket, accounts, churned }) => ({ bucket, accounts, churned })));
    calibration.forEach((row, i) => {
      expectClose(row.churnRate, (100 * expected[i]!.churned) / expected[i]!.accounts, `churn rate of bucket ${row.bucket}`);
      expectClose(row.meanScore, expected[i]!.meanScore, `mean score of bucket ${row.bucket}`);
    });
  });
});
