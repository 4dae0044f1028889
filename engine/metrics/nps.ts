import type { MetricDefinition } from './run-metric.ts';
import { surveyByPeriodSql } from './sql-parts.ts';

/**
 * NPS per period and group (docs/metrics.md, NPS): responses dated in the period;
 * 100 × (promoters 9–10 − detractors 0–6) / responses, with the three shares and the count.
 * No responses → null.
 */
export const npsMetric: MetricDefinition = {
  name: 'nps',
  groupRelations: ['accounts', 'scores', 'nps_responses'],
  sql: (o) => {
    const share = (condition: string) => `100.0 * count(x.score) FILTER (WHERE ${condition}) / nullif(count(x.score), 0)`;
    return surveyByPeriodSql(o, 'nps_responses', [
      'count(x.score) AS responses',
      `${share('x.score >= 9')} AS promoters_pct`,
      `${share('x.score BETWEEN 7 AND 8')} AS passives_pct`,
      `${share('x.score <= 6')} AS detractors_pct`,
      '100.0 * (count(x.score) FILTER (WHERE x.score >= 9) - count(x.score) FILTER (WHERE x.score <= 6)) / nullif(count(x.score), 0) AS nps',
    ]);
  },
};
