/**
 * The damped Newton iteration shared by every maximum-likelihood fit of the workspace: the L2
 * logistic regression (large n, sub-sampled Hessians) and the Platt and beta calibrators (two or
 * three parameters). The problem supplies the objective, gradient and Hessian factor; this loop
 * owns the step, the backtracking line search and the stopping rules.
 */
import { choleskySolveInPlace } from "./linalg.js";

/**
 * A smooth convex objective f(β), β ∈ R^d, as {@link dampedNewton} drives it. The problem keeps
 * the current point; the loop only asks it for derivatives and trial values and tells it to move.
 */
export interface NewtonProblem {
  /** The dimension d. */
  readonly dim: number;
  /** Writes ∇f at the current point into `g` and returns the convergence measure compared with `tolerance` (e.g. ‖g‖∞). */
  gradient(g: Float64Array): number;
  /**
   * The Cholesky factor (lower triangle of a row-major d × d array, as `choleskyWithRidge` returns
   * it) of the Newton system at the current point, or of an earlier one it chooses to reuse;
   * `measure` is what {@link NewtonProblem.gradient} just returned. Null when none can be formed.
   */
  factor(measure: number): Float64Array | null;
  /** Called once per step with the direction Δ before the line search (e.g. to precompute X·Δ). */
  direction?(delta: Float64Array): void;
  /** f at the current point + t·Δ (t = 0 before the first step, with Δ = 0). */
  objectiveAt(t: number, delta: Float64Array): number;
  /** Moves the current point to + t·Δ; returns true when the move is negligible (the step rule of convergence), else false. */
  move(t: number, delta: Float64Array): boolean;
}

/** Options of {@link dampedNewton}: the stopping rules and the line search's constants. */
export interface NewtonOptions {
  /** Steps at most (an integer ≥ 0); reaching it stops with `stop: "maxIterations"`. */
  readonly maxIterations: number;
  /** Converged when the gradient's measure is ≤ this (use 0 to rely on the step rule only). */
  readonly tolerance: number;
  /** Line-search trials per step (t = 1, 1/2, 1/4, …). */
  readonly maxHalvings: number;
  /**
   * Newton decrement λ² = −gᵀΔ below which the full step is taken untested: λ² ≤ roundoff·(offset + |f|).
   * The expected decrease λ²/2 is then at the round-off level of f, so an Armijo test would be noise.
   */
  readonly roundoff: number;
  /** `offset` of the decrement rule (0: relative to |f|; 1: also absolute near f = 0). Default 0. */
  readonly roundoffOffset?: number;
  /** Slack s of the Armijo test f(t) ≤ f + c₁·t·gᵀΔ + s·|f| for rounding noise in f. Default 0. */
  readonly armijoSlack?: number;
}

/** Why {@link dampedNewton} stopped. */
export type NewtonStop = "tolerance" | "step" | "maxIterations" | "singular" | "nonFinite" | "notDescent" | "lineSearch";

/** Result of {@link dampedNewton}. */
export interface NewtonResult {
  /** Steps taken. */
  readonly iterations: number;
  /** True when the gradient reached `tolerance` or a step was negligible. */
  readonly converged: boolean;
  readonly stop: NewtonStop;
  /** f at the final point. */
  readonly objective: number;
  /** The gradient's measure at the last gradient evaluation (+Infinity if none). */
  readonly measure: number;
}

/** Armijo sufficient-decrease constant c₁ (Nocedal & Wright 2006, §3.1); a solver constant, not a model parameter. */
const ARMIJO_C1 = 1e-4;

/**
 * Minimises a convex `problem` by damped Newton–Raphson (Nocedal & Wright, Numerical Optimization,
 * 2nd ed. 2006, §3.3): at each point the gradient g, the step Δ = −H⁻¹g from the problem's Cholesky
 * factor, then a backtracking Armijo line search along Δ (t halved up to `maxHalvings` times; the
 * full step untested once the Newton decrement is at round-off level), then the move. Stops when
 * the gradient measure is ≤ `tolerance` or `move` reports a negligible step (converged), after
 * `maxIterations` steps, or when no factor exists, Δ is not finite, Δ is not a descent direction,
 * or no trial decreases f enough (not converged: the point is the best found). Allocates O(d).
 */
export function dampedNewton(problem: NewtonProblem, options: NewtonOptions): NewtonResult {
  const d = problem.dim;
  const g = new Float64Array(d);
  const delta = new Float64Array(d);
  const offset = options.roundoffOffset ?? 0;
  const slack = options.armijoSlack ?? 0;
  let f = problem.objectiveAt(0, delta);
  let measure = Number.POSITIVE_INFINITY;
  let iterations = 0;
  const done = (stop: NewtonStop): NewtonResult => ({ iterations, converged: stop === "tolerance" || stop === "step", stop, objective: f, measure });
  for (;;) {
    measure = problem.gradient(g);
    if (measure <= options.tolerance) return done("tolerance");
    if (iterations >= options.maxIterations) return done("maxIterations");
    const factor = problem.factor(measure);
    if (factor === null) return done("singular");
    for (let j = 0; j < d; j++) delta[j] = -g[j]!;
    choleskySolveInPlace(factor, d, delta);
    if (!delta.every(Number.isFinite)) return done("nonFinite");
    problem.direction?.(delta);
    let gd = 0;
    for (let j = 0; j < d; j++) gd += g[j]! * delta[j]!;
    if (!(gd < 0)) return done("notDescent");
    const step = lineSearch(problem, delta, f, gd, options.maxHalvings, options.roundoff * (offset + Math.abs(f)), slack * Math.abs(f));
    if (step === null) return done("lineSearch");
    const negligible = problem.move(step.t, delta);
    f = step.f;
    iterations++;
    if (negligible) return done("step");
  }
}

/** The first t in 1, 1/2, … (at most `trials`) with f(t) ≤ f + c₁·t·gd + slack, or t = 1 untested when −gd ≤ `decrement`; null when none. */
function lineSearch(problem: NewtonProblem, delta: Float64Array, f: number, gd: number, trials: number, decrement: number, slack: number): { t: number; f: number } | null {
  if (-gd <= decrement) return { t: 1, f: problem.objectiveAt(1, delta) };
  let t = 1;
  for (let k = 0; k < trials; k++) {
    const ft = problem.objectiveAt(t, delta);
    if (ft <= (slack > 0 ? f + ARMIJO_C1 * t * gd + slack : f + ARMIJO_C1 * t * gd)) return { t, f: ft };
    t *= 0.5;
  }
  return null;
}
