import { ASOF_COLUMN, compileModelForDates, type ModelIR } from '../../dsl/index.ts';
import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import { PulseError } from '../errors.ts';
import { spansCte, statusCte } from '../metrics/sql-parts.ts';
import type { QueryOptions, Session } from '../session.ts';
import { aucWithConfidence, compareAucs, rocCurve, type Auc, type Observation } from './auc.ts';
import { evaluationDates, type Step } from './dates.ts';

/** A score to backtest: a score of a model, shown under `label`. */
export interface Candidate {
  readonly model: ModelIR;
  readonly score: string;
  /** How charts and tables name it: the score's name, or `notebook:score` across notebooks. */
  readonly label: string;
}

/**
 * What to backtest (docs/backtest.md): one score, or two compared on the same dates and
 * accounts — two scores of one model, or scores of two models (two notebooks).
 */
export interface BacktestRequest {
  readonly candidates: readonly [Candidate] | readonly [Candidate, Candidate];
  /** An account counts as churned when it churns within this many days after the date. */
  readonly horizonDays: number;
  readonly from: string;
  readonly to: string;
  readonly every: Step;
  /** Only the accounts in this segment of the first model at each date; null for all. */
  readonly segment: string | null;
}

/** An account's id as the entity's key holds it (JSON-safe: a BIGINT key may come as text). */
export type AccountId = number | string;

/** One account at one date: its score and grade then, and whether it churned within the horizon. */
export interface ScoredAccount {
  readonly date: number;
  readonly accountId: AccountId;
  readonly score: number;
  readonly grade: string | null;
  readonly churned: boolean;
}

export interface GradeRow {
  /** An evaluation date, or null for all dates pooled. */
  readonly asof: string | null;
  readonly grade: string;
  readonly accounts: number;
  readonly churned: number;
  readonly churnRate: number;
  /** Share of the date's accounts in the grade, 0–100. */
  readonly share: number;
}

/** The figures of one score over the backtest's dates and accounts. */
export interface ScoreBacktest {
  readonly label: string;
  /** The grades of the score from best to worst, as the model lists them. */
  readonly grades: readonly string[];
  readonly perDate: readonly ({ readonly asof: string; readonly accounts: number; readonly churned: number; readonly churnRate: number } & Auc)[];
  readonly pooled: { readonly accounts: number; readonly churned: number; readonly churnRate: number } & Auc;
  readonly byGrade: readonly GradeRow[];
  /** Pooled, decile 1 holding the lowest scores. Lift = the decile's churn rate / the overall rate. */
  readonly lift: readonly { readonly decile: number; readonly accounts: number; readonly churned: number; readonly churnRate: number; readonly lift: number; readonly minScore: number; readonly maxScore: number }[];
  /** Pooled, by score bucket of 10 points: the observed churn rate. */
  readonly calibration: readonly { readonly bucket: number; readonly accounts: number; readonly churned: number; readonly churnRate: number; readonly meanScore: number }[];
  readonly roc: readonly { readonly fpr: number; readonly tpr: number }[];
}

/** Accounts moving between the grades of the first score and those of the second, at one date. */
export interface GradeMigration {
  readonly asof: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** One cell per pair of grades, with its accounts (for the drill-down). */
  readonly cells: readonly { readonly from: string; readonly to: string; readonly accounts: number; readonly accountIds: readonly AccountId[] }[];
}

export interface BacktestResult {
  readonly request: BacktestRequest;
  readonly dates: readonly string[];
  /** One per candidate, in the request's order. */
  readonly scores: readonly ScoreBacktest[];
  /** With two candidates: AUC of the second − AUC of the first (accounts as clusters), and the grade migration at the last date. */
  readonly comparison: {
    readonly difference: { readonly difference: number; readonly standardError: number; readonly low: number; readonly high: number };
    readonly migration: GradeMigration | null;
  } | null;
  /** Account-dates active but left out because a score was missing (every component missing). */
  readonly unscored: number;
  readonly sql: string;
}

