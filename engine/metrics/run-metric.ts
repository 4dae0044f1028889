import type { QueryOptions, QueryResult, Session } from '../session.ts';
import { resolveOptions, type GroupRelations, type MetricOptions, type ResolvedOptions } from './options.ts';

/** A metric computed: its rows and the options it was computed with. */
export interface MetricResult {
  readonly metric: string;
  readonly options: ResolvedOptions;
  readonly result: QueryResult;
  /** The SQL that computed it, for "show me the query". */
  readonly sql: string;
}

/** A metric's definition: its name, where its group may come from, and its SQL. */
export interface MetricDefinition<P = Record<string, never>> {
  readonly name: string;
  readonly groupRelations: GroupRelations;
  readonly sql: (options: ResolvedOptions, parameters: P) => string;
}

/** Resolves the options against the session and runs the metric's query. */
export async function runMetric<P>(session: Session, definition: MetricDefinition<P>, options: MetricOptions, parameters: P,
  queryOptions: Omit<QueryOptions, 'maxRows'> = {}): Promise<MetricResult> {
  const resolved = await resolveOptions(session, options, definition.groupRelations);
  const text = definition.sql(resolved, parameters);
  return { metric: definition.name, options: resolved, result: await session.query(text, queryOptions), sql: text };
}
