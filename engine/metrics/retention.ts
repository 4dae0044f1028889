import type { MetricDefinition } from './run-metric.ts';
import { groupOrder, groupSelect, periodsCte, scopeCte, spansCte, statusCte } from './sql-parts.ts';

/**
 * Account outcomes per period and group (docs/metrics.md): logo churn and renewal rate,
 * revenue churn, GRR and NRR, upsell and cross-sell rate — all over the accounts active at
 * the start of the period.
 */
export const retentionMetric: MetricDefinition = {
  name: 'retention',
  groupRelations: ['accounts', 'scores'],
  sql: (o) => `WITH ${spansCte(o)},
${statusCte(o)},
${scopeCte(o)},
${periodsCte(o, '(SELECT min(started_on) FROM status)')},
grps AS (SELECT DISTINCT grp FROM scope),
base AS (
  SELECT p.period_start, p.period_end, st.account_id, sc.grp,
    coalesce(st.churned_on BETWEEN p.period_start AND p.period_end, false) AS churned
  FROM periods p
  JOIN status st ON st.started_on < p.period_start AND (st.churned_on IS NULL OR st.churned_on >= p.period_start)
  JOIN scope sc USING (account_id)
),
money AS (
  SELECT b.period_start, b.account_id,
    coalesce(sum(sp.mrr) FILTER (WHERE sp.started_on < b.period_start AND (sp.ended_on IS NULL OR sp.ended_on >= b.period_start)), 0) AS start_mrr,
    coalesce(sum(sp.mrr) FILTER (WHERE sp.started_on <= b.period_end AND (sp.ended_on IS NULL OR sp.ended_on > b.period_end)), 0) AS end_mrr,
    coalesce(bool_or(sp.end_reason = 'upgrade' AND sp.ended_on BETWEEN b.period_start AND b.period_end), false) AS upgraded
  FROM base b JOIN spans sp USING (account_id)
  GROUP BY ALL
),
product_starts AS (SELECT account_id, product, min(started_on) AS first_start FROM spans GROUP BY ALL),
cross_sold AS (
  SELECT DISTINCT b.period_start, b.account_id
  FROM base b JOIN product_starts ps USING (account_id)
  WHERE ps.first_start BETWEEN b.period_start AND b.period_end
),
per_account AS (
  SELECT b.period_start, b.grp, b.churned, coalesce(m.start_mrr, 0) AS start_mrr, coalesce(m.end_mrr, 0) AS end_mrr,
    coalesce(m.upgraded, false) AS upgraded, c.account_id IS NOT NULL AS cross_sold
  FROM base b
  LEFT JOIN money m USING (period_start, account_id)
  LEFT JOIN cross_sold c USING (period_start, account_id)
),
totals AS (
  SELECT period_start, grp,
    count(*) AS active_at_start,
    count(*) FILTER (WHERE churned) AS churned_accounts,
    sum(start_mrr) AS start_mrr,
    coalesce(sum(start_mrr) FILTER (WHERE churned), 0) AS churned_mrr,
    coalesce(sum(greatest(end_mrr - start_mrr, 0)) FILTER (WHERE NOT churned), 0) AS expansion_mrr,
    coalesce(sum(greatest(start_mrr - end_mrr, 0)) FILTER (WHERE NOT churned), 0) AS contraction_mrr,
    count(*) FILTER (WHERE upgraded) AS upgraded_accounts,
    count(*) FILTER (WHERE cross_sold) AS cross_sold_accounts
  FROM per_account GROUP BY ALL
)
SELECT p.period_start, p.period_end, p.partial${groupSelect(o)},
  coalesce(t.active_at_start, 0) AS active_at_start,
  coalesce(t.churned_accounts, 0) AS churned_accounts,
  100.0 * t.churned_accounts / nullif(t.active_at_start, 0) AS logo_churn_rate,
  100.0 - 100.0 * t.churned_accounts / nullif(t.active_at_start, 0) AS renewal_rate,
  CAST(t.start_mrr AS DOUBLE) AS start_mrr,
  CAST(t.churned_mrr AS DOUBLE) AS churned_mrr,
  CAST(t.expansion_mrr AS DOUBLE) AS expansion_mrr,
  CAST(t.contraction_mrr AS DOUBLE) AS contraction_mrr,
  100.0 * t.churned_mrr / nullif(t.start_mrr, 0) AS revenue_churn_rate,
  100.0 * (t.start_mrr - t.churned_mrr - t.contraction_mrr) / nullif(t.start_mrr, 0) AS grr,
  100.0 * (t.start_mrr + t.expansion_mrr - t.contraction_mrr - t.churned_mrr) / nullif(t.start_mrr, 0) AS nrr,
  100.0 * t.upgraded_accounts / nullif(t.active_at_start, 0) AS upsell_rate,
  100.0 * t.cross_sold_accounts / nullif(t.active_at_start, 0) AS cross_sell_rate
FROM periods p CROSS JOIN grps g
LEFT JOIN totals t ON t.period_start = p.period_start AND t.grp IS NOT DISTINCT FROM g.grp
ORDER BY p.period_start${groupOrder(o)}`,
};
