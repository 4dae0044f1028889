import { duckdbDialect as sql } from '../../dsl/sql/duckdb-dialect.ts';
import type { GenerationStep } from './step.ts';
import * as words from './word-lists.ts';

/** Yearly signup growth rate: later months sign up more accounts, as a growing business does. */
const SIGNUP_GROWTH_PER_YEAR = 0.5;

/**
 * `acct`: one row per account with its fixed traits and the hidden base health `mu`.
 * Account ids follow signup order (a stratified draw keeps them sorted).
 */
export const accountTraits: GenerationStep = {
  label: 'accounts',
  sql: ({ accounts, startDate, days }) => {
    const g = SIGNUP_GROWTH_PER_YEAR;
    return `
CREATE OR REPLACE TABLE acct AS
WITH drawn AS (
  SELECT account_id,
    ln(1 + ((account_id - 1 + u01('signup', account_id, 0, 0)) / ${accounts})
           * (exp(${g} * ${days} / 365.0) - 1)) / ${g} * 365.0 AS signup_day,
    u01('tier', account_id, 0, 0) AS u_tier
  FROM (SELECT range::BIGINT + 1 AS account_id FROM range(${accounts}))
), tiered AS (
  SELECT account_id,
    ${sql.date(startDate)} + least(floor(signup_day)::INTEGER, ${days - 1}) AS signup_date,
    CASE WHEN u_tier < 0.6 THEN 'Starter' WHEN u_tier < 0.9 THEN 'Growth' ELSE 'Enterprise' END AS tier
  FROM drawn
)
SELECT account_id, signup_date, tier,
  pick(${sql.stringList(words.nameFirstWords)}, u01('name1', account_id, 0, 0)) || ' '
    || pick(${sql.stringList(words.nameSecondWords)}, u01('name2', account_id, 0, 0)) || ' '
    || pick(${sql.stringList(words.nameSuffixes)}, u01('name3', account_id, 0, 0)) AS name,
  pick(${sql.stringList(words.regions)}, u01('region', account_id, 0, 0)) AS region,
  pick(${sql.stringList(words.industries)}, u01('industry', account_id, 0, 0)) AS industry,
  CASE WHEN tier = 'Starter' THEN pick(${sql.stringList(words.pooledCsms)}, u01('csm', account_id, 0, 0))
       ELSE pick(${sql.stringList(words.namedCsms)}, u01('csm', account_id, 0, 0)) END AS csm,
  CASE tier
    WHEN 'Starter' THEN greatest(1, round(exp(ln(4) + 0.6 * nrm('seats', account_id, 0, 0))))
    WHEN 'Growth' THEN greatest(5, round(exp(ln(20) + 0.5 * nrm('seats', account_id, 0, 0))))
    ELSE least(2000, greatest(25, round(exp(ln(150) + 0.6 * nrm('seats', account_id, 0, 0)))))
  END::INTEGER AS seats,
  CASE tier WHEN 'Starter' THEN 0.0 WHEN 'Growth' THEN 0.2 ELSE 0.4 END
    + 0.8 * nrm('mu', account_id, 0, 0) AS mu,
  0.6 * nrm('x0', account_id, 0, 0) AS x0,
  CASE tier WHEN 'Starter' THEN 25 WHEN 'Growth' THEN 45 ELSE 70 END
    * exp(0.1 * nrm('price', account_id, 0, 0)) AS seat_price
FROM tiered;
`;
  },
};

/** Persistence of the monthly health drift (AR(1) coefficient) and its monthly shock size. */
const DRIFT_RHO = 0.85;
const DRIFT_SIGMA = 0.35;

/**
 * `acct_month`: one row per account and calendar month from its signup month to the end,
 * with the latent health `h` = base health + an AR(1) drift, and the monthly churn hazard.
 * The drift x_k = ρ x_{k−1} + ε_k is written as ρ^k · Σ ρ^−j ε_j so that one window sum computes it.
 */
export const accountMonths: GenerationStep = {
  label: 'health drift',
  sql: ({ endDate }) => `
CREATE OR REPLACE TABLE acct_month AS
WITH months AS (
  SELECT account_id, tier, seats, mu, x0, signup_date,
    unnest(range(0, date_diff('month', signup_date, ${sql.date(endDate)}) + 1)) AS k
  FROM acct
), walk AS (
  SELECT *,
    sum(CASE WHEN k = 0 THEN x0 ELSE ${DRIFT_SIGMA} * nrm('drift', account_id, k, 0) * pow(${DRIFT_RHO}, -k) END)
      OVER (PARTITION BY account_id ORDER BY k ROWS UNBOUNDED PRECEDING) AS scaled_drift
  FROM months
)
SELECT account_id, k::INTEGER AS k, tier, seats, signup_date,
  (date_trunc('month', signup_date) + to_months(k))::DATE AS month_start,
  (date_trunc('month', signup_date) + to_months(k + 1))::DATE AS next_month_start,
  mu + pow(${DRIFT_RHO}, k) * scaled_drift AS h
FROM walk;
`,
};

/**
 * `churn`: the month an account churns — the first month after signup whose draw falls under
 * the hazard, which rises steeply as health falls — with the day and the reason.
 */
export const churnEvents: GenerationStep = {
  label: 'churn',
  sql: ({ endDate }) => `
CREATE OR REPLACE TABLE churn AS
WITH hazard AS (
  SELECT account_id, k, month_start, next_month_start, h,
    CASE tier WHEN 'Starter' THEN 0.028 WHEN 'Growth' THEN 0.0095 ELSE 0.0055 END * exp(-1.1 * h) AS p
  FROM acct_month WHERE k >= 1
), first_churn AS (
  SELECT account_id, arg_min(month_start, k) AS month_start, arg_min(next_month_start, k) AS next_month_start,
    arg_min(h, k) AS h, min(k) AS churn_k
  FROM hazard WHERE u01('churn', account_id, k, 0) < p
  GROUP BY account_id
)
SELECT account_id, churn_k,
  least(month_start + floor(u01('churn_day', account_id, 0, 0) * (next_month_start - month_start))::INTEGER,
        ${sql.date(endDate)}) AS churn_date,
  CASE WHEN h < -0.3 THEN pick(${sql.stringList(words.churnReasonsWhenUnhealthy)}, u01('reason', account_id, 0, 0))
       ELSE pick(${sql.stringList(words.churnReasonsWhenHealthy)}, u01('reason', account_id, 0, 0)) END AS churn_reason
FROM first_churn;
`,
};

/**
 * `active`: the account-months in which an account was a customer, with the part of the month
 * it was active: from `period_start` (inclusive) to `period_end` (exclusive).
 */
export const activeMonths: GenerationStep = {
  label: 'active months',
  sql: ({ endDate }) => `
CREATE OR REPLACE TABLE active AS
SELECT m.account_id, m.k, m.tier, m.seats, m.h, m.month_start, m.next_month_start,
  greatest(m.month_start, m.signup_date) AS period_start,
  least(m.next_month_start, coalesce(c.churn_date, ${sql.date(endDate)} + 1), ${sql.date(endDate)} + 1) AS period_end,
  c.churn_k, c.churn_date
FROM acct_month m LEFT JOIN churn c USING (account_id)
WHERE c.churn_k IS NULL OR m.k <= c.churn_k;
`,
};
