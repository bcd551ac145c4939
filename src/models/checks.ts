/**
 * The one validator of a model's training data: every `fit(X, y, sampleWeight?)` in `src/models`
 * checks its inputs here, in the same order and with the same messages (caller, index and value
 * quoted), before anything is learned. Calibrators validate their `(scores, y, weights?)` with
 * `checkCalibrationInput` (src/calibration/checks.ts), built on the metric checks.
 */
import { assertFiniteMatrix, type DenseMatrix } from "./matrix.js";

/** Shape and class count of validated training data. */
export interface FitShape {
  /** Rows n. */
  readonly rows: number;
  /** Columns p. */
  readonly cols: number;
  /** Rows with y = 1 (unweighted). */
  readonly positives: number;
}

/**
 * Counts the positives of 0/1 labels, throwing at the first other value (`y[i] = v; labels must
 * be 0 or 1`) and on empty `y` (`y is empty`). O(n).
 */
export function countBinaryLabels(caller: string, y: Uint8Array): number {
  if (y.length === 0) throw new RangeError(`${caller}: y is empty`);
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v > 1) throw new RangeError(`${caller}: y[${i}] = ${v}; labels must be 0 or 1`);
    positives += v;
  }
  return positives;
}

/** Throws unless both classes occur among the n labels (`y contains only class c (all n rows); need both classes 0 and 1`). */
export function requireBothLabels(caller: string, n: number, positives: number): void {
  if (positives === 0 || positives === n) throw new RangeError(`${caller}: y contains only class ${positives === 0 ? 0 : 1} (all ${n} rows); need both classes 0 and 1`);
}

/** Throws unless `sampleWeight` has n entries, each finite and ≥ 0 (the first offender quoted). */
export function checkSampleWeight(caller: string, sampleWeight: Float64Array, n: number): void {
  if (sampleWeight.length !== n) throw new RangeError(`${caller}: sampleWeight.length=${sampleWeight.length} does not match X.rows=${n}`);
  for (let i = 0; i < n; i++) {
    const v = sampleWeight[i]!;
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) throw new RangeError(`${caller}: sampleWeight[${i}] = ${v}; weights must be finite and >= 0`);
  }
}

/**
 * Validates `fit(X, y, sampleWeight?)`: X a consistent, non-empty, all-finite matrix
 * (`assertFiniteMatrix`), y one 0/1 label per row with both classes present, `sampleWeight` (when
 * given) one finite weight ≥ 0 per row. Model-specific rules (uniform weights, positive class
 * totals, column options) follow in the model. Returns n, p and the positive count. O(n·p).
 */
export function checkFitInput(caller: string, X: DenseMatrix, y: Uint8Array, sampleWeight?: Float64Array): FitShape {
  assertFiniteMatrix(X, caller);
  const n = X.rows;
  if (y.length !== n) throw new RangeError(`${caller}: y.length=${y.length} does not match X.rows=${n}`);
  const positives = countBinaryLabels(caller, y);
  requireBothLabels(caller, n, positives);
  if (sampleWeight !== undefined) checkSampleWeight(caller, sampleWeight, n);
  return { rows: n, cols: X.cols, positives };
}

/** Throws unless both classes carry positive total weight (`total weight per class is w0 (class 0) and w1 (class 1); both must be > 0`). */
export function requirePositiveClassWeights(caller: string, class0: number, class1: number): void {
  if (!(class0 > 0) || !(class1 > 0)) throw new RangeError(`${caller}: total weight per class is ${class0} (class 0) and ${class1} (class 1); both must be > 0`);
}

/** Validates the rows a fitted model scores: a consistent, non-empty, all-finite matrix (`assertFiniteMatrix`) with the `nFeatures` columns the model was fitted on. */
export function checkPredictInput(caller: string, X: DenseMatrix, nFeatures: number): void {
  assertFiniteMatrix(X, caller);
  if (X.cols !== nFeatures) throw new RangeError(`${caller}: X has ${X.cols} columns, model was fitted on ${nFeatures}`);
}
