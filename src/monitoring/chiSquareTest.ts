import { chiSquareSf } from "./chiSquareDistribution.js";
import { binTotals, type DriftBins } from "./driftBins.js";
import { checkLevel, type DriftTestResult } from "./driftResult.js";

/** Result of {@link chiSquareTest}. */
export interface ChiSquareResult extends DriftTestResult {
  readonly method: "chi-square";
  readonly pValue: number;
  /** Occupied bins minus 1 (the 2 × B table has (2 − 1)(B − 1)). */
  readonly degreesOfFreedom: number;
}

/**
 * Pearson's chi-square test of homogeneity on the 2 × B table of reference and current counts
 * per bin (rows: samples, columns: occupied bins): χ² = Σ (O − E)² / E with E = row total × column
 * total / N, and p = P(χ²_{B−1} > χ²), no continuity correction — scipy
 * `stats.chi2_contingency(table, correction=False)`. Both samples are treated as random, unlike
 * Evidently's `chisquare` goodness-of-fit against the reference proportions, which ignores the
 * reference's own sampling noise. One occupied bin: χ² = 0, p = 1. Drift when p < `alpha`
 * (default 0.05). Throws when a sample has no rows. O(B).
 */
export function chiSquareTest(bins: DriftBins, options: { readonly alpha?: number } = {}): ChiSquareResult {
  const alpha = options.alpha ?? 0.05;
  checkLevel("chiSquareTest", "alpha", alpha);
  const { reference, current } = bins;
  const { reference: nRef, current: nCur } = binTotals("chiSquareTest", bins);
  const total = nRef + nCur;
  let statistic = 0;
  for (let b = 0; b < reference.length; b++) {
    const column = reference[b]! + current[b]!;
    const eRef = (nRef * column) / total;
    const eCur = (nCur * column) / total;
    statistic += (reference[b]! - eRef) ** 2 / eRef + (current[b]! - eCur) ** 2 / eCur;
  }
  const degreesOfFreedom = reference.length - 1;
  if (degreesOfFreedom === 0) statistic = 0;
  const pValue = degreesOfFreedom > 0 ? chiSquareSf(statistic, degreesOfFreedom) : 1;
  return { method: "chi-square", statistic, pValue, threshold: alpha, driftWhen: "pValue < threshold", drifted: pValue < alpha, degreesOfFreedom };
}
