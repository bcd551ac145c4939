import { describe, expect, it } from "vitest";
import { BetaCalibrator } from "../../src/calibration/beta.js";
import { Rng } from "../../src/util/rng.js";
import { arrays, calibrationFixture } from "../evaluation/sklearnFixtures.js";

describe("BetaCalibrator", () => {
  describe.each(calibrationFixture.cases.map((c) => [c.name, c] as const))("reference fit (numpy/scipy Newton, betacal rules): %s", (_name, c) => {
    it("a, b, c within 1e-9", () => {
      const { y, p, w } = arrays(c);
      const m = new BetaCalibrator({ clipEps: c.beta.clip_eps }).fit(p, y, w);
      expect(Math.abs(m.a - c.beta.a)).toBeLessThan(1e-9);
      expect(Math.abs(m.b - c.beta.b)).toBeLessThan(1e-9);
      expect(Math.abs(m.c - c.beta.c)).toBeLessThan(1e-9);
    });
  });

  it("recovers the generating map σ(a ln p − b ln(1 − p) + c) (n = 40000)", () => {
    const rng = new Rng(2017);
    const n = 40000;
    const p = new Float64Array(n);
    const y = new Uint8Array(n);
    const [a, b, c] = [2, 0.5, -0.3];
    for (let i = 0; i < n; i++) {
      p[i] = 0.01 + 0.98 * rng.uniform();
      const z = a * Math.log(p[i]!) - b * Math.log(1 - p[i]!) + c;
      y[i] = rng.bernoulli(1 / (1 + Math.exp(-z))) ? 1 : 0;
    }
    const m = new BetaCalibrator().fit(p, y);
    // Coefficients are strongly correlated (ln p and −ln(1 − p) overlap), so check them loosely and
    // the fitted map tightly.
    expect(Math.abs(m.a - a)).toBeLessThan(0.3);
    expect(Math.abs(m.b - b)).toBeLessThan(0.3);
    expect(Math.abs(m.c - c)).toBeLessThan(0.3);
    const grid = Float64Array.from({ length: 98 }, (_v, i) => (i + 1.5) / 100);
    const q = m.transform(grid);
    for (let i = 0; i < grid.length; i++) {
      const g = grid[i]!;
      const truth = 1 / (1 + Math.exp(-(a * Math.log(g) - b * Math.log(1 - g) + c)));
      expect(Math.abs(q[i]! - truth)).toBeLessThan(0.02);
    }
  });

  it("refits with a = 0 when the free fit gives a < 0 (betacal rule), keeping the map monotone", () => {
    // Outcome rate falls for small p and rises for large p → a < 0 in the free fit.
    const p = Float64Array.of(0.01, 0.02, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 0.01, 0.02, 0.05, 0.5, 0.9, 0.99);
    const y = Uint8Array.of(1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1);
    const m = new BetaCalibrator().fit(p, y);
    expect(m.a).toBe(0);
    const q = m.transform(Float64Array.from({ length: 99 }, (_v, i) => (i + 1) / 100));
    for (let i = 1; i < q.length; i++) expect(q[i]!).toBeGreaterThanOrEqual(q[i - 1]!);
  });

  it("throws on separable data instead of returning infinite coefficients", () => {
    expect(() => new BetaCalibrator().fit(Float64Array.of(0.1, 0.2, 0.8, 0.9), Uint8Array.of(0, 0, 1, 1))).toThrow(/did not converge/);
  });

  it("round-trips through JSON exactly; validates inputs; does not mutate", () => {
    const { y, p, w } = arrays(calibrationFixture.cases[1]!);
    const [y0, p0, w0] = [y.slice(), p.slice(), w!.slice()];
    const m = new BetaCalibrator().fit(p, y, w);
    expect([y, p, w]).toEqual([y0, p0, w0]);
    const back = BetaCalibrator.fromJSON(JSON.parse(JSON.stringify(m)) as unknown);
    const test = Float64Array.from(calibrationFixture.cases[1]!.p_test);
    expect(back.transform(test)).toEqual(m.transform(test));
    expect(() => new BetaCalibrator().transform(test)).toThrow(/not fitted/);
    expect(() => m.transform(Float64Array.of(1.1))).toThrow(/p\[0\] = 1.1 is outside \[0, 1\]/);
  });
});
