import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { MetricDefinition } from './run-metric.ts';
import { asofSql, groupOrder, groupSelect, scopeCte, spansCte, statusCte } from './sql-parts.ts';

/** The parameters of the LTV forms (docs/metrics.md, Lifetime and LTV). */
export interface LtvParameters {
  /** Gross margin for the margin form, 0–1 (default 1). */
  readonly grossMargin: number;
  /** Full months the monthly churn rate is pooled over (default 12). */
  readonly windowMonths: number;
  /**
   * The longest lifetime reported, in months (default 120): a group whose pooled churn rate is
   * under 100 / cap % a month — no churn at all included — gets the cap as its lifetime and is
   * marked `capped`. Null for no cap: a group without churn then has no lifetime and no LTV.
   */
  readonly lifetimeCapMonths: number | null;
  /** One-off cost to acquire an account, for the net form (default 0). */
  readonly acquisitionCost: number;
  /** Yearly cost to serve an account, for the net form (default 0). */
  readonly yearlyServiceCost: number;
}

export const defaultLtvParameters: LtvParameters = {
  grossMargin: 1, windowMonths: 12, lifetimeCapMonths: 120, acquisitionCost: 0, yearlyServiceCost: 0,
};

/**
 * Lifetime and the three LTV forms per group. The monthly churn rate is pooled over the
 * window's full months; a lifetime beyond the cap (no churn included) is the cap, and the row is
 * marked `capped`, with the lifetime and margin-form LTV it would have without the cap.
 * Purchase frequency is invoices per account-month of being a customer, over the same
 * accounts and months as the invoices counted.
 */
