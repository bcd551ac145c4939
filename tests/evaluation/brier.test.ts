import { describe, expect, it } from "vitest";
import { brierDecomposition, brierScore } from "../../src/evaluation/brier.js";
import { Rng } from "../../src/util/rng.js";
import { arrays, metricsFixture } from "./sklearnFixtures.js";

describe("brierScore", () => {
  it("is the mean squared error of the probabilities", () => {
    expect(brierScore(Uint8Array.of(0, 1), Float64Array.of(0.2, 0.6))).toBeCloseTo((0.04 + 0.16) / 2, 15);
    expect(brierScore(Uint8Array.of(0, 1), Float64Array.of(0.2, 0.6), Float64Array.of(3, 1))).toBeCloseTo((3 * 0.04 + 0.16) / 4, 15);
    expect(brierScore(Uint8Array.of(1, 1), Float64Array.of(1, 1))).toBe(0);
  });

  describe.each(metricsFixture.cases.map((c) => [c.name, c] as const))("sklearn %s parity", (_name, c) => {
    it("brier_score_loss within 1e-9", () => {
      const { y, p, w } = arrays(c);
      expect(Math.abs(brierScore(y, p, w) - c.brier)).toBeLessThan(1e-9);
    });
  });

  it("throws on invalid input with the offending value quoted", () => {
    expect(() => brierScore(new Uint8Array(0), new Float64Array(0))).toThrow(/empty input/);
    expect(() => brierScore(Uint8Array.of(0, 1), Float64Array.of(0.2, 1.0000001))).toThrow(/yProb\[1\] = 1.0000001/);
    expect(() => brierScore(Uint8Array.of(0, 1), Float64Array.of(0.2, 0.3), Float64Array.of(1, Infinity))).toThrow(/weights\[1\] = Infinity/);
  });
});

function identityResidual(d: ReturnType<typeof brierDecomposition>): number {
  return d.brier - (d.reliability - d.resolution + d.uncertainty + d.withinBinVariance - 2 * d.withinBinCovariance);
}

describe("brierDecomposition", () => {
  it("satisfies brier = REL − RES + UNC + WBV − 2·WBC to 1e-12 on every fixture (weighted and not, both strategies)", () => {
    for (const c of metricsFixture.cases) {
      const { y, p, w } = arrays(c);
      for (const strategy of ["uniform", "quantile"] as const) {
        for (const bins of [1, 5, 10, 37]) {
          const d = brierDecomposition(y, p, { bins, strategy, weights: w });
          expect(Math.abs(identityResidual(d))).toBeLessThan(1e-12);
          expect(d.brier).toBeCloseTo(brierScore(y, p, w), 14);
        }
      }
    }
  });

  it("also holds on continuous (untied) probabilities, where the within-bin terms are not negligible", () => {
    const rng = new Rng(7);
    const n = 5000;
    const y = new Uint8Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = rng.uniform();
      y[i] = rng.bernoulli(p[i]! * p[i]!) ? 1 : 0;
    }
    const d = brierDecomposition(y, p, { bins: 4 });
    expect(Math.abs(identityResidual(d))).toBeLessThan(1e-12);
    expect(d.withinBinVariance).toBeGreaterThan(1e-3);
    // The classic three-term identity misses by WBV − 2·WBC.
    expect(Math.abs(d.brier - (d.reliability - d.resolution + d.uncertainty))).toBeGreaterThan(1e-4);
  });

  it("reduces to Murphy's three terms when forecasts within each bin are equal", () => {
    // Forecasts 0.2 (y: 0,0,1,0,0) and 0.7 (y: 1,1,0,1): bins of width 0.5 hold one forecast each.
    const y = Uint8Array.of(0, 0, 1, 0, 0, 1, 1, 0, 1);
    const p = Float64Array.of(0.2, 0.2, 0.2, 0.2, 0.2, 0.7, 0.7, 0.7, 0.7);
    const d = brierDecomposition(y, p, { bins: 2 });
    expect(d.withinBinVariance).toBe(0);
    expect(d.withinBinCovariance).toBe(0);
    // REL = (5/9)(0.2 − 0.2)² + (4/9)(0.7 − 0.75)²; ō = 4/9; RES = (5/9)(0.2 − 4/9)² + (4/9)(0.75 − 4/9)².
    expect(d.reliability).toBeCloseTo((4 / 9) * 0.05 ** 2, 15);
    expect(d.resolution).toBeCloseTo((5 / 9) * (0.2 - 4 / 9) ** 2 + (4 / 9) * (0.75 - 4 / 9) ** 2, 15);
    expect(d.uncertainty).toBeCloseTo((4 / 9) * (5 / 9), 15);
    expect(d.brier).toBeCloseTo(d.reliability - d.resolution + d.uncertainty, 15);
  });

  it("rejects a non-integer bin count and does not mutate inputs", () => {
    const { y, p, w } = arrays(metricsFixture.cases[1]!);
    const [y0, p0, w0] = [y.slice(), p.slice(), w!.slice()];
    brierDecomposition(y, p, { bins: 10, strategy: "quantile", weights: w });
    expect([y, p, w]).toEqual([y0, p0, w0]);
    expect(() => brierDecomposition(y, p, { bins: 2.5 })).toThrow(/bins must be a positive integer, got 2.5/);
  });
});
