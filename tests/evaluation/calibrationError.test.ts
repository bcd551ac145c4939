import { describe, expect, it } from "vitest";
import { eceNoiseFloor, expectedCalibrationError } from "../../src/evaluation/calibrationError.js";
import { reliabilityCurve } from "../../src/evaluation/reliability.js";
import { Rng } from "../../src/util/rng.js";
import { arrays, metricsFixture } from "./sklearnFixtures.js";

describe("expectedCalibrationError", () => {
  it("is the count-weighted mean |mean p − rate| over bins", () => {
    // Bin [0, 0.5]: mean p 0.15, rate 0; bin (0.5, 1]: mean p 0.8, rate 1 → 0.5·0.15 + 0.5·0.2.
    const y = Uint8Array.of(0, 0, 1, 1);
    const p = Float64Array.of(0.1, 0.2, 0.7, 0.9);
    expect(expectedCalibrationError(y, p, { bins: 2, strategy: "uniform" })).toBeCloseTo(0.175, 15);
    // Weights 3, 1, 1, 1: bin 0 has weight 4 and mean p (3·0.1 + 0.2)/4, bin 1 weight 2 and |0.8 − 1|.
    const w = Float64Array.of(3, 1, 1, 1);
    const bin0 = Math.abs((3 * 0.1 + 0.2) / 4 - 0);
    expect(expectedCalibrationError(y, p, { bins: 2, strategy: "uniform", weights: w })).toBeCloseTo((4 * bin0 + 2 * 0.2) / 6, 15);
  });

  it("is 0 when every bin's mean forecast equals its observed rate", () => {
    const y = Uint8Array.of(1, 0, 0, 0, 1, 1, 1, 0);
    const p = Float64Array.of(0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75);
    expect(expectedCalibrationError(y, p, { bins: 10, strategy: "uniform" })).toBe(0);
  });

  it("is near 0 for calibrated forecasts and large for distorted ones (n = 20000)", () => {
    const rng = new Rng(42);
    const n = 20000;
    const y = new Uint8Array(n);
    const p = new Float64Array(n);
    const distorted = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = rng.uniform();
      y[i] = rng.bernoulli(p[i]!) ? 1 : 0;
      distorted[i] = p[i]! ** 3;
    }
    for (const strategy of ["uniform", "quantile"] as const) {
      expect(expectedCalibrationError(y, p, { bins: 10, strategy })).toBeLessThan(0.02);
      // E|p − p³| for p ~ U(0, 1) = 1/2 − 1/4 = 0.25 (binning blurs it slightly).
      expect(expectedCalibrationError(y, distorted, { bins: 10, strategy })).toBeGreaterThan(0.2);
    }
  });

  it("agrees with the reliability curve it summarises on the fixtures", () => {
    for (const c of metricsFixture.cases) {
      const { y, p } = arrays(c);
      const curve = reliabilityCurve(y, p, { bins: 10 });
      let ece = 0;
      for (let k = 0; k < 10; k++) if (curve.count[k]! > 0) ece += (curve.count[k]! / y.length) * Math.abs(curve.meanPredicted[k]! - curve.observedRate[k]!);
      expect(expectedCalibrationError(y, p, { bins: 10, strategy: "uniform" })).toBeCloseTo(ece, 14);
    }
  });

  it("throws on invalid input and does not mutate", () => {
    expect(() => expectedCalibrationError(Uint8Array.of(0, 1), Float64Array.of(0.5, 2), { bins: 10 })).toThrow(/yProb\[1\] = 2 is outside/);
    const { y, p } = arrays(metricsFixture.cases[0]!);
    const [y0, p0] = [y.slice(), p.slice()];
    expectedCalibrationError(y, p, { bins: 10, strategy: "quantile" });
    expect([y, p]).toEqual([y0, p0]);
  });
});

describe("eceNoiseFloor", () => {
  it("is E|Binomial(n, p) − np| / n for one bin of equal forecasts (de Moivre's mean absolute deviation)", () => {
    const [n, p] = [40, 0.15];
    const m = Math.floor(n * p) + 1;
    const choose = (a: number, b: number): number => (b === 0 ? 1 : (choose(a, b - 1) * (a - b + 1)) / b);
    const exact = (2 * m * choose(n, m) * p ** m * (1 - p) ** (n - m + 1)) / n; // 0.044410
    const floor = eceNoiseFloor(new Float64Array(n).fill(p), { bins: 1, replicates: 20000, seed: 3, level: 0.9 });
    expect(exact).toBeCloseTo(0.04441, 5);
    expect(Math.abs(floor.mean - exact)).toBeLessThan(0.0006); // Monte Carlo sd ≈ 0.033/√20000 = 0.00024
    expect(floor.lower).toBeLessThan(floor.mean);
    expect(floor.upper).toBeGreaterThan(floor.mean);
  });

  it("holds the ECE of calibrated forecasts, shrinks as 1/√n, and is exceeded by distorted ones", () => {
    const rng = new Rng(8);
    const draw = (n: number): { y: Uint8Array; p: Float64Array } => {
      const p = Float64Array.from({ length: n }, () => 0.02 * rng.uniform());
      return { p, y: Uint8Array.from(p, (v) => (rng.bernoulli(v) ? 1 : 0)) };
    };
    const options = { bins: 10, strategy: "quantile" as const, replicates: 400, seed: 1, level: 0.95 };
    const small = draw(20000);
    const large = draw(80000);
    const floorSmall = eceNoiseFloor(small.p, options);
    const floorLarge = eceNoiseFloor(large.p, options);
    expect(floorSmall.mean / floorLarge.mean).toBeGreaterThan(1.8);
    expect(floorSmall.mean / floorLarge.mean).toBeLessThan(2.2);
    const ece = expectedCalibrationError(large.y, large.p, options);
    expect(ece).toBeGreaterThanOrEqual(floorLarge.lower);
    expect(ece).toBeLessThanOrEqual(floorLarge.upper);
    expect(expectedCalibrationError(large.y, large.p.map((v) => 1.5 * v), options)).toBeGreaterThan(floorLarge.upper);
  });

  it("rejects bad options and probabilities, naming them", () => {
    expect(() => eceNoiseFloor(Float64Array.of(0.1, 1.2), { bins: 2, replicates: 10, seed: 1, level: 0.9 })).toThrow(/eceNoiseFloor: yProb\[1\] = 1.2/);
    expect(() => eceNoiseFloor(Float64Array.of(0.1), { bins: 2, replicates: 0, seed: 1, level: 0.9 })).toThrow(/replicates/);
  });
});
