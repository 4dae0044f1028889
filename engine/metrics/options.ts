import { closest } from '../../dsl/check/suggest.ts';
import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import { PulseError } from '../errors.ts';
import { listTables, type TableSummary } from '../introspect.ts';
import type { Session } from '../session.ts';

export type PeriodUnit = 'month' | 'quarter' | 'year';

/** What a caller may ask of any metric. */
export interface MetricOptions {
  /** The evaluation date D (YYYY-MM-DD); default: the latest date in the data. */
  readonly asof?: string;
  /** Cut by calendar period; default: the whole history up to D as one period. */
  readonly period?: PeriodUnit | null;
  /** Group by a column of `accounts` or `scores`, or of the metric's own table (`tickets.complexity`). */
  readonly groupBy?: string | null;
  /** Only accounts in this segment (a boolean column of `scores`). */
  readonly segment?: string | null;
}

/** Options checked against the session's tables, ready to be written into SQL. */
export interface ResolvedOptions {
  readonly asof: string;
  readonly period: PeriodUnit | null;
  /** The grouping column and the table it belongs to. */
  readonly group: { readonly relation: string; readonly column: string } | null;
  readonly segment: string | null;
  /** True when `scores` must be joined (a scores column or a segment is used). */
  readonly usesScores: boolean;
}

/** Where a metric may find its grouping column, in order of preference: `accounts`, `scores`, or its own event table. */
export type GroupRelations = readonly string[];

/** The dates that bound the data: the latest of them is the default evaluation date. */
const DATED_COLUMNS: readonly [string, string][] = [
  ['subscriptions', 'started_on'], ['subscriptions', 'ended_on'], ['nps_responses', 'responded_at'],
  ['csat_responses', 'responded_at'], ['tickets', 'opened_at'], ['invoices', 'issued_on'], ['usage_events', 'occurred_at'],
];

/**
 * Checks a metric's options against the session: the group column and segment exist (with a
 * "did you mean" when they do not), the date is a date. Throws a `PulseError` otherwise.
 */
export async function resolveOptions(session: Session, options: MetricOptions, relations: GroupRelations = ['accounts', 'scores']): Promise<ResolvedOptions> {
  const tables = await listTables(session, { rows: false });
  const find = (name: string) => tables.find((table) => table.name === name);
  const scores = find('scores');
  let group: ResolvedOptions['group'] = null;
  if (options.groupBy) {
    group = locateColumn(tables, options.groupBy, relations);
  }
  let segment: string | null = null;
  if (options.segment) {
    const column = scores?.columns.find((candidate) => candidate.name.toLowerCase() === options.segment!.toLowerCase());
    if (!column || column.kind !== 'boolean') {
      const segments = scores?.columns.filter((candidate) => candidate.kind === 'boolean').map((candidate) => candidate.name) ?? [];
      throw new PulseError('bad_argument', scores
        ? `unknown segment \`${options.segment}\`${suggestion(options.segment, segments)}`
        : `there is no segment \`${options.segment}\`: no model has been evaluated yet (the scores table does not exist)`);
    }
    segment = column.name;
  }
  const asof = options.asof ?? (await latestDate(session, tables));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asof)) throw new PulseError('bad_argument', `not a date (YYYY-MM-DD): ${asof}`);
  return { asof, period: options.period ?? null, group, segment, usesScores: segment !== null || group?.relation === 'scores' };
}

function locateColumn(tables: readonly TableSummary[], name: string, relations: GroupRelations): NonNullable<ResolvedOptions['group']> {
  const candidates: string[] = [];
  for (const relation of relations) {
    const table = tables.find((candidate) => candidate.name === relation);
    const column = table?.columns.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    if (column) return { relation, column: column.name };
    candidates.push(...(table?.columns.map((candidate) => candidate.name) ?? []));
  }
  throw new PulseError('bad_argument', `unknown column \`${name}\`${suggestion(name, candidates)}`, {},
    `Group by a column of ${relations.join(' or ')}.`);
}

function suggestion(name: string, candidates: readonly string[]): string {
  const best = closest(name, candidates);
  return best ? ` — did you mean \`${best}\`?` : '';
}

async function latestDate(session: Session, tables: readonly TableSummary[]): Promise<string> {
  const parts = DATED_COLUMNS
    .filter(([table, column]) => tables.some((candidate) => candidate.name === table && candidate.columns.some((c) => c.name === column)))
    .map(([table, column]) => `SELECT max(CAST(${sql.identifier(column)} AS DATE)) AS d FROM ${sql.identifier(table)}`);
  if (parts.length === 0) return new Date().toISOString().slice(0, 10);
  const result = await session.query(`SELECT CAST(max(d) AS VARCHAR) FROM (${parts.join(' UNION ALL ')})`);
  return String(result.data[0]?.[0] ?? new Date().toISOString().slice(0, 10));
}
