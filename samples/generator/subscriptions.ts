import type { GenerationStep, SampleTable } from './step.ts';

/**
 * `plan_change`: at most one upgrade or downgrade a month, never in the signup or churn month.
 * Healthy accounts expand, unhealthy ones contract.
 */
export const planChanges: GenerationStep = {
  label: 'plan changes',
  sql: () => `
CREATE OR REPLACE TABLE plan_change AS
WITH draws AS (
  SELECT account_id, k, period_start, period_end,
    u01('upgrade', account_id, k, 0) < 0.03 * sigmoid(1.5 * h - 0.5) AS is_upgrade,
    u01('downgrade', account_id, k, 0) < 0.02 * sigmoid(-1.5 * h - 0.5) AS is_downgrade
  FROM active
  WHERE k >= 1 AND (churn_k IS NULL OR k < churn_k) AND period_end > period_start
)
SELECT account_id, k,
  period_start + floor(u01('change_day', account_id, k, 0) * (period_end - period_start))::INTEGER AS change_date,
  CASE WHEN is_upgrade THEN 'upgrade' ELSE 'downgrade' END AS kind,
  CASE WHEN is_upgrade THEN 1.1 + 0.4 * u01('change_size', account_id, k, 0)
       ELSE 0.6 + 0.3 * u01('change_size', account_id, k, 0) END AS factor
FROM draws WHERE is_upgrade OR is_downgrade;
`,
};

/**
 * `spans`: subscription spans. The core product's spans are contiguous: each plan change ends
 * one span and starts the next on the same day; churn ends the last one with the churn reason.
 * Healthy accounts may add a second product (cross-sell), which lives until churn.
 */
export const subscriptionSpans: GenerationStep = {
  label: 'subscriptions',
  sql: () => `
CREATE OR REPLACE TABLE spans AS
WITH boundaries AS (
  SELECT account_id, signup_date AS on_date, 0 AS k, NULL::VARCHAR AS kind, 0.0 AS log_factor FROM acct
  UNION ALL
  SELECT account_id, change_date, k, kind, ln(factor) FROM plan_change
), core AS (
  SELECT b.account_id, b.on_date AS started_on,
    lead(b.on_date) OVER w AS next_change_on,
    lead(b.kind) OVER w AS next_kind,
    sum(b.log_factor) OVER (w ROWS UNBOUNDED PRECEDING) AS log_scale
  FROM boundaries b
  WINDOW w AS (PARTITION BY b.account_id ORDER BY b.k)
), addon AS (
  SELECT account_id, arg_min(period_start + floor(u01('addon_day', account_id, k, 0)
           * (period_end - period_start))::INTEGER, k) AS started_on
  FROM active
  WHERE k >= 2 AND (churn_k IS NULL OR k < churn_k) AND period_end > period_start
    AND u01('addon', account_id, k, 0) < 0.012 * exp(0.6 * h)
  GROUP BY account_id
)
SELECT c.account_id, 'Pulse Platform' AS product, lower(a.tier) AS plan,
  round(a.seats * a.seat_price * exp(c.log_scale), 2)::DECIMAL(12,2) AS mrr,
  c.started_on,
  coalesce(c.next_change_on, ch.churn_date) AS ended_on,
  CASE WHEN c.next_change_on IS NOT NULL THEN c.next_kind ELSE ch.churn_reason END AS end_reason
FROM core c JOIN acct a USING (account_id) LEFT JOIN churn ch USING (account_id)
UNION ALL
SELECT d.account_id,
  CASE WHEN u01('addon_product', d.account_id, 0, 0) < 0.5 THEN 'Insights' ELSE 'Automation' END AS product,
  'add-on' AS plan,
  round(a.seats * 6 * (1 + 0.5 * u01('addon_price', d.account_id, 0, 0)), 2)::DECIMAL(12,2) AS mrr,
  d.started_on, ch.churn_date AS ended_on, ch.churn_reason AS end_reason
FROM addon d JOIN acct a USING (account_id) LEFT JOIN churn ch USING (account_id);
`,
};

export const subscriptionsTable: SampleTable = {
  name: 'subscriptions',
  query: () => `
SELECT row_number() OVER (ORDER BY account_id, started_on, product)::BIGINT AS subscription_id,
  account_id, product, plan, mrr, started_on, ended_on, end_reason
FROM spans ORDER BY subscription_id`,
};
