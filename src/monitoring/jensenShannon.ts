import type { DriftBins } from "./driftBins.js";
import { checkThreshold, type DriftTestResult } from "./driftResult.js";

/** Jensen–Shannon distance Evidently flags as drift by default (at or above). */
export const DEFAULT_JENSEN_SHANNON_THRESHOLD = 0.1;

/**
 * Jensen–Shannon distance between two distributions given as non-negative weights of equal
 * length (each normalised to sum 1): √(½ KL(p‖m) + ½ KL(q‖m)) with m = (p + q)/2 and base-2
 * logarithms, so it lies in [0, 1]; 0·log 0 = 0. Exactly scipy `spatial.distance.jensenshannon(p,
 * q, base=2)`, as Evidently calls it. Throws on length mismatch, a negative or NaN weight, or a
 * zero total (value quoted). O(k).
 */
export function jensenShannonDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new RangeError(`jensenShannonDistance: lengths differ (p ${p.length}, q ${q.length})`);
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    if (!(p[i]! >= 0 && q[i]! >= 0)) throw new RangeError(`jensenShannonDistance: weights must be >= 0, got p[${i}] = ${p[i]}, q[${i}] = ${q[i]}`);
    sp += p[i]!;
    sq += q[i]!;
  }
  if (!(sp > 0 && sq > 0 && sp < Infinity && sq < Infinity)) throw new RangeError(`jensenShannonDistance: weights must have a positive finite total, got ${sp} and ${sq}`);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp;
    const b = q[i]! / sq;
    const m = (a + b) / 2;
    if (a > 0) left += a * Math.log(a / m);
    if (b > 0) right += b * Math.log(b / m);
  }
  return Math.sqrt((left + right) / Math.LN2 / 2);
}

/**
 * Jensen–Shannon drift test on binned counts (Evidently's default for categorical features when
 * the reference has more than 1000 rows): the {@link jensenShannonDistance} (base 2) of the
 * reference and current proportions, no smoothing; drift when it is ≥ `threshold` (default 0.1).
 */
export function jensenShannon(bins: DriftBins, options: { readonly threshold?: number } = {}): DriftTestResult {
  const threshold = options.threshold ?? DEFAULT_JENSEN_SHANNON_THRESHOLD;
  checkThreshold("jensenShannon", "threshold", threshold);
  const statistic = jensenShannonDistance(bins.reference, bins.current);
  return { method: "jensen-shannon", statistic, threshold, driftWhen: "statistic >= threshold", drifted: statistic >= threshold };
}
