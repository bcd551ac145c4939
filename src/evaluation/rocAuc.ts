import { binaryCurve } from "./binaryCurve.js";

/** ROC curve points, one per distinct score plus the origin; all arrays have the same length. */
export interface RocCurve {
  /** False-positive rate (weighted), non-decreasing from 0 to 1. */
  readonly fpr: Float64Array;
  /** True-positive rate (weighted), non-decreasing from 0 to 1. */
  readonly tpr: Float64Array;
  /** Decreasing score thresholds (predict positive when score ≥ threshold); the first is `Infinity`. */
  readonly thresholds: Float64Array;
}

/**
 * Receiver operating characteristic curve of binary labels `yTrue` (0/1) against probabilities
 * `yProb` with optional non-negative `weights`: one point per distinct score (tied scores form one
 * step), preceded by (0, 0) at threshold `Infinity`. Like scikit-learn `roc_curve(...,
 * drop_intermediate=False)` (≥ 1.3 convention for the first threshold; 1.2 used max + 1).
 * Throws on invalid input and {@link UndefinedMetricError} on a single class. O(n log n).
 */
export function rocCurve(yTrue: Uint8Array, yProb: Float64Array, weights?: Float64Array): RocCurve {
  const { fps, tps, thresholds } = binaryCurve("rocCurve", yTrue, yProb, weights);
  const k = fps.length;
  const fpr = new Float64Array(k + 1);
  const tpr = new Float64Array(k + 1);
  const thr = new Float64Array(k + 1);
  const fpTotal = fps[k - 1]!;
  const tpTotal = tps[k - 1]!;
  thr[0] = Infinity;
  for (let i = 0; i < k; i++) {
    fpr[i + 1] = fps[i]! / fpTotal;
    tpr[i + 1] = tps[i]! / tpTotal;
    thr[i + 1] = thresholds[i]!;
  }
  return { fpr, tpr, thresholds: thr };
}

/**
 * Area under the ROC curve by the trapezoidal rule over {@link rocCurve}, so tied scores count
 * one half (the Mann–Whitney statistic with ties), exactly as scikit-learn `roc_auc_score`.
 * Range [0, 1]; 0.5 = random ranking. Zero-weight rows are ignored. Throws on invalid input and
 * {@link UndefinedMetricError} when `yTrue` holds one class. O(n log n), inputs not mutated.
 */
export function rocAuc(yTrue: Uint8Array, yProb: Float64Array, weights?: Float64Array): number {
  const { fps, tps } = binaryCurve("rocAuc", yTrue, yProb, weights);
  const k = fps.length;
  const fpTotal = fps[k - 1]!;
  const tpTotal = tps[k - 1]!;
  let area = 0;
  let x0 = 0;
  let y0 = 0;
  for (let i = 0; i < k; i++) {
    const x1 = fps[i]! / fpTotal;
    const y1 = tps[i]! / tpTotal;
    area += ((x1 - x0) * (y1 + y0)) / 2;
    x0 = x1;
    y0 = y1;
  }
  return area;
}
