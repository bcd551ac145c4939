/**
 * Batch scoring: every row of a feature-store read (the active customers of one month) scored by a
 * served model, the decisions of the same campaign engine as the report (CLV, EV per action, the
 * exact budget knapsack, the plan), and the scores as columns for `batch_scores.parquet`.
 */
import { campaign, type Campaign } from "../decision/campaign.js";
import { eligibilityAt } from "../decision/inputs.js";
import { formatReason } from "../models/explain.js";
import type { FeatureRows } from "../store/featureRows.js";
import type { ServedModel } from "./api.js";
import { scoreRows, type RowScores } from "./score.js";

/** A scored batch: the rows, their scores and the campaign over them. */
export interface ScoredBatch {
  readonly rows: FeatureRows;
  readonly scores: RowScores;
  readonly campaign: Campaign;
}

/**
 * Scores every row of `rows` with `model` ({@link scoreRows}) and runs the campaign on them with the
 * model's decision settings and stored portfolio hazard (so a customer's EV is the API's). Throws
 * on no rows or a row without features (month −1: the customer was not active).
 */
export function scoreBatch(model: ServedModel, rows: FeatureRows, reasonCount: number): ScoredBatch {
  const n = rows.customerIds.length;
  if (n === 0) throw new RangeError("scoreBatch: no customers to score");
  const missing = rows.month.indexOf(-1);
  if (missing >= 0) throw new RangeError(`scoreBatch: customer ${JSON.stringify(rows.customerIds[missing])} has no features at or before the as-of month`);
  const index = Uint32Array.from({ length: n }, (_, i) => i);
  const scores = scoreRows(model.runtime, { frame: rows.frame, rows: index, monthlyCharges: rows.monthlyCharges }, reasonCount);
  const json = model.runtime.json;
  const inputs = { probability: scores.calibrated, horizon: json.horizon, monthlyCharges: rows.monthlyCharges, eligible: eligibilityAt(rows.frame, json.decision.actions, index) };
  return { rows, scores, campaign: campaign(inputs, { ids: rows.customerIds, reasons: scores.reasons }, json.decision, json.portfolioHazard) };
}

/** One column of `batch_scores.parquet`: doubles (NaN = null), integers, or strings (null = none). */
export type BatchColumn =
  | { readonly name: string; readonly type: "DOUBLE"; readonly values: Float64Array }
  | { readonly name: string; readonly type: "INT32"; readonly values: Int32Array }
  | { readonly name: string; readonly type: "STRING"; readonly values: readonly (string | null)[] };

/**
 * The columns of `batch_scores.parquet`, one row per customer in store order: id, as-of month,
 * model version, raw and calibrated probabilities, P(churn next month) and within the action window,
 * CLV, EV per action (`ev_<action>`, null where not eligible or outside the band), the best action
 * (null when none pays), whether the budgeted plan contacts the customer and with what, and the
 * reasons (one text per reason, `reason_1` …).
 */
export function batchColumns(batch: ScoredBatch, version: number | null, reasonCount: number, actionNames: readonly string[]): BatchColumn[] {
  const { rows, scores, campaign: c } = batch;
  const n = rows.customerIds.length;
  const A = actionNames.length;
  const v = scores.values;
  const evColumns: BatchColumn[] = actionNames.map((name, a) => ({ name: `ev_${name}`, type: "DOUBLE", values: Float64Array.from({ length: n }, (_, i) => (Number.isFinite(v.values[i * A + a]!) ? v.values[i * A + a]! : Number.NaN)) }));
  const planned = new Map(c.plan.map((p) => [p.customerId, p.action]));
  const best = v.ev.best;
  const bestAction = Array.from({ length: n }, (_, i) => (best[i]! >= 0 && v.values[i * A + best[i]!]! > 0 ? actionNames[best[i]!]! : null));
  const reasonColumns: BatchColumn[] = Array.from({ length: reasonCount }, (_, k) => ({ name: `reason_${k + 1}`, type: "STRING", values: scores.reasons.map((r) => (r[k] ? formatReason(r[k]!) : null)) }));
  return [
    { name: "customer_id", type: "STRING", values: rows.customerIds },
    { name: "as_of_month", type: "INT32", values: Int32Array.from(rows.month) },
    { name: "model_version", type: "INT32", values: new Int32Array(n).fill(version ?? 0) },
    { name: "p_raw", type: "DOUBLE", values: scores.raw },
    { name: "p_calibrated", type: "DOUBLE", values: scores.calibrated },
    { name: "p_churn_next_month", type: "DOUBLE", values: v.pMonth },
    { name: "p_churn_action_window", type: "DOUBLE", values: v.pWindow },
    { name: "clv", type: "DOUBLE", values: v.clv },
    ...evColumns,
    { name: "best_action", type: "STRING", values: bestAction },
    { name: "planned_action", type: "STRING", values: rows.customerIds.map((id) => planned.get(id) ?? null) },
    ...reasonColumns,
  ];
}
