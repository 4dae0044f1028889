import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as metrics from '../../../engine/metrics/index.ts';
import type { Session } from '../../../engine/session.ts';
import { rowsOf } from '../../helpers/rows.ts';
import { openSampleSession, type SampleSession } from '../../helpers/sample-session.ts';
import { openScratchSession, type ScratchSession } from '../../helpers/scratch-session.ts';
import { fetchMetricTables, referenceLtv, type InvoiceRow, type MetricTables } from '../../reference/metrics/index.ts';
import { customerDuring, windowMonths } from '../../reference/metrics/ltv.ts';
import { spansAsOf, spansByAccount } from '../../reference/metrics/spans.ts';
import { accountStatuses } from '../../reference/metrics/status.ts';
import { createLtvFixture, LTV_ASOF } from './ltv-fixture.ts';

type Row = Record<string, unknown>;

const byTier = (rows: readonly Row[]) => Object.fromEntries(rows.map((row) => [row.tier as string, row]));

/**
 * Lifetime and LTV (docs/metrics.md): purchase frequency counts every invoice with its month,
 * and the lifetime cap is a parameter that says when it bit. Hand-computed on the LTV fixture
 * (ltv-fixture.ts); on the generated sample, against the TypeScript reference.
 */
describe('LTV on the hand-made fixture', () => {
  let scratch: ScratchSession | undefined;
  let session: Session;
  const run = async (parameters: Partial<metrics.LtvParameters> = {}) =>
    byTier(rowsOf((await metrics.runMetric(session, metrics.ltvMetric, { asof: LTV_ASOF, groupBy: 'tier' }, { ...metrics.defaultLtvParameters, ...parameters })).result));

  beforeAll(async () => {
    scratch = await openScratchSession();
    session = scratch.session;
    await createLtvFixture(session);
  });

  afterAll(async () => {
    await scratch?.close();
  });

  it('the fixture is as described: invoices in the window, per tier', async () => {
    const counts = rowsOf(await session.query(`SELECT tier, count(*) AS n FROM invoices JOIN accounts USING (account_id)
      WHERE issued_on BETWEEN DATE '2023-07-01' AND DATE '2024-06-30' GROUP BY tier ORDER BY tier`));
    expect(counts).toEqual([{ tier: 'Enterprise', n: 153 }, { tier: 'Growth', n: 12 }, { tier: 'Starter', n: 12 }]);
  });

  it('purchase frequency is 1 when every customer month has one invoice, new and churning accounts included', async () => {
    const rows = await run();
    // Starter: 12 invoices over 12 months as a customer (not over the 10 months active at a month's start).
    expect(rows.Starter).toMatchObject({ account_months: 10, churned_accounts: 2, monthly_churn_rate: 20, lifetime_months: 5, capped: false,
      customer_months: 12, invoices_per_account_month: 1, mean_invoice: 100, active_accounts: 1, arpa: 100 });
    // Invoices equal to the MRR: the purchase form agrees with the margin form, 100 × 1 × 5.
    expect([rows.Starter!.ltv_purchase, rows.Starter!.ltv_margin, rows.Starter!.ltv_net]).toEqual([500, 500, 500]);
    expect(rows.Enterprise).toMatchObject({ customer_months: 153, invoices_per_account_month: 1, mean_invoice: 1000 });
    expect(rows.Growth).toMatchObject({ customer_months: 12, invoices_per_account_month: 1, mean_invoice: 500 });
  });

  it('caps a lifetime above the cap, no churn or not, and reports what it would be without', async () => {
    const rows = await run();
    // Enterprise: 153 account-months / 1 churn = 153 months > 120: capped; ARPA 12 × 1000 / 12.
    expect(rows.Enterprise).toMatchObject({ account_months: 153, churned_accounts: 1, lifetime_months: 120, capped: true,
      uncapped_lifetime_months: 153, arpa: 1000, ltv_margin: 120_000, uncapped_ltv_margin: 153_000, ltv_purchase: 120_000 });
    expect(rows.Enterprise!.monthly_churn_rate).toBeCloseTo(100 / 153, 12);
    // Growth: no churn, an unbounded lifetime: the cap stands in, and there is no uncapped figure.
    expect(rows.Growth).toMatchObject({ account_months: 12, churned_accounts: 0, lifetime_months: 120, capped: true,
      uncapped_lifetime_months: null, ltv_margin: 60_000, uncapped_ltv_margin: null });
    expect(rows.Starter).toMatchObject({ capped: false, uncapped_lifetime_months: 5, uncapped_ltv_margin: 500 });
  });

  it('a higher cap leaves a churn under the default cap\'s rate measured; no cap leaves no churn without a lifetime', async () => {
    const higher = await run({ lifetimeCapMonths: 240 });
    expect(higher.Enterprise).toMatchObject({ lifetime_months: 153, capped: false, ltv_margin: 153_000, ltv_purchase: 153_000 });
    expect(higher.Growth).toMatchObject({ lifetime_months: 240, capped: true, ltv_margin: 120_000 });
    const none = await run({ lifetimeCapMonths: null });
    expect(none.Enterprise).toMatchObject({ lifetime_months: 153, capped: false, ltv_margin: 153_000 });
    expect(none.Growth).toMatchObject({ lifetime_months: null, capped: false, uncapped_lifetime_months: null,
      ltv_margin: null, ltv_purchase: null, ltv_net: null, invoices_per_account_month: 1 });
  });
});

