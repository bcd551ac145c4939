/**
 * The distribution of the two-sided one-sample Kolmogorov–Smirnov statistic D_n = sup |F_n − F|
 * for finite n, which scipy `ks_2samp(method="asymp")` evaluates at n = round(n₁n₂ / (n₁ + n₂)).
 * Which algorithm runs where follows Simard & L'Ecuyer (2011), "Computing the two-sided
 * Kolmogorov–Smirnov distribution", J. Stat. Software 39(11), with scipy's (1.10) cut-offs so that
 * the p-values agree with scipy `kstwo.sf` to about 1e-12 relative.
 */

const LN_2PI = 1.8378770664093454836;
const HALF_LN_2PI = 0.91893853320467274178;
const SCALE_BITS = 128;
const SCALE_UP = 2 ** SCALE_BITS;
const SCALE_DOWN = 2 ** -SCALE_BITS;

/** x · 2^e without overflowing the power for |e| > 1023. */
function ldexp(x: number, e: number): number {
  let y = x;
  let k = e;
  while (k > 1000) {
    y *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    y *= 2 ** -1000;
    k += 1000;
  }
  return y * 2 ** k;
}

function clip01(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/**
 * P(D_n ≥ d) of the two-sided one-sample Kolmogorov–Smirnov statistic for a sample of n ≥ 1
 * (integer) and d ∈ [0, 1] — scipy `kstwo.sf(d, n)`: exact Ruben–Gambino forms for n·d ≤ 1 and
 * n·d ≥ n − 1; 2·{@link smirnovSf} for d ≥ ½ and in the far tail (n·d² > 4 for n ≤ 140, ≥ 2.2
 * above); the Durbin matrix algorithm (Marsaglia, Tsang & Wang 2003) for small n·d² (n ≤ 140) or
 * n·d^1.5 ≤ 1.4 (n ≤ 100 000); Pomeranz's recursion (1974) for n ≤ 140 and n·d² ≤ 4; the
 * Pelz–Good (1976) expansion otherwise. Throws unless n is a positive integer and d is not NaN.
 */
export function kolmogorovSmirnovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`kolmogorovSmirnovSf: n must be a positive integer, got ${n}`);
  if (Number.isNaN(d)) throw new RangeError("kolmogorovSmirnovSf: d is NaN");
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    // Ruben & Gambino (1982): P(D_n ≤ d) = n!/nⁿ (2t − 1)ⁿ for 1/(2n) ≤ d ≤ 1/n.
    let cdf = 1;
    for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    return clip01(1 - cdf);
  }
  if (t >= n - 1) return clip01(2 * (1 - d) ** n);
  if (d >= 0.5) return clip01(2 * smirnovSf(n, d));
  const nd2 = t * d;
  if (n <= 140) {
    if (nd2 <= 0.754693) return clip01(1 - durbinCdf(n, d));
    if (nd2 <= 4) return clip01(1 - pomeranzCdf(n, d));
    return clip01(2 * smirnovSf(n, d));
  }
  if (nd2 >= 370) return 0;
  if (nd2 >= 2.2) return clip01(2 * smirnovSf(n, d));
  const cdf = nd2 >= 18 ? 1 : n <= 100_000 && n * d ** 1.5 <= 1.4 ? durbinCdf(n, d) : pelzGoodCdf(n, d);
  return clip01(1 - cdf);
}

/**
 * P(D⁺_n ≥ d) of the one-sided statistic D⁺_n = sup (F − F_n), n ≥ 1, d ∈ [0, 1] (scipy
 * `special.smirnov`): the Smirnov–Birnbaum–Tingey sum Σ_{v=0}^{⌊n(1−d)⌋} d/(d + v/n) · b(v; n, d + v/n)
 * whose terms are binomial probabilities, each computed by Loader's saddle-point method (2000,
 * "Fast and accurate computation of binomial probabilities") so no term loses precision. O(n).
 */
export function smirnovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`smirnovSf: n must be a positive integer, got ${n}`);
  if (Number.isNaN(d)) throw new RangeError("smirnovSf: d is NaN");
  if (d <= 0) return 1;
  if (d >= 1) return 0;
  const last = Math.floor(n * (1 - d));
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    const p = d + v / n;
    const q = (n - v) / n - d;
    if (!(q > 0)) break;
    sum += (d / p) * binomialPmf(v, n, p, q);
  }
  return clip01(sum);
}

