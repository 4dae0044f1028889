import type { TopLevelSpec } from 'vega-lite';
import type { Diagnostic } from '../../dsl/diagnostics.ts';
import { PulseError } from '../errors.ts';
import { listTables } from '../introspect.ts';
import {
  churnReasonsMetric, cohortMetric, csatMetric, defaultLtvParameters, ltvMetric, npsMetric, referralsMetric, resolutionTimeMetric, retentionMetric, runMetric,
  surveyCrosstabMetric,
  type MetricDefinition, type MetricOptions, type MetricResult,
} from '../metrics/index.ts';
import type { GroupRelations, PeriodUnit } from '../metrics/options.ts';
import type { Session } from '../session.ts';
import { parseChartLine } from './chart-line.ts';
import { at, chartMessages } from '../../dsl/messages.ts';
import type { ChartRequest, MetricChartKind } from './chart-request.ts';
import { buildValidationChart } from './validation-charts.ts';
import type { ModelIR } from '../../dsl/index.ts';
import { scoreDistributionMetric } from '../metrics/score-distribution.ts';
import { resolveNames, type ResolvedNames } from './resolve-request.ts';
import { duplicateColumn, resultRows } from './result-rows.ts';
import { churnRateSpec } from './specs/churn-rate.ts';
import { churnReasonsSpec } from './specs/churn-reasons.ts';
import type { ChartContext, Row } from './specs/common.ts';
import { csatSpec } from './specs/csat.ts';
import { healthDistributionSpec } from './specs/health-distribution.ts';
import { ltvSpec } from './specs/ltv.ts';
import { npsSpec } from './specs/nps.ts';
import { referralsSpec } from './specs/referrals.ts';
import { resolutionTimeSpec } from './specs/resolution-time.ts';
import { retentionHeatmapSpec } from './specs/retention-heatmap.ts';
import { surveySpec } from './specs/survey.ts';

/** What `buildChart` may be told. */
export interface BuildChartOptions {
  /** The evaluation date (YYYY-MM-DD); default: the latest date in the data. */
  readonly asof?: string;
  /** Aborting it interrupts the chart's query (a newer edit superseded this run). */
  readonly signal?: AbortSignal;
  /** The notebook's model, which `backtest` and `grade_migration` evaluate; null or absent when it has none. */
  readonly model?: ModelIR | null;
}

/** A built chart: the spec with its data inline, or null with the reasons in `diagnostics`. */
export interface BuiltChart {
  /** A complete Vega-Lite v6 spec, data inline; null when the line has errors. */
  readonly spec: TopLevelSpec | null;
  /** The parsed line; null when it could not be parsed. */
  readonly request: ChartRequest | null;
  /** Errors (then `spec` is null) and warnings (an empty chart), with their place in the line. */
  readonly diagnostics: readonly Diagnostic[];
  /** The SQL that computed the chart's data, once it ran. */
  readonly sql?: string;
}

/**
 * Builds a built-in chart (DESIGN.md §6) from its chart line: parses it, checks its column
 * and segment names against the session's tables, runs its metric and builds the Vega-Lite
 * spec. Mistakes in the line are diagnostics, never exceptions; a query that fails, times out
 * or is cancelled throws its `PulseError` as any query does.
 */
export async function buildChart(session: Session, line: string, options: BuildChartOptions = {}): Promise<BuiltChart> {
  const parsed = parseChartLine(line);
  const request = parsed.request;
  if (!request) return { spec: null, request: null, diagnostics: parsed.diagnostics };
  if (request.kind === 'backtest' || request.kind === 'grade_migration') {
    return reportingBadArguments(request, () => buildValidationChart(session, request, { ...options, model: options.model ?? null }));
  }
  const plan = PLANS[request.kind] as ChartPlan<MetricChartRequest>;
  const { names, diagnostics } = resolveNames(request, await listTables(session, { rows: false }), plan.relations);
  if (!names) return { spec: null, request, diagnostics };
  return reportingBadArguments(request, async () => {
    const metric = await plan.run(session, request, names, {
      asof: options.asof, period: periodOf(request), groupBy: names.groupBy, segment: names.segment,
    }, options.signal);
    return drawMetric(metric, plan, request, names);
  });
}

