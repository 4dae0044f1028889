import type { MetricDefinition } from './run-metric.ts';
import { asofSql, firstDateOf, groupOf, groupOrder, groupSelect, groupsCte, periodsCte, scopeCte } from './sql-parts.ts';

/**
 * NPS per period and group (docs/metrics.md, NPS): responses dated in the period;
 * 100 × (promoters 9–10 − detractors 0–6) / responses, with the three shares and the count.
 * No responses → null.
 */
export const npsMetric: MetricDefinition = {
  name: 'nps',
  groupRelations: ['accounts', 'scores', 'nps_responses'],
  sql: (o) => {
    const d = asofSql(o);
    const share = (condition: string) => `100.0 * count(x.score) FILTER (WHERE ${condition}) / nullif(count(x.score), 0)`;
    return `WITH ${scopeCte(o)},
${periodsCte(o, firstDateOf(o, 'nps_responses', 'responded_at'))},
answers AS (
  SELECT CAST(r.responded_at AS DATE) AS day, r.score, ${groupOf(o, 'nps_responses', 'r')} AS grp
  FROM nps_responses r JOIN scope sc USING (account_id)
  WHERE CAST(r.responded_at AS DATE) <= ${d} AND r.score IS NOT NULL
),
${groupsCte(o, 'nps_responses', `CAST(responded_at AS DATE) <= ${d}`)}
SELECT p.period_start, p.period_end, p.partial${groupSelect(o)},
  count(x.score) AS responses,
  ${share('x.score >= 9')} AS promoters_pct,
  ${share('x.score BETWEEN 7 AND 8')} AS passives_pct,
  ${share('x.score <= 6')} AS detractors_pct,
  100.0 * (count(x.score) FILTER (WHERE x.score >= 9) - count(x.score) FILTER (WHERE x.score <= 6)) / nullif(count(x.score), 0) AS nps
FROM periods p CROSS JOIN grps g
LEFT JOIN answers x ON x.day BETWEEN p.period_start AND p.period_end AND x.grp IS NOT DISTINCT FROM g.grp
GROUP BY ALL
ORDER BY p.period_start${groupOrder(o)}`;
  },
};