/**
 * Backtests a score, or compares two (DESIGN.md §7): evaluates each model as of every date —
 * point in time, in one query that reads each source once per model — keeps the accounts
 * active at each date (and in the segment, if any), labels each by whether it churned within
 * the horizon after it, and measures how well each score ranked them: AUC with its interval
 * per date and pooled, churn rate and share per grade, lift by decile and calibration. Two
 * scores are measured on the same account-dates, those both scored.
 */
export async function runBacktest(session: Session, request: BacktestRequest, queryOptions: Omit<QueryOptions, 'maxRows'> = {}): Promise<BacktestResult> {
  const scores = request.candidates.map((candidate) => {
    const score = candidate.model.scores.find((s) => s.name.toLowerCase() === candidate.score.toLowerCase());
    if (!score) throw new PulseError('bad_argument', `the model has no score \`${candidate.score}\``);
    return score;
  });
  if (!Number.isInteger(request.horizonDays) || request.horizonDays < 1) throw new PulseError('bad_argument', 'the horizon must be a whole number of days, at least 1');
  const [first, second] = request.candidates;
  if (second && second.model.entity.key.toLowerCase() !== first.model.entity.key.toLowerCase()) {
    throw new PulseError('bad_argument', 'the two models must describe the same entity');
  }
  if (request.segment !== null && !first.model.segments.some((segment) => segment.name === request.segment)) {
    throw new PulseError('bad_argument', `the model has no segment \`${request.segment}\``);
  }
  const dates = evaluationDates(request.from, request.to, request.every);
  if (dates.length === 0) throw new PulseError('bad_argument', `no evaluation date from ${request.from} to ${request.to}`);
  const text = backtestSql(request, scores.map((score) => score.name), scores.map((score) => score.grades.length > 0), dates);
  const result = await session.query(text, queryOptions);
  // The figures are computed in JavaScript, hundreds of milliseconds for a million
  // account-dates: between their steps the server answers other requests (the next edit's
  // run), and a cancelled backtest stops.
  const nextStep = () => yieldTo(queryOptions.signal);
  await nextStep();
  const [asofs = [], ids = [], churnedColumn = [], ...scoreColumns] = result.data;
  const dateIndex = new Map(dates.map((date, index) => [date, index]));
  const perCandidate = scores.map(() => [] as ScoredAccount[]);
  let unscored = 0;
  asofs.forEach((asof, row) => {
    if (scores.some((_, k) => scoreColumns[2 * k]![row] === null)) {
      unscored++;
      return;
    }
    scores.forEach((_, k) => {
      const grade = scoreColumns[2 * k + 1]![row];
      perCandidate[k]!.push({
        date: dateIndex.get(String(asof))!, accountId: ids[row] as AccountId, score: Number(scoreColumns[2 * k]![row]),
        grade: grade === null || grade === undefined ? null : String(grade), churned: churnedColumn[row] === true,
      });
    });
  });
  const figures: ScoreBacktest[] = [];
  for (const [k, score] of scores.entries()) {
    const summary = await completeInSteps(summariseInSteps(perCandidate[k]!, dates, score.grades.map((grade) => grade.name)), nextStep);
    figures.push({ label: request.candidates[k]!.label, ...summary });
  }
  await nextStep();
  return {
    request, dates, scores: figures, unscored, sql: text,
    comparison: second ? {
      difference: compareAucs(observe(perCandidate[0]!), observe(perCandidate[1]!), perCandidate[0]!.map((row) => row.accountId)),
      migration: scores.every((score) => score.grades.length > 0)
        ? gradeMigration(perCandidate[0]!, perCandidate[1]!, dates, scores.map((score) => score.grades.map((grade) => grade.name)))
        : null,
    } : null,
  };
}

/** Runs a computation made of steps to its end, with `pause` between steps. */
async function completeInSteps<T>(steps: Generator<void, T>, pause: () => Promise<void>): Promise<T> {
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await pause();
  }
}

/** Lets the event loop run what waits (other requests), then stops if the work was cancelled. */
async function yieldTo(signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new PulseError('query_cancelled', 'The backtest was cancelled.');
}

