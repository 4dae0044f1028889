/**
 * The raw tables the reference metrics read, fetched with plain `SELECT *` (no computation in
 * SQL) and typed just enough for the metrics of docs/metrics.md.
 */
import type { Session } from '../../../engine/session.ts';
import { rowsOf } from '../../helpers/rows.ts';
import type { Day } from './dates.ts';

/** A row of `accounts`: the columns the metrics need, and any other column to group by. */
export interface AccountRow {
  readonly account_id: number;
  readonly signup_date: Day;
  readonly [column: string]: unknown;
}

/** A row of `subscriptions`. `mrr` is in currency units (DECIMAL(12,2) read as a number). */
export interface SubscriptionRow {
  readonly account_id: number;
  readonly product: string;
  readonly mrr: number;
  readonly started_on: Day;
  readonly ended_on: Day | null;
  readonly end_reason: string | null;
}

/** A row of `nps_responses` or `csat_responses`; `responded_at` is an ISO timestamp. */
export interface ResponseRow {
  readonly account_id: number;
  readonly responded_at: string;
  readonly score: number | null;
  readonly [column: string]: unknown;
}

/** Everything the reference metrics look at. */
export interface MetricTables {
  readonly accounts: readonly AccountRow[];
  readonly subscriptions: readonly SubscriptionRow[];
  readonly nps_responses: readonly ResponseRow[];
  readonly csat_responses: readonly ResponseRow[];
}

async function rowsOfTable<T>(session: Session, table: string): Promise<T[]> {
  return rowsOf(await session.query(`SELECT * FROM ${table}`)) as T[];
}

/** Reads the four tables whole from the session. */
export async function fetchMetricTables(session: Session): Promise<MetricTables> {
  return {
    accounts: await rowsOfTable<AccountRow>(session, 'accounts'),
    subscriptions: await rowsOfTable<SubscriptionRow>(session, 'subscriptions'),
    nps_responses: await rowsOfTable<ResponseRow>(session, 'nps_responses'),
    csat_responses: await rowsOfTable<ResponseRow>(session, 'csat_responses'),
  };
}
