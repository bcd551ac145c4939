/**
 * Input checks shared by the binary-classification metrics: every metric validates its
 * `(yTrue, yProb, weights?)` triple the same way and quotes the offending index and value.
 */

/**
 * Thrown when a metric is mathematically undefined for otherwise valid input, e.g. ROC-AUC
 * when `yTrue` holds a single class. {@link bootstrapInterval} skips replicates that throw it.
 */
export class UndefinedMetricError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UndefinedMetricError";
  }
}

/** Positive and negative weight totals (unit weights when none were given) of a checked input. */
export interface ClassTotals {
  /** Sum of weights of rows with `yTrue = 1`. */
  readonly positive: number;
  /** Sum of weights of rows with `yTrue = 0`. */
  readonly negative: number;
}

/**
 * Validates a metric input and returns the class weight totals: throws a RangeError on empty
 * input, length mismatch (both lengths quoted), a label other than 0/1, a probability outside
 * [0, 1] or NaN, or a weight that is negative or not finite (index and value quoted), and when all
 * weights are zero. `name` prefixes every message. O(n), allocates nothing.
 */
export function checkBinaryInput(
  name: string,
  yTrue: Uint8Array,
  yProb: Float64Array,
  weights?: Float64Array,
): ClassTotals {
  checkLabels(name, yTrue);
  checkLength(name, "yProb", yProb.length, yTrue.length);
  checkProbabilities(name, "yProb", yProb);
  return classTotals(name, yTrue, weights);
}

/** Throws unless `yTrue` is non-empty and holds only 0 and 1 (first offender quoted). */
export function checkLabels(name: string, yTrue: Uint8Array): void {
  if (yTrue.length === 0) throw new RangeError(`${name}: empty input (yTrue has length 0)`);
  for (let i = 0; i < yTrue.length; i++) {
    const v = yTrue[i]!;
    if (v !== 0 && v !== 1) throw new RangeError(`${name}: yTrue[${i}] = ${v} is not 0 or 1`);
  }
}

/** Throws when `length` (of the array called `what`) differs from the label count `expected`. */
export function checkLength(name: string, what: string, length: number, expected: number): void {
  if (length !== expected) {
    throw new RangeError(`${name}: yTrue and ${what} lengths differ (yTrue ${expected}, ${what} ${length})`);
  }
}

/** Throws on the first value of `values` outside [0, 1] or NaN, quoting its index and value. */
export function checkProbabilities(name: string, what: string, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name}: ${what}[${i}] = ${v} is outside [0, 1]`);
  }
}

/** Throws on the first value of `values` that is NaN or infinite, quoting its index and value. */
export function checkFinite(name: string, what: string, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`${name}: ${what}[${i}] = ${v} is not a finite number`);
  }
}

/**
 * Checks optional `weights` against `yTrue` (length, finite, ≥ 0, positive total) and returns the
 * positive/negative weight totals; without weights the totals are plain counts.
 */
export function classTotals(name: string, yTrue: Uint8Array, weights?: Float64Array): ClassTotals {
  let positive = 0;
  let negative = 0;
  if (weights === undefined) {
    for (let i = 0; i < yTrue.length; i++) positive += yTrue[i]!;
    return { positive, negative: yTrue.length - positive };
  }
  checkLength(name, "weights", weights.length, yTrue.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0 && w < Infinity)) throw new RangeError(`${name}: weights[${i}] = ${w} is not a finite number >= 0`);
    if (yTrue[i] === 1) positive += w;
    else negative += w;
  }
  if (!(positive + negative > 0)) throw new RangeError(`${name}: weights sum to 0`);
  return { positive, negative };
}

/** Throws {@link UndefinedMetricError} unless both classes carry positive weight (ROC-AUC, PR-AUC, lift). */
export function requireBothClasses(name: string, totals: ClassTotals): void {
  if (!(totals.positive > 0) || !(totals.negative > 0)) {
    const only = totals.positive > 0 ? "positives" : "negatives";
    throw new UndefinedMetricError(
      `${name}: undefined when yTrue holds one class (only ${only} with positive weight: positive ${totals.positive}, negative ${totals.negative})`,
    );
  }
}
