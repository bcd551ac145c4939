-- snapshot: tests/sql/spark.test.ts
-- dialect spark; month 5; model logistic; calibrator BetaCalibrator; design columns:
--   x_0 = tenure
--   x_1 = tenure:missing
--   x_2 = charge change
--   x_3 = charge change:missing
--   x_4 = usage "index"
--   x_5 = Plan=Basic
--   x_6 = Plan=Bob's \ plan
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
    ((CASE WHEN isnan(`tenure`) THEN 1.125E1 ELSE `tenure` END) - 1.15E1) * 1.3793103448275862E-1 AS x_0,
    (CASE WHEN isnan(`tenure`) THEN 1.0E0 ELSE 0.0E0 END) AS x_1,
    ((CASE WHEN isnan(`charge change`) THEN 1.0E-1 ELSE `charge change` END) - (-5.0E-2)) * 3.3333333333333335E0 AS x_2,
    (CASE WHEN isnan(`charge change`) THEN 1.0E0 ELSE 0.0E0 END) AS x_3,
    ((CASE WHEN isnan(`usage "index"`) THEN 3.0E0 ELSE `usage "index"` END) - 3.0E0) * 0.0E0 AS x_4,
    (CASE WHEN `Plan` = 'Basic' THEN 1.0E0 ELSE 0.0E0 END) AS x_5,
    (CASE WHEN `Plan` = 'Bob\'s \\ plan' THEN 1.0E0 ELSE 0.0E0 END) AS x_6
  FROM store_rows
),
margin_1 AS (
  SELECT
    *,
    (-1.9E0) + x_0 * 4.5E-1 + x_1 * (-8.0E-1) + x_2 * 1.7E0 + x_3 * 3.0E-1 + x_4 * 1.25E1 + x_5 * (-1.25E0) + x_6 * 6.0E-1 AS m_1
  FROM design
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
    (CASE WHEN isnan(p_raw) THEN p_raw WHEN p_raw < 1.0E-15 THEN 1.0E-15 WHEN p_raw > 9.99999999999999E-1 THEN 9.99999999999999E-1 ELSE p_raw END) AS cal_q
  FROM raw_score
),
calibrate_2 AS (
  SELECT
    *,
    1.2E0 * ln(cal_q) - 8.0E-1 * log1p((-cal_q)) + (-3.0E-1) AS cal_z
  FROM calibrate_1
),
calibrate_3 AS (
  SELECT
    *,
    (CASE WHEN cal_z >= 0.0E0 THEN 1.0E0 / (1.0E0 + exp(-cal_z)) ELSE exp(cal_z) / (1.0E0 + exp(cal_z)) END) AS p_calibrated
  FROM calibrate_2
),
decide_1 AS (
  SELECT
    *,
    (CASE WHEN p_calibrated = 1.0E0 THEN CAST('-Infinity' AS DOUBLE) ELSE log1p((-p_calibrated)) END) AS log_survive_horizon
  FROM calibrate_3
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
