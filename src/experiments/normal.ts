/**
 * The standard normal distribution for the experiment statistics: the complementary error function,
 * the CDF Φ and the quantile Φ⁻¹, each to about 1e-15 relative over the double range (checked
 * against scipy.stats.norm on tests/fixtures/experiments-reference.json to 1e-12 relative).
 */

/** 1/√π. */
const ONE_OVER_SQRT_PI = 0.56418958354775628695;
/** 1/√2. */
const SQRT_HALF = Math.SQRT1_2;
/** Cody's boundary between the erf and erfc approximations. */
const ERF_SPLIT = 0.46875;
/** Beyond this x, erfc(x) underflows to 0 in doubles (Cody's XBIG for IEEE double). */
const ERFC_UNDERFLOW = 26.543;

// Cody (1969) near-minimax coefficients, as published in the specfun CALERF routine (netlib).
/** erf(x) = x·P(x²)/Q(x²) for |x| ≤ 0.46875: numerator (highest degree first, then the constant). */
const ERF_P = [0.185777706184603153, 3.16112374387056560, 113.864154151050156, 377.485237685302021, 3209.37758913846947] as const;
/** Denominator of the erf approximation (monic, highest degree first). */
const ERF_Q = [1, 23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062] as const;
/** e^{x²}·erfc(x) = P(x)/Q(x) for 0.46875 < x ≤ 4: numerator. */
const ERFC_MID_P = [
  2.15311535474403846e-8, 0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.952221241769090,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725,
] as const;
/** Denominator of the middle erfc approximation. */
const ERFC_MID_Q = [
  1, 15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716,
  3439.36767414372164, 1230.33935480374942,
] as const;
/** x·e^{x²}·erfc(x) = 1/√π − z·P(z)/Q(z), z = 1/x², for x > 4: numerator. */
const ERFC_TAIL_P = [
  0.0163153871373020978, 0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
] as const;
/** Denominator of the tail erfc approximation. */
const ERFC_TAIL_Q = [1, 2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185] as const;

/** Horner evaluation of the polynomial with coefficients `c`, highest degree first. */
function horner(c: readonly number[], x: number): number {
  let s = c[0]!;
  for (let i = 1; i < c.length; i++) s = s * x + c[i]!;
  return s;
}

/**
 * e^{−x²} without the rounding of x² in the exponent (Cody's splitting): x = a + b with a a multiple
 * of 1/16, so a² is exact and e^{−x²} = e^{−a²}·e^{−(x − a)(x + a)}. For x ≥ 0.
 */
function expMinusSquare(x: number): number {
  const a = Math.trunc(x * 16) / 16;
  return Math.exp(-a * a) * Math.exp(-(x - a) * (x + a));
}

/**
 * The complementary error function erfc(x) = (2/√π)·∫ₓ^∞ e^{−t²} dt, in (0, 2), by W. J. Cody's
 * rational Chebyshev approximations (Cody 1969, "Rational Chebyshev approximations for the error
 * function", Math. Comp. 23:631–637; the coefficients of his specfun CALERF): relative error near
 * 1e-16 where erfc is not subnormal. Returns 0 beyond x ≈ 26.5, 2 below −6, NaN for NaN. O(1).
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= ERF_SPLIT) {
    const z = y * y;
    return 1 - (x * horner(ERF_P, z)) / horner(ERF_Q, z);
  }
  let upper: number;
  if (y <= 4) {
    upper = (expMinusSquare(y) * horner(ERFC_MID_P, y)) / horner(ERFC_MID_Q, y);
  } else if (y >= ERFC_UNDERFLOW) {
    upper = 0;
  } else {
    const z = 1 / (y * y);
    upper = (expMinusSquare(y) * (ONE_OVER_SQRT_PI - (z * horner(ERFC_TAIL_P, z)) / horner(ERFC_TAIL_Q, z))) / y;
  }
  return x < 0 ? 2 - upper : upper;
}

/**
 * The standard normal CDF Φ(x) = P(Z ≤ x) = erfc(−x/√2)/2 through {@link erfc}, so the lower tail
 * keeps its relative accuracy (Φ(−37) ≈ 5.7e-300); the same construction as scipy's `ndtr`. Upper
 * tails are Φ(−x), never 1 − Φ(x). Range [0, 1]; NaN for NaN. O(1).
 */
export function normalCdf(x: number): number {
  return erfc(-x * SQRT_HALF) / 2;
}

/** The standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

// Wichura (1988), Algorithm AS 241 (PPND16): rational approximations, highest degree first.
/** Central region |p − ½| ≤ 0.425, r = 0.180625 − q²: numerator. */
const CENTRAL_P = [
  2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457, 13731.693765509461125,
  1971.5909503065514427, 133.14166789178437745, 3.387132872796366608,
] as const;
/** Central region: denominator. */
const CENTRAL_Q = [
  5226.495278852854561, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867, 5394.1960214247511077,
  687.1870074920579083, 42.313330701600911252, 1,
] as const;
/** Intermediate tail, r = √(−ln min(p, 1 − p)) − 1.6 with r ≤ 5 before the shift: numerator. */
const NEAR_TAIL_P = [
  7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258, 3.64784832476320460504,
  5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734,
] as const;
/** Intermediate tail: denominator. */
const NEAR_TAIL_Q = [
  1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459, 0.68976733498510000455,
  1.6763848301838038494, 2.05319162663775882187, 1,
] as const;
/** Far tail, r = √(−ln min(p, 1 − p)) − 5: numerator. */
const FAR_TAIL_P = [
  2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093, 0.29656057182850489123,
  1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772,
] as const;
/** Far tail: denominator. */
const FAR_TAIL_Q = [
  2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4, 0.0148753612908506148525,
  0.13692988092273580531, 0.59983220655588793769, 1,
] as const;

/**
 * The standard normal quantile Φ⁻¹(p): the x with Φ(x) = p, by Wichura's Algorithm AS 241 (PPND16;
 * Wichura 1988, "The percentage points of the normal distribution", Applied Statistics 37:477–484),
 * three rational approximations accurate to about 1e-16 relative. Φ⁻¹(0) = −∞, Φ⁻¹(1) = +∞; throws
 * on p outside [0, 1] or NaN. O(1).
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile: p must be in [0, 1], got ${p}`);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(CENTRAL_P, r)) / horner(CENTRAL_Q, r);
  }
  const tail = q < 0 ? p : 1 - p;
  if (tail === 0) return q < 0 ? -Infinity : Infinity;
  let r = Math.sqrt(-Math.log(tail));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = horner(NEAR_TAIL_P, r) / horner(NEAR_TAIL_Q, r);
  } else {
    r -= 5;
    x = horner(FAR_TAIL_P, r) / horner(FAR_TAIL_Q, r);
  }
  return q < 0 ? -x : x;
}
