import type { MetricDefinition } from './run-metric.ts';
import { asofSql, firstDateOf, groupSelect, periodsCte, scopeCte } from './sql-parts.ts';

export interface SurveyParameters {
  /** NPS answers count by category (promoter, passive, detractor); CSAT answers by score (1–5). */
  readonly survey: 'nps' | 'csat';
}

/**
 * Survey answer × account attribute (docs/metrics.md): each account's latest answer in the
 * period, and per attribute value the share of answering accounts that gave each answer.
 */
export const surveyCrosstabMetric: MetricDefinition<SurveyParameters> = {
  name: 'survey_crosstab',
  groupRelations: ['accounts', 'scores'],
  sql: (o, p) => {
    const d = asofSql(o);
    const table = p.survey === 'nps' ? 'nps_responses' : 'csat_responses';
    const answer = p.survey === 'nps'
      ? "CASE WHEN l.score >= 9 THEN 'promoter' WHEN l.score >= 7 THEN 'passive' ELSE 'detractor' END"
      : 'CAST(l.score AS VARCHAR)';
    return `WITH ${scopeCte(o)},
${periodsCte(o, firstDateOf(o, table, 'responded_at'))},
latest AS (
  SELECT p.period_start, p.period_end, p.partial, r.account_id,
    arg_max(r.score, {'t': r.responded_at, 'v': r.score}) AS score
  FROM periods p JOIN ${table} r ON CAST(r.responded_at AS DATE) BETWEEN p.period_start AND p.period_end
  WHERE r.score IS NOT NULL
  GROUP BY ALL
),
answers AS (
  SELECT l.period_start, l.period_end, l.partial, sc.grp, ${answer} AS answer
  FROM latest l JOIN scope sc USING (account_id)
)
SELECT period_start, period_end, partial${groupSelect(o, 'grp')}, answer,
  count(*) AS accounts,
  100.0 * count(*) / sum(count(*)) OVER (PARTITION BY period_start, grp) AS percent
FROM answers
GROUP BY period_start, period_end, partial, grp, answer
ORDER BY period_start, grp NULLS LAST, answer`;
  },
};
