/**
 * The models of one evaluation side by side: each model's out-of-fold predictions calibrated by
 * the split's protocol, summarised, and the true hazard scored on the same rows where the data
 * know it (the ceiling no model can beat).
 */
import { calibrateOutOfFold, calibrationMode, type CalibratedOutOfFold, type CalibrationMethod } from "../calibration/outOfFold.js";
import type { ModelName } from "../models/catalog.js";
import type { Panel } from "../panel/panel.js";
import { gather } from "../util/gather.js";
import type { OutOfFold } from "./crossValidate.js";
import type { CurveSummaryOptions } from "./curveSummary.js";
import { denseClusters } from "./bootstrap.js";
import { summarizeMetrics, type MetricOptions, type MetricSummary } from "./metricSummary.js";
import { evaluateOutOfFold, type ModelEvaluation } from "./modelEvaluation.js";
import type { SplitPlan } from "./splitPlan.js";

/** One model's out-of-fold predictions and their calibration (typed arrays: for the later stages, not for JSON). */
export interface CalibratedModel {
  readonly oof: OutOfFold;
  readonly calibrated: CalibratedOutOfFold;
}

/** Options of {@link evaluateOutOfFoldModels}. */
export interface OutOfFoldModelsOptions {
  /** Calibration method (config `evaluation.calibration`). */
  readonly calibration: CalibrationMethod;
  /** The true probability of the label per panel row ({@link labelHazard}), or null when unknown. */
  readonly hazard: Float64Array | null;
  /** Metric options of the model at position k (k = number of models: the truth's). */
  readonly metrics: (k: number) => MetricOptions;
  /** ROC/PR curve options of the model at position k. */
  readonly curves: (k: number) => CurveSummaryOptions;
  /** The customer of each panel row: bootstraps resample customers with all their months (rows when absent). */
  readonly customerOfRow?: Uint32Array;
}

/** What {@link evaluateOutOfFoldModels} returns. */
export interface OutOfFoldModels {
  /** Per model, in input order: predictions and calibration. */
  readonly outOfFold: ReadonlyMap<ModelName, CalibratedModel>;
  /** Per model, in input order: its summary (`evaluateOutOfFold`). */
  readonly models: readonly ModelEvaluation[];
  /** The true hazard scored as a prediction on the first model's calibrated rows; null without `hazard`. */
  readonly truth: MetricSummary | null;
}

/**
 * The true probability of each panel row's label when the data know it: the synthetic hazard of
 * churning next month, which is the label's probability only at horizon 1; null otherwise (real
 * data, or h > 1).
 */
export function labelHazard(panel: Panel): Float64Array | null {
  const truth = panel.history.truth;
  return truth && panel.horizon === 1 ? truth.hazard : null;
}

/**
 * Calibrates each model's out-of-fold predictions by the protocol of the split (`calibrationMode`:
 * prequential on calendar splits, cross-fitted otherwise), summarises each with
 * `evaluateOutOfFold` (against the true hazard of its evaluated rows when known), and scores the
 * true hazard on the first model's evaluated rows. `oofs` must be non-empty, one per model.
 */
export function evaluateOutOfFoldModels(oofs: readonly OutOfFold[], split: Pick<SplitPlan, "kind" | "folds">, options: OutOfFoldModelsOptions): OutOfFoldModels {
  if (oofs.length === 0) throw new RangeError("evaluateOutOfFoldModels: no model to evaluate");
  const mode = calibrationMode(split.kind);
  const calibratedModels = oofs.map((oof) => ({ oof, calibrated: calibrateOutOfFold(oof, options.calibration, mode) }));
  const truthAt = (m: CalibratedModel): Float64Array | null => (options.hazard ? gather(options.hazard, gather(m.oof.rows, m.calibrated.evaluated)) : null);
  const models = calibratedModels.map((m, k) => evaluateOutOfFold(m.oof, m.calibrated, split.folds, truthAt(m), options.metrics(k), options.curves(k), options.customerOfRow ?? null));
  const first = calibratedModels[0]!;
  const hazard = truthAt(first);
  const truthClusters = options.customerOfRow ? { clusters: denseClusters(gather(options.customerOfRow, gather(first.oof.rows, first.calibrated.evaluated))) } : {};
  const truth = hazard ? summarizeMetrics(gather(first.oof.label, first.calibrated.evaluated), hazard, { ...options.metrics(oofs.length), ...truthClusters }) : null;
  return { outOfFold: new Map(calibratedModels.map((m) => [m.oof.model, m])), models, truth };
}
