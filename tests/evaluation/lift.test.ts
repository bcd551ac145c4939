import { describe, expect, it } from "vitest";
import { captureAtTop, liftAtTop, topCount, topIndices } from "../../src/evaluation/lift.js";
import { UndefinedMetricError } from "../../src/evaluation/checks.js";

// Rows 0 and 1 tie at 0.9, rows 2–4 tie at 0.5; positives are rows 1 and 4.
const y = Uint8Array.of(0, 1, 0, 0, 1, 0, 0, 0, 0, 0);
const p = Float64Array.of(0.9, 0.9, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1);

describe("topCount", () => {
  it("is ⌈fraction·n⌉ without float noise, at least 1", () => {
    expect(topCount(0.1, 30)).toBe(3); // 0.1·30 = 3.0000000000000004
    expect(topCount(0.15, 10)).toBe(2);
    expect(topCount(0.01, 10)).toBe(1);
    expect(topCount(1, 7)).toBe(7);
    expect(() => topCount(0, 10)).toThrow(/fraction must be in \(0, 1\], got 0/);
    expect(() => topCount(1.2, 10)).toThrow(/got 1.2/);
  });
});

describe("topIndices", () => {
  it("orders by score descending, ties by original index ascending", () => {
    expect(Array.from(topIndices(p, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(topIndices(Float64Array.of(0.2, 0.7, 0.2, 0.7), 4))).toEqual([1, 3, 0, 2]);
  });
});

describe("liftAtTop / captureAtTop", () => {
  it("cut inside a tied group keeps the earlier rows (deterministic)", () => {
    // Top 30 % = rows 0, 1, 2: one positive of two; base rate 0.2.
    expect(captureAtTop(y, p, 0.3)).toBe(0.5);
    expect(liftAtTop(y, p, 0.3)).toBeCloseTo(1 / 3 / 0.2, 15);
    // Top 50 % = rows 0–4: both positives.
    expect(captureAtTop(y, p, 0.5)).toBe(1);
    expect(liftAtTop(y, p, 0.5)).toBeCloseTo(2, 15);
    // The whole population: lift 1, capture 1.
    expect(liftAtTop(y, p, 1)).toBeCloseTo(1, 15);
    expect(captureAtTop(y, p, 1)).toBe(1);
  });

  it("reaches 1 / fraction for a perfect ranking", () => {
    const yy = Uint8Array.of(1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    const pp = Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0);
    expect(liftAtTop(yy, pp, 0.2)).toBeCloseTo(5, 15);
    expect(captureAtTop(yy, pp, 0.2)).toBe(1);
  });

  it("throws UndefinedMetricError without positives and RangeError on bad input; does not mutate", () => {
    expect(() => liftAtTop(new Uint8Array(4), Float64Array.of(0.1, 0.2, 0.3, 0.4), 0.5)).toThrow(UndefinedMetricError);
    expect(() => captureAtTop(y, p.subarray(0, 9), 0.5)).toThrow(/yTrue 10, yProb 9/);
    expect(() => captureAtTop(y, p, 0)).toThrow(/fraction/);
    const [y0, p0] = [y.slice(), p.slice()];
    liftAtTop(y, p, 0.3);
    captureAtTop(y, p, 0.3);
    expect([y, p]).toEqual([y0, p0]);
  });
});
