import { isCalendarDate } from '../check/environment.ts';
import type { ModelIR } from '../model/ir.ts';
import { printQuery } from '../sql/print-sql.ts';
import { planModel, type Plan } from './plan.ts';
import { planToQuery } from './to-sql.ts';

export interface CompiledModel {
  /** One DuckDB query whose result is the `scores` relation (DESIGN.md §3). */
  readonly sql: string;
  readonly plan: Plan;
  /** The result's columns: the entity's own, then the model's outputs. */
  readonly columns: readonly string[];
  /** The evaluation date the query is written for. */
  readonly asof: string;
}

/**
 * Compiles a checked model, evaluated as of `asof` (a calendar date, YYYY-MM-DD), to one SQL
 * query that reads each source table once.
 */
export function compileModel(model: ModelIR, asof: string): CompiledModel {
  if (!isCalendarDate(asof)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${asof}`);
  const plan = planModel(model);
  const sql = printQuery(planToQuery(plan, { kind: 'date', value: asof }));
  return { sql, plan, columns: [...model.entity.columns.map((column) => column.name), ...plan.outputs], asof };
}
