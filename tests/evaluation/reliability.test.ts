import { describe, expect, it } from "vitest";
import { reliabilityCurve } from "../../src/evaluation/reliability.js";
import { arrays, maxAbsDiff, metricsFixture } from "../evaluation/sklearnFixtures.js";

describe("reliabilityCurve", () => {
  it("reports every bin with count, weight, mean prediction and observed rate (sklearn docs example)", () => {
    const y = Uint8Array.of(0, 0, 0, 0, 1, 1, 1, 1, 1);
    const p = Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1);
    const c = reliabilityCurve(y, p, { bins: 3 });
    expect(Array.from(c.count)).toEqual([3, 2, 4]);
    expect(Array.from(c.observedRate)).toEqual([0, 0.5, 1]);
    expect(maxAbsDiff(c.meanPredicted, [0.2, 0.525, 0.85])).toBeLessThan(1e-15);
    expect(c.edges.length).toBe(4);
  });

  it("keeps empty bins with NaN means and uses weights", () => {
    const c = reliabilityCurve(Uint8Array.of(0, 1, 1), Float64Array.of(0.05, 0.95, 0.9), { bins: 4, weights: Float64Array.of(1, 3, 1) });
    expect(Array.from(c.count)).toEqual([1, 0, 0, 2]);
    expect(Array.from(c.weight)).toEqual([1, 0, 0, 4]);
    expect(Number.isNaN(c.meanPredicted[1]!)).toBe(true);
    expect(c.meanPredicted[3]).toBeCloseTo((3 * 0.95 + 0.9) / 4, 15);
    expect(c.observedRate[3]).toBe(1);
  });

  describe.each(metricsFixture.cases.map((c) => [c.name, c] as const))("sklearn calibration_curve(n_bins=10) parity: %s", (_name, c) => {
    it.each(["uniform", "quantile"] as const)("strategy %s, non-empty bins, within 1e-12", (strategy) => {
      const { y, p } = arrays(c);
      const curve = reliabilityCurve(y, p, { bins: 10, strategy });
      const keep = Array.from(curve.count, (n, k) => (n > 0 ? k : -1)).filter((k) => k >= 0);
      const ref = c.calibration_curve_10[strategy];
      expect(keep.length).toBe(ref.prob_true.length);
      expect(maxAbsDiff(keep.map((k) => curve.observedRate[k]!), ref.prob_true)).toBeLessThan(1e-12);
      expect(maxAbsDiff(keep.map((k) => curve.meanPredicted[k]!), ref.prob_pred)).toBeLessThan(1e-12);
    });
  });

  it("throws on invalid input and does not mutate", () => {
    expect(() => reliabilityCurve(Uint8Array.of(0, 1), Float64Array.of(0.5, -0.1), { bins: 5 })).toThrow(/yProb\[1\] = -0.1/);
    expect(() => reliabilityCurve(Uint8Array.of(0, 1), Float64Array.of(0.5, 0.1), { bins: -1 })).toThrow(/bins must be a positive integer/);
    const { y, p } = arrays(metricsFixture.cases[2]!);
    const [y0, p0] = [y.slice(), p.slice()];
    reliabilityCurve(y, p, { bins: 10, strategy: "quantile" });
    expect([y, p]).toEqual([y0, p0]);
  });
});