/** Loader's δ(k) = ln k! − ((k + ½) ln k − k + ½ ln 2π), k ≥ 1 an integer: exact for k ≤ 15, Stirling's series above. */
function stirlingError(k: number): number {
  if (k <= 15) {
    let factorial = 1;
    for (let i = 2; i <= k; i++) factorial *= i;
    return Math.log(factorial) - (k + 0.5) * Math.log(k) + k - HALF_LN_2PI;
  }
  const kk = k * k;
  const s0 = 1 / 12;
  const s1 = 1 / 360;
  const s2 = 1 / 1260;
  const s3 = 1 / 1680;
  const s4 = 1 / 1188;
  if (k > 500) return (s0 - s1 / kk) / k;
  if (k > 80) return (s0 - (s1 - s2 / kk) / kk) / k;
  if (k > 35) return (s0 - (s1 - (s2 - s3 / kk) / kk) / kk) / k;
  return (s0 - (s1 - (s2 - (s3 - s4 / kk) / kk) / kk) / kk) / k;
}

/** Loader's deviance term bd0(x, m) = x ln(x/m) + m − x, by its series when x ≈ m (no cancellation). */
function bd0(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** Binomial probability C(n, x) pˣ qⁿ⁻ˣ for integers 0 ≤ x < n, q = 1 − p passed separately (Loader 2000). */
function binomialPmf(x: number, n: number, p: number, q: number): number {
  if (x === 0) return Math.exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q));
  const lc = stirlingError(n) - stirlingError(x) - stirlingError(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  const lf = LN_2PI + Math.log(x) + Math.log1p(-x / n);
  return Math.exp(lc - 0.5 * lf);
}

/** Square matrix product C = A·B of order m (row-major Float64Arrays). */
function matMul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j] += aik * b[k * m + j]!;
    }
  }
  return c;
}

/**
 * P(D_n ≤ d) by Durbin's matrix formula (1968) as Marsaglia, Tsang & Wang (2003) compute it:
 * with n·d = k − h (k integer, 0 ≤ h < 1), the (k, k) entry of Hⁿ times n!/nⁿ, H the (2k − 1)²
 * matrix of their paper; powers by squaring with power-of-two rescaling. O(k³ log n).
 */
function durbinCdf(n: number, d: number): number {
  const nd = n * d;
  if (d >= 1) return 1;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  // inverseFactorial[j] = 1/j!; first column v[j] = (1 − h^(j+1)) / (j+1)!, the last row is v reversed.
  const inverseFactorial = new Float64Array(m + 1);
  inverseFactorial[0] = 1;
  for (let j = 1; j <= m; j++) inverseFactorial[j] = inverseFactorial[j - 1]! / j;
  const v = new Float64Array(m);
  for (let j = 0; j < m; j++) v[j] = (1 - h ** (j + 1)) * inverseFactorial[j + 1]!;
  v[m - 1] = (1 - 2 * h ** m + Math.max(0, 2 * h - 1) ** m) * inverseFactorial[m]!;
  let base = new Float64Array(m * m);
  for (let col = 1; col < m; col++) for (let row = col - 1; row < m; row++) base[row * m + col] = inverseFactorial[row - col + 1]!;
  for (let row = 0; row < m; row++) base[row * m] = v[row]!;
  for (let col = 0; col < m; col++) base[(m - 1) * m + col] = v[m - 1 - col]!;

  let power = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let baseExponent = 0;
  const centre = (k - 1) * m + (k - 1);
  for (let rest = n; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) {
      power = matMul(power, base, m);
      exponent += baseExponent;
    }
    base = matMul(base, base, m);
    baseExponent *= 2;
    if (Math.abs(base[centre]!) > SCALE_UP) {
      for (let i = 0; i < base.length; i++) base[i]! *= SCALE_DOWN;
      baseExponent += SCALE_BITS;
    }
  }
  let p = power[centre]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < SCALE_DOWN) {
      p *= SCALE_UP;
      exponent -= SCALE_BITS;
    }
  }
  return clip01(ldexp(p, exponent));
}

/** Column range [first, last] of row i of Pomeranz's recursion (Simard & L'Ecuyer 2011, §2.2), clipped to [0, n]. */
function pomeranzRange(i: number, n: number, ll: number, ceilF: number, roundF: number): [number, number] {
  let first: number;
  let last: number;
  if (i === 0) {
    first = -ll - ceilF - 1;
    last = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        first = n - ll - ceilF - 1;
        last = n + ll + ceilF - 1;
      } else {
        first = half - 1 - ll - roundF - 1;
        last = half + ll - 1 + ceilF - 1;
      }
    } else {
      first = half - 1 - ll - 1;
      last = half + ll + roundF - 1;
    }
  }
  return [Math.max(first + 2, 0), Math.min(last, n)];
}

/**
 * P(D_n ≤ d) by Pomeranz's recursion (1974, Algorithm 487) in the form of Simard & L'Ecuyer
 * (2011): 2n + 1 steps, each convolving the non-zero window of the previous row with one of three
 * Poisson-like weight sequences, rescaled by powers of two against underflow. O(n · (n·d)²).
 */
