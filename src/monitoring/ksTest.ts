import { checkLevel, checkSample, type DriftTestResult } from "./driftResult.js";
import { kolmogorovSmirnovSf } from "./kolmogorov.js";

/** Result of {@link ksTest}. */
export interface KsResult extends DriftTestResult {
  readonly method: "ks";
  readonly pValue: number;
  /** The n of the one-sample distribution the p-value reads: round-half-even(n₁n₂ / (n₁ + n₂)). */
  readonly effectiveN: number;
}

/** Two-sample Kolmogorov–Smirnov statistic D = max_x |F_ref(x) − F_cur(x)| over the pooled values (right-continuous ECDFs). */
function ksStatistic(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** Round half to even, as numpy `round`. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Two-sample Kolmogorov–Smirnov test of finite numeric samples (Evidently's default for numeric
 * features with more than 5 distinct values when the reference has ≤ 1000 rows): D as scipy
 * `ks_2samp` computes it, and the two-sided p-value of its `method="asymp"`, the survival function
 * of the one-sample KS distribution at n = round(n₁n₂/(n₁ + n₂)) ({@link kolmogorovSmirnovSf}).
 * (Evidently leaves scipy on `"auto"`, which is exact path counting below 10 000 rows; asymp differs
 * from it by little except for tiny samples.) Drift when p < `alpha` (default 0.05). Throws on an
 * empty sample or a non-finite value. O((n + m) log(n + m)); inputs not mutated.
 */
export function ksTest(reference: Float64Array, current: Float64Array, options: { readonly alpha?: number } = {}): KsResult {
  const alpha = options.alpha ?? 0.05;
  checkLevel("ksTest", "alpha", alpha);
  checkSample("ksTest", "reference", reference);
  checkSample("ksTest", "current", current);
  const statistic = ksStatistic(Float64Array.from(reference).sort(), Float64Array.from(current).sort());
  const m = Math.max(reference.length, current.length);
  const n = Math.min(reference.length, current.length);
  const effectiveN = Math.max(1, roundHalfEven((m * n) / (m + n)));
  const pValue = kolmogorovSmirnovSf(effectiveN, statistic);
  return { method: "ks", statistic, pValue, threshold: alpha, driftWhen: "pValue < threshold", drifted: pValue < alpha, effectiveN };
}
