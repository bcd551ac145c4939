import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RidgeRegression } from "../../src/experiments/ridge.js";
import { matrixFromRows } from "../../src/models/matrix.js";

/** The sklearn Ridge slice of tests/fixtures/experiments-reference.json (scripts/reference/experiments_reference.py). */
interface RidgeReference {
  readonly meta: { readonly sklearn: string };
  readonly ridge: {
    readonly alpha: number;
    readonly rows: number;
    readonly cols: number;
    readonly X: number[];
    readonly y: number[];
    readonly coef: number[];
    readonly intercept: number;
    readonly predict: number[];
  }[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/experiments-reference.json", import.meta.url), "utf8")) as RidgeReference;

describe("RidgeRegression", () => {
  it(`matches scikit-learn ${fixture.meta.sklearn} Ridge(alpha, fit_intercept=True) to 1e-9`, () => {
    for (const c of fixture.ridge) {
      const X = { data: Float64Array.from(c.X), rows: c.rows, cols: c.cols };
      const model = new RidgeRegression({ alpha: c.alpha }).fit(X, Float64Array.from(c.y));
      const { coef, intercept, nFeatures } = model.state;
      expect(nFeatures).toBe(c.cols);
      c.coef.forEach((v, j) => expect(Math.abs(coef[j]! - v)).toBeLessThan(1e-9));
      expect(Math.abs(intercept - c.intercept)).toBeLessThan(1e-9);
      const predicted = model.predict(X);
      c.predict.forEach((v, i) => expect(Math.abs(predicted[i]! - v)).toBeLessThan(1e-9));
    }
  });

  it("is ordinary least squares at alpha = 0 and shrinks the slope, not the intercept, as alpha grows", () => {
    const X = matrixFromRows([[0], [1], [2], [3]]);
    const y = Float64Array.of(1, 3, 5, 7);
    const ols = new RidgeRegression({ alpha: 0 }).fit(X, y).state;
    expect(ols.coef[0]).toBeCloseTo(2, 12);
    expect(ols.intercept).toBeCloseTo(1, 12);
    // Centred x has Σx̃² = 5, so β = Σx̃ỹ / (5 + λ) = 10 / (5 + 5) = 1; b = ȳ − x̄β = 4 − 1.5.
    const shrunk = new RidgeRegression({ alpha: 5 }).fit(X, y).state;
    expect(shrunk.coef[0]).toBeCloseTo(1, 12);
    expect(shrunk.intercept).toBeCloseTo(2.5, 12);
  });

  it("throws on bad alpha, shapes, values, a singular system or use before fit; does not mutate", () => {
    const X = matrixFromRows([[1, 2], [2, 4], [3, 6]]);
    const y = Float64Array.of(1, 2, 3);
    expect(() => new RidgeRegression({ alpha: -1 }).fit(X, y)).toThrow(/alpha must be finite and >= 0, got -1/);
    expect(() => new RidgeRegression({ alpha: 1 }).fit(X, Float64Array.of(1, 2))).toThrow(/y.length=2 does not match X.rows=3/);
    expect(() => new RidgeRegression({ alpha: 1 }).fit(X, Float64Array.of(1, Number.NaN, 3))).toThrow(/y\[1\] = NaN is not finite/);
    expect(() => new RidgeRegression({ alpha: 0 }).fit(X, y)).toThrow(/not positive definite \(alpha=0\)/);
    expect(() => new RidgeRegression({ alpha: 1 }).predict(X)).toThrow(/not fitted/);
    const model = new RidgeRegression({ alpha: 1 }).fit(X, y);
    expect(() => model.predict(matrixFromRows([[1]]))).toThrow(/X has 1 columns, model was fitted on 2/);
    expect(Array.from(X.data)).toEqual([1, 2, 2, 4, 3, 6]);
    expect(Array.from(y)).toEqual([1, 2, 3]);
  });
});
