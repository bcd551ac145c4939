/**
 * Small logistic-regression machinery shared by the parametric calibrators ({@link PlattCalibrator},
 * {@link BetaCalibrator}): numerically stable sigmoid/softplus, the clipped logit, and a damped
 * Newton solver for a handful of features with soft targets and row weights.
 */

/** Logistic function 1 / (1 + e^(−z)), evaluated without overflow for any finite z. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** softplus(z) = ln(1 + e^z), evaluated without overflow or cancellation. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** ln(p / (1 − p)) of p clipped to [eps, 1 − eps] (so 0 and 1 map to finite values ±ln((1 − eps)/eps)). */
export function clippedLogit(p: number, eps: number): number {
  const c = Math.min(Math.max(p, eps), 1 - eps);
  return Math.log(c) - Math.log1p(-c);
}

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

/**
 * Minimises the weighted cross-entropy Σᵢ wᵢ [ln(1 + e^{zᵢ}) − tᵢ zᵢ], zᵢ = Σⱼ βⱼ xᵢⱼ + β₀, for
 * soft targets tᵢ ∈ [0, 1] by Newton's method with backtracking (Armijo) line search, starting at
 * `init` (coefficients then intercept); once the Newton decrement −gᵀs is below 1e-12·(1 + |L|) the
 * full step is taken unchecked. Stops when a step changes no coefficient by more than
 * 1e-12·(1 + max |β|) (quadratic convergence makes the result accurate to rounding) or when no
 * step decreases the objective; throws if `maxIterations` pass first (e.g. separable data).
 * A singular Hessian is regularised by a tiny ridge. O(n · d² · iterations), d ≤ a few.
 */
export function fitLogistic(
  columns: readonly Float64Array[],
  target: Float64Array,
  weights: Float64Array | undefined,
  init: Float64Array,
  options: LogisticFitOptions,
): LogisticFit {
  const d = columns.length + 1;
  const n = target.length;
  if (init.length !== d) throw new RangeError(`${options.name}: init has length ${init.length}, expected ${d}`);
  const beta = Float64Array.from(init);
  const trial = new Float64Array(d);
  const step = new Float64Array(d);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  const x = new Float64Array(d);
  x[d - 1] = 1;

  const linear = (b: Float64Array, i: number): number => {
    let z = b[d - 1]!;
    for (let j = 0; j < d - 1; j++) z += b[j]! * columns[j]![i]!;
    return z;
  };
  const loss = (b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const w = weights === undefined ? 1 : weights[i]!;
      if (w === 0) continue;
      const z = linear(b, i);
      s += w * (softplus(z) - target[i]! * z);
    }
    return s;
  };

  let f = loss(beta);
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      const w = weights === undefined ? 1 : weights[i]!;
      if (w === 0) continue;
      for (let j = 0; j < d - 1; j++) x[j] = columns[j]![i]!;
      const q = sigmoid(linear(beta, i));
      const r = w * (q - target[i]!);
      const h = w * q * (1 - q);
      for (let j = 0; j < d; j++) {
        grad[j] += r * x[j]!;
        for (let k = 0; k <= j; k++) hess[j * d + k] += h * x[j]! * x[k]!;
      }
    }
    for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) hess[k * d + j] = hess[j * d + k]!;
    solveNewton(hess, grad, step, d);

    let slope = 0;
    for (let j = 0; j < d; j++) slope += grad[j]! * step[j]!;
    let t = 1;
    let accepted = false;
    let fTrial = f;
    // Newton decrement λ² = −gᵀs: once it is below what the objective can resolve, the full step
    // is taken without a line search (rounding noise in f would otherwise stop the iteration early).
    if (-slope <= 1e-12 * (1 + Math.abs(f))) {
      for (let j = 0; j < d; j++) trial[j] = beta[j]! + step[j]!;
      fTrial = loss(trial);
      accepted = true;
    }
    while (!accepted && t >= 1e-10) {
      for (let j = 0; j < d; j++) trial[j] = beta[j]! + t * step[j]!;
      fTrial = loss(trial);
      if (fTrial <= f + 1e-4 * t * slope + 1e-15 * Math.abs(f)) {
        accepted = true;
        break;
      }
      t /= 2;
    }
    if (!accepted) return { coef: beta, iterations: iteration, loss: f };
    let change = 0;
    let size = 0;
    for (let j = 0; j < d; j++) {
      change = Math.max(change, Math.abs(trial[j]! - beta[j]!));
      size = Math.max(size, Math.abs(trial[j]!));
      beta[j] = trial[j]!;
    }
    f = fTrial;
    if (change <= 1e-12 * (1 + size)) return { coef: beta, iterations: iteration, loss: f };
  }
  throw new Error(
    `${options.name}: Newton's method did not converge in ${options.maxIterations} iterations ` +
      `(coefficients ${Array.from(beta).join(", ")}; the classes may be separable)`,
  );
}

/**
 * Solves H·s = −g for the Newton step by Gaussian elimination with partial pivoting on a copy;
 * when a pivot vanishes, retries with a ridge of 1e-10·max diag(H) (flat directions, e.g. a constant
 * feature). Writes the step into `out`.
 */
function solveNewton(hess: Float64Array, grad: Float64Array, out: Float64Array, d: number): void {
  let scale = 0;
  for (let j = 0; j < d; j++) scale = Math.max(scale, Math.abs(hess[j * d + j]!));
  if (scale === 0) scale = 1;
  for (const ridge of [0, 1e-10 * scale, 1e-6 * scale]) {
    const a = Float64Array.from(hess);
    for (let j = 0; j < d; j++) {
      a[j * d + j] += ridge;
      out[j] = -grad[j]!;
    }
    if (eliminate(a, out, d, 1e-14 * scale)) return;
  }
  throw new Error(`Newton step: Hessian is singular (diagonal scale ${scale})`);
}

function eliminate(a: Float64Array, b: Float64Array, d: number, tiny: number): boolean {
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(a[r * d + c]!) > Math.abs(a[p * d + c]!)) p = r;
    if (!(Math.abs(a[p * d + c]!) > tiny)) return false;
    if (p !== c) {
      for (let k = 0; k < d; k++) {
        const tmp = a[c * d + k]!;
        a[c * d + k] = a[p * d + k]!;
        a[p * d + k] = tmp;
      }
      const tb = b[c]!;
      b[c] = b[p]!;
      b[p] = tb;
    }
    for (let r = c + 1; r < d; r++) {
      const m = a[r * d + c]! / a[c * d + c]!;
      if (m === 0) continue;
      for (let k = c; k < d; k++) a[r * d + k] -= m * a[c * d + k]!;
      b[r] -= m * b[c]!;
    }
  }
  for (let c = d - 1; c >= 0; c--) {
    let s = b[c]!;
    for (let k = c + 1; k < d; k++) s -= a[c * d + k]! * b[k]!;
    b[c] = s / a[c * d + c]!;
  }
  return true;
}
