import { bootstrapCounts, checkBootstrapOptions, type BootstrapInterval, type CountBootstrapOptions } from "./bootstrap.js";
import { checkBinaryInput } from "./checks.js";
import { rocAuc } from "./rocAuc.js";

/**
 * The percentile bootstrap interval of ROC-AUC, identical (same seed → same resamples → same
 * replicate values) to `bootstrapInterval(rocAuc, …)` but O(n) per replicate instead of
 * O(n log n): scores are sorted once, and each resample becomes a count per row ({@link bootstrapCounts}), so the AUC of a
 * resample is one pass over the tie groups in score order (ties count one half, as in
 * `rocAuc`). For the hundreds of thousands of out-of-fold rows of a panel this is what makes
 * confidence bands affordable. With `clusters` (e.g. the customer of each customer-month) whole
 * clusters are resampled instead of rows. Replicates with a single class are skipped and counted.
 */
export function bootstrapRocAuc(yTrue: Uint8Array, yProb: Float64Array, options: CountBootstrapOptions): BootstrapInterval {
  checkBinaryInput("bootstrapRocAuc", yTrue, yProb);
  checkBootstrapOptions("bootstrapRocAuc", options.replicates, options.level);
  const estimate = rocAuc(yTrue, yProb);
  const n = yTrue.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => yProb[a]! - yProb[b]!);
  // groupEnd[k] = true when sorted position k closes a group of tied scores.
  const groupEnd = new Uint8Array(n);
  for (let k = 0; k < n; k++) groupEnd[k] = k === n - 1 || yProb[order[k + 1]!] !== yProb[order[k]!] ? 1 : 0;
  const areaOf = (count: Uint32Array): number => {
    let area = 0;
    let negBelow = 0;
    let pos = 0;
    let gPos = 0;
    let gNeg = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      if (yTrue[i] === 1) gPos += count[i]!;
      else gNeg += count[i]!;
      if (groupEnd[k]) {
        area += gPos * (negBelow + 0.5 * gNeg);
        negBelow += gNeg;
        pos += gPos;
        gPos = 0;
        gNeg = 0;
      }
    }
    return pos === 0 || negBelow === 0 ? Number.NaN : area / (pos * negBelow);
  };
  const b = bootstrapCounts("bootstrapRocAuc", n, areaOf, options);
  return { estimate, ...b };
}
