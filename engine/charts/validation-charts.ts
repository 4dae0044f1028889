import type { ModelIR } from '../../dsl/index.ts';
import { closest } from '../../dsl/check/suggest.ts';
import type { Diagnostic } from '../../dsl/diagnostics.ts';
import { at, chartMessages } from '../../dsl/messages.ts';
import { runBacktest, type BacktestResult, type Candidate } from '../backtest/backtest.ts';
import { backtestRange } from '../backtest/dates.ts';
import { defaultAsof } from '../evaluate-model.ts';
import type { Session } from '../session.ts';
import type { BuiltChart } from './build-chart.ts';
import type { BacktestRequest, GradeMigrationRequest, NameRef } from './chart-request.ts';
import { backtestSpec } from './specs/backtest.ts';
import { gradeMigrationSpec } from './specs/grade-migration.ts';

/** What a chart that validates the model is told: the notebook's model and its evaluation date. */
export interface ValidationChartOptions {
  readonly model: ModelIR | null;
  /** Default: the model's evaluation date (`defaultAsof`). */
  readonly asof?: string;
  readonly signal?: AbortSignal;
}

/** How many times the session's query time limit a validation chart may run. */
const VALIDATION_TIME_FACTOR = 10;

/**
 * Builds `backtest` or `grade_migration` (docs/backtest.md): they evaluate the notebook's
 * model themselves, as of past dates, rather than read one metric of the data. Names are
 * checked against the model, not against `scores`.
 */
export async function buildValidationChart(session: Session, request: BacktestRequest | GradeMigrationRequest, options: ValidationChartOptions): Promise<BuiltChart> {
  const model = options.model;
  if (!model) return failed(request, [at(chartMessages.needsModel(request.kind), request.nameRange)]);
  const asof = options.asof ?? (await defaultAsof(session, model));
  const diagnostics: Diagnostic[] = [];
  const segment = request.where ? modelSegment(model, request.where, diagnostics) : null;
  if (request.kind === 'backtest') {
    const scores = [request.score, ...(request.versus ? [request.versus] : [])].map((ref) => modelScore(model, ref, false, diagnostics));
    if (diagnostics.length > 0) return failed(request, diagnostics);
    const { from, to, labelsComplete } = backtestRange(asof, request.horizonDays, request.every, request.from && request.to ? { from: request.from, to: request.to } : null);
    const warnings = labelsComplete ? [] : [at(chartMessages.labelsIncomplete(to, request.horizonDays, asof), request.range)];
    const result = await runBacktest(session, {
      candidates: scores.map((score) => candidate(model, score!)) as [Candidate] | [Candidate, Candidate],
      horizonDays: request.horizonDays, from, to, every: request.every, segment,
    }, queryOptionsOf(session, options));
    return built(request, result, backtestSpec(result, { segment }), [...warnings, ...emptiness(result, from, to, request)]);
  }
  const scores = [request.from, request.to].map((ref) => modelScore(model, ref, true, diagnostics));
  if (diagnostics.length > 0) return failed(request, diagnostics);
  // One evaluation at the notebook's date; the horizon only labels churn, which the matrix does not show.
  const result = await runBacktest(session, {
    candidates: scores.map((score) => candidate(model, score!)) as [Candidate, Candidate],
    horizonDays: 1, from: asof, to: asof, every: 'month', segment,
  }, queryOptionsOf(session, options));
  const migration = result.comparison!.migration!;
  return built(request, result, gradeMigrationSpec(migration, { from: scores[0]!, to: scores[1]!, segment }), emptiness(result, asof, asof, request));
}

/** The model's spelling of a score named in the line, or null with a diagnostic. */
function modelScore(model: ModelIR, ref: NameRef, needsGrades: boolean, diagnostics: Diagnostic[]): string | null {
  const score = model.scores.find((candidate) => candidate.name.toLowerCase() === ref.name.toLowerCase());
  const names = model.scores.map((candidate) => candidate.name);
  if (!score) diagnostics.push(at(chartMessages.unknownModelScore(ref.name, closest(ref.name, names), names), ref.range));
  else if (needsGrades && score.grades.length === 0) diagnostics.push(at(chartMessages.scoreWithoutGrades(score.name), ref.range));
  else return score.name;
  return null;
}

function modelSegment(model: ModelIR, ref: NameRef, diagnostics: Diagnostic[]): string | null {
  const segment = model.segments.find((candidate) => candidate.name.toLowerCase() === ref.name.toLowerCase());
  if (segment) return segment.name;
  diagnostics.push(at(chartMessages.unknownModelSegment(ref.name, closest(ref.name, model.segments.map((candidate) => candidate.name))), ref.range));
  return null;
}

function candidate(model: ModelIR, score: string): Candidate {
  return { model, score, label: score };
}

function emptiness(result: BacktestResult, from: string, to: string, request: BacktestRequest | GradeMigrationRequest): Diagnostic[] {
  return result.scores[0]!.pooled.accounts === 0 ? [at(chartMessages.noAccounts(from, to), request.range)] : [];
}

/**
 * A backtest is one query over many dates, legitimately ten or twenty times a single
 * evaluation (docs/backtest.md): it gets ten times the session's time limit, and a newer
 * run still cancels it at once.
 */
function queryOptionsOf(session: Session, options: ValidationChartOptions): { signal?: AbortSignal; timeoutMs: number } {
  return { timeoutMs: VALIDATION_TIME_FACTOR * session.queryTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
}

function failed(request: BacktestRequest | GradeMigrationRequest, diagnostics: Diagnostic[]): BuiltChart {
  return { spec: null, request, diagnostics };
}

function built(request: BacktestRequest | GradeMigrationRequest, result: BacktestResult, spec: BuiltChart['spec'], diagnostics: Diagnostic[]): BuiltChart {
  return { spec, request, diagnostics, sql: result.sql };
}
