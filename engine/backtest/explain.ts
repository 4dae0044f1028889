import { isCalendarDate } from '../../dsl/check/environment.ts';
import { ASOF_COLUMN, compileModelForDates, type ModelIR } from '../../dsl/index.ts';
import type { OutputColumn, ScoreIR, TExpr } from '../../dsl/model/ir.ts';
import { visit } from '../../dsl/model/visit.ts';
import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { MissingPolicy } from '../../dsl/syntax/ast.ts';
import { PulseError } from '../errors.ts';
import { defaultAsof } from '../evaluate-model.ts';
import type { JsonValue } from '../json-values.ts';
import type { QueryOptions, Session } from '../session.ts';
import type { AccountId } from './backtest.ts';
import { evaluationDates } from './dates.ts';

/** What to explain: one score of one account (entity row), as of a date and the months before it. */
export interface ExplainRequest {
  readonly score: string;
  /** The entity key's value; a number key also takes its digits as a string. */
  readonly accountId: AccountId;
  /** Default: the model's evaluation date (`defaultAsof`). */
  readonly asof?: string;
  /** How many monthly evaluation dates, ending at `asof`, the history holds (default 6). */
  readonly history?: number;
}

/** A measure a component reads, directly or through other measures, with its value at `asof`. */
export interface MeasureValue {
  readonly name: string;
  readonly label: string | null;
  readonly value: JsonValue;
}

export interface ComponentExplanation {
  readonly name: string;
  readonly weight: number;
  /** The part of the score's total weight the component carries at `asof` (0–1), after the missing policy; null when the score is null. */
  readonly share: number | null;
  /** The component's value, 0–100, or null when it is missing. */
  readonly value: number | null;
  /** The points it adds to the score; the contributions sum to the score. */
  readonly contribution: number | null;
  readonly measures: readonly MeasureValue[];
}

/** The score at one date of the history. */
export interface HistoryPoint {
  readonly asof: string;
  readonly value: number | null;
  readonly grade: string | null;
  readonly components: readonly { readonly name: string; readonly value: number | null; readonly contribution: number | null }[];
}

/** Between two consecutive dates of the history: how the score moved and which component moved it most. */
export interface Mover {
  readonly from: string;
  readonly to: string;
  /** The score's change; null when the score is null at either date. */
  readonly change: number | null;
  /** The component whose contribution changed most (by absolute value); null when none changed or the score is null. */
  readonly component: string | null;
  readonly contributionChange: number | null;
}

export interface Explanation {
  readonly accountId: AccountId;
  readonly asof: string;
  readonly score: { readonly name: string; readonly label: string | null; readonly missing: MissingPolicy; readonly grades: ScoreIR['grades'] };
  readonly value: number | null;
  readonly grade: string | null;
  readonly components: readonly ComponentExplanation[];
  /** Oldest first; the last point is `asof`. */
  readonly history: readonly HistoryPoint[];
  /** One per step of the history, oldest first. */
  readonly movers: readonly Mover[];
}

const DEFAULT_HISTORY = 6;
const MAX_HISTORY = 36;

/**
 * Explains one account's score (DESIGN.md §7): at `asof`, the score, its grade and each
 * component's value, weight share and contribution with the measures behind it; then the
 * score at the last `history` monthly dates, point in time, and for each step the component
 * that moved it most. Everything comes from one query that evaluates the model as of all the
 * dates and keeps the account's rows. Throws `bad_argument` for an unknown score and
 * `not_found` for an account the entity table does not hold.
 */
