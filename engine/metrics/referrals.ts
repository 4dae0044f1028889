import type { MetricDefinition } from './run-metric.ts';
import { asofSql, firstDateOf, groupOrder, groupSelect, periodsCte, scopeCte } from './sql-parts.ts';

/**
 * Referrals per period and group of the referring account (docs/metrics.md): made,
 * converted, promoters (accounts with an NPS answer of 9–10 in the period) and referrals per promoter.
 */
export const referralsMetric: MetricDefinition = {
  name: 'referrals',
  groupRelations: ['accounts', 'scores'],
  sql: (o) => {
    const d = asofSql(o);
    return `WITH ${scopeCte(o)},
${periodsCte(o, firstDateOf(o, 'referrals', 'referred_on'))},
grps AS (SELECT DISTINCT grp FROM scope),
made AS (
  SELECT p.period_start, sc.grp, count(*) AS referrals_made, count(*) FILTER (WHERE r.converted) AS referrals_converted
  FROM periods p JOIN referrals r ON r.referred_on BETWEEN p.period_start AND p.period_end
  JOIN scope sc ON sc.account_id = r.referrer_account_id
  GROUP BY ALL
),
promoters AS (
  SELECT p.period_start, sc.grp, count(DISTINCT n.account_id) AS promoters
  FROM periods p JOIN nps_responses n ON CAST(n.responded_at AS DATE) BETWEEN p.period_start AND p.period_end
  JOIN scope sc USING (account_id)
  WHERE n.score >= 9
  GROUP BY ALL
)
SELECT p.period_start, p.period_end, p.partial${groupSelect(o)},
  coalesce(m.referrals_made, 0) AS referrals_made,
  coalesce(m.referrals_converted, 0) AS referrals_converted,
  coalesce(x.promoters, 0) AS promoters,
  coalesce(m.referrals_made, 0) / nullif(x.promoters, 0) AS referrals_per_promoter
FROM periods p CROSS JOIN grps g
LEFT JOIN made m ON m.period_start = p.period_start AND m.grp IS NOT DISTINCT FROM g.grp
LEFT JOIN promoters x ON x.period_start = p.period_start AND x.grp IS NOT DISTINCT FROM g.grp
WHERE p.period_start <= ${d}
ORDER BY p.period_start${groupOrder(o)}`;
  },
};
