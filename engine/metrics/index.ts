/**
 * The customer-success metrics of DESIGN.md §5 (definitions in docs/metrics.md). Each is a
 * `MetricDefinition` run with `runMetric(session, definition, options, parameters)`.
 */
export { churnReasonsMetric } from './churn-reasons.ts';
export { cohortMetric } from './cohorts.ts';
export { csatMetric } from './csat.ts';
export { defaultLtvParameters, lifetimeMonths, ltvMetric, netLtv, type LtvParameters } from './ltv.ts';
export { npsMetric } from './nps.ts';
export type { MetricOptions, PeriodUnit, ResolvedOptions } from './options.ts';
export { referralsMetric } from './referrals.ts';
export { resolutionTimeMetric } from './resolution-time.ts';
export { retentionMetric } from './retention.ts';
export { runMetric, type MetricDefinition, type MetricResult } from './run-metric.ts';
export { surveyCrosstabMetric, type SurveyParameters } from './survey-crosstab.ts';
export { SCORE_BIN, scoreDistributionMetric, type ScoreColumns } from './score-distribution.ts';
