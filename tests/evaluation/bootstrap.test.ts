import { describe, expect, it } from "vitest";
import { bootstrapInterval, checkBootstrapOptions, percentileInterval, pointwisePercentiles, resampleCounts, resampleIndices } from "../../src/evaluation/bootstrap.js";
import { brierScore } from "../../src/evaluation/brier.js";
import { rocAuc } from "../../src/evaluation/rocAuc.js";
import { quantileSorted } from "../../src/evaluation/binning.js";
import { Rng } from "../../src/util/rng.js";
import { arrays, metricsFixture } from "./sklearnFixtures.js";

describe("bootstrapInterval", () => {
  const { y, p } = arrays(metricsFixture.cases[0]!);

  it("is deterministic for a seed and changes with the seed", () => {
    const a = bootstrapInterval(rocAuc, y, p, { replicates: 200, seed: 11, level: 0.9 });
    const b = bootstrapInterval(rocAuc, y, p, { replicates: 200, seed: 11, level: 0.9 });
    const c = bootstrapInterval(rocAuc, y, p, { replicates: 200, seed: 12, level: 0.9 });
    expect(a).toEqual(b);
    expect(a.replicates).not.toEqual(c.replicates);
    expect(a.estimate).toBe(rocAuc(y, p));
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(a.replicates.length).toBe(200);
    expect(a.skipped).toBe(0);
  });

  it("draws each resample as n indices from Rng(seed).int(n) and bounds are type-7 percentiles", () => {
    const r = bootstrapInterval(brierScore, y, p, { replicates: 3, seed: 5, level: 0.5 });
    const rng = new Rng(5);
    const n = y.length;
    const expected: number[] = [];
    for (let rep = 0; rep < 3; rep++) {
      const yb = new Uint8Array(n);
      const pb = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const j = rng.int(n);
        yb[i] = y[j]!;
        pb[i] = p[j]!;
      }
      expected.push(brierScore(yb, pb));
    }
    expect(Array.from(r.replicates)).toEqual(expected);
    const sorted = Float64Array.from(expected).sort();
    expect(r.lower).toBe(quantileSorted(sorted, 0.25));
    expect(r.upper).toBe(quantileSorted(sorted, 0.75));
  });

  it("has about the normal-theory width for a mean-type statistic (Brier, n = 600)", () => {
    const n = y.length;
    const sq = new Float64Array(n);
    for (let i = 0; i < n; i++) sq[i] = (p[i]! - y[i]!) ** 2;
    const mean = sq.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(sq.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    const r = bootstrapInterval(brierScore, y, p, { replicates: 2000, seed: 3, level: 0.95 });
    const width = r.upper - r.lower;
    const normalWidth = 2 * 1.959964 * (sd / Math.sqrt(n));
    expect(width / normalWidth).toBeGreaterThan(0.9);
    expect(width / normalWidth).toBeLessThan(1.1);
  });

  it("passes resampled weights to the statistic", () => {
    const seen: number[] = [];
    const spy = (yy: Uint8Array, pp: Float64Array, ww?: Float64Array): number => {
      seen.push(ww === undefined ? -1 : ww.reduce((s, v) => s + v, 0));
      return brierScore(yy, pp, ww);
    };
    const weights = Float64Array.from(y, (_v, i) => 1 + (i % 3));
    const r = bootstrapInterval(spy, y, p, { replicates: 5, seed: 1, level: 0.9, weights });
    expect(r.estimate).toBe(brierScore(y, p, weights));
    expect(seen.length).toBe(6);
    expect(seen.every((s) => s > 0)).toBe(true);
    // Resampled weights differ from the full-sample total (600 rows with weights 1, 2, 3 → 1200).
    expect(seen[0]).toBe(1200);
    expect(seen.slice(1).some((s) => s !== 1200)).toBe(true);
  });

  it("skips and counts single-class replicates (1 positive in 20 rows: P(skip) = 0.95^20 ≈ 0.358)", () => {
    const yy = new Uint8Array(20);
    yy[3] = 1;
    const pp = new Float64Array(20);
    for (let i = 0; i < 20; i++) pp[i] = i / 20;
    const r = bootstrapInterval(rocAuc, yy, pp, { replicates: 1000, seed: 9, level: 0.9 });
    expect(r.skipped + r.replicates.length).toBe(1000);
    expect(r.skipped).toBeGreaterThan(300);
    expect(r.skipped).toBeLessThan(420);
  });

  it("propagates other errors, throws when all replicates are undefined, validates options", () => {
    const boom = (): number => {
      throw new TypeError("boom");
    };
    expect(() => bootstrapInterval(boom, y, p, { replicates: 5, seed: 1, level: 0.9 })).toThrow(TypeError);
    const nan = (): number => Number.NaN;
    expect(() => bootstrapInterval(nan, y, p, { replicates: 5, seed: 1, level: 0.9 })).toThrow(/all 5 replicates were undefined/);
    expect(() => bootstrapInterval(rocAuc, y, p, { replicates: 0, seed: 1, level: 0.9 })).toThrow(/replicates must be a positive integer, got 0/);
    expect(() => bootstrapInterval(rocAuc, y, p, { replicates: 10, seed: 1, level: 95 })).toThrow(/level must be in \(0, 1\), got 95/);
    expect(() => bootstrapInterval(rocAuc, y, p.subarray(1), { replicates: 10, seed: 1, level: 0.9 })).toThrow(/yTrue 600, yProb 599/);
  });

  it("does not mutate its inputs", () => {
    const [y0, p0] = [y.slice(), p.slice()];
    bootstrapInterval(rocAuc, y, p, { replicates: 20, seed: 2, level: 0.9 });
    expect([y, p]).toEqual([y0, p0]);
  });
});

describe("the resampling and percentile kernels", () => {
  it("draws the same resample as indices and as counts for a seed", () => {
    const index = new Uint32Array(50);
    const count = new Uint32Array(50);
    resampleIndices(new Rng(9), index);
    resampleCounts(new Rng(9), count);
    const fromIndex = new Uint32Array(50);
    for (const i of index) fromIndex[i]++;
    expect(Array.from(count)).toEqual(Array.from(fromIndex));
    expect(count.reduce((a, c) => a + c, 0)).toBe(50);
  });

  it("takes type-7 percentiles without mutating, point by point in a band", () => {
    const values = Float64Array.of(5, 1, 4, 2, 3);
    expect(percentileInterval(values, 0.5)).toEqual({ lower: 2, upper: 4 });
    expect(Array.from(values)).toEqual([5, 1, 4, 2, 3]);
    // Three replicates × two points, replicate-major.
    const band = pointwisePercentiles(Float64Array.of(1, 10, 3, 30, 2, 20), 3, 2, 0.5);
    expect(Array.from(band.lower)).toEqual([1.5, 15]);
    expect(Array.from(band.upper)).toEqual([2.5, 25]);
  });

  it("checks the shared options, quoting the value", () => {
    expect(() => checkBootstrapOptions("f", 0, 0.9)).toThrow("f: replicates must be a positive integer, got 0");
    expect(() => checkBootstrapOptions("f", -1, 0.9, 0)).toThrow("f: replicates must be an integer >= 0, got -1");
    expect(() => checkBootstrapOptions("f", 0, 0.9, 0)).not.toThrow();
    expect(() => checkBootstrapOptions("f", 10, 1)).toThrow("f: level must be in (0, 1), got 1");
  });
});
