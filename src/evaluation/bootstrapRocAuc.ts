import { Rng } from "../util/rng.js";
import { checkBootstrapOptions, percentileInterval, resampleCounts, type BootstrapInterval } from "./bootstrap.js";
import { checkBinaryInput, UndefinedMetricError } from "./checks.js";
import { rocAuc } from "./rocAuc.js";

/**
 * The percentile bootstrap interval of ROC-AUC, identical (same seed → same resamples → same
 * replicate values) to `bootstrapInterval(rocAuc, …)` but O(n) per replicate instead of
 * O(n log n): scores are sorted once, and each resample becomes a count per row (`resampleCounts`), so the AUC of a
 * resample is one pass over the tie groups in score order (ties count one half, as in
 * `rocAuc`). For the hundreds of thousands of out-of-fold rows of a panel this is what makes
 * confidence bands affordable. Replicates with a single class are skipped and counted.
 */
export function bootstrapRocAuc(yTrue: Uint8Array, yProb: Float64Array, options: { readonly replicates: number; readonly seed: number; readonly level: number }): BootstrapInterval {
  const { replicates, seed, level } = options;
  checkBinaryInput("bootstrapRocAuc", yTrue, yProb);
  checkBootstrapOptions("bootstrapRocAuc", replicates, level);
  const estimate = rocAuc(yTrue, yProb);
  const n = yTrue.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => yProb[a]! - yProb[b]!);
  // groupEnd[k] = true when sorted position k closes a group of tied scores.
  const groupEnd = new Uint8Array(n);
  for (let k = 0; k < n; k++) groupEnd[k] = k === n - 1 || yProb[order[k + 1]!] !== yProb[order[k]!] ? 1 : 0;
  const rng = new Rng(seed);
  const count = new Uint32Array(n);
  const values = new Float64Array(replicates);
  let used = 0;
  let skipped = 0;
  for (let r = 0; r < replicates; r++) {
    resampleCounts(rng, count);
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
    if (pos === 0 || negBelow === 0) {
      skipped++;
      continue;
    }
    values[used++] = area / (pos * negBelow);
  }
  if (used === 0) throw new UndefinedMetricError(`bootstrapRocAuc: all ${replicates} replicates held a single class`);
  const kept = values.slice(0, used);
  return { estimate, ...percentileInterval(kept, level), replicates: kept, skipped, level };
}