describe('LTV on the generated sample (10,000 accounts)', () => {
  let sample: SampleSession | undefined;
  let session: Session;
  let tables: MetricTables;
  let invoices: InvoiceRow[];
  const asof = '2025-06-30';

  beforeAll(async () => {
    sample = await openSampleSession(10_000);
    session = sample.session;
    tables = await fetchMetricTables(session);
    invoices = rowsOf(await session.query('SELECT * FROM invoices')) as unknown as InvoiceRow[];
  });

  afterAll(async () => {
    await sample?.close();
  });

  it('every month in which an account is a customer has exactly one invoice, and no other month has one', () => {
    // Checked from the raw rows, without the metric: customer months from the subscriptions, billed months from the invoices.
    const statuses = accountStatuses(tables.accounts, spansByAccount(spansAsOf(tables.subscriptions, asof)), asof);
    const months = windowMonths(asof, 12);
    const customerMonths = new Set<string>();
    for (const status of statuses) {
      for (const month of months) if (customerDuring(status, month.start, month.end)) customerMonths.add(`${status.account.account_id} ${month.start}`);
    }
    const billed = new Map<string, number>();
    for (const invoice of invoices) {
      if (invoice.issued_on < months[0]!.start || invoice.issued_on > months.at(-1)!.end) continue;
      const key = `${invoice.account_id} ${invoice.issued_on.slice(0, 7)}-01`;
      billed.set(key, (billed.get(key) ?? 0) + 1);
    }
    expect(customerMonths.size).toBeGreaterThan(50_000);
    expect([...billed.values()].every((n) => n === 1)).toBe(true);
    expect([...billed.keys()].sort()).toEqual([...customerMonths].sort());
  });

  it('so purchase frequency is exactly 1 in every tier, and every figure agrees with the reference', async () => {
    const parameters = metrics.defaultLtvParameters;
    const sql = rowsOf((await metrics.runMetric(session, metrics.ltvMetric, { asof, groupBy: 'tier' }, parameters)).result);
    expect(sql.map((row) => [row.tier, row.invoices_per_account_month])).toEqual([['Enterprise', 1], ['Growth', 1], ['Starter', 1]]);
    const reference = referenceLtv(tables, invoices, { asof, period: null, groupBy: { from: 'accounts', column: 'tier' } }, parameters);
    expectClose(sql, reference);
    for (const cap of [240, null]) {
      const other = { ...parameters, lifetimeCapMonths: cap };
      const rows = rowsOf((await metrics.runMetric(session, metrics.ltvMetric, { asof, groupBy: 'tier' }, other)).result);
      expectClose(rows, referenceLtv(tables, invoices, { asof, period: null, groupBy: { from: 'accounts', column: 'tier' } }, other));
    }
  });
});

/** Same rows, same columns, numbers within a relative 1e-9. */
function expectClose(actual: readonly Row[], expected: readonly Row[]): void {
  expect(actual.map((row) => Object.keys(row))).toEqual(expected.map((row) => Object.keys(row)));
  actual.forEach((row, i) => {
    for (const [column, value] of Object.entries(row)) {
      const want = expected[i]![column];
      if (typeof value === 'number' && typeof want === 'number') expect(Math.abs(value - want), `${String(row.tier)} ${column}`).toBeLessThanOrEqual(1e-9 * Math.abs(want));
      else expect(value, `${String(row.tier)} ${column}`).toEqual(want);
    }
  });
}
