import { isCalendarDate } from '../check/environment.ts';
import type { ModelIR } from '../model/ir.ts';
import { printQuery, printSelect } from '../sql/print-sql.ts';
import { planModel, type Plan } from './plan.ts';
import { passSelects, planToQuery } from './to-sql.ts';

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
  const date = { kind: 'date', value: asof } as const;
  const sql = printQuery(planToQuery(plan, date));
  const passes = passSelects(plan, date).map((select, index) => ({ source: plan.passes[index]!.source.name, sql: printSelect(select) }));
  return { sql, plan, columns: [...model.entity.columns.map((column) => column.name), ...plan.outputs], asof, passes };
}

/**
 * The same query as `compiled.sql`, but reading each pass from the table that holds it
 * (`tables[i]` for pass i): after a change to scores or segments only, no source is scanned again.
 */
export function queryOverStoredPasses(compiled: CompiledModel, tables: readonly string[]): string {
  return printQuery(planToQuery(compiled.plan, { kind: 'date', value: compiled.asof }, tables));
}
