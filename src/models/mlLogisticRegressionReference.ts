/**
 * REFERENCE MODEL — slow, unregularised, not for production. Wraps the npm package
 * `ml-logistic-regression` 2.0.0 (mljs) behind the {@link BinaryClassifier} contract so that its
 * probabilities can be compared with {@link LogisticRegression}. Use `LogisticRegression` for real work.
 */
import MlLogisticRegression from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import { checkFitInput, checkPredictInput } from "./checks.js";
import type { DenseMatrix } from "./matrix.js";
import type { BinaryClassifier, ModelJSON } from "./types.js";

/** Options of {@link MlLogisticRegressionReference} (passed straight to ml-logistic-regression). */
export interface MlLogisticRegressionReferenceOptions {
  /** Number of full-batch gradient steps (an integer ≥ 1). */
  readonly numSteps: number;
  /** Fixed step size on the SUMMED log-likelihood gradient (finite, > 0); must be ≲ 8 / λmax(X̃ᵀX̃) to converge. */
  readonly learningRate: number;
}

/** `toJSON()` form of {@link MlLogisticRegressionReference}; `state.ml` is the package's own `toJSON()` output as plain data. */
export interface MlLogisticRegressionReferenceJSON extends ModelJSON {
  readonly kind: "MlLogisticRegressionReference";
  readonly version: 1;
  readonly options: MlLogisticRegressionReferenceOptions;
  readonly state: { readonly nFeatures: number; readonly ml: unknown } | null;
}

/**
 * REFERENCE MODEL (slow, for cross-checking only): binary logistic regression by `ml-logistic-regression`.
 * Measured facts about that package, handled here:
 * - fixed-step full-batch gradient ascent, `numSteps` × O(n·p) with fresh ml-matrix allocations per step;
 * - no intercept: this wrapper appends a column of ones to X (its weight is the intercept);
 * - no regularisation: compare with `LogisticRegression` at a large C;
 * - one-vs-all coding where classifier k is trained on the target (y ≠ k), so classifier 0 scores
 *   P(y = 1) and classifier 1 scores P(y = 0); `predictProba` returns classifier 0's score, i.e. P(y = 1);
 * - no sample weights: `fit` throws if any weight differs from 1.
 */
export class MlLogisticRegressionReference implements BinaryClassifier<MlLogisticRegressionReferenceJSON> {
  /** The options as given (a frozen copy). */
  readonly options: Readonly<MlLogisticRegressionReferenceOptions>;
  private fitted: { readonly nFeatures: number; readonly ml: MlLogisticRegression } | undefined;

  /** Stores a frozen copy of `options`; validated at {@link fit}. */
  constructor(options: MlLogisticRegressionReferenceOptions) {
    this.options = Object.freeze({ numSteps: options.numSteps, learningRate: options.learningRate });
    this.fitted = undefined;
  }

  /** True once fitted or loaded. */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /** Learned weights [w₀ … w_{p−1}, intercept] of the P(y = 1) scorer; throws if not fitted. */
  get weights(): Float64Array {
    const f = this.requireFitted("weights");
    const w = f.ml.classifiers[0]!.weights;
    if (w === null) throw new Error("MlLogisticRegressionReference.weights: classifier 0 has no weights");
    return Float64Array.from(w.to1DArray());
  }

  /**
   * Trains ml-logistic-regression on [X, 1] and y (0/1, both classes present). Same input checks
   * as `LogisticRegression.fit`; `sampleWeight` is only accepted if all ones. Returns `this`.
   */
  fit(X: DenseMatrix, y: Uint8Array, sampleWeight?: Float64Array): this {
    const { numSteps, learningRate } = this.options;
    if (!Number.isInteger(numSteps) || numSteps < 1) {
      throw new RangeError(`MlLogisticRegressionReference: option numSteps must be an integer >= 1, got ${numSteps}`);
    }
    if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
      throw new RangeError(`MlLogisticRegressionReference: option learningRate must be a finite number > 0, got ${learningRate}`);
    }
    checkFitInput("MlLogisticRegressionReference.fit", X, y, sampleWeight);
    if (sampleWeight !== undefined) {
      const bad = sampleWeight.findIndex((w) => w !== 1);
      if (bad >= 0) {
        throw new RangeError(`MlLogisticRegressionReference.fit: sample weights are not supported (sampleWeight[${bad}] = ${sampleWeight[bad]}, only 1 allowed)`);
      }
    }
    const ml = new MlLogisticRegression({ numSteps, learningRate });
    ml.train(withOnes(X), Matrix.columnVector(Array.from(y)));
    this.fitted = { nFeatures: X.cols, ml };
    return this;
  }

  /** P(y = 1 | row) = classifier 0's one-vs-all score σ([x, 1]·w); throws if unfitted or X is empty, non-finite or has the wrong column count. */
  predictProba(X: DenseMatrix): Float64Array {
    const f = this.requireFitted("predictProba");
    checkPredictInput("MlLogisticRegressionReference.predictProba", X, f.nFeatures);
    return Float64Array.from(f.ml.classifiers[0]!.testScores(withOnes(X)));
  }

  /** Plain object with `kind: "MlLogisticRegressionReference"`, the options and the package's own model JSON. */
  toJSON(): MlLogisticRegressionReferenceJSON {
    const f = this.fitted;
    return {
      kind: "MlLogisticRegressionReference",
      version: 1,
      options: { numSteps: this.options.numSteps, learningRate: this.options.learningRate },
      state: f === undefined ? null : { nFeatures: f.nFeatures, ml: JSON.parse(JSON.stringify(f.ml.toJSON())) as unknown },
    };
  }

  /** Rebuilds a model from {@link toJSON} output; see {@link loadMlLogisticRegressionReference}. */
  static load(json: unknown): MlLogisticRegressionReference {
    const j = json as Partial<MlLogisticRegressionReferenceJSON> | null;
    if (typeof j !== "object" || j === null || j.kind !== "MlLogisticRegressionReference" || j.version !== 1 || typeof j.options !== "object") {
      throw new TypeError(`loadMlLogisticRegressionReference: not a version-1 MlLogisticRegressionReference JSON (kind ${JSON.stringify(j?.kind)})`);
    }
    const model = new MlLogisticRegressionReference(j.options);
    const s = j.state;
    if (s === null || s === undefined) return model;
    if (!Number.isInteger(s.nFeatures) || s.nFeatures < 1) throw new TypeError(`loadMlLogisticRegressionReference: bad nFeatures ${String(s.nFeatures)}`);
    model.fitted = { nFeatures: s.nFeatures, ml: MlLogisticRegression.load(s.ml) };
    return model;
  }

  private requireFitted(what: string): { readonly nFeatures: number; readonly ml: MlLogisticRegression } {
    if (this.fitted === undefined) throw new Error(`MlLogisticRegressionReference.${what}: model is not fitted; call fit() first`);
    return this.fitted;
  }
}

/** Rebuilds an {@link MlLogisticRegressionReference} from its `toJSON()` output (predictions identical). */
export function loadMlLogisticRegressionReference(json: unknown): MlLogisticRegressionReference {
  return MlLogisticRegressionReference.load(json);
}

/** [X, 1] as an ml-matrix `Matrix` (the package has no intercept term). */
function withOnes(X: DenseMatrix): Matrix {
  const { data, rows, cols } = X;
  const m = new Matrix(rows, cols + 1);
  for (let i = 0, off = 0; i < rows; i++, off += cols) {
    for (let j = 0; j < cols; j++) m.set(i, j, data[off + j]!);
    m.set(i, cols, 1);
  }
  return m;
}
