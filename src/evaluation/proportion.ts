import { normalQuantile } from "../experiments/normal.js";

/**
 * The Wilson score interval of a binomial proportion: `k` successes in `n` trials at confidence
 * `level` (Wilson 1927; statsmodels' `proportion_confint(method="wilson")`). Throws unless
 * 0 ≤ k ≤ n, n ≥ 1 and 0 < level < 1.
 */
export function wilsonInterval(k: number, n: number, level: number): { readonly lower: number; readonly upper: number } {
  if (!(Number.isSafeInteger(n) && n >= 1 && Number.isSafeInteger(k) && k >= 0 && k <= n)) throw new RangeError(`wilsonInterval: need integers 0 <= k <= n, n >= 1, got k = ${k}, n = ${n}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`wilsonInterval: level must be in (0, 1), got ${level}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { lower: centre - half, upper: centre + half };
}
