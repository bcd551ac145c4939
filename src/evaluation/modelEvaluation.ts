import type { CalibratedOutOfFold } from "../calibration/outOfFold.js";
import type { ModelName } from "../models/catalog.js";
import { gather } from "../util/gather.js";
import { denseClusters } from "./bootstrap.js";
import type { FoldLearningCurve, OutOfFold } from "./crossValidate.js";
import { curveSummary, type CurveSummary, type CurveSummaryOptions } from "./curveSummary.js";
import type { Fold } from "./fold.js";
import { reliabilityPoints, summarizeMetrics, type MetricOptions, type MetricSummary } from "./metricSummary.js";

/** One model's evaluation. */
export interface ModelEvaluation {
  readonly model: ModelName;
  /** Uncalibrated out-of-fold metrics over every test row. */
  readonly raw: MetricSummary;
  /** On the rows that have a calibrated prediction: uncalibrated and calibrated metrics side by side (no bootstrap band). */
  readonly compared: { readonly rows: number; readonly raw: MetricSummary; readonly calibrated: MetricSummary };
  readonly perFold: readonly { readonly fold: number; readonly rows: number; readonly positives: number; readonly rocAuc: number; readonly averagePrecision: number; readonly fitSeconds: number }[];
  readonly reliability: { readonly raw: ReturnType<typeof reliabilityPoints>; readonly calibrated: ReturnType<typeof reliabilityPoints> };
  /** ROC and precision–recall curves of the uncalibrated predictions over every test row, with their bootstrap bands. */
  readonly curves: CurveSummary;
  readonly calibration: { readonly method: CalibratedOutOfFold["method"]; readonly mode: CalibratedOutOfFold["mode"] };
  readonly columns: number;
  /** Gradient boosting: the learning curve of each fold (train and time-ordered validation log loss per round); empty for other models. */
  readonly learningCurves: readonly FoldLearningCurve[];
  /** Synthetic data at horizon 1: calibrated probabilities against the true hazard on the same rows. */
  readonly againstTruth: TruthComparison | null;
}

/** How far predicted probabilities are from the true hazard, row by row. */
export interface TruthComparison {
  readonly rows: number;
  readonly meanAbsoluteError: number;
  readonly rootMeanSquaredError: number;
  /** Mean predicted minus mean true hazard (positive = over-prediction). */
  readonly bias: number;
  readonly correlation: number;
}

/** Compares predictions `p` with the true probabilities `truth` (same rows): MAE, RMSE, bias, Pearson correlation. */
export function compareWithTruth(p: Float64Array, truth: Float64Array): TruthComparison {
  const n = p.length;
  let ae = 0;
  let se = 0;
  let sp = 0;
  let st = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - truth[i]!;
    ae += Math.abs(d);
    se += d * d;
    sp += p[i]!;
    st += truth[i]!;
  }
  const mp = sp / n;
  const mt = st / n;
  let cov = 0;
  let vp = 0;
  let vt = 0;
  for (let i = 0; i < n; i++) {
    const a = p[i]! - mp;
    const b = truth[i]! - mt;
    cov += a * b;
    vp += a * a;
    vt += b * b;
  }
  return { rows: n, meanAbsoluteError: ae / n, rootMeanSquaredError: Math.sqrt(se / n), bias: mp - mt, correlation: cov / Math.sqrt(vp * vt) };
}

/**
 * Summarises one model's out-of-fold predictions: metrics with the bootstrap band on every test
 * row (`options`), uncalibrated against calibrated on the rows that have a calibrated prediction
 * (no band: it is about calibration terms), per-fold discrimination, reliability curves, the ROC
 * and PR curves with their bands on every test row (`curves`, see `curveSummary`), and the
 * calibrated probabilities against `truth` (the true hazard of each evaluated entry) when known.
 * With `customerOfRow` (the customer of each panel row) the ROC-AUC interval and the curve bands
 * resample customers with all their test months, not customer-months.
 */
export function evaluateOutOfFold(
  oof: OutOfFold,
  calibrated: CalibratedOutOfFold,
  folds: readonly Fold[],
  truth: Float64Array | null,
  options: MetricOptions,
  curves: CurveSummaryOptions,
  customerOfRow: Uint32Array | null = null,
): ModelEvaluation {
  const clusters = customerOfRow ? { clusters: denseClusters(gather(customerOfRow, oof.rows)) } : {};
  const quick = (y: Uint8Array, p: Float64Array): MetricSummary => summarizeMetrics(y, p, { ...options, bootstrapReplicates: 0 });
  const idx = calibrated.evaluated;
  const yEval = gather(oof.label, idx);
  const before = gather(oof.proba, idx);
  const after = gather(calibrated.proba, idx);
  return {
    model: oof.model,
    raw: summarizeMetrics(oof.label, oof.proba, { ...options, ...clusters }),
    compared: { rows: idx.length, raw: quick(yEval, before), calibrated: quick(yEval, after) },
    perFold: folds.map((f, k) => {
      const rows: number[] = [];
      for (let i = 0; i < oof.fold.length; i++) if (oof.fold[i] === f.index) rows.push(i);
      const at = Uint32Array.from(rows);
      const m = quick(gather(oof.label, at), gather(oof.proba, at));
      return { fold: f.index, rows: m.rows, positives: m.positives, rocAuc: m.rocAuc, averagePrecision: m.averagePrecision, fitSeconds: oof.fitSeconds[k]! };
    }),
    reliability: { raw: reliabilityPoints(yEval, before, options.bins, options.binning), calibrated: reliabilityPoints(yEval, after, options.bins, options.binning) },
    curves: curveSummary(oof.label, oof.proba, { ...curves, ...clusters }),
    calibration: { method: calibrated.method, mode: calibrated.mode },
    columns: oof.columnNames.length,
    learningCurves: oof.learningCurves.filter((c): c is FoldLearningCurve => c !== null),
    againstTruth: truth ? compareWithTruth(after, truth) : null,
  };
}
