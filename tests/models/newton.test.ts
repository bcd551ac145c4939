// src/models/newton.ts: the damped Newton loop on small literal problems, and src/models/linalg.ts's ridged Cholesky.
import { describe, expect, it } from "vitest";
import { choleskySolveInPlace, choleskyWithRidge } from "../../src/models/linalg.js";
import { dampedNewton, type NewtonProblem } from "../../src/models/newton.js";

/** A smooth strictly convex f(β) = Σ_j (e^{β_j − c_j} − β_j), minimised at β = c (f = Σ (1 − c_j) there). */
function expProblem(c: readonly number[], start: readonly number[], factor?: () => Float64Array | null): NewtonProblem & { beta: Float64Array } {
  const beta = Float64Array.from(start);
  const d = c.length;
  const f = (b: (j: number) => number): number => c.reduce((s, cj, j) => s + Math.exp(b(j) - cj) - b(j), 0);
  return {
    dim: d,
    beta,
    gradient(g) {
      let m = 0;
      for (let j = 0; j < d; j++) {
        g[j] = Math.exp(beta[j]! - c[j]!) - 1;
        m = Math.max(m, Math.abs(g[j]!));
      }
      return m;
    },
    factor: factor ?? (() => choleskyWithRidge(Float64Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? Math.exp(beta[k / (d + 1)]! - c[k / (d + 1)]!) : 0)), d)),
    objectiveAt: (t, delta) => f((j) => beta[j]! + t * delta[j]!),
    move(t, delta) {
      for (let j = 0; j < d; j++) beta[j]! += t * delta[j]!;
      return false;
    },
  };
}

const options = { maxIterations: 50, tolerance: 1e-12, maxHalvings: 60, roundoff: 1e-12 };

describe("dampedNewton", () => {
  it("converges quadratically to the minimum from a far start, with the line search damping the first steps", () => {
    const p = expProblem([1, -2], [8, 6]);
    const r = dampedNewton(p, options);
    expect(r).toMatchObject({ converged: true, stop: "tolerance" });
    expect(r.iterations).toBeLessThan(20);
    expect(p.beta[0]).toBeCloseTo(1, 12);
    expect(p.beta[1]).toBeCloseTo(-2, 12);
    expect(r.objective).toBeCloseTo(2 + 1, 12); // Σ (1 − c_j) at β = c: (1 − 1) + (1 + 2)
  });

  it("says why it stopped when it cannot go on", () => {
    expect(dampedNewton(expProblem([1], [3]), { ...options, maxIterations: 0 })).toMatchObject({ converged: false, stop: "maxIterations", iterations: 0 });
    expect(dampedNewton(expProblem([1], [3], () => null), options)).toMatchObject({ converged: false, stop: "singular" });
    expect(dampedNewton(expProblem([1], [3], () => Float64Array.of(Number.NaN)), options).stop).toBe("nonFinite");
  });

  it("stops on the problem's step rule when move reports a negligible step", () => {
    const p = expProblem([0.5], [0]);
    const moves: number[] = [];
    const r = dampedNewton({ ...p, move: (t, delta) => (p.move(t, delta), moves.push(Math.abs(t * delta[0]!)), Math.abs(t * delta[0]!) < 1e-9) }, { ...options, tolerance: 0 });
    expect(r).toMatchObject({ converged: true, stop: "step" });
    expect(moves.at(-1)).toBeLessThan(1e-9);
  });
});

describe("choleskyWithRidge", () => {
  it("factors a positive definite matrix exactly, and a singular one with a tiny ridge", () => {
    const L = choleskyWithRidge(Float64Array.of(4, 0, 2, 3), 2)!;
    const b = Float64Array.of(2, 1);
    choleskySolveInPlace(L, 2, b);
    // [[4, 2], [2, 3]]·x = [2, 1] → x = [0.5, 0].
    expect(Array.from(b)).toEqual([0.5, 0]);
    const singular = choleskyWithRidge(Float64Array.of(1, 1, 1, 1), 2);
    expect(singular).not.toBeNull();
    expect(choleskyWithRidge(Float64Array.of(Number.NaN), 1)).toBeNull();
  });

  it("does not modify its input", () => {
    const H = Float64Array.of(1, 1, 1, 1);
    choleskyWithRidge(H, 2);
    expect(Array.from(H)).toEqual([1, 1, 1, 1]);
  });
});
