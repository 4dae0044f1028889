import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PulseError } from '../../../engine/errors.ts';
import * as metrics from '../../../engine/metrics/index.ts';
import type { Session } from '../../../engine/session.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { openScratchSession, type ScratchSession } from '../../helpers/scratch-session.ts';
import { createMetricsFixture } from './fixture.ts';

const ASOF = '2024-06-30';

/**
 * Every metric of docs/metrics.md on the hand-made fixture (fixture.ts). Expected values are
 * worked out by hand; the comments show how.
 */
describe('CS metrics on a hand-computed fixture', () => {
  let scratch: ScratchSession | undefined;
  let session: Session;
  const run = async <P>(definition: metrics.MetricDefinition<P>, options: metrics.MetricOptions, parameters: P) =>
    rowsOf((await metrics.runMetric(session, definition, { asof: ASOF, ...options }, parameters)).result);

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await createMetricsFixture(session);
    await session.execute(`CREATE TABLE scores AS SELECT account_id, account_id IN (3, 4) AS at_risk,
      CASE WHEN account_id IN (3, 4) THEN 'red' ELSE 'green' END AS health_grade FROM accounts`);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  describe('NPS', () => {
    it('is 50 for 60 % promoters, 30 % passives, 10 % detractors', async () => {
      const rows = await run(metrics.npsMetric, { period: 'quarter' }, {});
      const q2 = rows.find((row) => row.period_start === '2024-04-01');
      // Q2: 9, 10, 9, 7 (account 1) and 10, 9, 10, 8, 7, 3 (account 3): 6 promoters, 3 passives, 1 detractor.
      expect(q2).toEqual({ period_start: '2024-04-01', period_end: '2024-06-30', partial: false, responses: 10,
        promoters_pct: 60, passives_pct: 30, detractors_pct: 10, nps: 50 });
      // Q1: only account 2's 10. The 0 of 2024-07-02 is after asof and counts nowhere.
      expect(rows.map((row) => [row.period_start, row.responses, row.nps])).toEqual([['2024-01-01', 1, 100], ['2024-04-01', 10, 50]]);
    });

    it('is null, not 0, for a group without responses', async () => {
      const rows = await run(metrics.npsMetric, { period: 'quarter', groupBy: 'tier' }, {});
      const q2 = rows.filter((row) => row.period_start === '2024-04-01').map((row) => [row.tier, row.responses, row.nps]);
      // Starter: 3 promoters, 1 passive of 4 → 75. Growth: (3 − 1) / 6 → 33.3. Enterprise answered only after asof.
      expect(q2).toEqual([['Enterprise', 0, null], ['Growth', 6, 100 * 2 / 6], ['Starter', 4, 75]]);
    });

    it('can be restricted to a segment and grouped by a grade of the model', async () => {
      const atRisk = await run(metrics.npsMetric, { period: 'quarter', segment: 'at_risk' }, {});
      expect(atRisk.find((row) => row.period_start === '2024-04-01')?.nps).toBe(100 * 2 / 6);
      const byGrade = await run(metrics.npsMetric, { groupBy: 'health_grade' }, {});
      // Whole history: green = accounts 1, 2, 5 → 9, 10, 9, 7, 10 → 4 promoters of 5 → 80.
      expect(byGrade.map((row) => [row.health_grade, row.nps])).toEqual([['green', 80], ['red', 100 * 2 / 6]]);
    });
  });

  it('CSAT is the share of 4s and 5s, by touchpoint', async () => {
    const rows = await run(metrics.csatMetric, { groupBy: 'touchpoint' }, {});
    // Onboarding 5, 4, 2 → 2 of 3; support 3, 1 → none.
    expect(rows.map((row) => [row.touchpoint, row.responses, row.csat])).toEqual([['onboarding', 3, 200 / 3], ['support', 2, 0]]);
  });

  describe('retention', () => {
    it('Q2 2024: logo churn, GRR, NRR, upsell and cross-sell over the accounts active on April 1', async () => {
      const rows = await run(metrics.retentionMetric, { period: 'quarter' }, {});
      const q2 = rows.find((row) => row.period_start === '2024-04-01')!;
      // Active at start: 1, 3, 4, 5 (2 churned in March). Churned in Q2: 4 → 1 of 4.
      // Start MRR 100 + 200 + 300 + 1000 = 1600. End MRR: 1 → 150 (+50), 3 → 120 + 30 = 150 (−50), 5 → 1000.
      expect(q2).toMatchObject({
        active_at_start: 4, churned_accounts: 1, logo_churn_rate: 25, renewal_rate: 75,
        start_mrr: 1600, churned_mrr: 300, expansion_mrr: 50, contraction_mrr: 50,
        revenue_churn_rate: 18.75, grr: 78.125, nrr: 81.25,
        upsell_rate: 25, cross_sell_rate: 25,
      });
      // Q1: only account 5 was active on January 1; account 2 came and went within Q1 → in neither count.
      expect(rows.find((row) => row.period_start === '2024-01-01')).toMatchObject({
        active_at_start: 1, churned_accounts: 0, logo_churn_rate: 0, grr: 100, nrr: 100,
      });
    });

    it('monthly, and by tier', async () => {
      const monthly = await run(metrics.retentionMetric, { period: 'month' }, {});
      expect(monthly.filter((row) => String(row.period_start) >= '2024-01-01').map((row) => [row.period_start, row.active_at_start, row.logo_churn_rate]))
        .toEqual([
          ['2024-01-01', 1, 0], ['2024-02-01', 3, 0], ['2024-03-01', 4, 25],
          ['2024-04-01', 4, 0], ['2024-05-01', 4, 0], ['2024-06-01', 4, 25],
        ]);
      const byTier = await run(metrics.retentionMetric, { period: 'quarter', groupBy: 'tier' }, {});
      expect(byTier.filter((row) => row.period_start === '2024-04-01').map((row) => [row.tier, row.active_at_start, row.logo_churn_rate]))
        .toEqual([['Enterprise', 1, 0], ['Growth', 2, 50], ['Starter', 1, 0]]);
    });
  });

  it('churn reasons: share of churned accounts by reason', async () => {
    const rows = await run(metrics.churnReasonsMetric, {}, {});
    expect(rows.map((row) => [row.reason, row.accounts, row.share])).toEqual([['competitor', 1, 50], ['price', 1, 50]]);
  });

  describe('lifetime and LTV', () => {
    it('pools monthly churn over the last 12 full months', async () => {
      const [all] = await run(metrics.ltvMetric, {}, metrics.defaultLtvParameters);
      // Accounts active at each month start, Jul 2023 – Jun 2024: 0 ×6, then 1, 3, 4, 4, 4, 4 = 20 account-months;
      // 2 churned (March, June) → 10 % a month → lifetime 10 months.
      // ARPA on June 30: accounts 1 (150), 3 (150), 5 (1000) are active → 1300 / 3.
      // Purchases: 9 invoices, 6400 in all → mean 6400 / 9. Months as a customer for at least a day, Jul 2023 – Jun 2024:
      // 1 Jan–Jun 6, 2 Jan–Mar 3, 3 Feb–Jun 5, 4 Mar–Jun 4, 5 Dec–Jun 7 = 25 → 9 / 25 invoices per account-month.
      expect(all).toMatchObject({ window_start: '2023-07-01', window_end: '2024-06-30', account_months: 20, churned_accounts: 2,
        monthly_churn_rate: 10, lifetime_months: 10, capped: false, active_accounts: 3, customer_months: 25, invoices_per_account_month: 9 / 25 });
      expect(all!.arpa).toBeCloseTo(1300 / 3, 9);
      expect(all!.ltv_margin).toBeCloseTo(13000 / 3, 9);
      expect(all!.ltv_purchase).toBeCloseTo((6400 / 9) * (9 / 25) * 10, 9);
      expect(all!.ltv_net).toBeCloseTo((1300 / 3) * 12 * (10 / 12), 9);
    });

    it('caps the lifetime of a tier without churn, and says so', async () => {
      const rows = await run(metrics.ltvMetric, { groupBy: 'tier' }, { ...metrics.defaultLtvParameters, grossMargin: 0.8 });
      const byTier = Object.fromEntries(rows.map((row) => [row.tier, row]));
      // Enterprise: 6 account-months, no churn → lifetime capped at 120 months; ARPA 1000 × 0.8 × 120.
      expect(byTier.Enterprise).toMatchObject({ account_months: 6, churned_accounts: 0, monthly_churn_rate: 0, lifetime_months: 120, capped: true });
      expect(byTier.Enterprise!.ltv_margin).toBeCloseTo(96_000, 6);
      // Growth: 1 + 2 + 2 + 2 = 7 account-months, 1 churned → lifetime 7; ARPA 150 (account 3).
      expect(byTier.Growth).toMatchObject({ account_months: 7, churned_accounts: 1, lifetime_months: 7, capped: false, arpa: 150 });
      expect(byTier.Growth!.ltv_margin).toBeCloseTo(150 * 0.8 * 7, 9);
    });

    it('the worked examples: 2 % monthly churn → 50 months; 1,000 × 10 − 2,500 = 7,500', () => {
      expect(metrics.lifetimeMonths(2)).toBe(50);
      expect(metrics.netLtv({ yearlyRevenue: 1000, years: 10, acquisitionCost: 2500, yearlyServiceCost: 0 })).toBe(7500);
    });
  });

  it('cohort retention, logo and revenue; revenue goes above 100 % after expansion', async () => {
    const rows = await run(metrics.cohortMetric, {}, {});
    const cells = (cohort: string) => rows.filter((row) => row.cohort === cohort).map((row) => [row.month, row.logo_retention, row.revenue_retention]);
    expect(cells('2023-12-01')).toEqual([0, 1, 2, 3, 4, 5, 6].map((month) => [month, 100, 100]));
    // Accounts 1 and 2: 2 churns on March 5; 1 upgrades 100 → 150 on April 10. Month-0 MRR 200.
    expect(cells('2024-01-01')).toEqual([[0, 100, 100], [1, 100, 100], [2, 50, 50], [3, 50, 75], [4, 50, 75], [5, 50, 75]]);
    // Account 3: 200; in April 200 + the 30 add-on = 230 → 115 %; from May 120 + 30 = 150 → 75 %.
    expect(cells('2024-02-01')).toEqual([[0, 100, 100], [1, 100, 100], [2, 100, 115], [3, 100, 75], [4, 100, 75]]);
    // Account 4 churns on June 30, the last day of month 3: not active at its end.
    expect(cells('2024-03-01')).toEqual([[0, 100, 100], [1, 100, 100], [2, 100, 100], [3, 0, 0]]);
  });

  it('resolution time: mean, median and p90 by complexity, and first response', async () => {
    const rows = await run(metrics.resolutionTimeMetric, { groupBy: 'complexity' }, {});
    const byComplexity = Object.fromEntries(rows.map((row) => [row.complexity, row]));
    // Simple: 1, 2, 3, 4, 100 hours (ticket 9 resolves after asof) → mean 22, median 3, p90 = 4 + 0.6 × 96 = 61.6.
    expect(byComplexity.simple).toMatchObject({ opened: 6, resolution_count: 5, resolution_mean_hours: 22, resolution_median_hours: 3 });
    expect(byComplexity.simple!.resolution_p90_hours).toBeCloseTo(61.6, 9);
    // First responses: five of 0.5 h and one of 1 h → mean 3.5 / 6, median 0.5, p90 = 0.5 + 0.5 × 0.5.
    expect(byComplexity.simple).toMatchObject({ first_response_count: 6, first_response_median_hours: 0.5, first_response_p90_hours: 0.75 });
    expect(byComplexity.simple!.first_response_mean_hours).toBeCloseTo(3.5 / 6, 9);
    // Complex: 10 and 30 hours (one still open) → 20, 20, 10 + 0.9 × 20 = 28.
    expect(byComplexity.complex).toMatchObject({ opened: 3, resolution_count: 2, resolution_mean_hours: 20, resolution_median_hours: 20 });
    expect(byComplexity.complex!.resolution_p90_hours).toBeCloseTo(28, 9);
  });

  it('referrals: made, converted, per promoter', async () => {
    const rows = await run(metrics.referralsMetric, { period: 'quarter' }, {});
    // Q2: account 1 made 2 (one converted), account 3 made 1; promoters in Q2: accounts 1 and 3.
    expect(rows.find((row) => row.period_start === '2024-04-01')).toMatchObject({
      referrals_made: 3, referrals_converted: 1, promoters: 2, referrals_per_promoter: 1.5,
    });
    // Q1: one converted referral, and account 2's 10 makes one promoter.
    expect(rows.find((row) => row.period_start === '2024-01-01')).toMatchObject({
      referrals_made: 1, referrals_converted: 1, promoters: 1, referrals_per_promoter: 1,
    });
  });

  it('survey × attribute: share of each tier\'s accounts by their latest NPS answer', async () => {
    const rows = await run(metrics.surveyCrosstabMetric, { groupBy: 'tier' }, { survey: 'nps' });
    // Latest answers: 1 → 7 (passive), 2 → 10 (promoter), 3 → 3 (detractor); 5 answered only after asof.
    expect(rows.map((row) => [row.tier, row.answer, row.accounts, row.percent])).toEqual([
      ['Growth', 'detractor', 1, 100], ['Starter', 'passive', 1, 50], ['Starter', 'promoter', 1, 50],
    ]);
  });

  describe('edge cases', () => {
    it('an empty period gives nulls, not zeros or errors', async () => {
      const rows = await run(metrics.npsMetric, { period: 'month' }, {});
      // March 2024 has no NPS answer.
      expect(rows.find((row) => row.period_start === '2024-03-01')).toMatchObject({ responses: 0, nps: null, promoters_pct: null });
    });

    it('dates outside the data: before it there are no periods, after it the last state holds', async () => {
      expect(await run(metrics.npsMetric, { asof: '2020-01-01', period: 'month' }, {})).toEqual([]);
      const late = await run(metrics.retentionMetric, { asof: '2030-06-30', period: 'year' }, {});
      expect(late.at(-1)).toMatchObject({ period_start: '2030-01-01', active_at_start: 3, churned_accounts: 0, logo_churn_rate: 0 });
    });

    it('an unknown group column or segment is a clear error with a suggestion', async () => {
      const error = await metrics.runMetric(session, metrics.npsMetric, { groupBy: 'teir' }, {}).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PulseError);
      expect((error as PulseError).message).toBe('unknown column `teir` — did you mean `tier`?');
      const segment = await metrics.runMetric(session, metrics.npsMetric, { segment: 'at_rsk' }, {}).catch((caught: unknown) => caught);
      expect((segment as PulseError).message).toBe('unknown segment `at_rsk` — did you mean `at_risk`?');
    });
  });
});
