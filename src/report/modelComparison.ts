/**
 * The side-by-side comparison of the evaluated models behind the choice of the decision model, as
 * plain rows read from the run document (or the run's evaluation): the report's "Which model
 * decides" table and notebook 05's come from this one function.
 */
import type { MetricSummary } from "../evaluation/metricSummary.js";
import type { Readable } from "../pipeline/metricsDocument.js";
import type { Num } from "./charts.js";

/** One row of {@link modelComparisonRows}; null where a number does not apply or was not finite. */
export interface ModelComparisonRow {
  readonly model: string;
  /** "decides" (the decision model), "alternative", or "ceiling" (the true hazard, synthetic data only). */
  readonly role: "decides" | "alternative" | "ceiling";
  readonly rocAuc: Num;
  readonly averagePrecision: Num;
  readonly logLossUncalibrated: Num;
  readonly logLossCalibrated: Num;
  readonly eceCalibrated: Num;
  readonly brierCalibrated: Num;
  /** Mean |calibrated p − true hazard| per row (synthetic data at horizon 1), else null. */
  readonly maeVsTruth: Num;
}

type Compared = Readable<Pick<MetricSummary, "rocAuc" | "averagePrecision" | "logLoss" | "ece" | "brier">>;

/** What {@link modelComparisonRows} reads: the run document, or the run's `evaluation`, has it. */
export interface ComparisonInput {
  readonly models: readonly { readonly model: string; readonly compared: { readonly raw: Compared; readonly calibrated: Compared }; readonly againstTruth: { readonly meanAbsoluteError: Num } | null }[];
  readonly truth: Compared | null;
  readonly decisionModel: { readonly model: string };
}

/**
 * Per evaluated model (in evaluation order), on the rows that have a calibrated prediction (the
 * rows the decision model is chosen on and the true hazard is scored on; with prequential
 * calibration, every test row but the first fold's): ROC-AUC and average precision of the
 * uncalibrated scores, log loss before and after calibration, ECE and Brier score after, and the
 * mean absolute error against the true hazard; then, when the run has a truth, the true hazard
 * scored as a prediction on the same rows (the ceiling; it needs no calibration, so its log loss
 * stands in the calibrated column). Reads numbers, computes none.
 */
export function modelComparisonRows(doc: ComparisonInput): ModelComparisonRow[] {
  const rows: ModelComparisonRow[] = doc.models.map((m) => ({
    model: m.model,
    role: m.model === doc.decisionModel.model ? "decides" : "alternative",
    rocAuc: m.compared.raw.rocAuc,
    averagePrecision: m.compared.raw.averagePrecision,
    logLossUncalibrated: m.compared.raw.logLoss,
    logLossCalibrated: m.compared.calibrated.logLoss,
    eceCalibrated: m.compared.calibrated.ece,
    brierCalibrated: m.compared.calibrated.brier,
    maeVsTruth: m.againstTruth?.meanAbsoluteError ?? null,
  }));
  const t = doc.truth;
  if (t) rows.push({ model: "true hazard", role: "ceiling", rocAuc: t.rocAuc, averagePrecision: t.averagePrecision, logLossUncalibrated: null, logLossCalibrated: t.logLoss, eceCalibrated: t.ece, brierCalibrated: t.brier, maeVsTruth: null });
  return rows;
}
