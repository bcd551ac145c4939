import { describe, expect, it } from "vitest";
import { fitLogistic } from "../../src/calibration/logistic.js";

describe("fitLogistic", () => {
  it("solves the one-feature problem whose optimum is known in closed form", () => {
    // Two groups x = 0 and x = 1 with soft targets 0.2 and 0.7: the MLE matches each group's target.
    const x = Float64Array.of(0, 0, 1, 1);
    const t = Float64Array.of(0.2, 0.2, 0.7, 0.7);
    const { coef } = fitLogistic([x], t, undefined, new Float64Array(2), { maxIterations: 50, name: "test" });
    const logit = (q: number): number => Math.log(q / (1 - q));
    expect(coef[1]).toBeCloseTo(logit(0.2), 13);
    expect(coef[0]).toBeCloseTo(logit(0.7) - logit(0.2), 13);
  });

  it("throws on separable hard targets instead of diverging silently", () => {
    const x = Float64Array.of(-1, 1);
    const t = Float64Array.of(0, 1);
    expect(() => fitLogistic([x], t, undefined, new Float64Array(2), { maxIterations: 30, name: "sep" })).toThrow(/sep: Newton's method did not converge in 30 iterations/);
  });
});
