import { incompleteGamma, logGamma } from "./incompleteGamma.js";

function checkDegrees(name: string, df: number): void {
  if (!(df > 0 && df < Infinity)) throw new RangeError(`${name}: degrees of freedom must be a positive finite number, got ${df}`);
}

/** Chi-square CDF with `df` > 0 degrees of freedom: P(df/2, x/2) ({@link incompleteGamma}); 0 for x ≤ 0. Like scipy `chi2.cdf`. */
export function chiSquareCdf(x: number, df: number): number {
  checkDegrees("chiSquareCdf", df);
  if (Number.isNaN(x)) throw new RangeError("chiSquareCdf: x is NaN");
  return x <= 0 ? 0 : incompleteGamma(df / 2, x / 2).lower;
}

/** Chi-square survival function Q(df/2, x/2), accurate in the upper tail (p-values); 1 for x ≤ 0. Like scipy `chi2.sf`. */
export function chiSquareSf(x: number, df: number): number {
  checkDegrees("chiSquareSf", df);
  if (Number.isNaN(x)) throw new RangeError("chiSquareSf: x is NaN");
  return x <= 0 ? 1 : incompleteGamma(df / 2, x / 2).upper;
}

/**
 * Solves tail(x) = target for the chi-square quantile, where tail is the CDF (`upper` false) or the
 * survival function (`upper` true): Newton steps on ln tail(x) − ln target (d ln P/dx = f/P,
 * d ln Q/dx = −f/Q with f the density), kept inside a bisection bracket found by doubling, until
 * the step is below 1e-15 relative.
 */
function solveTail(target: number, df: number, upper: boolean): number {
  const a = df / 2;
  const logTarget = Math.log(target);
  const logGammaA = logGamma(a);
  const tail = (x: number): number => {
    const g = incompleteGamma(a, x / 2);
    return upper ? g.upper : g.lower;
  };
  // Bracket [lo, hi] with tail(lo) on one side of the target and tail(hi) on the other.
  let lo = 0;
  let hi = Math.max(1, df);
  while (upper ? tail(hi) > target : tail(hi) < target) {
    lo = hi;
    hi *= 2;
  }
  let x = (lo + hi) / 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const value = tail(x);
    if (value === target) return x;
    const below = upper ? value > target : value < target;
    if (below) lo = x;
    else hi = x;
    // Density f(x) = e^(−x/2) (x/2)^(a−1) / (2 Γ(a)), written as e^(a ln(x/2) − x/2 − ln Γ(a)) / x.
    const density = Math.exp(a * Math.log(x / 2) - x / 2 - logGammaA) / x;
    const slope = (upper ? -density : density) / value;
    let next = value > 0 && slope !== 0 && Number.isFinite(slope) ? x - (Math.log(value) - logTarget) / slope : Number.NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * x || next === lo || next === hi) return next;
    x = next;
  }
  return x;
}

/**
 * Chi-square quantile (inverse CDF) at probability `p` ∈ [0, 1] with `df` degrees of freedom, like
 * scipy `chi2.ppf`; for p > 0.5 it solves the survival function at 1 − p instead, where the
 * precision is. Newton on the log tail inside a bisection bracket (see {@link chiSquareIsf}).
 * 0 at p = 0 and Infinity at p = 1; throws on p outside [0, 1] (value quoted).
 */
export function chiSquareQuantile(p: number, df: number): number {
  checkDegrees("chiSquareQuantile", df);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`chiSquareQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  return p <= 0.5 ? solveTail(p, df, false) : solveTail(1 - p, df, true);
}

/**
 * Inverse survival function: the x with P(χ²_df > x) = `alpha`, i.e. the critical value of a
 * chi-square test at level `alpha` ∈ [0, 1], like scipy `chi2.isf`. Solved on the survival function
 * itself, so tiny levels (1e-12) keep full relative precision. Infinity at alpha = 0, 0 at 1.
 */
export function chiSquareIsf(alpha: number, df: number): number {
  checkDegrees("chiSquareIsf", df);
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`chiSquareIsf: alpha must be in [0, 1], got ${alpha}`);
  if (alpha === 0) return Infinity;
  if (alpha === 1) return 0;
  return alpha < 0.5 ? solveTail(alpha, df, true) : solveTail(1 - alpha, df, false);
}
