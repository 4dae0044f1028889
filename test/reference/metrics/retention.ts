/**
 * Account outcomes per period (docs/metrics.md, "Logo churn rate, renewal rate", "Revenue
 * churn, GRR, NRR", "Upsell and cross-sell rate"), all over the accounts active at the start
 * of the period; accounts acquired during it count nowhere.
 */
import { periodsUpTo, type Day } from './dates.ts';
import { distinctGroups, groupColumn, groupName, percent, type MetricRow, type ReferenceOptions } from './options.ts';
import { mrrCentsAtStart, mrrCentsOn, spansAsOf, spansByAccount, type Span } from './spans.ts';
import { accountStatuses, activeAtStart, churnedDuring } from './status.ts';
import type { MetricTables } from './tables.ts';

/** What one group adds up over one period. */
interface Totals {
  active: number;
  churned: number;
  startCents: number;
  churnedCents: number;
  expansionCents: number;
  contractionCents: number;
  upgraded: number;
  crossSold: number;
}

const emptyTotals = (): Totals => ({ active: 0, churned: 0, startCents: 0, churnedCents: 0, expansionCents: 0, contractionCents: 0, upgraded: 0, crossSold: 0 });

/** A span ended by an upgrade on a day of [start, end]. */
function upgradedDuring(spans: readonly Span[], start: Day, end: Day): boolean {
  return spans.some((span) => span.endReason === 'upgrade' && span.endedOn !== null && span.endedOn >= start && span.endedOn <= end);
}

/** A span started in [start, end] of a product none of whose spans had started before `start`. */
function crossSoldDuring(spans: readonly Span[], start: Day, end: Day): boolean {
  const heldBefore = new Set(spans.filter((span) => span.startedOn < start).map((span) => span.product));
  return spans.some((span) => span.startedOn >= start && span.startedOn <= end && !heldBefore.has(span.product));
}

/**
 * Rows shaped like `retentionMetric`'s. Periods run from the first signup to D (none when no
 * account started by D). Groups are the values of the column among the accounts started by D;
 * a group with no account active at the start of a period shows 0 accounts and null for every
 * rate and MRR figure.
 */
export function referenceRetention(tables: MetricTables, options: ReferenceOptions): MetricRow[] {
  const { asof, groupBy } = options;
  if (groupBy && groupBy.from !== 'accounts') throw new Error('retention groups by an accounts column');
  const spans = spansByAccount(spansAsOf(tables.subscriptions, asof));
  const statuses = accountStatuses(tables.accounts, spans, asof);
  if (statuses.length === 0) return [];
  const firstDay = statuses.reduce((first, status) => (status.startedOn < first ? status.startedOn : first), asof);
  const groups = groupBy ? distinctGroups(statuses.map((status) => status.account[groupBy.column])) : [null];
  const rows: MetricRow[] = [];
  for (const period of periodsUpTo(firstDay, asof, options.period)) {
    const totals = new Map(groups.map((group) => [group, emptyTotals()]));
    for (const status of statuses) {
      if (!activeAtStart(status, period.start)) continue;
      const own = spans.get(status.account.account_id) ?? [];
      const t = totals.get(groupBy ? groupName(status.account[groupBy.column]) : null)!;
      const start = mrrCentsAtStart(own, period.start);
      t.active += 1;
      t.startCents += start;
      if (churnedDuring(status, period.start, period.end)) {
        t.churned += 1;
        t.churnedCents += start;
      } else {
        const end = mrrCentsOn(own, period.end);
        t.expansionCents += Math.max(end - start, 0);
        t.contractionCents += Math.max(start - end, 0);
      }
      if (upgradedDuring(own, period.start, period.end)) t.upgraded += 1;
      if (crossSoldDuring(own, period.start, period.end)) t.crossSold += 1;
    }
    for (const group of groups) {
      const t = totals.get(group)!;
      const money = (cents: number) => (t.active === 0 ? null : cents / 100);
      const logoChurn = percent(t.churned, t.active);
      rows.push({
        period_start: period.start, period_end: period.end, partial: period.partial,
        ...groupColumn(groupBy, group),
        active_at_start: t.active,
        churned_accounts: t.churned,
        logo_churn_rate: logoChurn,
        renewal_rate: logoChurn === null ? null : 100 - logoChurn,
        start_mrr: money(t.startCents),
        churned_mrr: money(t.churnedCents),
        expansion_mrr: money(t.expansionCents),
        contraction_mrr: money(t.contractionCents),
        revenue_churn_rate: percent(t.churnedCents, t.startCents),
        grr: percent(t.startCents - t.churnedCents - t.contractionCents, t.startCents),
        nrr: percent(t.startCents + t.expansionCents - t.contractionCents - t.churnedCents, t.startCents),
        upsell_rate: percent(t.upgraded, t.active),
        cross_sell_rate: percent(t.crossSold, t.active),
      });
    }
  }
  return rows;
}