/**
 * `status(account_id, started_on, churned_on, churn_reason)` over all of the data, as the
 * metrics define churn (docs/metrics.md): the labels look past each date, the scores never do.
 */
export function labelsCtes(): string {
  const allOfTheData = { asof: '9999-12-31', period: null, group: null, segment: null, usesScores: false } as const;
  return `${spansCte(allOfTheData)},\n${statusCte(allOfTheData)}`;
}

/**
 * One row per account active at a date: the date, the account, the label, then each
 * candidate's score and grade. Candidates of the same model share its evaluation.
 */
function backtestSql(request: BacktestRequest, scores: readonly string[], graded: readonly boolean[], dates: readonly string[]): string {
  const models = [...new Set(request.candidates.map((candidate) => candidate.model))];
  const alias = (model: ModelIR) => `s${models.indexOf(model)}`;
  const asof = sql.identifier(ASOF_COLUMN);
  const keyOf = (model: ModelIR) => `${alias(model)}.${sql.identifier(model.entity.key)}`;
  const [first] = request.candidates;
  const columns = request.candidates.map((candidate, k) => {
    const from = alias(candidate.model);
    const grade = graded[k] ? `${from}.${sql.identifier(`${scores[k]}_grade`)}` : 'NULL';
    return `${from}.${sql.identifier(scores[k]!)} AS score_${k}, ${grade} AS grade_${k}`;
  });
  const joins = models.slice(1).map((model) => `JOIN ${alias(model)} ON ${alias(model)}.${asof} = s0.${asof} AND ${keyOf(model)} = ${keyOf(first.model)}`);
  return `WITH ${labelsCtes()},
${models.map((model) => `${alias(model)} AS (\n${compileModelForDates(model, dates).sql}\n)`).join(',\n')}
SELECT s0.${asof} AS asof, ${keyOf(first.model)} AS account_id,
  coalesce(st.churned_on <= s0.${asof} + ${sql.number(request.horizonDays)}, false) AS churned,
  ${columns.join(',\n  ')}
FROM s0
${joins.join('\n')}
JOIN status st ON st.account_id = ${keyOf(first.model)}
WHERE st.started_on <= s0.${asof}
  AND (st.churned_on IS NULL OR st.churned_on > s0.${asof})${request.segment === null ? '' : `\n  AND s0.${sql.identifier(request.segment)}`}
ORDER BY 1, 2`;
}

/** How accounts moved from the first score's grades to the second's at the last date; every pair of the models' grades has a cell. */
function gradeMigration(a: readonly ScoredAccount[], b: readonly ScoredAccount[], dates: readonly string[], grades: readonly (readonly string[])[]): GradeMigration {
  const last = dates.length - 1;
  const cells = new Map<string, (number | string)[]>();
  a.forEach((row, i) => {
    if (row.date !== last) return;
    const key = `${row.grade}\u0000${b[i]!.grade}`;
    cells.set(key, [...(cells.get(key) ?? []), row.accountId]);
  });
  const [from = [], to = []] = grades;
  return {
    asof: dates[last]!, from, to,
    cells: from.flatMap((f) => to.map((t) => {
      const accountIds = cells.get(`${f}\u0000${t}`) ?? [];
      return { from: f, to: t, accounts: accountIds.length, accountIds };
    })),
  };
}

function observe(rows: readonly ScoredAccount[]): Observation[] {
  return rows.map((row) => ({ risk: -row.score, positive: row.churned }));
}

