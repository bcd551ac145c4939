-- snapshot: tests/sql/spark.test.ts
-- dialect spark; month 5; model gbm; calibrator IsotonicCalibrator; design columns:
--   x_0 = tenure
--   x_1 = charge change
--   x_2 = usage "index"
--   x_3 = Plan=Basic
--   x_4 = Plan=Bob's \ plan
WITH
store_rows AS (
  SELECT
    `customer_id` AS customer_id,
    COALESCE(`monthly_charges`, CAST('NaN' AS DOUBLE)) AS monthly_charges,
    COALESCE(`tenure`, CAST('NaN' AS DOUBLE)) AS `tenure`,
    COALESCE(`charge change`, CAST('NaN' AS DOUBLE)) AS `charge change`,
    COALESCE(`usage "index"`, CAST('NaN' AS DOUBLE)) AS `usage "index"`,
    `Plan`,
    `Net "service"`
  FROM parquet.`s3://churn-bucket/feature-store/offline/month=0005/part-0.parquet`
  WHERE `month` = 5
),
design AS (
  SELECT
    customer_id,
    monthly_charges,
    (CASE WHEN `Net "service"` IN ('DSL', 'Fiber') THEN 1 ELSE 0 END) AS elig_1,
    (CASE WHEN `Plan` IN ('Basic', 'Unused') THEN 1 ELSE 0 END) AS elig_3,
    `tenure` AS x_0,
    `charge change` AS x_1,
    `usage "index"` AS x_2,
    (CASE WHEN `Plan` = 'Basic' THEN 1.0E0 ELSE 0.0E0 END) AS x_3,
    (CASE WHEN `Plan` = 'Bob\'s \\ plan' THEN 1.0E0 ELSE 0.0E0 END) AS x_4
  FROM store_rows
),
trees_1 AS (
  SELECT
    *,
    CASE WHEN isnan(x_0) OR x_0 <= 1.25E1 THEN CASE WHEN NOT isnan(x_3) AND x_3 <= 5.0E-1 THEN 2.75E0 ELSE (-2.0E-1) END ELSE (-2.1E0) END AS t_0,
    CASE WHEN NOT isnan(x_1) AND x_1 <= (-0.0E0) THEN 2.5E-1 ELSE CASE WHEN isnan(x_2) OR x_2 <= 1.05E1 THEN (-1.5E0) ELSE 1.0E-7 END END AS t_1
  FROM design
),
margin_1 AS (
  SELECT
    *,
    (-2.0E0) + t_0 + t_1 AS m_1
  FROM trees_1
),
raw_score AS (
  SELECT
    *,
    (CASE WHEN m_1 >= 0.0E0 THEN 1.0E0 / (1.0E0 + exp(-m_1)) ELSE exp(m_1) / (1.0E0 + exp(m_1)) END) AS p_raw
  FROM margin_1
),
calibrate_1 AS (
  SELECT
    *,
    (CASE WHEN isnan(p_raw) THEN p_raw WHEN p_raw < 2.0E-2 THEN 2.0E-2 WHEN p_raw > 6.0E-1 THEN 6.0E-1 ELSE p_raw END) AS cal_v
  FROM raw_score
),
calibrate_2 AS (
  SELECT
    *,
    (CASE WHEN isnan(cal_v) THEN cal_v WHEN cal_v >= 6.0E-1 THEN 1.0E0 ELSE CASE WHEN cal_v < 1.125E-1 THEN CASE WHEN cal_v < 1.0E-1 THEN CASE WHEN cal_v = 2.0E-2 THEN 0.0E0 ELSE 6.25E-1 * (cal_v - 2.0E-2) + 0.0E0 END ELSE 5.0E-2 END ELSE CASE WHEN cal_v < 3.0E-1 THEN CASE WHEN cal_v = 1.125E-1 THEN 5.0E-2 ELSE 1.866666666666667E0 * (cal_v - 1.125E-1) + 5.0E-2 END ELSE CASE WHEN cal_v = 3.0E-1 THEN 4.0E-1 ELSE 2.0E0 * (cal_v - 3.0E-1) + 4.0E-1 END END END END) AS p_calibrated
  FROM calibrate_1
),
decide_1 AS (
  SELECT
    *,
    (CASE WHEN p_calibrated = 1.0E0 THEN CAST('-Infinity' AS DOUBLE) ELSE log1p((-p_calibrated)) END) AS log_survive_horizon
  FROM calibrate_2
),
decide_2 AS (
  SELECT
    *,
    (-expm1((log_survive_horizon / 3.0E0))) AS p_churn_next_month
  FROM decide_1
),
decide_3 AS (
  SELECT
    *,
    (CASE WHEN p_churn_next_month = 1.0E0 THEN CAST('-Infinity' AS DOUBLE) ELSE log1p((-p_churn_next_month)) END) AS log_survive_month
  FROM decide_2
),
decide_4 AS (
  SELECT
    *,
    (-expm1((log_survive_month * 2.0E0))) AS p_churn_action_window
  FROM decide_3
),
decide_5 AS (
  SELECT
    *,
    log_survive_month + (-7.942514983693739E-3) AS clv_log_q
  FROM decide_4
),
decide_6 AS (
  SELECT
    *,
    (CASE WHEN clv_log_q = 0.0E0 THEN 3.6E1 * (5.0E-1 * monthly_charges) ELSE (5.0E-1 * monthly_charges) * exp(clv_log_q) * (expm1((3.6E1 * clv_log_q)) / expm1(clv_log_q)) END) AS clv
  FROM decide_5
),
decide_7 AS (
  SELECT
    *,
    (isnan(p_churn_action_window) OR NOT (p_churn_action_window < 1.0E-3 OR p_churn_action_window > 9.7E-1)) AS in_band
  FROM decide_6
),
decide_8 AS (
  SELECT
    *,
    (CASE WHEN in_band THEN p_churn_action_window * (1.5E-1 * clv - 1.5E1) - (1.0E0 - p_churn_action_window) * 1.5E1 END) AS ev_0,
    (CASE WHEN in_band AND elig_1 = 1 THEN p_churn_action_window * (3.0E-1 * clv - 5.0E0) - (1.0E0 - p_churn_action_window) * 1.0E1 END) AS ev_1,
    (CASE WHEN in_band THEN p_churn_action_window * (3.0E-1 * clv - 5.0E0) - (1.0E0 - p_churn_action_window) * 1.0E1 END) AS ev_2,
    (CASE WHEN in_band AND elig_3 = 1 THEN p_churn_action_window * (2.0E-2 * clv - 1.0E0) - (1.0E0 - p_churn_action_window) * 0.0E0 END) AS ev_3
  FROM decide_7
)
SELECT
  customer_id,
  p_raw,
  p_calibrated,
  p_churn_next_month,
  p_churn_action_window,
  clv,
  ev_0 AS `ev_call`,
  ev_1 AS `ev_offer`,
  ev_2 AS `ev_offer twin`,
  ev_3 AS `ev_letter`,
  (CASE WHEN ev_0 IS NOT NULL AND NOT isnan(ev_0) AND ev_0 > 0.0E0 AND (ev_1 IS NULL OR isnan(ev_1) OR ev_0 >= ev_1) AND (ev_2 IS NULL OR isnan(ev_2) OR ev_0 >= ev_2) AND (ev_3 IS NULL OR isnan(ev_3) OR ev_0 >= ev_3) THEN 'call' WHEN ev_1 IS NOT NULL AND NOT isnan(ev_1) AND ev_1 > 0.0E0 AND (ev_0 IS NULL OR isnan(ev_0) OR ev_1 >= ev_0) AND (ev_2 IS NULL OR isnan(ev_2) OR ev_1 >= ev_2) AND (ev_3 IS NULL OR isnan(ev_3) OR ev_1 >= ev_3) THEN 'offer' WHEN ev_2 IS NOT NULL AND NOT isnan(ev_2) AND ev_2 > 0.0E0 AND (ev_0 IS NULL OR isnan(ev_0) OR ev_2 >= ev_0) AND (ev_1 IS NULL OR isnan(ev_1) OR ev_2 >= ev_1) AND (ev_3 IS NULL OR isnan(ev_3) OR ev_2 >= ev_3) THEN 'offer twin' WHEN ev_3 IS NOT NULL AND NOT isnan(ev_3) AND ev_3 > 0.0E0 AND (ev_0 IS NULL OR isnan(ev_0) OR ev_3 >= ev_0) AND (ev_1 IS NULL OR isnan(ev_1) OR ev_3 >= ev_1) AND (ev_2 IS NULL OR isnan(ev_2) OR ev_3 >= ev_2) THEN 'letter' END) AS best_action
FROM decide_8
ORDER BY customer_id;
