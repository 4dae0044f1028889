import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataFolder } from '../../../engine/load.ts';
import * as metrics from '../../../engine/metrics/index.ts';
import { Session } from '../../../engine/session.ts';
import { generateSample } from '../../../samples/generate.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { openScratchSession, type ScratchSession } from '../../helpers/scratch-session.ts';
import { tempDir } from '../../helpers/temp-dir.ts';
import {
  fetchMetricTables, referenceCohorts, referenceCsat, referenceNps, referenceRetention,
  type Grouping, type MetricRow, type MetricTables, type PeriodUnit, type ReferenceOptions,
} from '../../reference/metrics/index.ts';
import { createMetricsFixture } from './fixture.ts';

/**
 * The SQL metrics (engine/metrics/) against the independent TypeScript reference
 * (test/reference/metrics/) on the generated sample at 10,000 accounts, as of the end of the
 * data and as of an earlier date that cuts a period short and hides everything later: same
 * rows in the same order, same keys, every value equal (numbers within a relative 1e-9,
 * nulls where the SQL has nulls). Then the reference alone on the hand-made fixture, against
 * the hand-computed figures of metrics.test.ts, to show that it is right in its own terms.
 * PULSE_AGREEMENT_REPORT=1 prints how many values were compared.
 */

const SAMPLE_ACCOUNTS = 10_000;
const ASOFS = ['2025-06-30', '2024-09-15'] as const;
const RELATIVE_TOLERANCE = 1e-9;

const RETENTION_LOGO = ['active_at_start', 'churned_accounts', 'logo_churn_rate', 'renewal_rate'];
const RETENTION_REVENUE = ['start_mrr', 'churned_mrr', 'expansion_mrr', 'contraction_mrr', 'revenue_churn_rate', 'grr', 'nrr'];
const RETENTION_UPSELL = ['upsell_rate', 'cross_sell_rate'];
const PERIOD_COLUMNS = ['period_start', 'period_end', 'partial'];

/** One comparison: a SQL metric run and the reference computing the same thing. */
interface Case {
  readonly name: string;
  readonly definition: metrics.MetricDefinition;
  readonly reference: (tables: MetricTables, options: ReferenceOptions) => MetricRow[];
  readonly period: PeriodUnit | null;
  readonly groupBy?: Grouping;
  /** The columns that identify a row, in the order rows are sorted. */
  readonly keys: readonly string[];
  /** The other columns compared (all of the SQL row's columns when omitted). */
  readonly values?: readonly string[];
}

const byAccount = (column: string): Grouping => ({ from: 'accounts', column });
const byRow = (column: string): Grouping => ({ from: 'rows', column });

