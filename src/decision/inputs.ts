/**
 * What the decisions read from the data, as plain arrays: monthly charges, action eligibility
 * from the frame's categorical features, the synthetic truth's action effects, and the backtest
 * rows (out-of-fold predictions whose effect window is observed, with their realised outcome).
 */
import type { RetentionAction } from "../config/config.js";
import type { ChurnHistory } from "../data/history.js";
import { denseClusters } from "../evaluation/bootstrap.js";
import type { FeatureFrame } from "../features/frame.js";
import { churnsWithin, type Panel } from "../panel/panel.js";
import { gather } from "../util/gather.js";
import type { BacktestRows } from "./backtest.js";
import type { CustomerInputs } from "./campaign.js";
import { actionEligibility } from "./expectedValue.js";

/** Monthly charges at each month row of `rows` (the monthly signal if the source has one, else the customer's static attribute); throws when the source has neither. */
export function monthlyChargesAt(history: ChurnHistory, rows: Uint32Array): Float64Array {
  const monthly = history.months.numeric.MonthlyCharges;
  const fixed = history.customers.numeric.MonthlyCharges;
  if (!monthly && !fixed) throw new RangeError("monthlyChargesAt: the source has no MonthlyCharges column");
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = monthly ? monthly[rows[i]!]! : fixed![history.months.customer[rows[i]!]!]!;
  return out;
}

/** `actionEligibility` of the actions at `rows`, reading each rule's attribute from the frame's categorical features (n × A, 0/1). */
export function eligibilityAt(frame: FeatureFrame, actions: readonly RetentionAction[], rows: Uint32Array): Uint8Array {
  return actionEligibility(
    actions,
    (feature) => {
      const f = frame.categorical.find((c) => c.info.name === feature);
      return f ? { levels: f.levels, codes: gather(f.codes, rows) } : undefined;
    },
    rows.length,
  );
}

/** The truth's effect of each configured action at each row (n × A, by action name), or null when the data have no truth or an action is not in it. */
export function trueEffectAt(history: ChurnHistory, actions: readonly RetentionAction[], rows: Uint32Array): Float64Array | null {
  const truth = history.truth;
  if (!truth) return null;
  const index = actions.map((a) => truth.actionNames.indexOf(a.name));
  if (index.some((k) => k < 0)) return null;
  const T = truth.actionNames.length;
  const A = actions.length;
  const out = new Float64Array(rows.length * A);
  for (let i = 0; i < rows.length; i++) {
    const c = history.months.customer[rows[i]!]!;
    for (let a = 0; a < A; a++) out[i * A + a] = truth.actionEffect[c * T + index[a]!]!;
  }
  return out;
}

/** The decision inputs of panel rows `rows` with calibrated P(churn within the panel horizon) `probability` (same order). */
export function decisionInputs(panel: Panel, frame: FeatureFrame, rows: Uint32Array, probability: Float64Array, actions: readonly RetentionAction[]): CustomerInputs {
  return { probability, horizon: panel.horizon, monthlyCharges: monthlyChargesAt(panel.history, rows), eligible: eligibilityAt(frame, actions, rows) };
}

/** Out-of-fold predictions as the backtest reads them: panel row of each entry, which entries have a calibrated prediction, and that prediction. */
export interface CalibratedPredictions {
  /** Panel row of each out-of-fold entry. */
  readonly rows: Uint32Array;
  /** Indices of the entries with a calibrated prediction. */
  readonly evaluated: Uint32Array;
  /** Calibrated P(churn within the panel horizon) per entry (NaN where none). */
  readonly proba: Float64Array;
}

/**
 * The backtest rows: the calibrated out-of-fold entries whose effect window of `effectMonths`
 * months lies inside the data (month + W ≤ last month), in entry order, with their decision inputs,
 * whether the customer churned within the window (the panel's label rule, `churnsWithin`), the
 * calendar month, the synthetic truth (hazard, effects) where the data know it, and each row's
 * customer (for bootstraps that resample customers).
 */
export function backtestInputs(panel: Panel, frame: FeatureFrame, predictions: CalibratedPredictions, actions: readonly RetentionAction[], effectMonths: number): BacktestRows {
  const { months, customers, periods, truth } = panel.history;
  const keep: number[] = [];
  for (const i of predictions.evaluated) if (months.period[predictions.rows[i]!]! + effectMonths <= periods - 1) keep.push(i);
  const rows = Uint32Array.from(keep, (i) => predictions.rows[i]!);
  const month = gather(months.period, rows);
  const churned = Uint8Array.from(rows, (r, k) => (churnsWithin(customers.churnPeriod[months.customer[r]!]!, month[k]!, effectMonths) ? 1 : 0));
  return {
    ...decisionInputs(panel, frame, rows, Float64Array.from(keep, (i) => predictions.proba[i]!), actions),
    churned,
    month,
    truth: truth ? { hazard: gather(truth.hazard, rows), effect: trueEffectAt(panel.history, actions, rows) } : null,
    customers: denseClusters(gather(months.customer, rows)),
  };
}
