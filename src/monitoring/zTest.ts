import { binTotals, type DriftBins } from "./driftBins.js";
import { checkLevel, type DriftTestResult } from "./driftResult.js";
import { normalSf } from "./normalDistribution.js";

/** Result of {@link zTest}. */
export interface ZTestResult extends DriftTestResult {
  readonly method: "z";
  readonly pValue: number;
}

/**
 * Two-proportion Z-test for a binary feature (Evidently's default for ≤ 2 distinct values when
 * the reference has ≤ 1000 rows), on bins from {@link categoryBins} or {@link valueBins} with at
 * most two occupied bins: with p₁, p₂ the reference and current shares of the second bin (Evidently
 * codes the first, smallest, level as 0) and P the pooled share, z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂))
 * and the two-sided p = 2·P(Z > |z|) (Evidently writes 2·(1 − Φ(|z|)), equal up to rounding). One
 * occupied bin: z = 0, p = 1. Drift when p < `alpha` (default 0.05). Throws on more than two bins
 * or a sample without rows.
 */
export function zTest(bins: DriftBins, options: { readonly alpha?: number } = {}): ZTestResult {
  const alpha = options.alpha ?? 0.05;
  checkLevel("zTest", "alpha", alpha);
  const { reference, current } = bins;
  if (reference.length > 2) throw new RangeError(`zTest: needs a binary feature (at most 2 occupied bins), got ${reference.length}`);
  const { reference: n1, current: n2 } = binTotals("zTest", bins);
  let statistic = 0;
  if (reference.length === 2) {
    const p1 = reference[1]! / n1;
    const p2 = current[1]! / n2;
    const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    statistic = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  }
  const pValue = Math.min(1, 2 * normalSf(Math.abs(statistic)));
  return { method: "z", statistic, pValue, threshold: alpha, driftWhen: "pValue < threshold", drifted: pValue < alpha };
}
