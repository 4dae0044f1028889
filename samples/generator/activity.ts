import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { GenerationStep, SampleTable } from './step.ts';
import * as words from './word-lists.ts';

/** Average usage events a month for a one-seat account of average health. */
const USAGE_RATE = 1.5;

/** The end of the data as a timestamp bound: everything happens before the next midnight. */
const endOfData = (endDate: string) => `(${sql.date(endDate)} + 1)::TIMESTAMP`;

/**
 * `usage_events`: activity grows with the square root of seats and with health. Each event's
 * time, user and kind are drawn from its (account, month, index) key.
 */
export const usageEventsTable: SampleTable = {
  name: 'usage_events',
  query: () => `
WITH counts AS (
  SELECT account_id, k, h, seats, period_start,
    epoch(period_end::TIMESTAMP) - epoch(period_start::TIMESTAMP) AS active_seconds,
    greatest(1, round(seats * (0.25 + 0.6 * sigmoid(h))))::INTEGER AS active_users,
    poisson_ish(${USAGE_RATE} * sqrt(seats) * exp(0.7 * h)
      * (period_end - period_start) / (next_month_start - month_start), 'usage_n', account_id, k, 0) AS n
  FROM active WHERE period_end > period_start
), events AS (
  SELECT account_id, k, h, period_start, active_seconds, active_users, unnest(range(n))::INTEGER AS i
  FROM counts WHERE n > 0
), drawn AS (
  SELECT account_id, k, i, h,
    period_start::TIMESTAMP + to_seconds(floor(u01('usage_at', account_id, k, i) * active_seconds)::BIGINT) AS occurred_at,
    account_id * 10000 + 1 + floor(u01('usage_user', account_id, k, i) * active_users)::BIGINT AS user_id,
    u01('usage_kind', account_id, k, i) AS u_kind
  FROM events
)
SELECT account_id, user_id, occurred_at,
  CASE WHEN u_kind < 0.55 THEN 'login' WHEN u_kind < 0.85 THEN 'feature_use'
       WHEN u_kind < 0.93 THEN 'export' WHEN u_kind < 0.97 THEN 'invite' ELSE 'api_call' END AS event,
  CASE WHEN u_kind >= 0.55 AND u_kind < 0.85
       THEN pick(${sql.stringList(words.features)}, u01('usage_feature', account_id, k, i)) END AS feature,
  CASE WHEN u_kind < 0.85
       THEN round(exp(ln(240) + 0.2 * h + 0.6 * nrm('usage_duration', account_id, k, i)))::INTEGER END AS duration_s
FROM drawn ORDER BY account_id, occurred_at, k, i`,
};

/**
 * `ticket_work`: support tickets, numbered in time order per account, more of them for larger and unhealthier accounts. A ticket
 * not answered or resolved by the end of the data has a null `first_response_at`/`resolved_at`.
 */
export const supportTickets: GenerationStep = {
  label: 'tickets',
  sql: ({ endDate }) => `
CREATE OR REPLACE TABLE ticket_work AS
WITH counts AS (
  SELECT account_id, k, h, period_start,
    epoch(period_end::TIMESTAMP) - epoch(period_start::TIMESTAMP) AS active_seconds,
    poisson_ish(0.25 * pow(seats, 0.35) * exp(-0.6 * h)
      * (period_end - period_start) / (next_month_start - month_start), 'ticket_n', account_id, k, 0) AS n
  FROM active WHERE period_end > period_start
), tickets AS (
  SELECT account_id, k, h, period_start, active_seconds, unnest(range(n))::INTEGER AS i FROM counts WHERE n > 0
), drawn AS (
  SELECT account_id, k, i, h,
    period_start::TIMESTAMP + to_seconds(floor(u01('ticket_at', account_id, k, i) * active_seconds)::BIGINT) AS opened_at,
    CASE WHEN u01('complexity', account_id, k, i) < 0.3 THEN 'complex' ELSE 'simple' END AS complexity,
    pick(['email', 'email', 'email', 'email', 'email', 'chat', 'chat', 'chat', 'phone', 'phone'],
         u01('channel', account_id, k, i)) AS channel,
    pick(${sql.stringList(words.ticketCategories)}, u01('category', account_id, k, i)) AS category
  FROM tickets
), timed AS (
  SELECT *,
    opened_at + to_seconds(round(3600 * exp(
      CASE channel WHEN 'phone' THEN ln(0.1) WHEN 'chat' THEN ln(0.3) ELSE ln(4) END
      + 0.8 * nrm('first_response', account_id, k, i)))::BIGINT) AS responded,
    opened_at + to_seconds(round(3600 * exp(
      CASE complexity WHEN 'complex' THEN ln(40) ELSE ln(6) END - 0.25 * h
      + 0.9 * nrm('resolution', account_id, k, i)))::BIGINT) AS resolved
  FROM drawn
)
SELECT row_number() OVER (ORDER BY account_id, opened_at, k, i)::BIGINT AS ticket_id,
  account_id, k, i, h, opened_at,
  CASE WHEN responded < ${endOfData(endDate)} THEN responded END AS first_response_at,
  CASE WHEN resolved < ${endOfData(endDate)} THEN resolved END AS resolved_at,
  complexity, channel, category
FROM timed;
`,
};

export const ticketsTable: SampleTable = {
  name: 'tickets',
  query: () => `
SELECT ticket_id, account_id, opened_at, first_response_at, resolved_at, complexity, channel, category
FROM ticket_work ORDER BY ticket_id`,
};

/** `trainings`: most accounts take the onboarding course; healthier ones keep learning. */
export const trainingsTable: SampleTable = {
  name: 'trainings',
  query: () => `
WITH attended AS (
  SELECT account_id, k,
    period_start + floor(u01('training_day', account_id, k, 0) * (period_end - period_start))::INTEGER AS attended_on,
    CASE WHEN k = 0 THEN 'Onboarding 101'
         ELSE pick(${sql.stringList(words.courses.slice(1))}, u01('course', account_id, k, 0)) END AS course
  FROM active
  WHERE period_end > period_start
    AND u01('training', account_id, k, 0) < CASE WHEN k = 0 THEN 0.6 ELSE 0.05 END * (0.4 + sigmoid(h))
)
SELECT account_id, attended_on, course FROM attended ORDER BY account_id, attended_on, k`,
};
