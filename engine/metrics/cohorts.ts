import type { MetricDefinition } from './run-metric.ts';
import { asofSql, groupSelect, scopeCte, spansCte, statusCte } from './sql-parts.ts';

/**
 * Cohort retention (docs/metrics.md): cohort = signup month; for month k of each cohort, the
 * share of its accounts still active at the end of month c + k (logo), and its MRR then over
 * its MRR at the end of month c (revenue, may exceed 100). Only months ended by D.
 */
export const cohortMetric: MetricDefinition = {
  name: 'cohorts',
  groupRelations: ['accounts', 'scores'],
  sql: (o) => {
    const d = asofSql(o);
    return `WITH ${spansCte(o)},
${statusCte(o)},
${scopeCte(o)},
members AS (
  SELECT st.account_id, sc.grp, CAST(date_trunc('month', st.started_on) AS DATE) AS cohort, st.churned_on
  FROM status st JOIN scope sc USING (account_id)
),
cells AS (
  SELECT c.grp, c.cohort, k.k AS month, CAST(c.cohort + to_months(CAST(k.k + 1 AS INTEGER)) AS DATE) - 1 AS month_end
  FROM (SELECT DISTINCT grp, cohort FROM members) c CROSS JOIN range(0, 1200) AS k(k)
  WHERE CAST(c.cohort + to_months(CAST(k.k + 1 AS INTEGER)) AS DATE) - 1 <= ${d}
),
logo AS (
  SELECT cl.grp, cl.cohort, cl.month, cl.month_end, count(*) AS cohort_size,
    count(*) FILTER (WHERE m.churned_on IS NULL OR m.churned_on > cl.month_end) AS retained
  FROM cells cl JOIN members m ON m.cohort = cl.cohort AND m.grp IS NOT DISTINCT FROM cl.grp
  GROUP BY ALL
),
revenue AS (
  SELECT cl.grp, cl.cohort, cl.month, CAST(sum(sp.mrr) AS DOUBLE) AS mrr
  FROM cells cl JOIN members m ON m.cohort = cl.cohort AND m.grp IS NOT DISTINCT FROM cl.grp
  JOIN spans sp ON sp.account_id = m.account_id AND sp.started_on <= cl.month_end AND (sp.ended_on IS NULL OR sp.ended_on > cl.month_end)
  GROUP BY ALL
),
cohort_cells AS (
  SELECT l.grp, l.cohort, l.month, l.month_end, l.cohort_size, l.retained, coalesce(r.mrr, 0) AS mrr
  FROM logo l LEFT JOIN revenue r ON r.cohort = l.cohort AND r.month = l.month AND r.grp IS NOT DISTINCT FROM l.grp
)
SELECT cohort${groupSelect(o, 'grp')}, month, month_end, cohort_size, retained,
  100.0 * retained / cohort_size AS logo_retention,
  mrr,
  100.0 * mrr / nullif(first_value(mrr) OVER (PARTITION BY grp, cohort ORDER BY month), 0) AS revenue_retention
FROM cohort_cells
ORDER BY cohort, grp NULLS LAST, month`;
  },
};