const cases: readonly Case[] = [
  { name: 'NPS by tier, quarterly', definition: metrics.npsMetric, reference: referenceNps, period: 'quarter', groupBy: byAccount('tier'), keys: ['period_start', 'tier'] },
  { name: 'NPS by region, monthly', definition: metrics.npsMetric, reference: referenceNps, period: 'month', groupBy: byAccount('region'), keys: ['period_start', 'region'] },
  { name: 'NPS, whole history', definition: metrics.npsMetric, reference: referenceNps, period: null, keys: ['period_start'] },
  { name: 'NPS, yearly', definition: metrics.npsMetric, reference: referenceNps, period: 'year', keys: ['period_start'] },
  { name: 'CSAT by touchpoint, whole history', definition: metrics.csatMetric, reference: referenceCsat, period: null, groupBy: byRow('touchpoint'), keys: ['period_start', 'touchpoint'] },
  { name: 'CSAT by touchpoint, quarterly', definition: metrics.csatMetric, reference: referenceCsat, period: 'quarter', groupBy: byRow('touchpoint'), keys: ['period_start', 'touchpoint'] },
  { name: 'logo churn and renewal, monthly', definition: metrics.retentionMetric, reference: referenceRetention, period: 'month', keys: ['period_start'], values: [...PERIOD_COLUMNS, ...RETENTION_LOGO] },
  { name: 'logo churn and renewal by tier, quarterly', definition: metrics.retentionMetric, reference: referenceRetention, period: 'quarter', groupBy: byAccount('tier'), keys: ['period_start', 'tier'], values: [...PERIOD_COLUMNS, ...RETENTION_LOGO] },
  { name: 'revenue churn, GRR, NRR by tier, quarterly', definition: metrics.retentionMetric, reference: referenceRetention, period: 'quarter', groupBy: byAccount('tier'), keys: ['period_start', 'tier'], values: [...PERIOD_COLUMNS, ...RETENTION_REVENUE] },
  { name: 'revenue churn, GRR, NRR, monthly', definition: metrics.retentionMetric, reference: referenceRetention, period: 'month', keys: ['period_start'], values: [...PERIOD_COLUMNS, ...RETENTION_REVENUE] },
  { name: 'upsell and cross-sell, monthly', definition: metrics.retentionMetric, reference: referenceRetention, period: 'month', keys: ['period_start'], values: [...PERIOD_COLUMNS, ...RETENTION_UPSELL] },
  { name: 'retention by tier, yearly (every column)', definition: metrics.retentionMetric, reference: referenceRetention, period: 'year', groupBy: byAccount('tier'), keys: ['period_start', 'tier'] },
  { name: 'cohort retention, logo and revenue, all cohorts', definition: metrics.cohortMetric, reference: referenceCohorts, period: null, keys: ['cohort', 'month'] },
  { name: 'cohort retention by tier', definition: metrics.cohortMetric, reference: referenceCohorts, period: null, groupBy: byAccount('tier'), keys: ['cohort', 'tier', 'month'] },
];

const retentionByCsm: Case = { name: 'retention by csm, monthly', definition: metrics.retentionMetric, reference: referenceRetention, period: 'month', groupBy: byAccount('csm'), keys: ['period_start', 'csm'] };
const csatWholeHistory: Case = { name: 'CSAT, whole history', definition: metrics.csatMetric, reference: referenceCsat, period: null, keys: ['period_start'] };
const caseNamed = (name: string): Case => cases.find((candidate) => candidate.name === name)!;

/** More cases at other dates: a leap day, a quarter and year end, after all data, before the first data. */
const edgeCases: readonly (readonly [string, Case])[] = [
  ['2024-02-29', caseNamed('NPS by tier, quarterly')],
  ['2024-02-29', caseNamed('logo churn and renewal, monthly')],
  ['2024-02-29', caseNamed('cohort retention, logo and revenue, all cohorts')],
  ['2023-12-31', caseNamed('NPS, yearly')],
  ['2023-12-31', caseNamed('retention by tier, yearly (every column)')],
  ['2026-01-10', caseNamed('retention by tier, yearly (every column)')],
  ['2026-01-10', caseNamed('CSAT by touchpoint, quarterly')],
  ['2022-07-15', caseNamed('NPS by tier, quarterly')],
  ['2022-07-15', caseNamed('NPS, whole history')],
  ['2022-07-01', caseNamed('CSAT by touchpoint, whole history')],
  ['2022-07-01', csatWholeHistory],
  ['2022-07-15', retentionByCsm],
];

/** Equal JSON values: numbers within a relative tolerance (exact for zero), everything else strictly. */
function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') {
    if (actual === expected) return true;
    return Math.abs(actual - expected) <= RELATIVE_TOLERANCE * Math.max(Math.abs(actual), Math.abs(expected));
  }
  return actual === expected;
}

/**
 * Compares the SQL rows with the reference rows: same count, same column names, same keys row
 * by row (both are in the SQL's order), and the chosen values. Returns the disagreements (at most `limit`) and
 * how many values were compared.
 */