/** The figures of a backtest from its scored accounts (pure: tests compute them by hand). */
export function summarise(accounts: readonly ScoredAccount[], dates: readonly string[], gradeOrder: readonly string[]): Omit<ScoreBacktest, 'label'> {
  const steps = summariseInSteps(accounts, dates, gradeOrder);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `summarise`, a few tens of milliseconds at a time for a million account-dates: between
 * steps the caller may let other work run (`runBacktest` does).
 */
function* summariseInSteps(accounts: readonly ScoredAccount[], dates: readonly string[], gradeOrder: readonly string[]): Generator<void, Omit<ScoreBacktest, 'label'>> {
  const rate = (churned: number, count: number) => (count === 0 ? NaN : (100 * churned) / count);
  const byDate = dates.map(() => [] as ScoredAccount[]);
  for (const row of accounts) byDate[row.date]!.push(row);
  const perDate = dates.map((asof, index) => {
    const rows = byDate[index]!;
    const churned = count(rows);
    return { asof, accounts: rows.length, churned, churnRate: rate(churned, rows.length), ...aucWithConfidence(observe(rows)) };
  });
  yield;
  const churnedAll = count(accounts);
  const overall = rate(churnedAll, accounts.length);
  // Pooled, an account counts once per date: its dates are one cluster, not independent draws.
  const pooled = { accounts: accounts.length, churned: churnedAll, churnRate: overall, ...aucWithConfidence(observe(accounts), accounts.map((row) => row.accountId)) };
  yield;

  const seenGrades = [...new Set(accounts.map((row) => row.grade).filter((grade): grade is string => grade !== null))];
  const grades = [...gradeOrder.filter((grade) => seenGrades.includes(grade)), ...seenGrades.filter((grade) => !gradeOrder.includes(grade)).sort()];
  // Counted in one pass: [date][grade], the last "date" being all dates pooled.
  const gradeIndex = new Map(grades.map((grade, index) => [grade, index]));
  const tally = Array.from({ length: dates.length + 1 }, () => grades.map(() => ({ accounts: 0, churned: 0 })));
  for (const row of accounts) {
    const index = row.grade === null ? undefined : gradeIndex.get(row.grade);
    if (index === undefined) continue;
    for (const cell of [tally[row.date]![index]!, tally[dates.length]![index]!]) {
      cell.accounts++;
      if (row.churned) cell.churned++;
    }
  }
  const byGrade: GradeRow[] = tally.flatMap((cells, date) => cells.map((cell, index) => ({
    asof: dates[date] ?? null, grade: grades[index]!, accounts: cell.accounts, churned: cell.churned,
    churnRate: rate(cell.churned, cell.accounts), share: rate(cell.accounts, date < dates.length ? byDate[date]!.length : accounts.length),
  })));

  // Deciles by score, lowest first, of equal size; equal scores are ordered by date and account.
  yield;
  const sorted = [...accounts].sort((a, b) => a.score - b.score || a.date - b.date || compareIds(a.accountId, b.accountId));
  yield;
  const lift: ScoreBacktest['lift'][number][] = [];
  for (let decile = 1; decile <= 10; decile++) {
    const rows = sorted.slice(Math.ceil(((decile - 1) * sorted.length) / 10), Math.ceil((decile * sorted.length) / 10));
    if (rows.length === 0) continue;
    const churnRate = rate(count(rows), rows.length);
    lift.push({ decile, accounts: rows.length, churned: count(rows), churnRate, lift: churnRate / overall, minScore: rows[0]!.score, maxScore: rows[rows.length - 1]!.score });
  }

  const buckets = Array.from({ length: 10 }, () => [] as ScoredAccount[]);
  for (const row of accounts) buckets[Math.max(0, Math.min(9, Math.floor(row.score / 10)))]!.push(row);
  const calibration = buckets.flatMap((rows, index) => (rows.length === 0 ? [] : [{
    bucket: index * 10, accounts: rows.length, churned: count(rows), churnRate: rate(count(rows), rows.length),
    meanScore: rows.reduce((sum, row) => sum + row.score, 0) / rows.length,
  }]));
  yield;
  // Sorted by score already: the ROC's own sort by risk finds it in order.
  return { grades, perDate, pooled, byGrade, lift, calibration, roc: rocCurve(observe(sorted)) };
}

/** Account ids in order: numbers by value, text by code point (a locale-aware compare is far too slow for a million rows). */
function compareIds(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function count(rows: readonly ScoredAccount[]): number {
  let churned = 0;
  for (const row of rows) if (row.churned) churned++;
  return churned;
}
