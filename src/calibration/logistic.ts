/**
 * The small logistic-regression fit shared by the parametric calibrators ({@link PlattCalibrator},
 * {@link BetaCalibrator}): a handful of features, soft targets and row weights, solved by the
 * workspace's damped Newton iteration (`src/models/newton.ts`) with the shared Cholesky and
 * logistic kernels.
 */
import { choleskyWithRidge } from "../models/linalg.js";
import { dampedNewton, type NewtonProblem } from "../models/newton.js";
import { logisticLoss, sigmoid } from "../util/logistic.js";

/** Options of {@link fitLogistic}. */
export interface LogisticFitOptions {
  /** Newton iterations before giving up (throws); a well-posed problem converges in about 10. */
  readonly maxIterations: number;
  /** Name used as the prefix of error messages. */
  readonly name: string;
}

/** Result of {@link fitLogistic}. */
export interface LogisticFit {
  /** Coefficients, one per feature column, then the intercept last. */
  readonly coef: Float64Array;
  /** Newton iterations used. */
  readonly iterations: number;
  /** Objective value Σ w [softplus(z) − t z] at the solution. */
  readonly loss: number;
}

/** Line-search trials per step: t = 1 … 2^−33, the last step size ≥ 1e-10. */
const LINE_SEARCH_TRIALS = 34;

/**
 * Minimises the weighted cross-entropy Σᵢ wᵢ [ln(1 + e^{zᵢ}) − tᵢ zᵢ] (`logisticLoss`),
 * zᵢ = Σⱼ βⱼ xᵢⱼ + β₀, for soft targets tᵢ ∈ [0, 1] by `dampedNewton` from `init` (coefficients
 * then intercept): Cholesky steps (`choleskyWithRidge`, so a flat direction such as a constant
 * feature gets a tiny ridge), backtracking Armijo search with a slack of 1e-15·|L| for rounding,
 * the full step untested once the Newton decrement −gᵀs is below 1e-12·(1 + |L|). Stops when a
 * step changes no coefficient by more than 1e-12·(1 + max |β|) (quadratic convergence makes the
 * result accurate to rounding) or when no step decreases the objective; throws if
 * `maxIterations` pass first (e.g. separable data) or the Hessian cannot be factored.
 * O(n · d² · iterations), d ≤ a few.
 */
export function fitLogistic(
  columns: readonly Float64Array[],
  target: Float64Array,
  weights: Float64Array | undefined,
  init: Float64Array,
  options: LogisticFitOptions,
): LogisticFit {
  const d = columns.length + 1;
  if (init.length !== d) throw new RangeError(`${options.name}: init has length ${init.length}, expected ${d}`);
  const problem = new SmallLogisticProblem(columns, target, weights, Float64Array.from(init));
  const result = dampedNewton(problem, { maxIterations: options.maxIterations, tolerance: 0, maxHalvings: LINE_SEARCH_TRIALS, roundoff: 1e-12, roundoffOffset: 1, armijoSlack: 1e-15 });
  if (result.stop === "maxIterations") {
    throw new Error(
      `${options.name}: Newton's method did not converge in ${options.maxIterations} iterations ` +
        `(coefficients ${Array.from(problem.beta).join(", ")}; the classes may be separable)`,
    );
  }
  if (result.stop === "singular" || result.stop === "nonFinite") throw new Error(`${options.name}: Newton step: the Hessian cannot be factored (coefficients ${Array.from(problem.beta).join(", ")})`);
  return { coef: problem.beta, iterations: result.iterations, loss: result.objective };
}

/** The weighted cross-entropy of a few dense columns as a {@link NewtonProblem}; `beta` is the current point (coefficients, then the intercept). */
class SmallLogisticProblem implements NewtonProblem {
  readonly dim: number;
  private readonly hess: Float64Array;
  private readonly x: Float64Array;
  private readonly trial: Float64Array;

  constructor(
    private readonly columns: readonly Float64Array[],
    private readonly target: Float64Array,
    private readonly weights: Float64Array | undefined,
    readonly beta: Float64Array,
  ) {
    this.dim = columns.length + 1;
    this.hess = new Float64Array(this.dim * this.dim);
    this.x = new Float64Array(this.dim);
    this.x[this.dim - 1] = 1;
    this.trial = new Float64Array(this.dim);
  }

  /** Gradient into `g` and the Hessian into this.hess (both in one pass); returns ‖g‖∞. */
  gradient(g: Float64Array): number {
    const { dim: d, hess, x, columns, target, weights, beta } = this;
    g.fill(0);
    hess.fill(0);
    for (let i = 0; i < target.length; i++) {
      const w = weights === undefined ? 1 : weights[i]!;
      if (w === 0) continue;
      for (let j = 0; j < d - 1; j++) x[j] = columns[j]![i]!;
      const q = sigmoid(this.linear(beta, i));
      const r = w * (q - target[i]!);
      const h = w * q * (1 - q);
      for (let j = 0; j < d; j++) {
        g[j] += r * x[j]!;
        for (let k = 0; k <= j; k++) hess[j * d + k] += h * x[j]! * x[k]!;
      }
    }
    let max = 0;
    for (let j = 0; j < d; j++) max = Math.max(max, Math.abs(g[j]!));
    return max;
  }

  factor(): Float64Array | null {
    return choleskyWithRidge(this.hess, this.dim);
  }

  objectiveAt(t: number, delta: Float64Array): number {
    const { trial, beta, target, weights } = this;
    for (let j = 0; j < this.dim; j++) trial[j] = beta[j]! + t * delta[j]!;
    let s = 0;
    for (let i = 0; i < target.length; i++) {
      const w = weights === undefined ? 1 : weights[i]!;
      if (w === 0) continue;
      s += w * logisticLoss(this.linear(trial, i), target[i]!);
    }
    return s;
  }

  /** β += t·Δ; negligible when no coefficient moved by more than 1e-12·(1 + max |β|). */
  move(t: number, delta: Float64Array): boolean {
    const beta = this.beta;
    let change = 0;
    let size = 0;
    for (let j = 0; j < this.dim; j++) {
      const next = beta[j]! + t * delta[j]!;
      change = Math.max(change, Math.abs(next - beta[j]!));
      size = Math.max(size, Math.abs(next));
      beta[j] = next;
    }
    return change <= 1e-12 * (1 + size);
  }

  private linear(b: Float64Array, i: number): number {
    const d = this.dim;
    let z = b[d - 1]!;
    for (let j = 0; j < d - 1; j++) z += b[j]! * this.columns[j]![i]!;
    return z;
  }
}