function compareRows(sqlRows: readonly Record<string, unknown>[], referenceRows: readonly MetricRow[], testCase: Case, limit = 20) {
  const problems: string[] = [];
  let compared = 0;
  if (sqlRows.length !== referenceRows.length) problems.push(`row count: SQL ${sqlRows.length}, reference ${referenceRows.length}`);
  const shapes = new Set(referenceRows.map((row) => Object.keys(row).join(', ')));
  const sqlShape = Object.keys(sqlRows[0] ?? {}).join(', ');
  if (sqlRows.length > 0 && (shapes.size !== 1 || !shapes.has(sqlShape))) problems.push(`columns: SQL ${sqlShape}; reference ${[...shapes].join(' | ')}`);
  const columns = [...testCase.keys, ...(testCase.values ?? Object.keys(sqlRows[0] ?? {}).filter((column) => !testCase.keys.includes(column)))];
  for (let index = 0; index < Math.min(sqlRows.length, referenceRows.length) && problems.length < limit; index++) {
    const sqlRow = sqlRows[index]!;
    const referenceRow = referenceRows[index]!;
    const key = testCase.keys.map((column) => `${column}=${String(sqlRow[column])}`).join(' ');
    for (const column of columns) {
      if (!(column in sqlRow)) problems.push(`${key}: SQL has no column ${column}`);
      else if (!(column in referenceRow)) problems.push(`${key}: reference has no column ${column}`);
      else if (!sameValue(sqlRow[column], referenceRow[column])) {
        problems.push(`${key}: ${column} SQL ${JSON.stringify(sqlRow[column])}, reference ${JSON.stringify(referenceRow[column])}`);
      } else compared++;
    }
  }
  return { problems: problems.slice(0, limit), compared };
}

/** The SQL metric's options for a case. */
function metricOptions(testCase: Case, asof: string): metrics.MetricOptions {
  return { asof, period: testCase.period, groupBy: testCase.groupBy?.column ?? null };
}

describe('SQL metrics agree with the TypeScript reference on the sample (10,000 accounts)', () => {
  let folder: Awaited<ReturnType<typeof tempDir>> | undefined;
  let session: Session;
  let tables: MetricTables;
  const sqlCache = new Map<string, Promise<Record<string, unknown>[]>>();
  let totalCompared = 0;

  /** Runs a SQL metric once per (metric, options): several cases read different columns of one run. */
  const runSql = (testCase: Case, asof: string) => {
    const options = metricOptions(testCase, asof);
    const key = JSON.stringify([testCase.definition.name, options]);
    if (!sqlCache.has(key)) {
      sqlCache.set(key, metrics.runMetric(session, testCase.definition, options, {}).then((result) => rowsOf(result.result)));
    }
    return sqlCache.get(key)!;
  };

  beforeAll(async () => {
    folder = await tempDir('pulse-agreement-');
    const dataDir = join(folder.path, 'data');
    await generateSample(dataDir, { accounts: SAMPLE_ACCOUNTS });
    session = await Session.open({ dataDir });
    const loaded = await loadDataFolder(session);
    expect(loaded.failed).toEqual([]);
    tables = await fetchMetricTables(session);
    expect(tables.accounts).toHaveLength(SAMPLE_ACCOUNTS);
  });

  afterAll(async () => {
    session?.close();
    await folder?.remove();
    if (process.env.PULSE_AGREEMENT_REPORT) console.log(`agreement: ${totalCompared} values compared`);
  });

  const runCase = async (testCase: Case, asof: string, allowEmpty: boolean) => {
    const sqlRows = await runSql(testCase, asof);
    const referenceRows = testCase.reference(tables, { asof, period: testCase.period, groupBy: testCase.groupBy ?? null });
    if (!allowEmpty) expect(sqlRows.length).toBeGreaterThan(0);
    const { problems, compared } = compareRows(sqlRows, referenceRows, testCase);
    totalCompared += compared;
    expect(problems).toEqual([]);
  };

  for (const asof of ASOFS) {
    describe(`as of ${asof}`, () => {
      for (const testCase of cases) {
        it(testCase.name, () => runCase(testCase, asof, false));
      }
    });
  }

  describe('at other dates', () => {
    for (const [asof, testCase] of edgeCases) {
      it(`${testCase.name} @ ${asof}`, () => runCase(testCase, asof, true));
    }
  });
});

