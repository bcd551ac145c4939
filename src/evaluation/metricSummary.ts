import { reliabilityCurve } from "./reliability.js";
import { averagePrecision } from "./precisionRecall.js";
import { brierDecomposition } from "./brier.js";
import type { RowClusters } from "./bootstrap.js";
import { bootstrapRocAuc } from "./bootstrapRocAuc.js";
import { expectedCalibrationError } from "./calibrationError.js";
import { captureAtTop, liftAtTop } from "./lift.js";
import { logLoss } from "./logLoss.js";
import { rocAuc } from "./rocAuc.js";

/** Options of {@link summarizeMetrics}, from the config's `evaluation` block plus a seed. */
export interface MetricOptions {
  readonly bins: number;
  readonly binning: "uniform" | "quantile";
  readonly bootstrapReplicates: number;
  readonly confidenceLevel: number;
  readonly topFractions: readonly number[];
  readonly seed: number;
  /** Optional cluster of each row (e.g. its customer): the ROC-AUC interval resamples clusters instead of rows. */
  readonly clusters?: RowClusters;
}

/** Every headline metric of a set of predictions, JSON-ready. */
export interface MetricSummary {
  readonly rows: number;
  readonly positives: number;
  readonly baseRate: number;
  readonly meanPredicted: number;
  readonly rocAuc: number;
  /** Percentile bootstrap interval of ROC-AUC (null when replicates = 0), resampling `"customers"` (clusters) or `"rows"`. */
  readonly rocAucInterval: { readonly lower: number; readonly upper: number; readonly level: number; readonly replicates: number; readonly resampled: "customers" | "rows" } | null;
  readonly averagePrecision: number;
  readonly brier: number;
  readonly brierReliability: number;
  readonly brierResolution: number;
  readonly brierUncertainty: number;
  readonly logLoss: number;
  readonly ece: number;
  readonly lift: readonly { readonly fraction: number; readonly lift: number; readonly capture: number }[];
}

/**
 * ROC-AUC (with a seeded bootstrap interval), PR-AUC (average precision), Brier score with its
 * reliability/resolution/uncertainty terms, log loss, expected calibration error, and lift and
 * capture at each top fraction, for labels `y` and probabilities `p`.
 */
export function summarizeMetrics(y: Uint8Array, p: Float64Array, options: MetricOptions): MetricSummary {
  let positives = 0;
  let sumP = 0;
  for (let i = 0; i < y.length; i++) {
    positives += y[i]!;
    sumP += p[i]!;
  }
  const decomposition = brierDecomposition(y, p, { bins: options.bins, strategy: options.binning });
  const interval =
    options.bootstrapReplicates > 0 ? bootstrapRocAuc(y, p, { replicates: options.bootstrapReplicates, seed: options.seed, level: options.confidenceLevel, ...(options.clusters ? { clusters: options.clusters } : {}) }) : undefined;
  return {
    rows: y.length,
    positives,
    baseRate: positives / y.length,
    meanPredicted: sumP / y.length,
    rocAuc: rocAuc(y, p),
    rocAucInterval: interval ? { lower: interval.lower, upper: interval.upper, level: interval.level, replicates: interval.replicates.length, resampled: options.clusters ? "customers" : "rows" } : null,
    averagePrecision: averagePrecision(y, p),
    brier: decomposition.brier,
    brierReliability: decomposition.reliability,
    brierResolution: decomposition.resolution,
    brierUncertainty: decomposition.uncertainty,
    logLoss: logLoss(y, p),
    ece: expectedCalibrationError(y, p, { bins: options.bins, strategy: options.binning }),
    lift: options.topFractions.map((fraction) => ({ fraction, lift: liftAtTop(y, p, fraction), capture: captureAtTop(y, p, fraction) })),
  };
}

/** Reliability-curve points (non-empty bins) for plots: mean predicted vs observed rate and count per bin. */
export function reliabilityPoints(y: Uint8Array, p: Float64Array, bins: number, binning: "uniform" | "quantile"): { meanPredicted: number[]; observedRate: number[]; count: number[] } {
  const curve = reliabilityCurve(y, p, { bins, strategy: binning });
  const out = { meanPredicted: [] as number[], observedRate: [] as number[], count: [] as number[] };
  for (let b = 0; b < curve.count.length; b++) {
    if (curve.count[b] === 0) continue;
    out.meanPredicted.push(curve.meanPredicted[b]!);
    out.observedRate.push(curve.observedRate[b]!);
    out.count.push(curve.count[b]!);
  }
  return out;
}