export const ltvMetric: MetricDefinition<LtvParameters> = {
  name: 'ltv',
  groupRelations: ['accounts', 'scores'],
  sql: (o, p) => {
    const d = asofSql(o);
    const n = sql.number;
    // The last full month ends on D when D is a month's last day, else at the end of the month before.
    const lastEnd = `(CASE WHEN ${d} + 1 = CAST(date_trunc('month', ${d} + 1) AS DATE) THEN ${d} ELSE CAST(date_trunc('month', ${d}) AS DATE) - 1 END)`;
    const firstStart = `CAST(date_trunc('month', ${lastEnd}) - INTERVAL (${n(p.windowMonths - 1)}) MONTH AS DATE)`;
    // Without churn the lifetime is unbounded: null, unless a cap stands in for it.
    const uncapped = 'CASE WHEN c.churned > 0 THEN c.account_months / c.churned END';
    const capped = p.lifetimeCapMonths === null
      ? 'false'
      : `c.account_months > 0 AND (c.churned = 0 OR c.account_months / c.churned > ${n(p.lifetimeCapMonths)})`;
    const lifetime = p.lifetimeCapMonths === null ? uncapped : `CASE WHEN ${capped} THEN ${n(p.lifetimeCapMonths)} ELSE ${uncapped} END`;
    return `WITH ${spansCte(o)},
${statusCte(o)},
${scopeCte(o)},
grps AS (SELECT DISTINCT grp FROM scope),
months AS (
  SELECT CAST(s AS DATE) AS period_start, CAST(s + INTERVAL 1 MONTH AS DATE) - 1 AS period_end
  FROM range(CAST(${firstStart} AS TIMESTAMP), CAST(${lastEnd} + 1 AS TIMESTAMP), INTERVAL 1 MONTH) AS r(s)
),
monthly AS (
  SELECT sc.grp, m.period_start,
    count(*) AS at_start,
    count(*) FILTER (WHERE st.churned_on BETWEEN m.period_start AND m.period_end) AS churned
  FROM months m
  JOIN status st ON st.started_on < m.period_start AND (st.churned_on IS NULL OR st.churned_on >= m.period_start)
  JOIN scope sc USING (account_id)
  GROUP BY ALL
),
churn AS (SELECT grp, CAST(sum(at_start) AS DOUBLE) AS account_months, CAST(sum(churned) AS DOUBLE) AS churned FROM monthly GROUP BY grp),
active AS (
  SELECT sc.grp, count(DISTINCT st.account_id) AS accounts,
    CAST(coalesce(sum(sp.mrr), 0) AS DOUBLE) AS mrr
  FROM status st JOIN scope sc USING (account_id)
  LEFT JOIN spans sp ON sp.account_id = st.account_id AND sp.started_on <= ${d} AND (sp.ended_on IS NULL OR sp.ended_on > ${d})
  WHERE st.churned_on IS NULL OR st.churned_on > ${d}
  GROUP BY grp
),
-- Purchase frequency counts the months in which an account was a customer for at least a day
-- (its first and last month included), so that every invoice counted has its month counted.
customer_months AS (
  SELECT sc.grp, count(*) AS customer_months
  FROM months m
  JOIN status st ON st.started_on <= m.period_end AND (st.churned_on IS NULL OR st.churned_on > m.period_start)
  JOIN scope sc USING (account_id)
  GROUP BY grp
),
purchases AS (
  SELECT sc.grp, count(*) AS invoices, CAST(avg(i.amount) AS DOUBLE) AS mean_amount
  FROM invoices i JOIN status st USING (account_id) JOIN scope sc USING (account_id)
  WHERE CAST(i.issued_on AS DATE) BETWEEN (SELECT min(period_start) FROM months) AND ${lastEnd}
  GROUP BY grp
),
figures AS (
  SELECT g.grp, coalesce(c.account_months, 0) AS account_months, coalesce(c.churned, 0) AS churned_accounts,
    100.0 * c.churned / nullif(c.account_months, 0) AS monthly_churn_rate,
    CASE WHEN c.account_months > 0 THEN ${lifetime} END AS lifetime_months,
    CASE WHEN c.account_months > 0 THEN ${uncapped} END AS uncapped_lifetime_months,
    coalesce(${capped}, false) AS capped,
    coalesce(a.accounts, 0) AS active_accounts,
    a.mrr / nullif(a.accounts, 0) AS arpa,
    pu.mean_amount AS mean_invoice,
    coalesce(cm.customer_months, 0) AS customer_months,
    coalesce(pu.invoices, 0) / nullif(cm.customer_months, 0) AS invoices_per_account_month
  FROM grps g
  LEFT JOIN churn c ON c.grp IS NOT DISTINCT FROM g.grp
  LEFT JOIN active a ON a.grp IS NOT DISTINCT FROM g.grp
  LEFT JOIN customer_months cm ON cm.grp IS NOT DISTINCT FROM g.grp
  LEFT JOIN purchases pu ON pu.grp IS NOT DISTINCT FROM g.grp
)
SELECT (SELECT min(period_start) FROM months) AS window_start, ${lastEnd} AS window_end${groupSelect(o, 'grp')},
  account_months, churned_accounts, monthly_churn_rate, lifetime_months, capped, uncapped_lifetime_months, active_accounts, arpa,
  arpa * ${n(p.grossMargin)} * lifetime_months AS ltv_margin,
  arpa * ${n(p.grossMargin)} * uncapped_lifetime_months AS uncapped_ltv_margin,
  mean_invoice * invoices_per_account_month * lifetime_months AS ltv_purchase,
  arpa * 12 * (lifetime_months / 12) - (${n(p.acquisitionCost)} + ${n(p.yearlyServiceCost)} * (lifetime_months / 12)) AS ltv_net,
  mean_invoice, customer_months, invoices_per_account_month
FROM figures
ORDER BY 1${groupOrder(o)}`;
  },
};

/** Lifetime in months from a monthly churn rate in percent (docs/metrics.md: 2 % → 50 months). */
export function lifetimeMonths(monthlyChurnPercent: number): number {
  return 1 / (monthlyChurnPercent / 100);
}

/**
 * The net form of LTV (docs/metrics.md): yearly revenue × years − (acquisition cost + yearly
 * service cost × years). 1,000 × 10 − 2,500 = 7,500.
 */
export function netLtv(input: { yearlyRevenue: number; years: number; acquisitionCost: number; yearlyServiceCost: number }): number {
  return input.yearlyRevenue * input.years - (input.acquisitionCost + input.yearlyServiceCost * input.years);
}