describe('the reference reproduces the hand-computed fixture (metrics.test.ts)', () => {
  const ASOF = '2024-06-30';
  let scratch: ScratchSession | undefined;
  let session: Session;
  let tables: MetricTables;
  const options = (period: PeriodUnit | null, groupBy: Grouping | null = null): ReferenceOptions => ({ asof: ASOF, period, groupBy });

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await createMetricsFixture(session);
    tables = await fetchMetricTables(session);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  it('NPS: 60 % / 30 % / 10 % in Q2 → 50; the answer after asof counts nowhere', () => {
    const rows = referenceNps(tables, options('quarter'));
    expect(rows.find((row) => row.period_start === '2024-04-01')).toEqual({ period_start: '2024-04-01', period_end: '2024-06-30', partial: false, responses: 10,
      promoters_pct: 60, passives_pct: 30, detractors_pct: 10, nps: 50 });
    expect(rows.map((row) => [row.period_start, row.responses, row.nps])).toEqual([['2024-01-01', 1, 100], ['2024-04-01', 10, 50]]);
  });

  it('NPS by tier: a tier without responses is null, not 0', () => {
    const q2 = referenceNps(tables, options('quarter', byAccount('tier'))).filter((row) => row.period_start === '2024-04-01');
    expect(q2.map((row) => [row.tier, row.responses, row.nps])).toEqual([['Enterprise', 0, null], ['Growth', 6, 100 * 2 / 6], ['Starter', 4, 75]]);
  });

  it('CSAT by touchpoint: onboarding 2 of 3, support none', () => {
    const rows = referenceCsat(tables, options(null, byRow('touchpoint')));
    expect(rows.map((row) => [row.touchpoint, row.responses, row.csat])).toEqual([['onboarding', 3, 200 / 3], ['support', 2, 0]]);
  });

  it('retention in Q2 2024: logo churn 25 %, GRR 78.125, NRR 81.25; Q1 counts only account 5', () => {
    const rows = referenceRetention(tables, options('quarter'));
    expect(rows.find((row) => row.period_start === '2024-04-01')).toMatchObject({
      active_at_start: 4, churned_accounts: 1, logo_churn_rate: 25, renewal_rate: 75,
      start_mrr: 1600, churned_mrr: 300, expansion_mrr: 50, contraction_mrr: 50,
      revenue_churn_rate: 18.75, grr: 78.125, nrr: 81.25, upsell_rate: 25, cross_sell_rate: 25,
    });
    expect(rows.find((row) => row.period_start === '2024-01-01')).toMatchObject({ active_at_start: 1, churned_accounts: 0, logo_churn_rate: 0, grr: 100, nrr: 100 });
    const byTier = referenceRetention(tables, options('quarter', byAccount('tier'))).filter((row) => row.period_start === '2024-04-01');
    expect(byTier.map((row) => [row.tier, row.active_at_start, row.logo_churn_rate])).toEqual([['Enterprise', 1, 0], ['Growth', 2, 50], ['Starter', 1, 0]]);
  });

  it('cohort retention: revenue above 100 % after a cross-sell; a churn on the last day of a month counts', () => {
    const rows = referenceCohorts(tables, options(null));
    const cells = (cohort: string) => rows.filter((row) => row.cohort === cohort).map((row) => [row.month, row.logo_retention, row.revenue_retention]);
    expect(cells('2023-12-01')).toEqual([0, 1, 2, 3, 4, 5, 6].map((month) => [month, 100, 100]));
    expect(cells('2024-01-01')).toEqual([[0, 100, 100], [1, 100, 100], [2, 50, 50], [3, 50, 75], [4, 50, 75], [5, 50, 75]]);
    expect(cells('2024-02-01')).toEqual([[0, 100, 100], [1, 100, 100], [2, 100, 115], [3, 100, 75], [4, 100, 75]]);
    expect(cells('2024-03-01')).toEqual([[0, 100, 100], [1, 100, 100], [2, 100, 100], [3, 0, 0]]);
  });

  it('dates outside the data: before it there are no periods, after it the last state holds', () => {
    expect(referenceNps(tables, { asof: '2020-01-01', period: 'month' })).toEqual([]);
    expect(referenceRetention(tables, { asof: '2030-06-30', period: 'year' }).at(-1))
      .toMatchObject({ period_start: '2030-01-01', active_at_start: 3, churned_accounts: 0, logo_churn_rate: 0 });
  });

  it('agrees with the SQL on the fixture too, for every case', async () => {
    for (const testCase of cases) {
      const sqlRows = rowsOf((await metrics.runMetric(session, testCase.definition, metricOptions(testCase, ASOF), {})).result);
      const referenceRows = testCase.reference(tables, options(testCase.period, testCase.groupBy ?? null));
      expect({ case: testCase.name, problems: compareRows(sqlRows, referenceRows, testCase).problems }).toEqual({ case: testCase.name, problems: [] });
    }
  });
});