export async function explainAccount(session: Session, model: ModelIR, request: ExplainRequest, queryOptions: Omit<QueryOptions, 'maxRows'> = {}): Promise<Explanation> {
  const score = model.scores.find((candidate) => candidate.name.toLowerCase() === request.score.toLowerCase());
  if (!score) {
    const known = model.scores.map((candidate) => `\`${candidate.name}\``).join(', ');
    throw new PulseError('bad_argument', `the model has no score \`${request.score}\`${known ? ` (its scores: ${known})` : ''}`);
  }
  const history = request.history ?? DEFAULT_HISTORY;
  if (!Number.isInteger(history) || history < 1 || history > MAX_HISTORY) {
    throw new PulseError('bad_argument', `the history must be a whole number of months from 1 to ${MAX_HISTORY} (got ${history})`);
  }
  if (request.asof !== undefined && !isCalendarDate(request.asof)) {
    throw new PulseError('bad_argument', `the evaluation date must be a calendar date written YYYY-MM-DD (got "${request.asof}")`);
  }
  const asof = request.asof ?? (await defaultAsof(session, model));
  const notFound = () => new PulseError('not_found', `there is no account \`${request.accountId}\`: no row of \`${model.entity.table}\` has \`${model.entity.key}\` = ${request.accountId}`);
  const matches = keyMatches(model, request.accountId);
  if (matches === null) throw notFound();

  const dates = monthsEndingAt(asof, history);
  const columns = explainedColumns(model, score);
  const query = `WITH scored AS (\n${compileModelForDates(model, dates).sql}\n)
SELECT ${[ASOF_COLUMN, model.entity.key, ...columns.all].map((name) => sql.identifier(name)).join(', ')}
FROM scored WHERE ${matches}
ORDER BY 1`;
  const result = await session.query(query, queryOptions);
  if (result.rowCount === 0) throw notFound();
  if (result.rowCount !== dates.length) {
    throw new PulseError('bad_argument', `\`${model.entity.key}\` = ${request.accountId} names ${result.rowCount / dates.length} rows of \`${model.entity.table}\`; an account must be one row`);
  }
  const at = (row: number, name: string): JsonValue => result.data[2 + columns.all.indexOf(name)]![row]!;
  const number = (row: number, name: string | null): number | null => (name === null || at(row, name) === null ? null : Number(at(row, name)));
  const point = (row: number): HistoryPoint => ({
    asof: String(result.data[0]![row]),
    value: number(row, columns.score),
    grade: columns.grade === null ? null : (at(row, columns.grade) as string | null),
    components: columns.components.map((component) => ({ name: component.name, value: number(row, component.value), contribution: number(row, component.contribution) })),
  });
  const points = dates.map((_date, row) => point(row));
  const now = points[points.length - 1]!;
  const last = dates.length - 1;
  const shares = weightShares(score, now.components.map((component) => component.value), now.value);
  return {
    accountId: result.data[1]![0] as AccountId,
    asof,
    score: { name: score.name, label: score.label, missing: score.missing, grades: score.grades },
    value: now.value,
    grade: now.grade,
    components: columns.components.map((component, index) => ({
      name: component.name,
      weight: score.components[index]!.weight,
      share: shares[index]!,
      value: now.components[index]!.value,
      contribution: now.components[index]!.contribution,
      measures: component.measures.map((measure) => ({ name: measure.name, label: measure.label, value: at(last, measure.column) })),
    })),
    history: points,
    movers: points.slice(1).map((to, index) => mover(points[index]!, to)),
  };
}

/**
 * `history` monthly dates ending at `asof`, oldest first. `evaluationDates` steps forward from
 * its first date's day, so the series starts from a January with `asof`'s day — the 31st when
 * `asof` is the last day of its month — far enough back: every step then lands on `asof`'s day,
 * or on the month's end where that day does not exist, and the last one on `asof` itself.
 */
function monthsEndingAt(asof: string, history: number): string[] {
  const [year, month, day] = asof.split('-').map(Number) as [number, number, number];
  const monthEnd = new Date(Date.UTC(year, month, 0)).getUTCDate() === day;
  const anchor = `${String(year - Math.ceil(history / 12) - 1).padStart(4, '0')}-01-${monthEnd ? '31' : String(day).padStart(2, '0')}`;
  return evaluationDates(anchor, asof, 'month').slice(-history);
}

