/**
 * Seeded pseudo-random numbers. All randomness in the workspace flows from a config seed
 * through {@link Rng}; `Math.random` is never used.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018), 32-bit state words, seeded through
 * SplitMix32 so that nearby seeds give unrelated streams. Period 2^128 − 1.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal = Number.NaN;

  /** Creates a stream from a 32-bit unsigned seed (other numbers are reduced mod 2^32). */
  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n); throws unless n is a positive integer ≤ 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 4294967296) throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** True with probability p (p outside [0, 1] is clamped). */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Standard normal deviate (Marsaglia polar method; the second deviate of each pair is cached). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal;
      this.spareNormal = Number.NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /** Poisson deviate with mean `lambda` ≥ 0 (Knuth's product method below 30, normal approximation above). */
  poisson(lambda: number): number {
    if (!(lambda >= 0)) throw new RangeError(`Rng.poisson: lambda must be >= 0, got ${lambda}`);
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
  }

  /**
   * Index drawn from cumulative probabilities `cdf` (non-decreasing, last entry ≈ 1);
   * draws past the last entry because of rounding return the last index.
   */
  categorical(cdf: ArrayLike<number>): number {
    const u = this.uniform();
    const last = cdf.length - 1;
    for (let i = 0; i < last; i++) if (u < cdf[i]!) return i;
    return last;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Derives an independent 32-bit seed for sub-stream `index` of a master seed (a hash of both),
 * so that per-customer or per-fold streams do not depend on the order they are drawn in.
 */
export function deriveSeed(seed: number, index: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x27d4eb2f, 0x165667b1) >>> 0;
  h = Math.imul(h ^ (index >>> 0) ^ (h >>> 15), 0x85ebca77) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h;
}

/** Cumulative sums of `weights` normalised to end at exactly 1 (for {@link Rng.categorical}); throws on negative or all-zero weights. */
export function toCdf(weights: readonly number[]): Float64Array {
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0)) throw new RangeError(`toCdf: weights must be >= 0, got ${w}`);
    total += w;
  }
  if (total <= 0) throw new RangeError("toCdf: weights sum to 0");
  const cdf = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]!;
    cdf[i] = acc / total;
  }
  cdf[weights.length - 1] = 1;
  return cdf;
}
