import { describe, expect, it } from "vitest";
import { chiSquareCdf, chiSquareIsf, chiSquareQuantile, chiSquareSf } from "../../src/monitoring/chiSquareDistribution.js";
import { driftReference, relativeError } from "./driftReference.js";

const { chi2, chi2Quantiles } = driftReference.distributions;
const scipy = driftReference.meta.scipy;

describe("chi-square distribution", () => {
  it(`cdf and sf match scipy ${scipy} chi2.cdf / chi2.sf within 1e-10 relative (${chi2.length} points, df 1–1000)`, () => {
    let worst = 0;
    for (const row of chi2) {
      worst = Math.max(worst, relativeError(chiSquareCdf(row.x, row.df), row.cdf));
      // The sf underflows to 0 at df = 1, x = 1100 in both.
      if (row.sf > 1e-300) worst = Math.max(worst, relativeError(chiSquareSf(row.x, row.df), row.sf));
      else expect(chiSquareSf(row.x, row.df)).toBeLessThan(1e-300);
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it(`quantile and isf match scipy chi2.ppf / chi2.isf within 1e-10 relative, levels 1e-12 … 0.999 (${chi2Quantiles.length} points)`, () => {
    let worst = 0;
    for (const row of chi2Quantiles) {
      worst = Math.max(worst, relativeError(chiSquareQuantile(row.p, row.df), row.ppf), relativeError(chiSquareIsf(row.p, row.df), row.isf));
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it("inverts its own tails: sf(isf(α)) = α and cdf(quantile(p)) = p", () => {
    for (const df of [1, 4, 9, 30]) {
      for (const a of [1e-9, 0.01, 0.05, 0.5, 0.9]) {
        expect(relativeError(chiSquareSf(chiSquareIsf(a, df), df), a)).toBeLessThan(1e-12);
        expect(relativeError(chiSquareCdf(chiSquareQuantile(a, df), df), a)).toBeLessThan(1e-12);
      }
    }
  });

  it("gives the textbook critical values 3.841 (df 1) and 16.919 (df 9) at α = 0.05", () => {
    expect(chiSquareIsf(0.05, 1)).toBeCloseTo(3.841458820694124, 12);
    expect(chiSquareIsf(0.05, 9)).toBeCloseTo(16.918977604620448, 12);
  });

  it("handles the ends and rejects bad arguments with the value quoted", () => {
    expect(chiSquareCdf(0, 3)).toBe(0);
    expect(chiSquareSf(-1, 3)).toBe(1);
    expect(chiSquareQuantile(0, 3)).toBe(0);
    expect(chiSquareQuantile(1, 3)).toBe(Infinity);
    expect(chiSquareIsf(0, 3)).toBe(Infinity);
    expect(() => chiSquareSf(1, 0)).toThrow(/degrees of freedom must be a positive finite number, got 0/);
    expect(() => chiSquareQuantile(1.5, 2)).toThrow(/p must be in \[0, 1\], got 1.5/);
    expect(() => chiSquareIsf(-0.1, 2)).toThrow(/alpha must be in \[0, 1\], got -0.1/);
    expect(() => chiSquareCdf(Number.NaN, 2)).toThrow(/x is NaN/);
  });
});
