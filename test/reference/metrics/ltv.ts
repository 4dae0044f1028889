/**
 * Lifetime and LTV (docs/metrics.md, "Lifetime and LTV"): churn pooled over the window's full
 * months, lifetime capped (or not), ARPA on D, and the purchase form's invoices per
 * account-month of being a customer.
 */
import { addDays, addMonthsToMonthStart, monthStart, type Day } from './dates.ts';
import { distinctGroups, groupColumn, groupName, type MetricRow, type ReferenceOptions } from './options.ts';
import { mrrCentsOn, spansAsOf, spansByAccount } from './spans.ts';
import { accountStatuses, activeAtStart, activeOn, churnedDuring, type AccountStatus } from './status.ts';
import type { MetricTables } from './tables.ts';

/** A row of `invoices`; `amount` is in currency units (DECIMAL(12,2) read as a number). */
export interface InvoiceRow {
  readonly account_id: number;
  readonly issued_on: Day;
  readonly amount: number;
}

/** The parameters of `ltvMetric`, as docs/metrics.md names them. */
export interface ReferenceLtvParameters {
  readonly grossMargin: number;
  readonly windowMonths: number;
  /** Null: no cap. */
  readonly lifetimeCapMonths: number | null;
  readonly acquisitionCost: number;
  readonly yearlyServiceCost: number;
}

/** A customer for at least one day of [start, end]: started by its end, not churned by its start. */
export function customerDuring(status: AccountStatus, start: Day, end: Day): boolean {
  return status.startedOn <= end && (status.churnedOn === null || status.churnedOn > start);
}

/**
 * The window's months, oldest first: the `count` full calendar months ending on D when D is a
 * month's last day, else at the end of the month before.
 */
export function windowMonths(asof: Day, count: number): { start: Day; end: Day }[] {
  const lastEnd = monthStart(addDays(asof, 1)) === addDays(asof, 1) ? asof : addDays(monthStart(asof), -1);
  const last = monthStart(lastEnd);
  return Array.from({ length: count }, (_, i) => {
    const start = addMonthsToMonthStart(last, i - count + 1);
    return { start, end: addDays(addMonthsToMonthStart(start, 1), -1) };
  });
}

/** Rows shaped like `ltvMetric`'s, one per group of the accounts signed up by D. `options.period` is ignored. */
export function referenceLtv(tables: MetricTables, invoices: readonly InvoiceRow[], options: ReferenceOptions, p: ReferenceLtvParameters): MetricRow[] {
  const { asof, groupBy } = options;
  if (groupBy && groupBy.from !== 'accounts') throw new Error('LTV groups by an accounts column');
  const months = windowMonths(asof, p.windowMonths);
  const first = months[0]!.start;
  const last = months.at(-1)!.end;
  const spans = spansByAccount(spansAsOf(tables.subscriptions, asof));
  const statuses = accountStatuses(tables.accounts, spans, asof);
  const groupOf = (account: Record<string, unknown>) => (groupBy ? groupName(account[groupBy.column]) : null);
  const groups = distinctGroups(tables.accounts.filter((account) => account.signup_date <= asof).map((account) => (groupBy ? account[groupBy.column] : null)));
  const totals = new Map(groups.map((group) => [group, { accountMonths: 0, churned: 0, customerMonths: 0, active: 0, mrrCents: 0, invoices: 0, invoiceCents: 0 }]));
  const customers = new Map<number, AccountStatus>();
  for (const status of statuses) {
    const t = totals.get(groupOf(status.account))!;
    customers.set(status.account.account_id, status);
    for (const month of months) {
      if (activeAtStart(status, month.start)) {
        t.accountMonths += 1;
        if (churnedDuring(status, month.start, month.end)) t.churned += 1;
      }
      if (customerDuring(status, month.start, month.end)) t.customerMonths += 1;
    }
    if (activeOn(status, asof)) {
      t.active += 1;
      t.mrrCents += mrrCentsOn(spans.get(status.account.account_id)!, asof);
    }
  }
  for (const invoice of invoices) {
    const status = customers.get(invoice.account_id);
    if (!status || invoice.issued_on < first || invoice.issued_on > last) continue;
    const t = totals.get(groupOf(status.account))!;
    t.invoices += 1;
    t.invoiceCents += Math.round(invoice.amount * 100);
  }
  return groups.map((group) => {
    const t = totals.get(group)!;
    const measured = t.accountMonths > 0;
    const uncapped = measured && t.churned > 0 ? t.accountMonths / t.churned : null;
    const capped = measured && p.lifetimeCapMonths !== null && (uncapped === null || uncapped > p.lifetimeCapMonths);
    const lifetime = !measured ? null : capped ? p.lifetimeCapMonths : uncapped;
    const arpa = t.active > 0 ? t.mrrCents / 100 / t.active : null;
    const meanInvoice = t.invoices > 0 ? t.invoiceCents / 100 / t.invoices : null;
    const frequency = t.customerMonths > 0 ? t.invoices / t.customerMonths : null;
    const times = (...factors: (number | null)[]) => (factors.some((factor) => factor === null) ? null : factors.reduce((a, b) => a! * b!, 1));
    return {
      window_start: first, window_end: last, ...groupColumn(groupBy, group),
      account_months: t.accountMonths,
      churned_accounts: t.churned,
      monthly_churn_rate: measured ? (100 * t.churned) / t.accountMonths : null,
      lifetime_months: lifetime,
      capped,
      uncapped_lifetime_months: uncapped,
      active_accounts: t.active,
      arpa,
      ltv_margin: times(arpa, p.grossMargin, lifetime),
      uncapped_ltv_margin: times(arpa, p.grossMargin, uncapped),
      ltv_purchase: times(meanInvoice, frequency, lifetime),
      ltv_net: arpa === null || lifetime === null ? null : arpa * 12 * (lifetime / 12) - (p.acquisitionCost + p.yearlyServiceCost * (lifetime / 12)),
      mean_invoice: meanInvoice,
      customer_months: t.customerMonths,
      invoices_per_account_month: frequency,
    };
  });
}