/** The output columns the explanation reads, found by what produces them (`model.outputs`). */
function explainedColumns(model: ModelIR, score: ScoreIR) {
  const column = (matches: (origin: OutputColumn['origin']) => boolean): string | null => model.outputs.find((output) => matches(output.origin))?.name ?? null;
  const components = score.components.map((component) => ({
    name: component.name,
    value: column((o) => o.kind === 'component' && o.score === score.name && o.component === component.name),
    contribution: column((o) => o.kind === 'contribution' && o.score === score.name && o.component === component.name),
    measures: measuresBehind(model, component.expression).map((measure) => ({ ...measure, column: column((o) => o.kind === 'measure' && o.measure === measure.name)! })),
  }));
  const scoreColumn = column((o) => o.kind === 'score' && o.score === score.name);
  const grade = column((o) => o.kind === 'grade' && o.score === score.name);
  const all = [...new Set([scoreColumn, grade, ...components.flatMap((c) => [c.value, c.contribution, ...c.measures.map((m) => m.column)])]
    .filter((name): name is string => name !== null))];
  return { score: scoreColumn, grade, components, all };
}

/**
 * The measures an expression reads, and the measures those read, each once: the ones it
 * names first, then the ones they name, and so on. Scores and segments it reads are not
 * followed — they have explanations of their own.
 */
function measuresBehind(model: ModelIR, expression: TExpr): { name: string; label: string | null }[] {
  const found: { name: string; label: string | null }[] = [];
  const queue: TExpr[] = [expression];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    visit(next, (node) => {
      if (node.kind !== 'measure' || found.some((measure) => measure.name === node.name)) return;
      const measure = model.measures.find((candidate) => candidate.name === node.name)!;
      found.push({ name: measure.name, label: measure.label });
      queue.push(measure.expression);
    });
  }
  return found;
}

/**
 * Each component's part of the total weight the score divides by, under the missing policy
 * as the compiler applies it (DESIGN.md §3): `reweight` leaves null components out of the
 * total (share 0), `zero` keeps them in; when the score is null nothing carries weight.
 */
function weightShares(score: ScoreIR, values: readonly (number | null)[], value: number | null): (number | null)[] {
  if (value === null) return values.map(() => null);
  const counted = score.components.map((component, index) => (score.missing === 'reweight' && values[index] === null ? 0 : component.weight));
  const total = counted.reduce((sum, weight) => sum + weight, 0);
  return counted.map((weight) => weight / total);
}

/** The step from one history point to the next: the score's change and the component behind most of it. */
function mover(from: HistoryPoint, to: HistoryPoint): Mover {
  const step = { from: from.asof, to: to.asof };
  if (from.value === null || to.value === null) return { ...step, change: null, component: null, contributionChange: null };
  let biggest: { component: string; change: number } | null = null;
  for (const [index, component] of to.components.entries()) {
    const change = round6((component.contribution ?? 0) - (from.components[index]!.contribution ?? 0));
    if (change !== 0 && (biggest === null || Math.abs(change) > Math.abs(biggest.change))) biggest = { component: component.name, change };
  }
  return { ...step, change: round6(to.value - from.value), component: biggest?.component ?? null, contributionChange: biggest?.change ?? null };
}

/** Scores and contributions are rounded to 6 decimals; so are their differences, free of float noise. */
function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * `key = <the id>` as SQL, the id written by the dialect as a literal. A number key takes a
 * number; a string of digits stays a string literal, which DuckDB reads as the key's own type,
 * so a BIGINT beyond 2^53 still matches exactly. Any other key compares its text. Null when
 * the id cannot be a value of a number key.
 */
function keyMatches(model: ModelIR, accountId: AccountId): string | null {
  const key = sql.identifier(model.entity.key);
  const type = model.entity.columns.find((column) => column.name === model.entity.key)?.type;
  if (type !== 'number') return `CAST(${key} AS VARCHAR) = ${sql.string(String(accountId))}`;
  if (typeof accountId === 'string' && /^-?\d+$/.test(accountId)) return `${key} = ${sql.string(accountId)}`;
  const value = typeof accountId === 'number' ? accountId : /^-?\d*\.\d+$/.test(accountId) ? Number(accountId) : NaN;
  return Number.isFinite(value) ? `${key} = ${sql.number(value)}` : null;
}
