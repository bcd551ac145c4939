import { describe, expect, it } from "vitest";
import { histogram } from "../../src/evaluation/histogram.js";
import { Rng } from "../../src/util/rng.js";

describe("histogram", () => {
  it("bins finite values into equal-width bins over [min, max], the maximum in the last bin, non-finite counted apart", () => {
    const values = Object.freeze([7, 0, 1, 2, 3, 4, 5, 6, Number.NaN, -Infinity]);
    const h = histogram(values, { bins: 4 });
    expect(Array.from(h.edges)).toEqual([0, 1.75, 3.5, 5.25, 7]);
    expect(Array.from(h.counts)).toEqual([2, 2, 2, 2]);
    expect([h.n, h.mean, h.nonFinite]).toEqual([8, 3.5, 2]);
  });

  it("picks the bin count by Freedman–Diaconis (clamped to maxBins) and keeps every value", () => {
    const rng = new Rng(5);
    const v = Float64Array.from({ length: 5000 }, () => rng.normal());
    const copy = Float64Array.from(v);
    const h = histogram(v);
    expect(h.counts.reduce((s, c) => s + c, 0)).toBe(5000);
    expect(h.counts.length).toBeGreaterThan(20);
    expect(h.counts.length).toBeLessThanOrEqual(100);
    expect(histogram(v, { maxBins: 7 }).counts.length).toBe(7);
    expect(Array.from(v)).toEqual(Array.from(copy));
  });

  it("gives one unit-wide bin around a constant sample", () => {
    const h = histogram([3, 3, 3]);
    expect(Array.from(h.edges)).toEqual([2.5, 3.5]);
    expect(Array.from(h.counts)).toEqual([3]);
  });

  it("throws on no finite value and on bad options, quoting them", () => {
    expect(() => histogram([Number.NaN, Infinity])).toThrow("histogram: no finite values among 2");
    expect(() => histogram([1], { bins: 0 })).toThrow("bins must be a positive integer, got 0");
    expect(() => histogram([1], { maxBins: 1.5 })).toThrow("maxBins must be a positive integer, got 1.5");
  });
});
