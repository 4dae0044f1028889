import { createHash } from 'node:crypto';
import { compileModel, queryOverStoredPasses, type CompiledModel, type ModelIR } from '../dsl/index.ts';
import { duckdbDialect as sql } from '../dsl/sql/duckdb-dialect.ts';
import type { QueryOptions, QueryResult, Session } from './session.ts';

/**
 * The evaluation date a model uses when none is given: its own `asof`, else the latest date
 * in any declared source's time column (DESIGN.md §3), else today (UTC) when no source has one.
 * The latest date is remembered per session until its data changes: finding it scans the
 * sources, and a reactive run needs it on every edit.
 */
export async function defaultAsof(session: Session, model: ModelIR): Promise<string> {
  if (model.asof) return model.asof;
  const timed = model.sources.filter((source) => source.time);
  if (timed.length === 0) return new Date().toISOString().slice(0, 10);
  const parts = timed.map((source) => `SELECT max(CAST(${sql.identifier(source.time!.column)} AS DATE)) AS d FROM ${sql.identifier(source.table)}`);
  const query = `SELECT CAST(max(d) AS VARCHAR) AS latest FROM (${parts.join(' UNION ALL ')})`;
  const known = latestDates.get(session) ?? new Map<string, string>();
  latestDates.set(session, known);
  const key = `${session.dataVersion}\n${query}`;
  if (known.has(key)) return known.get(key)!;
  const latest = (await session.query(query)).data[0]?.[0];
  if (typeof latest !== 'string') return new Date().toISOString().slice(0, 10);
  known.set(key, latest);
  return latest;
}

/** The latest dates found per session, by data version and query. */
const latestDates = new WeakMap<Session, Map<string, string>>();

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
 * Each source's grouped pass is stored in a table of its own, keyed by its SQL and the data
 * version, and reused: when only scores, bands or segments change, no source is scanned
 * again — that is what keeps an edit in the workbench quick. Returns the compiled query
 * and the number of rows.
 */
export async function materializeScores(session: Session, model: ModelIR, options: { asof?: string; table?: string } & Omit<QueryOptions, 'maxRows'> = {}):
  Promise<{ compiled: CompiledModel; rows: number }> {
  const { compiled, query } = await compileOverStoredPasses(session, model, options);
  const table = options.table ?? 'scores';
  await session.execute(`CREATE OR REPLACE TABLE ${sql.identifier(table)} AS ${query}`, options);
  const counted = await session.query(`SELECT count(*) FROM ${sql.identifier(table)}`);
  return { compiled, rows: Number(counted.data[0]?.[0] ?? 0) };
}

/**
 * The model's query as of `asof` (default: `defaultAsof`) reading each source's grouped pass
 * from its stored table, storing the passes not stored yet (see `materializeScores`). Callers
 * that compare models on one date (what-if) run it without scanning any source again. The
 * tables stay valid while the caller holds the session's turn: a later call may drop them.
 */
export async function compileOverStoredPasses(session: Session, model: ModelIR, options: { asof?: string } & Omit<QueryOptions, 'maxRows'> = {}):
  Promise<{ compiled: CompiledModel; query: string }> {
  const compiled = compileModel(model, options.asof ?? (await defaultAsof(session, model)));
  const stored = await storePasses(session, compiled, options);
  return { compiled, query: queryOverStoredPasses(compiled, stored) };
}

/** The most pass tables a session keeps; the least recently used go first. */
const MAX_STORED_PASSES = 48;
const storedPasses = new WeakMap<Session, Map<string, string>>();

async function storePasses(session: Session, compiled: CompiledModel, options: Omit<QueryOptions, 'maxRows'>): Promise<string[]> {
  const stored = storedPasses.get(session) ?? new Map<string, string>();
  storedPasses.set(session, stored);
  const tables: string[] = [];
  for (const pass of compiled.passes) {
    const key = createHash('sha256').update(`${session.dataVersion}\n${pass.sql}`).digest('hex').slice(0, 20);
    const table = `__pulse_pass_${key}`;
    if (stored.has(key)) {
      stored.delete(key);
    } else {
      await session.execute(`CREATE OR REPLACE TABLE ${sql.identifier(table)} AS ${pass.sql}`, options);
    }
    stored.set(key, table);
    tables.push(table);
  }
  for (const [key, table] of stored) {
    if (stored.size <= MAX_STORED_PASSES) break;
    if (tables.includes(table)) continue;
    stored.delete(key);
    await session.execute(`DROP TABLE IF EXISTS ${sql.identifier(table)}`).catch(() => {});
  }
  return tables;
}
