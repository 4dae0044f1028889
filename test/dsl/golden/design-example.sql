WITH
"__pulse_pass_usage" AS (
  SELECT
    "account_id" AS "__pulse_key",
    count(*) FILTER (WHERE (("event" = 'login') AND (CAST("occurred_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (30) DAY AS DATE)))) AS "__pulse_agg_1",
    count(*) FILTER (WHERE ((("event" = 'login') AND (CAST("occurred_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (60) DAY AS DATE))) AND (CAST("occurred_at" AS DATE) <= CAST(DATE '2025-06-30' - INTERVAL (30) DAY AS DATE)))) AS "__pulse_agg_2",
    count(DISTINCT "user_id") FILTER (WHERE (CAST("occurred_at" AS DATE) > CAST(DATE '2025-06-30' - INTERVAL (30) DAY AS DATE))) AS "__pulse_agg_3"
  FROM "usage_events"
  WHERE (CAST("occurred_at" AS DATE) <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_pass_tickets" AS (
  SELECT
    "account_id" AS "__pulse_key",
    count(*) FILTER (WHERE ("resolved_at" IS NULL)) AS "__pulse_agg_4"
  FROM "tickets"
  WHERE (CAST("opened_at" AS DATE) <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_pass_invoices" AS (
  SELECT
    "account_id" AS "__pulse_key",
    count(*) FILTER (WHERE ((("paid_on" > "due_on") OR ("paid_on" IS NULL)) AND ("due_on" > CAST(DATE '2025-06-30' - INTERVAL (90) DAY AS DATE)))) AS "__pulse_agg_5"
  FROM "invoices"
  WHERE ("due_on" <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_pass_nps" AS (
  SELECT
    "account_id" AS "__pulse_key",
    arg_max("score", {'t': "responded_at", 'v': "score"}) FILTER (WHERE ("score" IS NOT NULL)) AS "__pulse_agg_6"
  FROM "nps_responses"
  WHERE (CAST("responded_at" AS DATE) <= DATE '2025-06-30')
  GROUP BY "account_id"
),
"__pulse_pass_subs" AS (
  SELECT
    "account_id" AS "__pulse_key",
    sum("mrr") FILTER (WHERE ("ended_on" IS NULL)) AS "__pulse_agg_7"
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
    coalesce("__pulse_pass_tickets"."__pulse_agg_4", 0) AS "__pulse_agg_4",
    coalesce("__pulse_pass_invoices"."__pulse_agg_5", 0) AS "__pulse_agg_5",
    "__pulse_pass_nps"."__pulse_agg_6" AS "__pulse_agg_6",
    "__pulse_pass_subs"."__pulse_agg_7" AS "__pulse_agg_7"
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
    "__pulse_agg_2" AS "logins_prev",
    "__pulse_agg_3" AS "users_30d",
    "__pulse_agg_4" AS "open_tickets",
    "__pulse_agg_5" AS "late_90d",
    "__pulse_agg_6" AS "nps_last",
    "__pulse_agg_7" AS "mrr",
    coalesce((date_diff('day', DATE '2025-06-30', "renewal_on") BETWEEN 0 AND 90), FALSE) AS "renewal_due"
  FROM "__pulse_layer_0"
),
"__pulse_layer_2" AS (
  SELECT
    *,
    ("users_30d" / nullif("seats", 0)) AS "seat_use",
    ("logins_30d" / nullif("logins_prev", 0)) AS "login_trend"
  FROM "__pulse_layer_1"
),
"__pulse_layer_3" AS (
  SELECT
    *,
    (CASE WHEN ("logins_30d" IS NULL) THEN NULL WHEN ("logins_30d" >= 20) THEN 100 WHEN ("logins_30d" >= 5) THEN 60 ELSE 10 END) AS "__pulse_health_usage_raw",
    (CASE WHEN (("seat_use" * 100) IS NULL) THEN NULL ELSE least(greatest(("seat_use" * 100), 0), 100) END) AS "__pulse_health_adoption_raw",
    (CASE WHEN ("open_tickets" IS NULL) THEN NULL WHEN ("open_tickets" = 0) THEN 100 WHEN ("open_tickets" <= 2) THEN 60 ELSE 20 END) AS "__pulse_health_support_raw",
    (CASE WHEN ("late_90d" IS NULL) THEN NULL WHEN ("late_90d" = 0) THEN 100 WHEN ("late_90d" = 1) THEN 50 ELSE 0 END) AS "__pulse_health_payments_raw",
    (CASE WHEN ("nps_last" IS NULL) THEN NULL WHEN ("nps_last" >= 9) THEN 100 WHEN ("nps_last" >= 7) THEN 60 ELSE 10 END) AS "__pulse_health_sentiment_raw"
  FROM "__pulse_layer_2"
),
"__pulse_layer_4" AS (
  SELECT
    *,
    (CASE WHEN ("__pulse_health_usage_raw" < 0) THEN 0 WHEN ("__pulse_health_usage_raw" > 100) THEN 100 ELSE "__pulse_health_usage_raw" END) AS "health_usage",
    (CASE WHEN ("__pulse_health_adoption_raw" < 0) THEN 0 WHEN ("__pulse_health_adoption_raw" > 100) THEN 100 ELSE "__pulse_health_adoption_raw" END) AS "health_adoption",
    (CASE WHEN ("__pulse_health_support_raw" < 0) THEN 0 WHEN ("__pulse_health_support_raw" > 100) THEN 100 ELSE "__pulse_health_support_raw" END) AS "health_support",
    (CASE WHEN ("__pulse_health_payments_raw" < 0) THEN 0 WHEN ("__pulse_health_payments_raw" > 100) THEN 100 ELSE "__pulse_health_payments_raw" END) AS "health_payments",
    (CASE WHEN ("__pulse_health_sentiment_raw" < 0) THEN 0 WHEN ("__pulse_health_sentiment_raw" > 100) THEN 100 ELSE "__pulse_health_sentiment_raw" END) AS "health_sentiment"
  FROM "__pulse_layer_3"
),
"__pulse_layer_5" AS (
  SELECT
    *,
    (((((CASE WHEN ("health_usage" IS NULL) THEN 0 ELSE 40 END) + (CASE WHEN ("health_adoption" IS NULL) THEN 0 ELSE 20 END)) + (CASE WHEN ("health_support" IS NULL) THEN 0 ELSE 15 END)) + (CASE WHEN ("health_payments" IS NULL) THEN 0 ELSE 15 END)) + (CASE WHEN ("health_sentiment" IS NULL) THEN 0 ELSE 10 END)) AS "__pulse_health_total"
  FROM "__pulse_layer_4"
),
"__pulse_layer_6" AS (
  SELECT
    *,
    round((((((coalesce((40 * "health_usage"), 0) + coalesce((20 * "health_adoption"), 0)) + coalesce((15 * "health_support"), 0)) + coalesce((15 * "health_payments"), 0)) + coalesce((10 * "health_sentiment"), 0)) / nullif("__pulse_health_total", 0)), 6) AS "health"
  FROM "__pulse_layer_5"
),
"__pulse_layer_7" AS (
  SELECT
    *,
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((40 * coalesce("health_usage", 0)) / "__pulse_health_total"), 6) END) AS "health_usage_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((20 * coalesce("health_adoption", 0)) / "__pulse_health_total"), 6) END) AS "health_adoption_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((15 * coalesce("health_support", 0)) / "__pulse_health_total"), 6) END) AS "health_support_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((15 * coalesce("health_payments", 0)) / "__pulse_health_total"), 6) END) AS "health_payments_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL ELSE round(((10 * coalesce("health_sentiment", 0)) / "__pulse_health_total"), 6) END) AS "health_sentiment_contrib",
    (CASE WHEN ("health" IS NULL) THEN NULL WHEN ("health" >= 70) THEN 'green' WHEN ("health" >= 40) THEN 'yellow' ELSE 'red' END) AS "health_grade",
    coalesce((("nps_last" >= 9) AND ("health" >= 80)), FALSE) AS "champions"
  FROM "__pulse_layer_6"
),
"__pulse_layer_8" AS (
  SELECT
    *,
    coalesce((("health_grade" = 'red') AND ("mrr" >= 1000)), FALSE) AS "at_risk"
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
  "logins_prev",
  "users_30d",
  "open_tickets",
  "late_90d",
  "nps_last",
  "mrr",
  "seat_use",
  "login_trend",
  "health",
  "health_grade",
  "health_usage",
  "health_usage_contrib",
  "health_adoption",
  "health_adoption_contrib",
  "health_support",
  "health_support_contrib",
  "health_payments",
  "health_payments_contrib",
  "health_sentiment",
  "health_sentiment_contrib",
  "at_risk",
  "champions",
  "renewal_due"
FROM "__pulse_layer_8"
ORDER BY "account_id"
