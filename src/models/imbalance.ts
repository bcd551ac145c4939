/**
 * Class-imbalance helpers: class-balanced down-sampling of the majority class, the Bayes prior-shift
 * correction that maps probabilities learned on a re-sampled set back to the population base rate,
 * and scikit-learn's "balanced" class weights. Pure functions; inputs are never mutated.
 */
import { Rng } from "../util/rng.js";
import { countBinaryLabels, requireBothLabels } from "./checks.js";

/** Options of {@link balancedSample}; both numbers come from the caller (pipeline config). */
export interface BalancedSampleOptions {
  /** Negatives kept per positive (finite, > 0); the sample keeps min(n₀, round(ratio · n₁)) negatives. */
  readonly ratio: number;
  /** Seed of the {@link Rng} stream that picks the negatives (an integer in [0, 2³²)). */
  readonly seed: number;
}

/** Options of {@link priorCorrection}: the positive base rates π_s (training sample) and π (population), each in (0, 1). */
export interface PriorCorrectionOptions {
  /** π_s: base rate P(y = 1) in the (re-sampled or re-weighted) set the model was trained on. */
  readonly sampleRate: number;
  /** π: base rate P(y = 1) in the population the probabilities should refer to. */
  readonly trueRate: number;
}

/** Per-class weights {0: w₀, 1: w₁} (same shape as the `classWeight` option of `LogisticRegression`). */
export interface ClassWeights {
  readonly 0: number;
  readonly 1: number;
}

/**
 * Row indices of a class-balanced sample of labels `y` (0/1): every positive plus
 * k = min(n₀, round(ratio · n₁)) negatives drawn uniformly without replacement (partial Fisher–Yates
 * over the negative indices, seeded {@link Rng}). Returned sorted ascending, length n₁ + k.
 * The negative sampling rate is r = k / n₀; probabilities learned on the sample are mapped back with
 * {@link priorCorrection} (sampleRate = n₁ / (n₁ + k), trueRate = n₁ / n). Throws on empty `y`,
 * labels other than 0/1, no positives, or a bad option (value quoted). O(n) time, O(n) memory.
 */
export function balancedSample(y: Uint8Array, options: BalancedSampleOptions): Uint32Array {
  const { ratio, seed } = options;
  if (typeof ratio !== "number" || !(ratio > 0) || !Number.isFinite(ratio)) {
    throw new RangeError(`balancedSample: option ratio must be a finite number > 0, got ${String(ratio)}`);
  }
  checkSeed("balancedSample", seed);
  const n = y.length;
  const n1 = countBinaryLabels("balancedSample", y);
  if (n1 === 0) throw new RangeError(`balancedSample: y has no positives (all ${n} rows are 0)`);
  const n0 = n - n1;
  const k = Math.min(n0, Math.round(ratio * n1));

  const neg = new Uint32Array(n0);
  for (let i = 0, j = 0; i < n; i++) if (y[i] === 0) neg[j++] = i;
  // Partial Fisher–Yates: after step t, neg[0..t] is a uniform random t+1-subset of the negatives.
  const rng = new Rng(seed);
  for (let t = 0; t < k; t++) {
    const u = t + rng.int(n0 - t);
    const tmp = neg[t]!;
    neg[t] = neg[u]!;
    neg[u] = tmp;
  }
  const keep = new Uint8Array(n);
  for (let i = 0; i < n; i++) keep[i] = y[i]!;
  for (let t = 0; t < k; t++) keep[neg[t]!] = 1;
  const out = new Uint32Array(n1 + k);
  for (let i = 0, j = 0; i < n; i++) if (keep[i] === 1) out[j++] = i;
  return out;
}

/**
 * Prior-shift (label-shift) correction of probabilities `p` from a model trained where the base rate
 * was π_s (`sampleRate`) to a population with base rate π (`trueRate`), assuming P(x | y) is unchanged
 * (Bayes' rule; Elkan 2001, "The foundations of cost-sensitive learning", Thm 2; Saerens, Latinne &
 * Decaestecker 2002, Neural Computation 14(1), eq. 2.4):
 *   p′ = p·(π/π_s) / (p·(π/π_s) + (1 − p)·((1 − π)/(1 − π_s))).
 * Evaluated as p / (p + (1 − p)·c) with c = ((1 − π)/(1 − π_s)) / (π/π_s), so p = 0 → 0, p = 1 → 1,
 * equal rates → exactly p, and the map is strictly increasing on [0, 1]. For negatives down-sampled at
 * rate r it inverts the sample shift q = p / (p + r(1 − p)) exactly. Returns a new array of the same
 * length; throws on empty `p`, values outside [0, 1] or NaN, or rates outside (0, 1) (value quoted).
 */
export function priorCorrection(p: Float64Array, options: PriorCorrectionOptions): Float64Array {
  const { sampleRate, trueRate } = options;
  checkOpenRate("sampleRate", sampleRate);
  checkOpenRate("trueRate", trueRate);
  const n = p.length;
  if (n === 0) throw new RangeError("priorCorrection: p is empty");
  const c = ((1 - trueRate) / (1 - sampleRate)) / (trueRate / sampleRate);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`priorCorrection: p[${i}] = ${v} is not a probability in [0, 1]`);
    out[i] = v / (v + (1 - v) * c);
  }
  return out;
}

/**
 * scikit-learn's `compute_class_weight("balanced")` for labels `y` (0/1): w_c = n / (2 · n_c), so
 * both classes carry total weight n / 2 (King & Zeng 2001, "Logistic regression in rare events data").
 * Throws on empty `y`, labels other than 0/1, or a class that is absent (its weight would be infinite).
 */
export function balancedClassWeights(y: Uint8Array): ClassWeights {
  const n = y.length;
  const n1 = countBinaryLabels("balancedClassWeights", y);
  requireBothLabels("balancedClassWeights", n, n1);
  const n0 = n - n1;
  return { 0: n / (2 * n0), 1: n / (2 * n1) };
}

function checkOpenRate(name: string, v: number): void {
  if (typeof v !== "number" || !(v > 0 && v < 1)) {
    throw new RangeError(`priorCorrection: option ${name} must be a base rate in the open interval (0, 1), got ${String(v)}`);
  }
}

/** Throws unless `seed` is an integer in [0, 2³²) (the seed domain of {@link Rng}). */
function checkSeed(caller: string, seed: number): void {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`${caller}: option seed must be an integer in [0, 2^32), got ${String(seed)}`);
  }
}
