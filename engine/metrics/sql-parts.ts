import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { ResolvedOptions } from './options.ts';

/**
 * SQL building blocks shared by the metrics (docs/metrics.md, "Shared definitions"). Each
 * returns a CTE body or an expression; values come only from resolved options and are
 * written through the dialect object.
 */

const INTERVALS = { month: 'INTERVAL 1 MONTH', quarter: 'INTERVAL 3 MONTH', year: 'INTERVAL 1 YEAR' } as const;

/** The evaluation date D as a SQL literal. */
export function asofSql(o: ResolvedOptions): string {
  return sql.date(o.asof);
}

/**
 * `periods(period_start, period_end, partial)`: the calendar periods from the one holding
 * `firstDay` to the one holding D; the last is cut at D and marked partial. Without a period
 * unit: one period from `firstDay` to D. `firstDay` is a SQL date expression that is null
 * when there is nothing on or before D — and then there are no periods.
 */
export function periodsCte(o: ResolvedOptions, firstDay: string): string {
  const d = asofSql(o);
  if (!o.period) {
    return `periods AS (
  SELECT CAST(first_day AS DATE) AS period_start, ${d} AS period_end, false AS partial
  FROM (SELECT ${firstDay} AS first_day) WHERE CAST(first_day AS DATE) <= ${d}
)`;
  }
  const step = INTERVALS[o.period];
  return `periods AS (
  SELECT CAST(s AS DATE) AS period_start,
    least(CAST(s + ${step} AS DATE) - 1, ${d}) AS period_end,
    CAST(s + ${step} AS DATE) - 1 > ${d} AS partial
  FROM (SELECT ${firstDay} AS first_day) AS f,
    range(CAST(date_trunc(${sql.string(o.period)}, CAST(f.first_day AS DATE)) AS TIMESTAMP), CAST(${d} + 1 AS TIMESTAMP), ${step}) AS r(s)
  WHERE f.first_day IS NOT NULL
)`;
}

/** The first date of `column` in `table` on or before D (null when there is none), for `periodsCte`. */
export function firstDateOf(o: ResolvedOptions, table: string, column: string): string {
  const day = `CAST(${sql.identifier(column)} AS DATE)`;
  return `(SELECT min(${day}) FROM ${sql.identifier(table)} WHERE ${day} <= ${asofSql(o)})`;
}

/** `spans`: subscription spans as of D — those started by D, with an end after D read as open. */
export function spansCte(o: ResolvedOptions): string {
  const d = asofSql(o);
  return `spans AS (
  SELECT account_id, product, mrr, started_on,
    CASE WHEN ended_on > ${d} THEN NULL ELSE ended_on END AS ended_on,
    CASE WHEN ended_on > ${d} THEN NULL ELSE end_reason END AS end_reason
  FROM subscriptions WHERE started_on <= ${d}
)`;
}

/**
 * `status(account_id, started_on, churned_on, churn_reason)`: each account that started by D;
 * churned when its last span (as of D) ended with a reason other than a plan change.
 * Needs `spans`.
 */
export function statusCte(o: ResolvedOptions): string {
  const d = asofSql(o);
  return `ends AS (
  SELECT account_id,
    bool_or(ended_on IS NULL) AS open,
    max(ended_on) AS last_end,
    -- Of the spans that ended last, a churn reason before a plan change, then the first in
    -- alphabetical order: a churn that ends several products on one day has one reason.
    arg_min(end_reason, {'e': -date_diff('day', DATE '1970-01-01', ended_on), 'p': coalesce(end_reason IN ('upgrade', 'downgrade'), true), 'r': end_reason}) AS last_reason
  FROM spans GROUP BY account_id
),
status AS (
  SELECT a.account_id, a.signup_date AS started_on,
    CASE WHEN NOT e.open AND e.last_reason NOT IN ('upgrade', 'downgrade') THEN e.last_end END AS churned_on,
    CASE WHEN NOT e.open AND e.last_reason NOT IN ('upgrade', 'downgrade') THEN e.last_reason END AS churn_reason
  FROM accounts a JOIN ends e USING (account_id)
  WHERE a.signup_date <= ${d}
)`;
}

