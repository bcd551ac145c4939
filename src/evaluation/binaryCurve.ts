import { checkBinaryInput, requireBothClasses, type ClassTotals } from "./checks.js";

/**
 * Cumulative true- and false-positive weights at each distinct score, highest score first: row `k`
 * counts every sample with score ≥ `thresholds[k]`. Same as scikit-learn's `_binary_clf_curve`.
 */
export interface BinaryCurve {
  /** Weighted false positives with score ≥ threshold; non-decreasing, last = total negative weight. */
  readonly fps: Float64Array;
  /** Weighted true positives with score ≥ threshold; non-decreasing, last = total positive weight. */
  readonly tps: Float64Array;
  /** Distinct scores, strictly decreasing. */
  readonly thresholds: Float64Array;
  /** Class weight totals of the input. */
  readonly totals: ClassTotals;
}

/**
 * Sorts the scores once (a Uint32Array of indices by score descending, ties by index descending as
 * in scikit-learn's reversed stable argsort) and accumulates weights; tied scores form one step.
 * Zero-weight rows are dropped first, as scikit-learn does. Validates input; throws
 * {@link UndefinedMetricError} on a single class. O(n log n), inputs not mutated.
 */
export function binaryCurve(name: string, yTrue: Uint8Array, yProb: Float64Array, weights?: Float64Array): BinaryCurve {
  const totals = checkBinaryInput(name, yTrue, yProb, weights);
  requireBothClasses(name, totals);
  const n = yTrue.length;
  let m = n;
  if (weights !== undefined) {
    m = 0;
    for (let i = 0; i < n; i++) if (weights[i]! !== 0) m++;
  }
  const order = new Uint32Array(m);
  for (let i = 0, j = 0; i < n; i++) if (weights === undefined || weights[i]! !== 0) order[j++] = i;
  order.sort((a, b) => yProb[b]! - yProb[a]! || b - a);

  let distinct = 0;
  for (let k = 0; k < m; k++) if (k === m - 1 || yProb[order[k]!]! !== yProb[order[k + 1]!]!) distinct++;
  const fps = new Float64Array(distinct);
  const tps = new Float64Array(distinct);
  const thresholds = new Float64Array(distinct);
  let tp = 0;
  let fp = 0;
  for (let k = 0, d = 0; k < m; k++) {
    const i = order[k]!;
    const w = weights === undefined ? 1 : weights[i]!;
    if (yTrue[i] === 1) tp += w;
    else fp += w;
    if (k === m - 1 || yProb[i]! !== yProb[order[k + 1]!]!) {
      tps[d] = tp;
      fps[d] = fp;
      thresholds[d] = yProb[i]!;
      d++;
    }
  }
  return { fps, tps, thresholds, totals };
}
