-- The sample health model (samples/models/health.pulse) written by hand, as an analyst would
-- write it in plain SQL, as of DATE '2025-06-30'. The benchmark checks that it gives the
-- same result as the compiled model before timing both.
WITH
usage AS (
  SELECT account_id,
    count(*) FILTER (WHERE event = 'login' AND occurred_at::DATE > DATE '2025-06-30' - 30) AS logins_30d,
    count(*) FILTER (WHERE event = 'login' AND occurred_at::DATE > DATE '2025-06-30' - 90) AS logins_90d,
    count(*) FILTER (WHERE event = 'login' AND occurred_at::DATE > DATE '2025-06-30' - 180
                                           AND occurred_at::DATE <= DATE '2025-06-30' - 90) AS logins_prev_90d,
    count(DISTINCT user_id) FILTER (WHERE occurred_at::DATE > DATE '2025-06-30' - 90) AS users_90d
  FROM usage_events WHERE occurred_at::DATE <= DATE '2025-06-30' GROUP BY account_id
),
support AS (
  SELECT account_id,
    count(*) FILTER (WHERE resolved_at IS NULL OR resolved_at::DATE > DATE '2025-06-30') AS open_tickets,
    count(*) FILTER (WHERE opened_at::DATE > DATE '2025-06-30' - 90) AS tickets_90d
  FROM tickets WHERE opened_at::DATE <= DATE '2025-06-30' GROUP BY account_id
),
billing AS (
  SELECT account_id,
    count(*) FILTER (WHERE due_on < DATE '2025-06-30' AND (paid_on IS NULL OR paid_on > due_on)
                       AND issued_on > DATE '2025-06-30' - 90) AS late_90d
  FROM invoices WHERE issued_on <= DATE '2025-06-30' GROUP BY account_id
),
sentiment AS (
  SELECT account_id,
    arg_max(score, {'t': responded_at, 'v': score}) FILTER (WHERE score IS NOT NULL) AS nps_last,
    avg(score) FILTER (WHERE responded_at::DATE > DATE '2025-06-30' - 365) AS nps_avg_365d
  FROM nps_responses WHERE responded_at::DATE <= DATE '2025-06-30' GROUP BY account_id
),
revenue AS (
  SELECT account_id, sum(mrr) FILTER (WHERE ended_on IS NULL OR ended_on > DATE '2025-06-30') AS mrr
  FROM subscriptions WHERE started_on <= DATE '2025-06-30' GROUP BY account_id
),
measures AS (
  SELECT a.*,
    coalesce(u.logins_30d, 0) AS logins_30d, coalesce(u.logins_90d, 0) AS logins_90d,
    coalesce(u.logins_prev_90d, 0) AS logins_prev_90d, coalesce(u.users_90d, 0) AS users_90d,
    coalesce(u.users_90d, 0) / nullif(a.seats, 0) AS seat_use,
    coalesce(u.logins_90d, 0) / nullif(coalesce(u.logins_prev_90d, 0), 0) AS login_trend,
    coalesce(s.open_tickets, 0) AS open_tickets, coalesce(s.tickets_90d, 0) AS tickets_90d,
    coalesce(b.late_90d, 0) AS late_90d, n.nps_last, n.nps_avg_365d, r.mrr
  FROM accounts a
  LEFT JOIN usage u USING (account_id) LEFT JOIN support s USING (account_id)
  LEFT JOIN billing b USING (account_id) LEFT JOIN sentiment n USING (account_id)
  LEFT JOIN revenue r USING (account_id)
),
components AS (
  SELECT *,
    CASE WHEN logins_90d >= 30 THEN 100 WHEN logins_90d >= 12 THEN 75 WHEN logins_90d >= 4 THEN 45 ELSE 10 END AS health_usage,
    CASE WHEN seat_use IS NULL THEN NULL ELSE least(greatest(seat_use * 150, 0), 100) END AS health_adoption,
    CASE WHEN login_trend IS NULL THEN NULL WHEN login_trend >= 1 THEN 100 WHEN login_trend >= 0.7 THEN 60 ELSE 20 END AS health_momentum,
    CASE WHEN late_90d = 0 THEN 100 WHEN late_90d = 1 THEN 50 ELSE 0 END AS health_payments,
    CASE WHEN nps_avg_365d IS NULL THEN NULL WHEN nps_avg_365d >= 9 THEN 100 WHEN nps_avg_365d >= 7 THEN 65 ELSE 15 END AS health_sentiment,
    CASE WHEN tickets_90d <= 2 THEN 100 WHEN tickets_90d <= 5 THEN 60 ELSE 30 END AS health_support
  FROM measures
),
weights AS (
  SELECT *,
    35 + CASE WHEN health_adoption IS NULL THEN 0 ELSE 15 END + CASE WHEN health_momentum IS NULL THEN 0 ELSE 10 END
       + 20 + CASE WHEN health_sentiment IS NULL THEN 0 ELSE 15 END + 5 AS total_weight
  FROM components
),
scored AS (
  SELECT *,
    round((35 * health_usage + coalesce(15 * health_adoption, 0) + coalesce(10 * health_momentum, 0)
           + 20 * health_payments + coalesce(15 * health_sentiment, 0) + 5 * health_support) / total_weight, 6) AS health
  FROM weights
)
SELECT account_id, name, tier, region, industry, csm, seats, signup_date, renewal_on, referred_by,
  logins_30d, logins_90d, logins_prev_90d, users_90d, seat_use, login_trend, open_tickets, tickets_90d, late_90d,
  nps_last, nps_avg_365d, mrr, health,
  CASE WHEN health >= 70 THEN 'green' WHEN health >= 45 THEN 'yellow' ELSE 'red' END AS health_grade,
  health_usage, round(35 * health_usage / total_weight, 6) AS health_usage_contrib,
  health_adoption, round(15 * coalesce(health_adoption, 0) / total_weight, 6) AS health_adoption_contrib,
  health_momentum, round(10 * coalesce(health_momentum, 0) / total_weight, 6) AS health_momentum_contrib,
  health_payments, round(20 * health_payments / total_weight, 6) AS health_payments_contrib,
  health_sentiment, round(15 * coalesce(health_sentiment, 0) / total_weight, 6) AS health_sentiment_contrib,
  health_support, round(5 * health_support / total_weight, 6) AS health_support_contrib,
  coalesce(mrr > 0, false) AS active,
  coalesce(mrr > 0 AND health < 45 AND mrr >= 1000, false) AS at_risk,
  coalesce(mrr > 0 AND nps_last >= 9 AND health >= 80, false) AS champions,
  coalesce(mrr > 0 AND date_diff('day', DATE '2025-06-30', renewal_on) BETWEEN 0 AND 90, false) AS renewal_due,
  coalesce(mrr > 0 AND date_diff('day', DATE '2025-06-30', renewal_on) BETWEEN 0 AND 90 AND health < 45, false) AS at_risk_renewal
FROM scored
ORDER BY account_id