function pomeranzCdf(n: number, d: number): number {
  const t = n * d;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const size = 2 * (ll + 1);
  // (g/n)^j/j!, (2g/n)^j/j!, ((1 − 2g)/n)^j/j!
  const gPower = new Float64Array(size);
  const twoGPower = new Float64Array(size);
  const oneMinusTwoGPower = new Float64Array(size);
  gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1;
  for (let j = 1; j < size; j++) {
    gPower[j] = (gPower[j - 1]! * (g / n)) / j;
    twoGPower[j] = (twoGPower[j - 1]! * ((2 * g) / n)) / j;
    oneMinusTwoGPower[j] = (oneMinusTwoGPower[j - 1]! * ((1 - 2 * g) / n)) / j;
  }
  let previous = new Float64Array(size);
  let row = new Float64Array(size);
  row[0] = 1;
  let previousStart = 0;
  let rowStart = 0;
  let exponent = 0;
  let [first, last] = pomeranzRange(0, n, ll, ceilF, roundF);
  for (let i = 1; i <= 2 * n + 1; i++) {
    const carried = first;
    [previous, row] = [row, previous];
    [previousStart, rowStart] = [rowStart, previousStart];
    row.fill(0);
    [first, last] = pomeranzRange(i, n, ll, ceilF, roundF);
    const weights = i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const span = last - carried + 1;
    if (span <= 0) continue;
    const offset = carried - previousStart;
    const inputLength = Math.min(span, size - offset);
    const weightLength = Math.min(span, size);
    const skip = first - carried;
    let largest = 0;
    for (let r = 0; r <= last - first; r++) {
      const c = skip + r;
      let acc = 0;
      const lo = Math.max(0, c - weightLength + 1);
      const hi = Math.min(c, inputLength - 1);
      for (let q = lo; q <= hi; q++) acc += previous[offset + q]! * weights[c - q]!;
      row[r] = acc;
      largest = Math.max(largest, acc);
    }
    if (largest > 0 && largest < SCALE_DOWN) {
      for (let r = 0; r < size; r++) row[r]! *= SCALE_UP;
      exponent -= SCALE_BITS;
    }
    rowStart = previousStart + first - carried;
  }
  let answer = row[n - rowStart]!;
  for (let j = 1; j <= n; j++) {
    if (Math.abs(answer) > SCALE_UP) {
      answer *= SCALE_DOWN;
      exponent += SCALE_BITS;
    }
    answer *= j;
  }
  return clip01(ldexp(answer, exponent));
}

/**
 * Pelz & Good's (1976) approximation of P(D_n ≤ d): the Li-Chien/Korolyuk expansion
 * K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2} (z = d√n) with each term rewritten through Jacobi's
 * theta transformation into series that converge fast for small z.
 */
function pelzGoodCdf(n: number, d: number): number {
  if (d <= 0) return 0;
  if (d >= 1) return 1;
  const z = Math.sqrt(n) * d;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const pi2 = Math.PI * Math.PI;
  const pi4 = pi2 * pi2;
  const pi6 = pi4 * pi2;
  const logQ = -pi2 / 8 / z2;
  if (logQ < -708) return 0;
  const q = Math.exp(logQ);
  const k1a = -z2;
  const k1b = pi2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * pi2) / 4;
  const k2c = (pi4 * (1 - 2 * z2)) / 16;
  const k3d = (pi6 * (5 - 30 * z2)) / 64;
  const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (pi2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;
  // Horner in q^8 over odd m = 2k − 1: Σ c(m) q^(m²) = q Σ c(m) q^(4k(k−1)).
  const terms = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = q ** (8 * k);
    terms[0] = terms[0]! * qPower + 1;
    terms[1] = terms[1]! * qPower + (k1a + k1b * m2);
    terms[2] = terms[2]! * qPower + (k2a + k2b * m2 + k2c * m4);
    terms[3] = terms[3]! * qPower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
  }
  const sqrt2pi = Math.sqrt(2 * Math.PI);
  const divisors = [z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4];
  for (let j = 0; j < 4; j++) terms[j] = (terms[j]! * q * sqrt2pi) / divisors[j]!;
  // The sums over all integers k in K₂ and K₃.
  const qq = Math.exp(-pi2 / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxK; k >= 1; k--) {
    const k2 = k * k;
    const w = k2 * qq ** k2;
    const kpi = Math.PI * k;
    k2extra += w;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * w;
  }
  terms[2] += (k2extra * pi2 * sqrt2pi) / (-36 * z3);
  terms[3] += (k3extra * pi2 * sqrt2pi) / (216 * z6);
  let sum = 0;
  for (let j = 0; j < 4; j++) sum += terms[j]! / n ** (j / 2);
  return sum;
}
