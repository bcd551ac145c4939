/** Corrections for testing many features at once: family-wise (Bonferroni) or false discovery rate (Benjamini–Hochberg). */
export type PValueCorrection = "bonferroni" | "fdr_bh";

/** Result of {@link adjustPValues}, in the input order. */
export interface AdjustedPValues {
  /** Adjusted p-values, each in [0, 1]. */
  readonly adjusted: Float64Array;
  /** 1 where the hypothesis is rejected at `alpha` (the feature drifted), else 0. */
  readonly rejected: Uint8Array;
}

/**
 * Adjusts m p-values for multiple testing, exactly as statsmodels `multipletests(pvals, alpha,
 * method)`: `"bonferroni"` gives min(1, m·p) and rejects p ≤ α/m (Bonferroni, controls the
 * family-wise error rate); `"fdr_bh"` (Benjamini & Hochberg 1995, controls the false discovery
 * rate) gives the step-up values min_{j ≥ i} (m/j)·p₍ⱼ₎ capped at 1 over the ascending p₍ⱼ₎ and rejects
 * the k smallest, k the largest i with p₍ᵢ₎ ≤ (i/m)·α. Throws on empty input, a p-value outside
 * [0, 1] or NaN (index quoted), or alpha outside (0, 1). O(m log m); input not mutated.
 */
export function adjustPValues(pValues: Float64Array, method: PValueCorrection, alpha = 0.05): AdjustedPValues {
  const m = pValues.length;
  if (m === 0) throw new RangeError("adjustPValues: empty input (pValues has length 0)");
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`adjustPValues: alpha must be in (0, 1), got ${alpha}`);
  for (let i = 0; i < m; i++) {
    const p = pValues[i]!;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`adjustPValues: pValues[${i}] = ${p} is outside [0, 1]`);
  }
  const adjusted = new Float64Array(m);
  const rejected = new Uint8Array(m);
  if (method === "bonferroni") {
    for (let i = 0; i < m; i++) {
      adjusted[i] = Math.min(1, pValues[i]! * m);
      rejected[i] = pValues[i]! <= alpha / m ? 1 : 0;
    }
    return { adjusted, rejected };
  }
  if (method !== "fdr_bh") throw new RangeError(`adjustPValues: method must be "bonferroni" or "fdr_bh", got ${JSON.stringify(method)}`);
  const order = Uint32Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  let last = -1;
  for (let r = 0; r < m; r++) if (pValues[order[r]!]! <= ((r + 1) / m) * alpha) last = r;
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r]!;
    running = Math.min(running, pValues[i]! / ((r + 1) / m));
    adjusted[i] = running;
    rejected[i] = r <= last ? 1 : 0;
  }
  return { adjusted, rejected };
}
