import type { MetricDefinition } from './run-metric.ts';
import { surveyByPeriodSql } from './sql-parts.ts';

/** CSAT per period and group (docs/metrics.md, CSAT): 100 × answers of 4 or 5 / answers. */
export const csatMetric: MetricDefinition = {
  name: 'csat',
  groupRelations: ['csat_responses', 'accounts', 'scores'],
  sql: (o) => surveyByPeriodSql(o, 'csat_responses', [
    'count(x.score) AS responses',
    'count(x.score) FILTER (WHERE x.score >= 4) AS satisfied',
    '100.0 * count(x.score) FILTER (WHERE x.score >= 4) / nullif(count(x.score), 0) AS csat',
  ]),
};
