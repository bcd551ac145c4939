import { reliabilityCurve, type ReliabilityOptions } from "./reliability.js";

/**
 * Expected calibration error (Naeini, Cooper & Hauskrecht 2015): the weight-share-weighted mean of
 * |mean predicted − observed rate| over probability bins, Σₖ (Wₖ / W) |f̄ₖ − ōₖ|, in [0, 1]; empty
 * bins contribute nothing. `strategy` `"uniform"` (equal width, default) or `"quantile"` (equal
 * count); the value depends on the number of bins, so report it. Throws on invalid input like
 * {@link brierScore} and on `bins` not a positive integer. O(n log bins).
 */
export function expectedCalibrationError(yTrue: Uint8Array, yProb: Float64Array, options: ReliabilityOptions): number {
  const curve = reliabilityCurve(yTrue, yProb, options);
  let sum = 0;
  let total = 0;
  for (let k = 0; k < curve.weight.length; k++) {
    const w = curve.weight[k]!;
    if (w === 0) continue;
    sum += w * Math.abs(curve.meanPredicted[k]! - curve.observedRate[k]!);
    total += w;
  }
  return sum / total;
}