/**
 * `scope(account_id, grp)`: the accounts a metric looks at — signed up by D, in the segment
 * if there is one — with their group when grouping by an account or scores column.
 */
export function scopeCte(o: ResolvedOptions): string {
  const accountGroup = o.group && (o.group.relation === 'accounts' || o.group.relation === 'scores')
    ? `CAST(${o.group.relation === 'accounts' ? 'a' : 's'}.${sql.identifier(o.group.column)} AS VARCHAR)`
    : 'NULL::VARCHAR';
  // An account that signs up after D does not exist yet, nor does its group.
  return `scope AS (
  SELECT a.account_id, ${accountGroup} AS grp
  FROM accounts a${o.usesScores ? ' JOIN scores s USING (account_id)' : ''}
  WHERE a.signup_date <= ${asofSql(o)}${o.segment ? ` AND s.${sql.identifier(o.segment)}` : ''}
)`;
}

/** True when the metric groups by a column of its own event table rather than of the account. */
export function groupsByEvent(o: ResolvedOptions, eventTable: string): boolean {
  return o.group?.relation === eventTable;
}

/** The group of an event row (alias `alias`) joined to `scope` (alias `sc`). */
export function groupOf(o: ResolvedOptions, eventTable: string, alias: string): string {
  return groupsByEvent(o, eventTable) ? `CAST(${alias}.${sql.identifier(o.group!.column)} AS VARCHAR)` : 'sc.grp';
}

/** `grps(grp)`: every group that can appear, so that empty groups show as null rows. */
export function groupsCte(o: ResolvedOptions, eventTable: string, eventsVisible: string): string {
  if (groupsByEvent(o, eventTable)) {
    return `grps AS (SELECT DISTINCT CAST(${sql.identifier(o.group!.column)} AS VARCHAR) AS grp FROM ${sql.identifier(eventTable)} WHERE ${eventsVisible})`;
  }
  return 'grps AS (SELECT DISTINCT grp FROM scope)';
}

/** The group column of the output, named after the grouping column (omitted without grouping). */
export function groupSelect(o: ResolvedOptions, source = 'g.grp'): string {
  return o.group ? `, ${source} AS ${sql.identifier(o.group.column)}` : '';
}

/** The ORDER BY tail for the group column. */
export function groupOrder(o: ResolvedOptions): string {
  return o.group ? `, ${sql.identifier(o.group.column)} NULLS LAST` : '';
}

/**
 * A survey's answers counted per period and group: the answers (`x`: day, score, grp) of the
 * accounts in scope, dated by D, and `columns`, aggregates over `x.score`. Every period and
 * group has a row; where nobody answered, counts are 0 and shares null.
 */
export function surveyByPeriodSql(o: ResolvedOptions, table: string, columns: readonly string[]): string {
  const d = asofSql(o);
  return `WITH ${scopeCte(o)},
${periodsCte(o, firstDateOf(o, table, 'responded_at'))},
answers AS (
  SELECT CAST(r.responded_at AS DATE) AS day, r.score, ${groupOf(o, table, 'r')} AS grp
  FROM ${table} r JOIN scope sc USING (account_id)
  WHERE CAST(r.responded_at AS DATE) <= ${d} AND r.score IS NOT NULL
),
${groupsCte(o, table, `CAST(responded_at AS DATE) <= ${d}`)}
SELECT p.period_start, p.period_end, p.partial${groupSelect(o)},
  ${columns.join(',\n  ')}
FROM periods p CROSS JOIN grps g
LEFT JOIN answers x ON x.day BETWEEN p.period_start AND p.period_end AND x.grp IS NOT DISTINCT FROM g.grp
GROUP BY ALL
ORDER BY p.period_start${groupOrder(o)}`;
}
