import { describe, expect, it } from "vitest";
import { incompleteGamma, logGamma, regularizedGammaP, regularizedGammaQ } from "../../src/monitoring/incompleteGamma.js";
import { relativeError } from "./driftReference.js";

describe("logGamma", () => {
  it("gives ln (n − 1)! at the integers and ln √π at ½", () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n++) {
      expect(Math.abs(logGamma(n) - Math.log(factorial))).toBeLessThan(1e-13 * Math.max(1, Math.log(factorial)));
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(relativeError(logGamma(1000.5), 5908.674175848678)).toBeLessThan(1e-14);
  });

  it("throws on x <= 0 or NaN, quoting it", () => {
    expect(() => logGamma(0)).toThrow(/positive finite number, got 0/);
    expect(() => logGamma(Number.NaN)).toThrow(/got NaN/);
  });
});

describe("incompleteGamma", () => {
  it("matches the closed forms P(1, x) = 1 − e^(−x) and Q(2, x) = (1 + x) e^(−x) on both sides of x = a + 1", () => {
    for (const x of [0.01, 0.5, 1.9, 2.1, 7, 40]) {
      expect(relativeError(regularizedGammaP(1, x), -Math.expm1(-x))).toBeLessThan(1e-14);
      expect(relativeError(regularizedGammaQ(2, x), (1 + x) * Math.exp(-x))).toBeLessThan(1e-14);
    }
  });

  it("returns P + Q = 1 with the small tail at full relative precision", () => {
    const { lower, upper } = incompleteGamma(3, 80);
    expect(lower + upper).toBe(1);
    // Q(3, 80) = e^(−80)(1 + 80 + 80²/2), far below the rounding of 1 − P.
    expect(relativeError(upper, Math.exp(-80) * (1 + 80 + 3200))).toBeLessThan(1e-13);
  });

  it("handles the ends x = 0 and x = Infinity and rejects a <= 0 or x < 0", () => {
    expect(incompleteGamma(2.5, 0)).toEqual({ lower: 0, upper: 1 });
    expect(incompleteGamma(2.5, Infinity)).toEqual({ lower: 1, upper: 0 });
    expect(() => incompleteGamma(0, 1)).toThrow(/a must be a positive finite number, got 0/);
    expect(() => incompleteGamma(1, -1)).toThrow(/x must be >= 0, got -1/);
  });
});
