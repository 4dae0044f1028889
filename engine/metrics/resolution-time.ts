import type { MetricDefinition } from './run-metric.ts';
import { asofSql, firstDateOf, groupOf, groupOrder, groupSelect, groupsCte, periodsCte, scopeCte } from './sql-parts.ts';

/**
 * Resolution and first-response times in hours of tickets opened in each period
 * (docs/metrics.md): count, mean, median and p90 (continuous quantiles); only what happened
 * by D counts.
 */
export const resolutionTimeMetric: MetricDefinition = {
  name: 'resolution_time',
  groupRelations: ['tickets', 'accounts', 'scores'],
  sql: (o) => {
    const d = asofSql(o);
    const stats = (column: string, prefix: string) => `count(x.${column}) AS ${prefix}_count,
  avg(x.${column}) AS ${prefix}_mean_hours,
  quantile_cont(x.${column}, 0.5) AS ${prefix}_median_hours,
  quantile_cont(x.${column}, 0.9) AS ${prefix}_p90_hours`;
    return `WITH ${scopeCte(o)},
${periodsCte(o, firstDateOf(o, 'tickets', 'opened_at'))},
opened AS (
  SELECT CAST(t.opened_at AS DATE) AS day, ${groupOf(o, 'tickets', 't')} AS grp,
    CASE WHEN CAST(t.resolved_at AS DATE) <= ${d} THEN epoch(t.resolved_at - t.opened_at) / 3600 END AS resolution,
    CASE WHEN CAST(t.first_response_at AS DATE) <= ${d} THEN epoch(t.first_response_at - t.opened_at) / 3600 END AS first_response
  FROM tickets t JOIN scope sc USING (account_id)
  WHERE CAST(t.opened_at AS DATE) <= ${d}
),
${groupsCte(o, 'tickets', `CAST(opened_at AS DATE) <= ${d}`)}
SELECT p.period_start, p.period_end, p.partial${groupSelect(o)},
  count(x.day) AS opened,
  ${stats('resolution', 'resolution')},
  ${stats('first_response', 'first_response')}
FROM periods p CROSS JOIN grps g
LEFT JOIN opened x ON x.day BETWEEN p.period_start AND p.period_end AND x.grp IS NOT DISTINCT FROM g.grp
GROUP BY ALL
ORDER BY p.period_start${groupOrder(o)}`;
  },
};
