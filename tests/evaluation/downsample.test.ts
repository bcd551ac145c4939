import { describe, expect, it } from "vitest";
import { downsampleCurve, MAX_CURVE_POINTS, toDrawingPrecision } from "../../src/evaluation/downsample.js";

describe("downsampleCurve", () => {
  it("keeps short curves whole and thins long ones to ≤ max points with both ends and the corner", () => {
    expect(Array.from(downsampleCurve([0, 0.5, 1], [0, 1, 1]))).toEqual([0, 1, 2]);
    const n = 10_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // Up the y axis in 5,000 points, then along y = 1: an L with its corner at index 4,999.
      x[i] = i < 5000 ? 0 : (i - 4999) / 5000;
      y[i] = i < 5000 ? i / 4999 : 1;
    }
    const idx = downsampleCurve(x, y);
    expect(idx.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(idx.length).toBeGreaterThan(0.9 * MAX_CURVE_POINTS);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
    expect(Array.from(idx).some((i) => x[i]! < 0.005 && y[i]! > 0.995)).toBe(true);
    expect(() => downsampleCurve([1], [1, 2])).toThrow("x and y lengths differ (x 1, y 2)");
    expect(() => downsampleCurve([1], [1], 2)).toThrow("maxPoints must be an integer >= 3, got 2");
    expect(() => downsampleCurve([], [])).toThrow("empty input");
  });
});

describe("toDrawingPrecision", () => {
  it("rounds to 6 significant digits and leaves non-finite values alone", () => {
    expect([toDrawingPrecision(0.123456789), toDrawingPrecision(12345678), toDrawingPrecision(-1e-9 / 3)]).toEqual([0.123457, 12345700, -3.33333e-10]);
    expect([toDrawingPrecision(Infinity), toDrawingPrecision(Number.NaN)]).toEqual([Infinity, Number.NaN]);
  });
});
