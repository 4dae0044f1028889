import { isCalendarDate } from '../check/environment.ts';
import type { ModelIR } from '../model/ir.ts';
import { printQuery, printSelect } from '../sql/print-sql.ts';
import { planModel, type Plan } from './plan.ts';
import { ASOF_COLUMN, passSelects, planToQuery } from './to-sql.ts';

export interface CompiledModel {
  /** One DuckDB query whose result is the `scores` relation (DESIGN.md §3). */
  readonly sql: string;
  readonly plan: Plan;
  /** The result's columns: the entity's own, then the model's outputs. */
  readonly columns: readonly string[];
  /** The evaluation date the query is written for. */
  readonly asof: string;
  /** Each source's grouped pass on its own, as SQL: a caller may store them and reuse them. */
  readonly passes: readonly { readonly source: string; readonly sql: string }[];
}

/**
 * Compiles a checked model, evaluated as of `asof` (a calendar date, YYYY-MM-DD), to one SQL
 * query that reads each source table once.
 */
export function compileModel(model: ModelIR, asof: string): CompiledModel {
  if (!isCalendarDate(asof)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${asof}`);
  const plan = planModel(model);
  const evaluation = { kind: 'date', asof } as const;
  const sql = printQuery(planToQuery(plan, evaluation));
  const passes = passSelects(plan, evaluation).map((select, index) => ({ source: plan.passes[index]!.source.name, sql: printSelect(select) }));
  return { sql, plan, columns: [...model.entity.columns.map((column) => column.name), ...plan.outputs], asof, passes };
}

/**
 * The same query as `compiled.sql`, but reading each pass from the table that holds it
 * (`tables[i]` for pass i): after a change to scores or segments only, no source is scanned again.
 */
export function queryOverStoredPasses(compiled: CompiledModel, tables: readonly string[]): string {
  return printQuery(planToQuery(compiled.plan, { kind: 'date', asof: compiled.asof }, tables));
}

/**
 * Compiles a model evaluated as of each of `dates` into one query that scans each source
 * once (backtests): one row per entity row and date, the date first as `__pulse_asof`.
 */
export function compileModelForDates(model: ModelIR, dates: readonly string[]): { sql: string; columns: readonly string[] } {
  const bad = dates.find((date) => !isCalendarDate(date));
  if (bad !== undefined) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${bad}`);
  if (dates.length === 0) throw new RangeError('no evaluation dates');
  const plan = planModel(model);
  return {
    sql: printQuery(planToQuery(plan, { kind: 'dates', dates })),
    columns: [ASOF_COLUMN, ...model.entity.columns.map((column) => column.name), ...plan.outputs],
  };
}
