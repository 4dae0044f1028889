import type { MetricDefinition } from './run-metric.ts';
import { groupOrder, groupSelect, periodsCte, scopeCte, spansCte, statusCte } from './sql-parts.ts';

/** Accounts that churned in each period, by churn reason, with each reason's share. */
export const churnReasonsMetric: MetricDefinition = {
  name: 'churn_reasons',
  groupRelations: ['accounts', 'scores'],
  sql: (o) => `WITH ${spansCte(o)},
${statusCte(o)},
${scopeCte(o)},
${periodsCte(o, '(SELECT min(started_on) FROM status)')},
churned AS (
  SELECT p.period_start, p.period_end, p.partial, sc.grp, st.churn_reason
  FROM periods p
  JOIN status st ON st.churned_on BETWEEN p.period_start AND p.period_end
  JOIN scope sc USING (account_id)
)
SELECT period_start, period_end, partial${groupSelect(o, 'grp')}, churn_reason AS reason,
  count(*) AS accounts,
  100.0 * count(*) / sum(count(*)) OVER (PARTITION BY period_start, grp) AS share
FROM churned
GROUP BY period_start, period_end, partial, grp, churn_reason
ORDER BY period_start${groupOrder(o)}, accounts DESC, reason`,
};
