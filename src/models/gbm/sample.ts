/**
 * Seeded sampling without replacement for the row sample of the binning and the per-tree column
 * sample of `GradientBoosting`.
 */
import type { Rng } from "../../util/rng.js";

/**
 * k distinct integers drawn uniformly from 0 … n − 1, in ascending order: partial Fisher–Yates over the
 * identity permutation (after step t, the first t + 1 entries are a uniform random (t + 1)-subset),
 * consuming k draws `rng.int(n − t)`. O(n + k log k) time, O(n) memory. Throws unless 0 ≤ k ≤ n.
 */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): Uint32Array {
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new RangeError(`sampleWithoutReplacement: k=${k} must be an integer in [0, n=${n}]`);
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let t = 0; t < k; t++) {
    const u = t + rng.int(n - t);
    const tmp = perm[t]!;
    perm[t] = perm[u]!;
    perm[u] = tmp;
  }
  return perm.slice(0, k).sort();
}
