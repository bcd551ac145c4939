import { describe, expect, it } from "vitest";
import { intervalCoverage } from "../../src/experiments/coverage.js";
import { Rng } from "../../src/util/rng.js";

describe("intervalCoverage", () => {
  it("covers a known Bernoulli effect (26% → 22% churn) with ≥ 93 of 100 nominal 95% intervals", () => {
    const n = 2000;
    const r = intervalCoverage({
      controlProb: new Float64Array(n).fill(0.26),
      treatedProb: new Float64Array(n).fill(0.22),
      ratio: 0.5,
      alpha: 0.05,
      simulations: 100,
      seed: 13,
    });
    expect(r.trueEffect).toBeCloseTo(0.04, 12);
    expect(r.covered).toBeGreaterThanOrEqual(93);
    expect(r.coverage).toBe(r.covered / 100);
    expect(Math.abs(r.meanEffect - 0.04)).toBeLessThan(0.005);
    // The width is 2·1.96·SE with SE = √(0.26·0.74/1000 + 0.22·0.78/1000) ≈ 0.0191.
    expect(r.meanWidth).toBeCloseTo(2 * 1.959964 * Math.sqrt((0.26 * 0.74 + 0.22 * 0.78) / 1000), 3);
  });

  it("holds its nominal level over 1000 experiments with heterogeneous per-unit effects and a 30% treated share", () => {
    const n = 1500;
    const rng = new Rng(5);
    const controlProb = new Float64Array(n);
    const treatedProb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      controlProb[i] = 0.1 + 0.4 * rng.uniform();
      treatedProb[i] = controlProb[i]! * (0.6 + 0.5 * rng.uniform());
    }
    const r = intervalCoverage({ controlProb, treatedProb, ratio: 0.3, alpha: 0.1, simulations: 1000, seed: 99 });
    expect(r.coverage).toBeGreaterThan(0.87);
    expect(r.coverage).toBeLessThan(0.94);
  });

  it("is deterministic for a seed and throws on bad input", () => {
    const p = new Float64Array(50).fill(0.3);
    const options = { controlProb: p, treatedProb: p, ratio: 0.5, alpha: 0.05, simulations: 20, seed: 1 };
    expect(intervalCoverage(options)).toEqual(intervalCoverage(options));
    expect(() => intervalCoverage({ ...options, treatedProb: new Float64Array(49) })).toThrow(/lengths differ \(controlProb 50, treatedProb 49\)/);
    expect(() => intervalCoverage({ ...options, treatedProb: Float64Array.of(...p.subarray(1), 1.2) })).toThrow(/treatedProb\[49\] = 1.2 is outside \[0, 1\]/);
    expect(() => intervalCoverage({ ...options, ratio: 0.001 })).toThrow(/leaves an arm empty \(0 treated\)/);
  });
});
