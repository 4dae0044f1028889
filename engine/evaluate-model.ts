import { compileModel, type CompiledModel, type ModelIR } from '../dsl/index.ts';
import { duckdbDialect as sql } from '../dsl/sql/duckdb-dialect.ts';
import type { QueryOptions, QueryResult, Session } from './session.ts';

/**
 * The evaluation date a model uses when none is given: its own `asof`, else the latest date
 * in any declared source's time column (DESIGN.md §3), else today (UTC) when no source has one.
 */
export async function defaultAsof(session: Session, model: ModelIR): Promise<string> {
  if (model.asof) return model.asof;
  const timed = model.sources.filter((source) => source.time);
  if (timed.length === 0) return new Date().toISOString().slice(0, 10);
  const parts = timed.map((source) => `SELECT max(CAST(${sql.identifier(source.time!.column)} AS DATE)) AS d FROM ${sql.identifier(source.table)}`);
  const result = await session.query(`SELECT CAST(max(d) AS VARCHAR) AS latest FROM (${parts.join(' UNION ALL ')})`);
  const latest = result.data[0]?.[0];
  return typeof latest === 'string' ? latest : new Date().toISOString().slice(0, 10);
}

/** A model evaluated: the compiled query and its result, one row per entity row. */
export interface Evaluation {
  readonly compiled: CompiledModel;
  readonly result: QueryResult;
}

/** Evaluates a checked model as of `asof` (default: `defaultAsof`) and returns the rows. */
export async function evaluateModel(session: Session, model: ModelIR, options: { asof?: string } & QueryOptions = {}): Promise<Evaluation> {
  const compiled = compileModel(model, options.asof ?? (await defaultAsof(session, model)));
  return { compiled, result: await session.query(compiled.sql, options) };
}

/**
 * Evaluates a model into the table `scores` (replacing it), so that SQL can read it.
 * Returns the compiled query and the number of rows.
 */
export async function materializeScores(session: Session, model: ModelIR, options: { asof?: string; table?: string } & Omit<QueryOptions, 'maxRows'> = {}):
  Promise<{ compiled: CompiledModel; rows: number }> {
  const compiled = compileModel(model, options.asof ?? (await defaultAsof(session, model)));
  const table = options.table ?? 'scores';
  await session.execute(`CREATE OR REPLACE TABLE ${sql.identifier(table)} AS ${compiled.sql}`, options);
  const counted = await session.query(`SELECT count(*) FROM ${sql.identifier(table)}`);
  return { compiled, rows: Number(counted.data[0]?.[0] ?? 0) };
}
