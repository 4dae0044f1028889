import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { SampleTable } from './step.ts';
import * as words from './word-lists.ts';

/**
 * `nps_responses`: about a quarter of accounts never answer a survey; the others answer a few
 * times a year. The 0–10 score rises with health; some answers carry a reason.
 */
export const npsResponsesTable: SampleTable = {
  name: 'nps_responses',
  query: () => `
WITH answered AS (
  SELECT account_id, k, h,
    period_start::TIMESTAMP + to_seconds(floor(u01('nps_at', account_id, k, 0)
      * (epoch(period_end::TIMESTAMP) - epoch(period_start::TIMESTAMP)))::BIGINT) AS responded_at,
    CASE
      -- Some unhappy customers answer with the bottom of the scale, as real NPS surveys show.
      WHEN h < -1 AND u01('nps_angry', account_id, k, 0) < 0.3 THEN floor(4 * u01('nps_angry_score', account_id, k, 0))
      ELSE least(10, greatest(0, round(7.9 + 1.3 * h + 1.2 * nrm('nps_score', account_id, k, 0))))
    END::INTEGER AS score
  FROM active
  WHERE k >= 1 AND period_end > period_start
    AND u01('nps_responsive', account_id, 0, 0) < 0.75
    AND u01('nps_answer', account_id, k, 0) < 0.18
)
SELECT row_number() OVER (ORDER BY account_id, responded_at)::BIGINT AS response_id,
  account_id, responded_at, score,
  CASE WHEN u01('nps_reason', account_id, k, 0) < 0.35 THEN
    CASE WHEN score >= 9 THEN pick(${sql.stringList(words.promoterReasons)}, u01('nps_reason_text', account_id, k, 0))
         WHEN score >= 7 THEN pick(${sql.stringList(words.passiveReasons)}, u01('nps_reason_text', account_id, k, 0))
         ELSE pick(${sql.stringList(words.detractorReasons)}, u01('nps_reason_text', account_id, k, 0)) END
  END AS reason
FROM answered ORDER BY response_id`,
};

/**
 * `csat_responses` (1–5) at three touchpoints: after some resolved tickets (with `ticket_id`),
 * after onboarding, and at each contract anniversary. Scores rise with health and fall for
 * complex tickets.
 */
export const csatResponsesTable: SampleTable = {
  name: 'csat_responses',
  query: ({ endDate }) => `
WITH support AS (
  SELECT account_id, ticket_id, 'support' AS touchpoint, h,
    resolved_at + to_seconds(round(3600 * exp(ln(6) + nrm('csat_delay', ticket_id, 0, 0)))::BIGINT) AS responded_at,
    4.3 + 0.55 * h - CASE complexity WHEN 'complex' THEN 0.35 ELSE 0 END
      + 0.8 * nrm('csat_score', ticket_id, 0, 0) AS raw_score,
    ticket_id AS tie
  FROM ticket_work
  WHERE resolved_at IS NOT NULL AND u01('csat_support', ticket_id, 0, 0) < 0.35
), onboarding AS (
  SELECT account_id, NULL::BIGINT AS ticket_id, 'onboarding' AS touchpoint, h,
    period_start::TIMESTAMP + to_seconds(floor((14 + 30 * u01('csat_onboarding_at', account_id, 0, 0)) * 86400)::BIGINT) AS responded_at,
    4.4 + 0.5 * h + 0.8 * nrm('csat_onboarding', account_id, 0, 0) AS raw_score,
    0 AS tie
  FROM active WHERE k = 0 AND u01('csat_onboarding_answer', account_id, 0, 0) < 0.5
), renewal AS (
  SELECT account_id, NULL::BIGINT AS ticket_id, 'renewal' AS touchpoint, h,
    month_start::TIMESTAMP + to_seconds(floor(u01('csat_renewal_at', account_id, k, 0) * 20 * 86400)::BIGINT) AS responded_at,
    4.2 + 0.6 * h + 0.8 * nrm('csat_renewal', account_id, k, 0) AS raw_score,
    k AS tie
  FROM active
  WHERE k > 0 AND k % 12 = 0 AND (churn_k IS NULL OR k < churn_k)
    AND u01('csat_renewal_answer', account_id, k, 0) < 0.35
), all_responses AS (
  SELECT * FROM support UNION ALL SELECT * FROM onboarding UNION ALL SELECT * FROM renewal
), visible AS (
  -- An answer after the end of the data, or after the account left, was never given.
  SELECT r.* FROM all_responses r LEFT JOIN churn c USING (account_id)
  WHERE r.responded_at < (${sql.date(endDate)} + 1)::TIMESTAMP
    AND (c.churn_date IS NULL OR r.responded_at < c.churn_date::TIMESTAMP)
)
SELECT row_number() OVER (ORDER BY account_id, responded_at, touchpoint, tie)::BIGINT AS response_id,
  account_id, ticket_id, responded_at,
  least(5, greatest(1, round(raw_score)))::INTEGER AS score,
  touchpoint
FROM visible ORDER BY response_id`,
};
