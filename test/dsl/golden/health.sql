WITH
"__pulse_pass_usage" AS (
  SELECT
    "account_id" AS "__pulse_key",
    count(*) FILTER (WHERE (("event" = 'login') AND (CAST("occurred_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (30) DAY AS DATE)))) AS "__pulse_agg_1",
    count(*) FILTER (WHERE (("event" = 'login') AND (CAST("occurred_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (90) DAY AS DATE)))) AS "__pulse_agg_2",
    count(*) FILTER (WHERE ((("event" = 'login') AND (CAST("occurred_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (180) DAY AS DATE))) AND (CAST("occurred_at" AS DATE) <= CAST(DATE '2025-06-30' - INTERVAL (90) DAY AS DATE)))) AS "__pulse_agg_3",
    count(DISTINCT "user_id") FILTER (WHERE (CAST("occurred_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (90) DAY AS DATE))) AS "__pulse_agg_4"
  FROM "usage_events"
  WHERE (CAST("occurred_at" AS DATE) <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_pass_tickets" AS (
  SELECT
    "account_id" AS "__pulse_key",
    count(*) FILTER (WHERE (("resolved_at" IS NULL) OR (CAST("resolved_at" AS DATE) > DATE '2025-06-30'))) AS "__pulse_agg_5",
    count(*) FILTER (WHERE (CAST("opened_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (90) DAY AS DATE))) AS "__pulse_agg_6"
  FROM "tickets"
  WHERE (CAST("opened_at" AS DATE) <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_pass_invoices" AS (
  SELECT
    "account_id" AS "__pulse_key",
    count(*) FILTER (WHERE ((("due_on" < DATE '2025-06-30') AND (("paid_on" IS NULL) OR ("paid_on" > "due_on"))) AND ("issued_on" > CAST(DATE '2025-06-30' - INTERVAL (90) DAY AS DATE)))) AS "__pulse_agg_7"
  FROM "invoices"
  WHERE ("issued_on" <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_pass_nps" AS (
  SELECT
    "account_id" AS "__pulse_key",
    arg_max("score", {'t': "responded_at", 'v': "score"}) FILTER (WHERE ("score" IS NOT NULL)) AS "__pulse_agg_8",
    avg("score") FILTER (WHERE (CAST("responded_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (365) DAY AS DATE))) AS "__pulse_agg_9"
  FROM "nps_responses"
  WHERE (CAST("responded_at" AS DATE) <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_pass_subs" AS (
  SELECT
    "account_id" AS "__pulse_key",
    sum("mrr") FILTER (WHERE (("ended_on" IS NULL) OR ("ended_on" > DATE '2025-06-30'))) AS "__pulse_agg_10"
  FROM "subscriptions"
  WHERE ("started_on" <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_layer_0" AS (
  SELECT
    "__pulse_entity".*,
    coalesce("__pulse_pass_usage"."__pulse_agg_1", 0) AS "__pulse_agg_1",
    coalesce("__pulse_pass_usage"."__pulse_agg_2", 0) AS "__pulse_agg_2",
    coalesce("__pulse_pass_usage"."__pulse_agg_3", 0) AS "__pulse_agg_3",
    coalesce("__pulse_pass_usage"."__pulse_agg_4", 0) AS "__pulse_agg_4",
    coalesce("__pulse_pass_tickets"."__pulse_agg_5", 0) AS "__pulse_agg_5",
    coalesce("__pulse_pass_tickets"."__pulse_agg_6", 0) AS "__pulse_agg_6",
    coalesce("__pulse_pass_invoices"."__pulse_agg_7", 0) AS "__pulse_agg_7",
    "__pulse_pass_nps"."__pulse_agg_8" AS "__pulse_agg_8",
    "__pulse_pass_nps"."__pulse_agg_9" AS "__pulse_agg_9",
    "__pulse_pass_subs"."__pulse_agg_10" AS "__pulse_agg_10"
  FROM "accounts" AS "__pulse_entity"
  LEFT JOIN "__pulse_pass_usage" AS "__pulse_pass_usage" ON ("__pulse_pass_usage"."__pulse_key" = "__pulse_entity"."account_id")
  LEFT JOIN "__pulse_pass_tickets" AS "__pulse_pass_tickets" ON ("__pulse_pass_tickets"."__pulse_key" = "__pulse_entity"."account_id")
  LEFT JOIN "__pulse_pass_invoices" AS "__pulse_pass_invoices" ON ("__pulse_pass_invoices"."__pulse_key" = "__pulse_entity"."account_id")
  LEFT JOIN "__pulse_pass_nps" AS "__pulse_pass_nps" ON ("__pulse_pass_nps"."__pulse_key" = "__pulse_entity"."account_id")
  LEFT JOIN "__pulse_pass_subs" AS "__pulse_pass_subs" ON ("__pulse_pass_subs"."__pulse_key" = "__pulse_entity"."account_id")
),
"__pulse_layer_1" AS (
  SELECT
    *,
    "__pulse_agg_1" AS "logins_30d",
    "__pulse_agg_2" AS "logins_90d",
    "__pulse_agg_3" AS "logins_prev_90d",
    "__pulse_agg_4" AS "users_90d",
    "__pulse_agg_5" AS "open_tickets",
    "__pulse_agg_6" AS "tickets_90d",
    "__pulse_agg_7" AS "late_90d",
    "__pulse_agg_8" AS "nps_last",
    "__pulse_agg_9" AS "nps_avg_365d",
    "__pulse_agg_10" AS "mrr"
  FROM "__pulse_layer_0"
),
"__pulse_layer_2" AS (
  SELECT
    *,
    ("users_90d" / nullif("seats", 0)) AS "seat_use",
    ("logins_90d" / nullif("logins_prev_90d", 0)) AS "login_trend",
    coalesce(("mrr" > 0), FALSE) AS "active"
  FROM "__pulse_layer_1"
),
"__pulse_layer_3" AS (
  SELECT
    *,
    (CASE WHEN ("logins_90d" IS NULL) THEN NULL WHEN ("logins_90d" >= 30) THEN 100 WHEN ("logins_90d" >= 12) THEN 75 WHEN ("logins_90d" >= 4) THEN 45 ELSE 10 END) AS "__pulse_health_usage_raw",
    (CASE WHEN (("seat_use" * 150) IS NULL) THEN NULL ELSE least(greatest(("seat_use" * 150), 0), 100) END) AS "__pulse_health_adoption_raw",
    (CASE WHEN ("login_trend" IS NULL) THEN NULL WHEN ("login_trend" >= 1) THEN 100 WHEN ("login_trend" >= 0.7e0) THEN 60 ELSE 20 END) AS "__pulse_health_momentum_raw",
    (CASE WHEN ("late_90d" IS NULL) THEN NULL WHEN ("late_90d" = 0) THEN 100 WHEN ("late_90d" = 1) THEN 50 ELSE 0 END) AS "__pulse_health_payments_raw",
    (CASE WHEN ("nps_avg_365d" IS NULL) THEN NULL WHEN ("nps_avg_365d" >= 9) THEN 100 WHEN ("nps_avg_365d" >= 7) THEN 65 ELSE 15 END) AS "__pulse_health_sentiment_raw",
    (CASE WHEN ("tickets_90d" IS NULL) THEN NULL WHEN ("tickets_90d" <= 2) THEN 100 WHEN ("tickets_90d" <= 5) THEN 60 ELSE 30 END) AS "__pulse_health_support_raw",
    coalesce(("active" AND (date_diff('day', DATE '2025-06-30', "renewal_on") BETWEEN 0 AND 90)), FALSE) AS "renewal_due"
  FROM "__pulse_layer_2"
),
"__pulse_layer_4" AS (
  SELECT
    *,
    (CASE WHEN ("__pulse_health_usage_raw" < 0) THEN 0 WHEN ("__pulse_health_usage_raw" > 100) THEN 100 ELSE "__pulse_health_usage_raw" END) AS "health_usage",
    (CASE WHEN ("__pulse_health_adoption_raw" < 0) THEN 0 WHEN ("__pulse_health_adoption_raw" > 100) THEN 100 ELSE "__pulse_health_adoption_raw" END) AS "health_adoption",
    (CASE WHEN ("__pulse_health_momentum_raw" < 0) THEN 0 WHEN ("__pulse_health_momentum_raw" > 100) THEN 100 ELSE "__pulse_health_momentum_raw" END) AS "health_momentum",
    (CASE WHEN ("__pulse_health_payments_raw" < 0) THEN 0 WHEN ("__pulse_health_payments_raw" > 100) THEN 100 ELSE "__pulse_health_payments_raw" END) AS "health_payments",
    (CASE WHEN ("__pulse_health_sentiment_raw" < 0) THEN 0 WHEN ("__pulse_health_sentiment_raw" > 100) THEN 100 ELSE "__pulse_health_sentiment_raw" END) AS "health_sentiment",
    (CASE WHEN ("__pulse_health_support_raw" < 0) THEN 0 WHEN ("__pulse_health_support_raw" > 100) THEN 100 ELSE "__pulse_health_support_raw" END) AS "health_support"
  FROM "__pulse_layer_3"
),
"__pulse_layer_5" AS (
  SELECT
    *,
    ((((((CASE WHEN ("health_usage" IS NULL) THEN 0 ELSE 35 END) + (CASE WHEN ("health_adoption" IS NULL) THEN 0 ELSE 15 END)) + (CASE WHEN ("health_momentum" IS NULL) THEN 0 ELSE 10 END)) + (CASE WHEN ("health_payments" IS NULL) THEN 0 ELSE 20 END)) + (CASE WHEN ("health_sentiment" IS NULL) THEN 0 ELSE 15 END)) + (CASE WHEN ("health_support" IS NULL) THEN 0 ELSE 5 END)) AS "__pulse_health_total"
  FROM "__pulse_layer_4"
),
"__pulse_layer_6" AS (
  SELECT
    *,
    round(((((((coalesce((35 * "health_usage"), 0) + coalesce((15 * "health_adoption"), 0)) + coalesce((10 * "health_momentum"), 0)) + coalesce((20 * "health_payments"), 0)) + coalesce((15 * "health_sentiment"), 0)) + coalesce((5 * "health_support"), 0)) / nullif("__pulse_health_total", 0)), 6) AS "health"
  FROM "__pulse_layer_5"
),
"__pulse_layer_7" AS (
  SELECT
    *,
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((35 * coalesce("health_usage", 0)) / "__pulse_health_total"), 6) END) AS "health_usage_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((15 * coalesce("health_adoption", 0)) / "__pulse_health_total"), 6) END) AS "health_adoption_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((10 * coalesce("health_momentum", 0)) / "__pulse_health_total"), 6) END) AS "health_momentum_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((20 * coalesce("health_payments", 0)) / "__pulse_health_total"), 6) END) AS "health_payments_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((15 * coalesce("health_sentiment", 0)) / "__pulse_health_total"), 6) END) AS "health_sentiment_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((5 * coalesce("health_support", 0)) / "__pulse_health_total"), 6) END) AS "health_support_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL WHEN ("health" >= 70) THEN 'green' WHEN ("health" >= 45) THEN 'yellow' ELSE 'red' END) AS "health_grade",
    coalesce((("active" AND ("nps_last" >= 9)) AND ("health" >= 80)), FALSE) AS "champions"
  FROM "__pulse_layer_6"
),
"__pulse_layer_8" AS (
  SELECT
    *,
    coalesce((("active" AND ("health_grade" = 'red')) AND ("mrr" >= 1000)), FALSE) AS "at_risk",
    coalesce(("renewal_due" AND ("health_grade" = 'red')), FALSE) AS "at_risk_renewal"
  FROM "__pulse_layer_7"
)
SELECT
  "account_id",
  "name",
  "tier",
  "region",
  "industry",
  "csm",
  "seats",
  "signup_date",
  "renewal_on",
  "referred_by",
  "logins_30d",
  "logins_90d",
  "logins_prev_90d",
  "users_90d",
  "seat_use",
  "login_trend",
  "open_tickets",
  "tickets_90d",
  "late_90d",
  "nps_last",
  "nps_avg_365d",
  "mrr",
  "health",
  "health_grade",
  "health_usage",
  "health_usage_contrib",
  "health_adoption",
  "health_adoption_contrib",
  "health_momentum",
  "health_momentum_contrib",
  "health_payments",
  "health_payments_contrib",
  "health_sentiment",
  "health_sentiment_contrib",
  "health_support",
  "health_support_contrib",
  "active",
  "at_risk",
  "champions",
  "renewal_due",
  "at_risk_renewal"
FROM "__pulse_layer_8"
ORDER BY "account_id"
