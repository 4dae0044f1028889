/**
 * Cohort retention (docs/metrics.md, "Cohort retention"): the cohort of an account is its
 * signup month; cell (c, k) looks at the end of month c + k, for the months ended by D.
 */
import { endOfMonthAfter, monthStart } from './dates.ts';
import { compareGroups, groupColumn, groupName, percent, type MetricRow, type ReferenceOptions } from './options.ts';
import { mrrCentsOn, spansAsOf, spansByAccount } from './spans.ts';
import { accountStatuses, activeOn, type AccountStatus } from './status.ts';
import type { MetricTables } from './tables.ts';

/**
 * Rows shaped like `cohortMetric`'s: for each cohort (and group) with members, and each k with
 * month c + k ended by D: cohort size, accounts active at the end of month c + k, logo retention
 * (100 × active / size), the members' MRR in force that day, and revenue retention (100 × that
 * MRR / the MRR at the end of month c; null when the latter is 0). `options.period` is ignored.
 */
export function referenceCohorts(tables: MetricTables, options: ReferenceOptions): MetricRow[] {
  const { asof, groupBy } = options;
  if (groupBy && groupBy.from !== 'accounts') throw new Error('cohorts group by an accounts column');
  const spans = spansByAccount(spansAsOf(tables.subscriptions, asof));
  const members = new Map<string, { cohort: string; group: string | null; accounts: AccountStatus[] }>();
  for (const status of accountStatuses(tables.accounts, spans, asof)) {
    const cohort = monthStart(status.startedOn);
    const group = groupBy ? groupName(status.account[groupBy.column]) : null;
    const key = JSON.stringify([cohort, group]);
    const entry = members.get(key) ?? members.set(key, { cohort, group, accounts: [] }).get(key)!;
    entry.accounts.push(status);
  }
  const cohorts = [...members.values()].sort((a, b) => (a.cohort === b.cohort ? compareGroups(a.group, b.group) : a.cohort < b.cohort ? -1 : 1));
  const rows: MetricRow[] = [];
  for (const { cohort, group, accounts } of cohorts) {
    let monthZeroCents = 0;
    for (let k = 0; endOfMonthAfter(cohort, k) <= asof; k++) {
      const monthEnd = endOfMonthAfter(cohort, k);
      const retained = accounts.filter((status) => activeOn(status, monthEnd)).length;
      const cents = accounts.reduce((sum, status) => sum + mrrCentsOn(spans.get(status.account.account_id) ?? [], monthEnd), 0);
      if (k === 0) monthZeroCents = cents;
      rows.push({
        cohort, ...groupColumn(groupBy, group), month: k, month_end: monthEnd,
        cohort_size: accounts.length,
        retained,
        logo_retention: percent(retained, accounts.length),
        mrr: cents / 100,
        revenue_retention: percent(cents, monthZeroCents),
      });
    }
  }
  return rows;
}
