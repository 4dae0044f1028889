import type { MetricDefinition } from './run-metric.ts';
import { asofSql, firstDateOf, groupOf, groupOrder, groupSelect, groupsCte, periodsCte, scopeCte } from './sql-parts.ts';

/** CSAT per period and group (docs/metrics.md, CSAT): 100 × answers of 4 or 5 / answers. */
export const csatMetric: MetricDefinition = {
  name: 'csat',
  groupRelations: ['csat_responses', 'accounts', 'scores'],
  sql: (o) => {
    const d = asofSql(o);
    return `WITH ${scopeCte(o)},
${periodsCte(o, firstDateOf(o, 'csat_responses', 'responded_at'))},
answers AS (
  SELECT CAST(r.responded_at AS DATE) AS day, r.score, ${groupOf(o, 'csat_responses', 'r')} AS grp
  FROM csat_responses r JOIN scope sc USING (account_id)
  WHERE CAST(r.responded_at AS DATE) <= ${d} AND r.score IS NOT NULL
),
${groupsCte(o, 'csat_responses', `CAST(responded_at AS DATE) <= ${d}`)}
SELECT p.period_start, p.period_end, p.partial${groupSelect(o)},
  count(x.score) AS responses,
  count(x.score) FILTER (WHERE x.score >= 4) AS satisfied,
  100.0 * count(x.score) FILTER (WHERE x.score >= 4) / nullif(count(x.score), 0) AS csat
FROM periods p CROSS JOIN grps g
LEFT JOIN answers x ON x.day BETWEEN p.period_start AND p.period_end AND x.grp IS NOT DISTINCT FROM g.grp
GROUP BY ALL
ORDER BY p.period_start${groupOrder(o)}`;
  },
};
