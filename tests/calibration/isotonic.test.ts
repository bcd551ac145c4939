import { describe, expect, it } from "vitest";
import { IsotonicCalibrator, poolAdjacentViolators } from "../../src/calibration/isotonic.js";
import { Rng } from "../../src/util/rng.js";
import { arrays, calibrationFixture, maxAbsDiff } from "../evaluation/sklearnFixtures.js";

describe("poolAdjacentViolators", () => {
  it("pools violating neighbours into weighted means", () => {
    const y = Float64Array.of(1, 3, 2, 4, 0);
    poolAdjacentViolators(y, Float64Array.of(1, 1, 1, 1, 1));
    // Blocks: [1], [3, 2] → 2.5, then [4, 0] → 2 violates 2.5 → pool [3, 2, 4, 0] → 2.25.
    expect(Array.from(y)).toEqual([1, 2.25, 2.25, 2.25, 2.25]);
    const z = Float64Array.of(0, 1, 0);
    poolAdjacentViolators(z, Float64Array.of(1, 3, 1));
    expect(Array.from(z)).toEqual([0, 0.75, 0.75]);
  });
});

describe("IsotonicCalibrator", () => {
  it("fits a step function and interpolates linearly between knots, clipping outside", () => {
    const m = new IsotonicCalibrator().fit(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 0, 1, 1));
    expect(Array.from(m.xThresholds)).toEqual([1, 2, 3, 4]);
    expect(Array.from(m.yThresholds)).toEqual([0.5, 0.5, 1, 1]);
    expect(Array.from(m.transform(Float64Array.of(0, 1, 2.5, 3, 9)))).toEqual([0.5, 0.5, 0.75, 1, 1]);
  });

  it("averages y over tied x before pooling (weighted), like sklearn", () => {
    // x = 1 appears twice with y 0 and 1 → one point (1, 0.5, weight 2); then (2, 0) violates → 1/3.
    const m = new IsotonicCalibrator().fit(Float64Array.of(2, 1, 1), Uint8Array.of(0, 1, 0));
    expect(Array.from(m.yThresholds)).toEqual([1 / 3, 1 / 3]);
    const w = new IsotonicCalibrator().fit(Float64Array.of(2, 1, 1), Uint8Array.of(0, 1, 0), Float64Array.of(1, 3, 1));
    expect(w.yThresholds[0]).toBeCloseTo(3 / 5, 15);
    // Zero-weight rows are dropped entirely (they do not even define the range).
    const z = new IsotonicCalibrator().fit(Float64Array.of(0.1, 0.5, 0.9), Uint8Array.of(0, 1, 1), Float64Array.of(1, 1, 0));
    expect(Array.from(z.xThresholds)).toEqual([0.1, 0.5]);
  });

  it("merges scores closer than 1e-15 to the first of a run, as sklearn's _make_unique (checked against sklearn 1.2.1)", () => {
    const m = new IsotonicCalibrator().fit(Float64Array.of(0.5, 0.5000000000000001, 0.5000000000000022, 1), Uint8Array.of(0, 1, 1, 1));
    expect(Array.from(m.xThresholds)).toEqual([0.5, 0.5000000000000022, 1]);
    expect(Array.from(m.yThresholds)).toEqual([0.5, 1, 1]);
  });

  it("drops interior knots whose value equals both neighbours", () => {
    const m = new IsotonicCalibrator().fit(Float64Array.of(1, 2, 3, 4, 5), Uint8Array.of(0, 0, 0, 1, 1));
    expect(Array.from(m.xThresholds)).toEqual([1, 3, 4, 5]);
    expect(Array.from(m.yThresholds)).toEqual([0, 0, 1, 1]);
  });

  it("handles out-of-range input per outOfBounds and a single distinct score", () => {
    const x = Float64Array.of(0.2, 0.4);
    const y = Uint8Array.of(0, 1);
    expect(Number.isNaN(new IsotonicCalibrator({ outOfBounds: "nan" }).fit(x, y).transform(Float64Array.of(0.1))[0]!)).toBe(true);
    expect(() => new IsotonicCalibrator({ outOfBounds: "raise" }).fit(x, y).transform(Float64Array.of(0.3, 0.5))).toThrow(/x\[1\] = 0.5 is outside the training range \[0.2, 0.4\]/);
    const one = new IsotonicCalibrator().fit(Float64Array.of(0.3, 0.3), Uint8Array.of(0, 1));
    expect(Array.from(one.transform(Float64Array.of(0, 0.3, 1)))).toEqual([0.5, 0.5, 0.5]);
  });

  describe.each(calibrationFixture.cases.map((c) => [c.name, c] as const))("sklearn IsotonicRegression(out_of_bounds='clip') parity: %s", (_name, c) => {
    it("knots and held-out predictions within 1e-6 (observed: bit-identical)", () => {
      const { y, p, w } = arrays(c);
      const m = new IsotonicCalibrator().fit(p, y, w);
      expect(maxAbsDiff(m.xThresholds, c.isotonic.x_thresholds)).toBe(0);
      expect(maxAbsDiff(m.yThresholds, c.isotonic.y_thresholds)).toBeLessThan(1e-12);
      expect(maxAbsDiff(m.transform(Float64Array.from(c.p_test)), c.isotonic.predict_test)).toBeLessThan(1e-6);
    });
  });

  it("produces non-decreasing output in [0, 1] (random data, 5000 rows)", () => {
    const rng = new Rng(123);
    const n = 5000;
    const x = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = Math.round(rng.uniform() * 200) / 200;
      y[i] = rng.bernoulli(0.2 + 0.6 * x[i]! * x[i]!) ? 1 : 0;
    }
    const m = new IsotonicCalibrator().fit(x, y);
    const grid = Float64Array.from({ length: 1001 }, (_v, i) => i / 1000);
    const q = m.transform(grid);
    for (let i = 1; i < q.length; i++) expect(q[i]!).toBeGreaterThanOrEqual(q[i - 1]!);
    expect(q[0]!).toBeGreaterThanOrEqual(0);
    expect(q[1000]!).toBeLessThanOrEqual(1);
    // Weighted mean of fitted values equals the mean label (a property of the L2 isotonic fit).
    const fittedAtX = m.transform(x);
    expect(fittedAtX.reduce((s, v) => s + v, 0) / n).toBeCloseTo(y.reduce((s, v) => s + v, 0) / n, 12);
  });

  it("round-trips through JSON exactly and validates the JSON", () => {
    const { y, p, w } = arrays(calibrationFixture.cases[1]!);
    const m = new IsotonicCalibrator().fit(p, y, w);
    const back = IsotonicCalibrator.fromJSON(JSON.parse(JSON.stringify(m)) as unknown);
    const test = Float64Array.from(calibrationFixture.cases[1]!.p_test);
    expect(back.transform(test)).toEqual(m.transform(test));
    expect(back.xThresholds).toEqual(m.xThresholds);
    const bad = { ...m.toJSON(), xThresholds: [0.5, 0.4], yThresholds: [0, 1] };
    expect(() => IsotonicCalibrator.fromJSON(bad)).toThrow(/xThresholds must increase strictly, got 0.5 then 0.4 at index 1/);
  });

  it("validates inputs, does not mutate, refuses to predict before fit", () => {
    expect(() => new IsotonicCalibrator().transform(Float64Array.of(0.5))).toThrow(/not fitted/);
    expect(() => new IsotonicCalibrator().fit(Float64Array.of(0.5, Number.NaN), Uint8Array.of(0, 1))).toThrow(/x\[1\] = NaN/);
    expect(() => new IsotonicCalibrator().fit(Float64Array.of(0.5), Uint8Array.of(0, 1))).toThrow(/yTrue 2, x 1/);
    expect(() => new IsotonicCalibrator().fit(Float64Array.of(0.5, 0.6), Uint8Array.of(0, 1), Float64Array.of(0, 0))).toThrow(/weights sum to 0/);
    const { y, p, w } = arrays(calibrationFixture.cases[1]!);
    const [y0, p0, w0] = [y.slice(), p.slice(), w!.slice()];
    new IsotonicCalibrator().fit(p, y, w).transform(p);
    expect([y, p, w]).toEqual([y0, p0, w0]);
  });
});
