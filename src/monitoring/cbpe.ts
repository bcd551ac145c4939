import { assignBins, binEdges } from "../evaluation/binning.js";
import { checkProbabilities, UndefinedMetricError } from "../evaluation/checks.js";

/**
 * The conditions under which the label-free estimate holds (NannyML, "Estimation of performance of
 * the monitored model", CBPE assumptions); print them beside every estimate.
 */
export const CBPE_ASSUMPTIONS: readonly string[] = [
  "Calibration holds on the new data: among rows scored p, a share p is positive.",
  "No concept shift: P(y | x) is unchanged; only P(x) may move, and only within the region the model was fitted and calibrated on.",
  "The sample is large enough for expected confusion counts to stand for realised ones; the realised metric scatters around the estimate by its own sampling error.",
];

/** Expected ROC curve: one point per distinct probability plus the origin (like `rocCurve`). */
export interface ExpectedRocCurve {
  /** Expected false-positive rate FP(t) / Σ(1 − p), non-decreasing from 0 to 1. */
  readonly fpr: Float64Array;
  /** Expected true-positive rate TP(t) / Σp, non-decreasing from 0 to 1. */
  readonly tpr: Float64Array;
  /** Decreasing thresholds t (predict positive when p ≥ t); the first is Infinity. */
  readonly thresholds: Float64Array;
}

function checkScores(name: string, yProb: Float64Array): void {
  if (yProb.length === 0) throw new RangeError(`${name}: empty input (yProb has length 0)`);
  checkProbabilities(name, "yProb", yProb);
}

/**
 * The ROC curve of the expected confusion matrix (CBPE, NannyML): if the probabilities p are
 * calibrated, a row scored p is a positive with probability p, so at threshold t the expected
 * true positives are TP(t) = Σ_{pᵢ ≥ t} pᵢ and false positives FP(t) = Σ_{pᵢ ≥ t} (1 − pᵢ); the rates
 * divide by the expected totals Σp and Σ(1 − p). Thresholds are the distinct probabilities,
 * descending. Throws on empty input or a probability outside [0, 1], and
 * {@link UndefinedMetricError} when Σp or Σ(1 − p) is 0 (no expected positives or negatives).
 * O(n log n); input not mutated.
 */
export function expectedRocCurve(yProb: Float64Array): ExpectedRocCurve {
  checkScores("expectedRocCurve", yProb);
  const sorted = Float64Array.from(yProb).sort();
  const n = sorted.length;
  // Cumulative expected counts at the end of each run of tied probabilities, from the top.
  const tp = new Float64Array(n + 1);
  const fp = new Float64Array(n + 1);
  const thresholds = new Float64Array(n + 1);
  thresholds[0] = Infinity;
  let points = 1;
  let sumP = 0;
  let sumQ = 0;
  for (let i = n - 1; i >= 0; i--) {
    const p = sorted[i]!;
    sumP += p;
    sumQ += 1 - p;
    if (i === 0 || sorted[i - 1] !== p) {
      tp[points] = sumP;
      fp[points] = sumQ;
      thresholds[points] = p;
      points++;
    }
  }
  if (!(sumP > 0) || !(sumQ > 0)) {
    throw new UndefinedMetricError(`expectedRocCurve: undefined without expected ${sumP > 0 ? "negatives" : "positives"} (Σp = ${sumP}, Σ(1 − p) = ${sumQ})`);
  }
  const fpr = fp.slice(0, points);
  const tpr = tp.slice(0, points);
  for (let k = 1; k < points; k++) {
    fpr[k]! /= sumQ;
    tpr[k]! /= sumP;
  }
  return { fpr, tpr, thresholds: thresholds.slice(0, points) };
}

/** Options of {@link cbpe}. */
export interface CbpeOptions {
  /** Equal-width probability bins of the calibration-error floor (as `expectedCalibrationError`); default 10. */
  readonly bins?: number;
}

/** A label-free performance estimate and the assumptions it rests on. */
export interface CbpeEstimate {
  /** Expected ROC-AUC: trapezoidal area under {@link expectedRocCurve}. */
  readonly rocAuc: number;
  /** Expected share of positives, mean(p). */
  readonly positiveRate: number;
  /**
   * The expected calibration error a perfectly calibrated model still shows on n labelled rows by
   * chance: Σ_b (n_b/n)·E|ȳ_b − p̄_b| ≈ √(2/π)·Σ_b √(Σ_{i∈b} pᵢ(1 − pᵢ)) / n (normal approximation
   * per bin). A realised ECE well above it means calibration broke.
   */
  readonly calibrationErrorFloor: number;
  /** Rows. */
  readonly n: number;
  /** {@link CBPE_ASSUMPTIONS}. */
  readonly assumptions: readonly string[];
}

/**
 * Confidence-based performance estimation (NannyML's CBPE) of a binary classifier from its
 * calibrated probabilities alone: the expected ROC-AUC (the AUC of the expected confusion matrix at
 * every threshold, trapezoidal), the expected positive rate, and the chance floor of the
 * calibration error. Valid under {@link CBPE_ASSUMPTIONS}: calibration holds on the new data and
 * P(y | x) has not changed. When every probability is equal the estimate is 0.5. Throws like
 * {@link expectedRocCurve}. O(n log n); input not mutated.
 */
export function cbpe(yProb: Float64Array, options: CbpeOptions = {}): CbpeEstimate {
  const bins = options.bins ?? 10;
  const { fpr, tpr } = expectedRocCurve(yProb);
  let rocAuc = 0;
  for (let k = 1; k < fpr.length; k++) rocAuc += ((fpr[k]! - fpr[k - 1]!) * (tpr[k]! + tpr[k - 1]!)) / 2;
  const n = yProb.length;
  const ids = assignBins(yProb, binEdges(yProb, bins, "uniform"));
  const variance = new Float64Array(bins);
  let sumP = 0;
  for (let i = 0; i < n; i++) {
    const p = yProb[i]!;
    sumP += p;
    variance[ids[i]!] += p * (1 - p);
  }
  let spread = 0;
  for (let b = 0; b < bins; b++) spread += Math.sqrt(variance[b]!);
  return { rocAuc, positiveRate: sumP / n, calibrationErrorFloor: (Math.sqrt(2 / Math.PI) * spread) / n, n, assumptions: CBPE_ASSUMPTIONS };
}
