import { checkBinaryInput, UndefinedMetricError } from "./checks.js";

/**
 * Number of rows in the top `fraction` of `n`: ⌈fraction·n⌉, where a product within 1e-9·n of an
 * integer counts as that integer so that float noise (0.1·30 = 3.0000000000000004) does not add a
 * row. Throws unless 0 < fraction ≤ 1. Always ≥ 1.
 */
export function topCount(fraction: number, n: number): number {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`topCount: fraction must be in (0, 1], got ${fraction}`);
  const x = fraction * n;
  const r = Math.round(x);
  const k = Math.abs(x - r) <= 1e-9 * Math.max(1, n) ? r : Math.ceil(x);
  return Math.min(n, Math.max(1, k));
}

/**
 * Indices of the `k` highest scores, highest first; ties broken deterministically by original
 * index (the earlier row ranks higher), so the cut through a tied group is reproducible.
 * Sorts a Uint32Array of indices, O(n log n); `scores` is not mutated.
 */
export function topIndices(scores: Float64Array, k: number): Uint32Array {
  const order = new Uint32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.subarray(0, k);
}

interface TopCounts {
  readonly k: number;
  readonly positivesTop: number;
  readonly positives: number;
  readonly n: number;
}

function countTop(name: string, yTrue: Uint8Array, yProb: Float64Array, fraction: number): TopCounts {
  const { positive } = checkBinaryInput(name, yTrue, yProb);
  if (positive === 0) throw new UndefinedMetricError(`${name}: undefined when yTrue has no positives (n ${yTrue.length})`);
  const n = yTrue.length;
  const k = topCount(fraction, n);
  const top = topIndices(yProb, k);
  let positivesTop = 0;
  for (let j = 0; j < k; j++) positivesTop += yTrue[top[j]!]!;
  return { k, positivesTop, positives: positive, n };
}

/**
 * Lift in the top `fraction` of rows by score: (positive rate among the top ⌈fraction·n⌉ rows) /
 * (overall positive rate); 1 = no better than random, the maximum is min(1/fraction, n/positives)
 * roughly. Ties at the cut are broken by original index (earlier rows first; see
 * {@link topIndices}). Throws on invalid input, fraction outside (0, 1], and
 * {@link UndefinedMetricError} when there are no positives. O(n log n).
 */
export function liftAtTop(yTrue: Uint8Array, yProb: Float64Array, fraction: number): number {
  const { k, positivesTop, positives, n } = countTop("liftAtTop", yTrue, yProb, fraction);
  return (positivesTop / k) / (positives / n);
}

/**
 * Capture rate (cumulative gain) in the top `fraction` of rows by score: the share of all
 * positives found among the top ⌈fraction·n⌉ rows, in [0, 1]. Ties at the cut are broken by
 * original index (earlier rows first). Throws like {@link liftAtTop}. O(n log n).
 */
export function captureAtTop(yTrue: Uint8Array, yProb: Float64Array, fraction: number): number {
  const { positivesTop, positives } = countTop("captureAtTop", yTrue, yProb, fraction);
  return positivesTop / positives;
}
