import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { GenerationStep, SampleTable } from './step.ts';

/**
 * `referral_work`: referrals come from healthy customers. A converted referral is an account
 * that signed up after being referred by an earlier account that was healthy at the time; an
 * unconverted one is a lead a healthy account sent that never signed up.
 */
export const referralsMade: GenerationStep = {
  label: 'referrals',
  sql: ({ seed }) => `
CREATE OR REPLACE TABLE referral_work AS
WITH candidates AS (
  SELECT a.account_id AS referred_account_id, a.signup_date,
    1 + floor(u01('referrer', a.account_id, 0, 0) * (a.account_id - 1))::BIGINT AS referrer_account_id
  FROM acct a
  WHERE a.account_id > 1 AND u01('referred', a.account_id, 0, 0) < 0.15
), converted AS (
  SELECT c.referrer_account_id, c.referred_account_id,
    greatest(r.period_start, c.signup_date - floor(45 * u01('referred_on', c.referred_account_id, 0, 0))::INTEGER) AS referred_on,
    TRUE AS converted, 0 AS tie
  FROM candidates c
  JOIN active r ON r.account_id = c.referrer_account_id
   AND r.period_start <= c.signup_date AND c.signup_date < r.period_end
  WHERE r.h > 0.4
), unconverted AS (
  SELECT account_id AS referrer_account_id, NULL::BIGINT AS referred_account_id,
    period_start + floor(u01('lead_day', account_id, k, 0) * (period_end - period_start))::INTEGER AS referred_on,
    FALSE AS converted, k AS tie
  FROM active
  WHERE period_end > period_start AND h > 0.6 AND u01('lead', account_id, k, 0) < 0.015
), all_referrals AS (
  SELECT * FROM converted UNION ALL SELECT * FROM unconverted
)
SELECT row_number() OVER (ORDER BY referrer_account_id, referred_on, converted, coalesce(referred_account_id, 0), tie)::BIGINT
    AS referral_id,
  referrer_account_id, referred_account_id, referred_on,
  upper(substr(md5(${sql.string(String(seed))} || '/' || referrer_account_id || '/' || referred_on || '/'
    || coalesce(referred_account_id, 0) || '/' || tie), 1, 8)) AS code,
  converted
FROM all_referrals;
`,
};

export const referralsTable: SampleTable = {
  name: 'referrals',
  query: () => `
SELECT referral_id, referrer_account_id, referred_account_id, referred_on, code, converted
FROM referral_work ORDER BY referral_id`,
};

/**
 * `accounts`: the traits, the next contract renewal (yearly from signup; null once churned)
 * and who referred the account.
 */
export const accountsTable: SampleTable = {
  name: 'accounts',
  query: ({ endDate }) => `
WITH renewal AS (
  SELECT account_id, years_in,
    (signup_date + to_years(years_in))::DATE AS anniversary
  FROM (SELECT account_id, signup_date,
          date_diff('year', signup_date, ${sql.date(endDate)})::INTEGER AS years_in FROM acct)
)
SELECT a.account_id, a.name, a.tier, a.region, a.industry, a.csm, a.seats, a.signup_date,
  CASE WHEN c.churn_date IS NULL THEN
    CASE WHEN r.anniversary > ${sql.date(endDate)} THEN r.anniversary
         ELSE (a.signup_date + to_years(r.years_in + 1))::DATE END
  END AS renewal_on,
  f.referrer_account_id AS referred_by
FROM acct a
JOIN renewal r USING (account_id)
LEFT JOIN churn c USING (account_id)
LEFT JOIN referral_work f ON f.referred_account_id = a.account_id
ORDER BY a.account_id`,
};
