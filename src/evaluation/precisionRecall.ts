import { binaryCurve } from "./binaryCurve.js";

/** Precision–recall pairs by decreasing threshold, as scikit-learn `precision_recall_curve` (1.2) returns them. */
export interface PrecisionRecallCurve {
  /** Precision at each threshold, by increasing threshold, then a final 1 (length = thresholds + 1). */
  readonly precision: Float64Array;
  /** Recall at each threshold, by increasing threshold (non-increasing), then a final 0. */
  readonly recall: Float64Array;
  /** Distinct scores, increasing. */
  readonly thresholds: Float64Array;
}

/**
 * Precision–recall curve of 0/1 labels against probabilities with optional weights: one point per
 * distinct score (ties form one step), ordered by increasing threshold with the point (recall 0,
 * precision 1) appended, like scikit-learn 1.2 `precision_recall_curve` (no truncation at full
 * recall). Throws on invalid input and {@link UndefinedMetricError} on a single class. O(n log n).
 */
export function precisionRecallCurve(yTrue: Uint8Array, yProb: Float64Array, weights?: Float64Array): PrecisionRecallCurve {
  const { fps, tps, thresholds } = binaryCurve("precisionRecallCurve", yTrue, yProb, weights);
  const k = fps.length;
  const tpTotal = tps[k - 1]!;
  const precision = new Float64Array(k + 1);
  const recall = new Float64Array(k + 1);
  const thr = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const j = k - 1 - i;
    const ps = tps[j]! + fps[j]!;
    precision[i] = ps !== 0 ? tps[j]! / ps : 0;
    recall[i] = tps[j]! / tpTotal;
    thr[i] = thresholds[j]!;
  }
  precision[k] = 1;
  recall[k] = 0;
  return { precision, recall, thresholds: thr };
}

/**
 * Average precision AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds by decreasing score, i.e. the
 * step-wise (right-continuous, not interpolated, not trapezoidal) area under the precision–recall
 * curve, exactly as scikit-learn `average_precision_score`. The trapezoidal PR area is
 * optimistic (it interpolates linearly between precision points); AP is not. Range [0, 1];
 * a random ranking scores about the positive rate. Throws on invalid input and
 * {@link UndefinedMetricError} when `yTrue` holds one class (sklearn returns 1 for all-positive;
 * we treat both single-class cases as undefined). O(n log n), inputs not mutated.
 */
export function averagePrecision(yTrue: Uint8Array, yProb: Float64Array, weights?: Float64Array): number {
  const { fps, tps } = binaryCurve("averagePrecision", yTrue, yProb, weights);
  const k = fps.length;
  const tpTotal = tps[k - 1]!;
  let ap = 0;
  let previousRecall = 0;
  for (let i = 0; i < k; i++) {
    const recall = tps[i]! / tpTotal;
    const ps = tps[i]! + fps[i]!;
    const precision = ps !== 0 ? tps[i]! / ps : 0;
    ap += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return ap;
}
