import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { MetricDefinition } from './run-metric.ts';

/** The columns of `scores` a distribution reads: a score (0–100) and its grade. */
export interface ScoreColumns {
  readonly score: string;
  readonly grade: string;
}

/** The width of a histogram bin, in score points. */
export const SCORE_BIN = 5;

/**
 * The distribution of a score of the evaluated model, binned in SQL so that the chart's
 * inline data stays small however many accounts there are: one row per bin and grade with
 * the number of accounts, the lowest score of the grade (to order the grades), and how many
 * accounts have no score. Reads only `scores`, so it works whatever the entity table is;
 * `where <segment>` keeps the rows where that column of `scores` is true.
 */
export const scoreDistributionMetric: MetricDefinition<ScoreColumns> = {
  name: 'health_distribution',
  groupRelations: ['scores'],
  sql: (o, p) => {
    const score = `s.${sql.identifier(p.score)}`;
    const bin = sql.number(SCORE_BIN);
    return `WITH scoped AS (
  SELECT CAST(${score} AS DOUBLE) AS score, CAST(s.${sql.identifier(p.grade)} AS VARCHAR) AS grade
  FROM scores s${o.segment ? ` WHERE s.${sql.identifier(o.segment)}` : ''}
),
graded AS (
  SELECT CAST(least(greatest(floor(score / ${bin}) * ${bin}, 0), 100 - ${bin}) AS INTEGER) AS bin_start, grade,
    min(score) OVER (PARTITION BY grade) AS grade_min
  FROM scoped WHERE score IS NOT NULL
)
SELECT bin_start, bin_start + ${bin} AS bin_end, grade, count(*) AS accounts, any_value(grade_min) AS grade_min,
  (SELECT count(*) FROM scoped WHERE score IS NULL) AS unscored
FROM graded
GROUP BY bin_start, grade
ORDER BY bin_start, grade_min, grade`;
  },
};
