import { choleskyInPlace, choleskySolveInPlace } from "../models/linalg.js";
import { assertFiniteMatrix, type DenseMatrix } from "../models/matrix.js";
import { checkPredictInput } from "../models/checks.js";

/**
 * A Cholesky pivot whose square is below this share of its diagonal entry means the column is a
 * linear combination of the earlier ones up to round-off (more than 12 digits cancelled): the system
 * is treated as singular rather than solved into huge, meaningless coefficients.
 */
const SINGULAR_PIVOT = 1e-12;

/** Options of {@link RidgeRegression}. */
export interface RidgeOptions {
  /** L2 penalty λ on the coefficients (not the intercept), finite and ≥ 0 (scikit-learn's `alpha`). */
  readonly alpha: number;
}

/** Learned state of a fitted {@link RidgeRegression}. */
export interface RidgeState {
  /** Coefficients β, one per column. */
  readonly coef: Float64Array;
  /** Unpenalised intercept b; prediction = b + β·x. */
  readonly intercept: number;
  /** Columns of the training matrix. */
  readonly nFeatures: number;
}

/**
 * Linear least squares with an L2 penalty (Hoerl & Kennard 1970, Technometrics 12:55–67):
 * minimises Σᵢ (yᵢ − b − β·xᵢ)² + λ‖β‖², the objective and optimum of scikit-learn
 * `Ridge(alpha=λ, fit_intercept=True)`. Solved in closed form on centred data: (X̃ᵀX̃ + λI)β = X̃ᵀỹ by
 * Cholesky (src/models/linalg.ts), b = ȳ − x̄·β. O(n·p² + p³). Here it is the second-stage
 * regression of the {@link XLearner}; it follows the estimator contract (options stored, `fit`
 * returns `this`) but regresses a real-valued target, so it is not a `BinaryClassifier`.
 */
export class RidgeRegression {
  /** The options as given (a frozen copy); validated at `fit` time. */
  readonly options: Readonly<RidgeOptions>;
  private fitted: RidgeState | undefined;

  /** Stores a frozen copy of `options`; nothing is validated or learned until {@link fit}. */
  constructor(options: RidgeOptions) {
    this.options = Object.freeze({ alpha: options.alpha });
    this.fitted = undefined;
  }

  /** The learned state (coef is a copy); throws if not fitted. */
  get state(): RidgeState {
    const s = this.requireFitted("state");
    return { ...s, coef: Float64Array.from(s.coef) };
  }

  /**
   * Fits on `X` (`n × p`, finite) and targets `y` (n finite values). Throws on a bad `alpha`, a
   * shape mismatch, a non-finite value (position quoted) or a numerically singular system (λ = 0
   * with collinear or constant columns). Inputs are not mutated; returns `this`.
   */
  fit(X: DenseMatrix, y: Float64Array): this {
    const { alpha } = this.options;
    if (!(alpha >= 0 && alpha < Infinity)) throw new RangeError(`RidgeRegression.fit: alpha must be finite and >= 0, got ${alpha}`);
    assertFiniteMatrix(X, "RidgeRegression.fit");
    const { data, rows: n, cols: p } = X;
    if (y.length !== n) throw new RangeError(`RidgeRegression.fit: y.length=${y.length} does not match X.rows=${n}`);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i]!)) throw new RangeError(`RidgeRegression.fit: y[${i}] = ${y[i]} is not finite`);
    }
    const xMean = new Float64Array(p);
    let yMean = 0;
    for (let i = 0; i < n; i++) {
      yMean += y[i]!;
      for (let j = 0; j < p; j++) xMean[j]! += data[i * p + j]!;
    }
    yMean /= n;
    for (let j = 0; j < p; j++) xMean[j]! /= n;

    const gram = new Float64Array(p * p);
    const rhs = new Float64Array(p);
    const centred = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) centred[j] = data[i * p + j]! - xMean[j]!;
      const yi = y[i]! - yMean;
      for (let j = 0; j < p; j++) {
        const cj = centred[j]!;
        rhs[j]! += cj * yi;
        for (let k = 0; k <= j; k++) gram[j * p + k]! += cj * centred[k]!;
      }
    }
    for (let j = 0; j < p; j++) gram[j * p + j]! += alpha;
    const diagonal = Float64Array.from({ length: p }, (_, j) => gram[j * p + j]!);
    if (!choleskyInPlace(gram, p) || diagonal.some((d, j) => gram[j * p + j]! ** 2 <= SINGULAR_PIVOT * d)) {
      throw new RangeError(`RidgeRegression.fit: X'X + alpha*I is not positive definite (alpha=${alpha}); use alpha > 0 for collinear or constant columns`);
    }
    choleskySolveInPlace(gram, p, rhs);
    let intercept = yMean;
    for (let j = 0; j < p; j++) intercept -= xMean[j]! * rhs[j]!;
    this.fitted = { coef: rhs, intercept, nFeatures: p };
    return this;
  }

  /** Predictions b + β·xᵢ for each row of `X` (length `X.rows`); throws if not fitted or on a column-count mismatch. O(n·p). */
  predict(X: DenseMatrix): Float64Array {
    const { coef, intercept, nFeatures: p } = this.requireFitted("predict");
    checkPredictInput("RidgeRegression.predict", X, p);
    const out = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let s = intercept;
      for (let j = 0; j < p; j++) s += coef[j]! * X.data[i * p + j]!;
      out[i] = s;
    }
    return out;
  }

  private requireFitted(what: string): RidgeState {
    if (this.fitted === undefined) throw new Error(`RidgeRegression.${what}: model is not fitted; call fit() first`);
    return this.fitted;
  }
}
