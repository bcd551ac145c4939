import { checkSample, checkThreshold, type DriftTestResult } from "./driftResult.js";

/** Normalised Wasserstein distance Evidently flags as drift by default (at or above). */
export const DEFAULT_WASSERSTEIN_THRESHOLD = 0.1;

/** Evidently's floor on the reference standard deviation that normalises the distance. */
export const WASSERSTEIN_MIN_SCALE = 0.001;

/**
 * First Wasserstein (earth mover's) distance between two samples of finite values: the area
 * ∫ |F_u(x) − F_v(x)| dx between their empirical CDFs, summed over the gaps of the pooled sorted
 * values, in the units of the data. Exactly scipy `stats.wasserstein_distance(u, v)`. Throws on an
 * empty sample or a non-finite value (index quoted). O((n + m) log(n + m)); inputs not mutated.
 */
export function wassersteinDistance(u: Float64Array, v: Float64Array): number {
  checkSample("wassersteinDistance", "u", u);
  checkSample("wassersteinDistance", "v", v);
  const a = Float64Array.from(u).sort();
  const b = Float64Array.from(v).sort();
  let i = 0;
  let j = 0;
  let area = 0;
  let x = Math.min(a[0]!, b[0]!);
  while (i < a.length || j < b.length) {
    // Advance past every value equal to x in both samples; F_u and F_v then hold until the next value.
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    if (i === a.length && j === b.length) break;
    const next = Math.min(i < a.length ? a[i]! : Infinity, j < b.length ? b[j]! : Infinity);
    area += Math.abs(i / a.length - j / b.length) * (next - x);
    x = next;
  }
  return area;
}

/** Population standard deviation √(Σ(x − x̄)²/n) (numpy `std`, ddof 0). */
function populationStd(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const mean = sum / values.length;
  let ss = 0;
  for (let i = 0; i < values.length; i++) ss += (values[i]! - mean) ** 2;
  return Math.sqrt(ss / values.length);
}

/** Result of {@link normalizedWasserstein}. */
export interface WassersteinResult extends DriftTestResult {
  readonly method: "wasserstein";
  /** The unnormalised distance, in the data's units. */
  readonly distance: number;
  /** The divisor: max(reference standard deviation, {@link WASSERSTEIN_MIN_SCALE}). */
  readonly scale: number;
}

/**
 * Evidently's normalised Wasserstein drift test (its default for numeric features when the
 * reference has more than 1000 rows): {@link wassersteinDistance}(reference, current) divided by
 * max(np.std(reference), 0.001), so 0.1 means the mass moved a tenth of a reference standard
 * deviation on average; drift when it is ≥ `threshold` (default 0.1). Finite values only.
 */
export function normalizedWasserstein(reference: Float64Array, current: Float64Array, options: { readonly threshold?: number } = {}): WassersteinResult {
  const threshold = options.threshold ?? DEFAULT_WASSERSTEIN_THRESHOLD;
  checkThreshold("normalizedWasserstein", "threshold", threshold);
  const distance = wassersteinDistance(reference, current);
  const scale = Math.max(populationStd(reference), WASSERSTEIN_MIN_SCALE);
  const statistic = distance / scale;
  return { method: "wasserstein", statistic, threshold, driftWhen: "statistic >= threshold", drifted: statistic >= threshold, distance, scale };
}