function drawMetric(metric: MetricResult, plan: ChartPlan<MetricChartRequest>, request: MetricChartRequest, names: ResolvedNames): BuiltChart {
  const clash = duplicateColumn(metric.result);
  if (clash) {
    return { spec: null, request, diagnostics: [at(chartMessages.groupClash(clash), 'by' in request && request.by ? request.by.range : request.range)], sql: metric.sql };
  }
  const rows = resultRows(metric.result);
  const spec = plan.spec(rows, request, names, { asof: metric.options.asof, segment: names.segment });
  const empty = rows.length === 0 ? [at(chartMessages.noData(metric.options.asof), request.range)] : [];
  return { spec, request, diagnostics: empty, sql: metric.sql };
}

/** Runs `build`; an argument the engine refuses (a `bad_argument` error) becomes a diagnostic on the line. */
async function reportingBadArguments(request: ChartRequest, build: () => Promise<BuiltChart>): Promise<BuiltChart> {
  try {
    return await build();
  } catch (error) {
    if (error instanceof PulseError && error.code === 'bad_argument') {
      return { spec: null, request, diagnostics: [at(chartMessages.badArgument(error.message), request.range)] };
    }
    throw error;
  }
}

/** How one kind of chart gets its data and draws it. */
interface ChartPlan<R extends MetricChartRequest> {
  /** Where its grouping column may come from, in order (the metric's own list). */
  readonly relations: GroupRelations;
  readonly run: (session: Session, request: R, names: ResolvedNames, options: MetricOptions, signal?: AbortSignal) => Promise<MetricResult>;
  readonly spec: (rows: readonly Row[], request: R, names: ResolvedNames, context: ChartContext) => TopLevelSpec;
}

/** A plan whose data is one metric run with fixed parameters. */
function metricPlan<R extends MetricChartRequest, P>(definition: MetricDefinition<P>, parameters: P, spec: ChartPlan<R>['spec']): ChartPlan<R> {
  return {
    relations: definition.groupRelations,
    run: (session, _request, _names, options, signal) => runMetric(session, definition, options, parameters, signal ? { signal } : {}),
    spec,
  };
}

type MetricChartRequest = Extract<ChartRequest, { kind: MetricChartKind }>;
type PlanFor<K extends MetricChartKind> = ChartPlan<Extract<ChartRequest, { kind: K }>>;

const PLANS: { readonly [K in MetricChartKind]: PlanFor<K> } = {
  retention: metricPlan(cohortMetric, {}, (rows, request, _names, context) => retentionHeatmapSpec(rows, { ...context, basis: request.basis })),
  churn_rate: metricPlan(retentionMetric, {}, (rows, request, names, context) =>
    churnRateSpec(rows, { ...context, group: names.groupBy!, period: request.period })),
  ltv: {
    relations: ltvMetric.groupRelations,
    run: (session, request, _names, options, signal) =>
      runMetric(session, ltvMetric, options, { ...defaultLtvParameters, lifetimeCapMonths: request.capMonths }, signal ? { signal } : {}),
    spec: (rows, request, names, context) =>
      ltvSpec(rows, { ...context, group: names.groupBy!, capMonths: request.capMonths, grossMargin: defaultLtvParameters.grossMargin }),
  },
  nps: metricPlan(npsMetric, {}, (rows, request, names, context) => npsSpec(rows, { ...context, group: names.groupBy!, period: request.period })),
  csat: metricPlan(csatMetric, {}, (rows, _request, names, context) => csatSpec(rows, { ...context, group: names.groupBy! })),
  health_distribution: {
    relations: [],
    run: (session, _request, names, options, signal) => runMetric(session, scoreDistributionMetric, options, names.score!, signal ? { signal } : {}),
    spec: (rows, _request, names, context) => healthDistributionSpec(rows, { ...context, score: names.score!.score }),
  },
  resolution_time: metricPlan(resolutionTimeMetric, {}, (rows, _request, names, context) => resolutionTimeSpec(rows, { ...context, group: names.groupBy! })),
  churn_reasons: metricPlan(churnReasonsMetric, {}, (rows, _request, names, context) => churnReasonsSpec(rows, { ...context, group: names.groupBy })),
  referrals: metricPlan(referralsMetric, {}, (rows, request, names, context) => referralsSpec(rows, { ...context, group: names.groupBy!, period: request.period })),
  survey: {
    relations: surveyCrosstabMetric.groupRelations,
    run: (session, request, _names, options, signal) => runMetric(session, surveyCrosstabMetric, options, { survey: request.survey }, signal ? { signal } : {}),
    spec: (rows, request, names, context) => surveySpec(rows, { ...context, group: names.groupBy!, survey: request.survey }),
  },
};

/** The period a chart cuts its metric by; null for charts over the whole history. */
function periodOf(request: MetricChartRequest): PeriodUnit | null {
  return 'period' in request ? request.period : null;
}
