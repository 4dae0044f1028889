import type { Range } from '../../dsl/syntax/ast.ts';
import type { PeriodUnit } from '../metrics/options.ts';

/**
 * What a built-in chart line asks for (DESIGN.md §6), as plain serializable data: the
 * result of parsing a line (`chart-line.ts`), before any name is checked against the
 * session. Every name keeps the place where it was written, so that later checks can point
 * at it.
 *
 * The union is closed and keyed by `kind`: the parser's grammar table and the builder's
 * plan table are `Record`s over `ChartKind`, so adding a chart (say `grade_migration` or
 * `backtest`, which come with model validation) means adding its request type here, and
 * the compiler then asks for its grammar and its plan.
 */
export type ChartRequest =
  | RetentionRequest
  | ChurnRateRequest
  | LtvRequest
  | NpsRequest
  | CsatRequest
  | HealthDistributionRequest
  | ResolutionTimeRequest
  | ChurnReasonsRequest
  | ReferralsRequest
  | SurveyRequest
  | BacktestRequest
  | GradeMigrationRequest;

/** The name of a built-in chart that Pulse can draw. */
export type ChartKind = ChartRequest['kind'];

/** A name as written in the chart line, with its place. */
export interface NameRef {
  readonly name: string;
  readonly range: Range;
}

interface RequestBase {
  /** The whole chart line. */
  readonly range: Range;
  /** Where the chart name is written. */
  readonly nameRange: Range;
  /** `where <segment>`: only the accounts in that segment; null for all accounts. */
  readonly where: NameRef | null;
}

/** `retention by signup_month [logo|revenue]`: the cohort heatmap. */
export interface RetentionRequest extends RequestBase {
  readonly kind: 'retention';
  /** Share of accounts still active (logo, the default) or of month-0 MRR still paid (revenue). */
  readonly basis: 'logo' | 'revenue';
}

/** `churn_rate by <column> [monthly|quarterly|yearly]` (default monthly): logo churn over time. */
export interface ChurnRateRequest extends RequestBase {
  readonly kind: 'churn_rate';
  readonly by: NameRef;
  readonly period: PeriodUnit;
}

/** `ltv by <column> [cap <N> months | cap none]`: lifetime value per group, capped groups marked. */
export interface LtvRequest extends RequestBase {
  readonly kind: 'ltv';
  readonly by: NameRef;
  /** The lifetime cap in months (default 120, docs/metrics.md); null for `cap none`. */
  readonly capMonths: number | null;
}

/** `nps by <column> [monthly|quarterly|yearly]` (default quarterly): the three shares and the NPS. */
export interface NpsRequest extends RequestBase {
  readonly kind: 'nps';
  readonly by: NameRef;
  readonly period: PeriodUnit;
}

/** `csat by <column>` (usually `touchpoint`). */
export interface CsatRequest extends RequestBase {
  readonly kind: 'csat';
  readonly by: NameRef;
}

/** `health_distribution [of <score>]` (default `health`): histogram of a score of `scores`, coloured by grade. */
export interface HealthDistributionRequest extends RequestBase {
  readonly kind: 'health_distribution';
  /** The score; when not written, `health` placed at the chart name. */
  readonly score: NameRef;
}

/** `resolution_time by <column>` (usually `complexity`): median, p90 and mean hours. */
export interface ResolutionTimeRequest extends RequestBase {
  readonly kind: 'resolution_time';
  readonly by: NameRef;
}

/** `churn_reasons [by <column>]`: share of churned accounts by reason. */
export interface ChurnReasonsRequest extends RequestBase {
  readonly kind: 'churn_reasons';
  readonly by: NameRef | null;
}

/** `referrals by <column> [monthly|quarterly|yearly]` (default quarterly): referrals made and converted, and per promoter. */
export interface ReferralsRequest extends RequestBase {
  readonly kind: 'referrals';
  readonly by: NameRef;
  readonly period: PeriodUnit;
}

/** `survey nps|csat by <column>`: the share of each group's accounts by their latest answer. */
export interface SurveyRequest extends RequestBase {
  readonly kind: 'survey';
  readonly survey: 'nps' | 'csat';
  readonly by: NameRef;
}

/**
 * `backtest <score> [vs <score>] [predicting churn] within <N> days [from <date> to <date>] [weekly|monthly|quarterly]`:
 * how well a score of the notebook's model predicted churn, or which of two did better (docs/backtest.md).
 */
export interface BacktestRequest extends RequestBase {
  readonly kind: 'backtest';
  readonly score: NameRef;
  /** The score to compare it with, if any. */
  readonly versus: NameRef | null;
  readonly horizonDays: number;
  /** The first and last evaluation dates; null for the default range (docs/backtest.md). */
  readonly from: string | null;
  readonly to: string | null;
  readonly every: 'week' | 'month' | 'quarter';
}

/** `grade_migration from <score> to <score>`: accounts moving between the grades of two scores of the model. */
export interface GradeMigrationRequest extends RequestBase {
  readonly kind: 'grade_migration';
  readonly from: NameRef;
  readonly to: NameRef;
}

/** The charts that validate a model: they evaluate the notebook's model themselves. */
export type ValidationChartKind = 'backtest' | 'grade_migration';

/** The charts drawn from one metric of the data. */
export type MetricChartKind = Exclude<ChartKind, ValidationChartKind>;

/** Every chart kind, in the order the docs list them. */
export const CHART_KINDS: readonly ChartKind[] = [
  'retention', 'churn_rate', 'ltv', 'nps', 'csat', 'health_distribution', 'resolution_time', 'churn_reasons', 'referrals', 'survey', 'backtest',
  'grade_migration',
];

/** The chart's grouping column, when it has one. */
export function groupOf(request: ChartRequest): NameRef | null {
  return 'by' in request ? request.by : null;
}