describe('accounts the fixture lacks: without a subscription yet, or ending every product on one day', () => {
  const ASOF = '2024-06-30';
  let scratch: ScratchSession | undefined;
  let session: Session;
  let tables: MetricTables;

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await createMetricsFixture(session);
    // 6 signed up and never subscribed; 7's first subscription starts after the evaluation date.
    // 8 ends both its products on 2024-05-15, for two churn reasons; 9 ends its core plan with
    // `upgrade` and its add-on with `budget` on 2024-05-20, and nothing follows.
    await session.execute(`
      INSERT INTO accounts VALUES (6, 'Six', 'Starter', 'EMEA', DATE '2024-02-01'), (7, 'Seven', 'Growth', 'APAC', DATE '2024-03-01'),
        (8, 'Eight', 'Growth', 'EMEA', DATE '2024-01-05'), (9, 'Nine', 'Growth', 'APAC', DATE '2024-01-05');
      INSERT INTO subscriptions VALUES
        (9, 7, 'core', 'growth', 200, DATE '2024-08-01', NULL, NULL),
        (10, 8, 'core', 'growth', 200, DATE '2024-01-05', DATE '2024-05-15', 'price'),
        (11, 8, 'addon', 'add-on', 50, DATE '2024-01-05', DATE '2024-05-15', 'competitor'),
        (12, 9, 'core', 'growth', 200, DATE '2024-01-05', DATE '2024-05-20', 'upgrade'),
        (13, 9, 'addon', 'add-on', 50, DATE '2024-01-05', DATE '2024-05-20', 'budget')`);
    tables = await fetchMetricTables(session);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  it('Q2 2024: 6 and 7 count nowhere; 8 and 9 churned, for competitor and budget', async () => {
    const quarter = await metrics.runMetric(session, metrics.retentionMetric, { asof: ASOF, period: 'quarter' }, {});
    // Active at the start: 1, 3, 4, 5 as in the fixture, and 8, 9. Churned: 4, 8, 9.
    expect(rowsOf(quarter.result).find((row) => row.period_start === '2024-04-01')).toMatchObject({ active_at_start: 6, churned_accounts: 3, logo_churn_rate: 50 });
    const reasons = await metrics.runMetric(session, metrics.churnReasonsMetric, { asof: ASOF, period: 'quarter' }, {});
    expect(rowsOf(reasons.result).filter((row) => row.period_start === '2024-04-01').map((row) => [row.reason, row.accounts]))
      .toEqual([['competitor', 2], ['budget', 1]]);
  });

  it('agrees with the SQL for every case', async () => {
    for (const testCase of cases) {
      const sqlRows = rowsOf((await metrics.runMetric(session, testCase.definition, metricOptions(testCase, ASOF), {})).result);
      const referenceRows = testCase.reference(tables, { asof: ASOF, period: testCase.period, groupBy: testCase.groupBy ?? null });
      expect({ case: testCase.name, problems: compareRows(sqlRows, referenceRows, testCase).problems }).toEqual({ case: testCase.name, problems: [] });
    }
  });
});
