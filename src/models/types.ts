/**
 * The estimator contract shared by the models in `src/models/` (scikit-learn style):
 * `new Model(options)` only stores options, `fit(X, y, sampleWeight?)` learns and returns `this`,
 * learned state is kept apart from the options, `predictProba` scores rows, and `toJSON()` plus a
 * per-model `load…(json)` function persist the model exactly.
 */
import type { DenseMatrix } from "./matrix.js";

export type { DenseMatrix } from "./matrix.js";

/** Plain, `JSON.stringify`-able description of a fitted (or unfitted) model; `kind` names the model class. */
export interface ModelJSON {
  readonly kind: string;
}

/**
 * A binary probabilistic classifier.
 * - `X`: `n × p` row-major design matrix (features only; models add their own intercept).
 * - `y`: `n` labels, each 0 or 1.
 * - `sampleWeight`: optional `n` non-negative finite weights (default all 1).
 * Inputs are never mutated. `fit` throws on empty input, mismatched lengths, labels other than 0/1,
 * a single class, or non-finite values.
 */
export interface BinaryClassifier<J extends ModelJSON = ModelJSON> {
  /** Learns from `X`, `y` and optional `sampleWeight`; returns `this` for chaining. */
  fit(X: DenseMatrix, y: Uint8Array, sampleWeight?: Float64Array): this;
  /** P(y = 1 | row) for each row of `X` (length `X.rows`); throws if not fitted or on a column-count mismatch. */
  predictProba(X: DenseMatrix): Float64Array;
  /** Plain serialisable object from which the matching loader rebuilds an identical model. */
  toJSON(): J;
}
