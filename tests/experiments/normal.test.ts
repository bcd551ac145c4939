import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { erfc, normalCdf, normalPdf, normalQuantile } from "../../src/experiments/normal.js";

/** The scipy.stats.norm slice of tests/fixtures/experiments-reference.json (scripts/reference/experiments_reference.py). */
interface NormalReference {
  readonly meta: { readonly scipy: string };
  readonly normal: { readonly x: number[]; readonly cdf: number[]; readonly p: number[]; readonly ppf: number[] };
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/experiments-reference.json", import.meta.url), "utf8")) as NormalReference;

function relativeError(actual: number, expected: number): number {
  return expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
}

describe("normalCdf", () => {
  it(`matches scipy.stats.norm.cdf (scipy ${fixture.meta.scipy}) to 1e-12 relative, deep lower tail included`, () => {
    const { x, cdf } = fixture.normal;
    expect(x.length).toBeGreaterThan(90);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, relativeError(normalCdf(x[i]!), cdf[i]!));
    expect(worst).toBeLessThan(1e-12);
  });

  it("is symmetric, exact at 0 and saturates in the tails", () => {
    expect(normalCdf(0)).toBe(0.5);
    for (const z of [0.1, 0.46875, 1, 1.96, 3.5, 6]) expect(normalCdf(z) + normalCdf(-z)).toBeCloseTo(1, 15);
    expect(normalCdf(40)).toBe(1);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe("erfc", () => {
  it("has the known values and the reflection erfc(−x) = 2 − erfc(x)", () => {
    expect(erfc(0)).toBe(1);
    expect(relativeError(erfc(1), 0.157299207050285130658)).toBeLessThan(1e-15);
    expect(relativeError(erfc(5), 1.53745979442803485018e-12)).toBeLessThan(1e-14);
    expect(relativeError(erfc(-0.3), 1.32862675945912742764)).toBeLessThan(1e-15);
    for (const x of [0.2, 0.5, 2, 4.5]) expect(erfc(-x)).toBeCloseTo(2 - erfc(x), 15);
  });
});

describe("normalPdf", () => {
  it("is the density: 1/√(2π) at 0 and the slope of the CDF", () => {
    expect(normalPdf(0)).toBeCloseTo(0.3989422804014327, 15);
    const h = 1e-5;
    for (const z of [-2, -0.5, 0.7, 2.5]) expect((normalCdf(z + h) - normalCdf(z - h)) / (2 * h)).toBeCloseTo(normalPdf(z), 9);
  });
});

describe("normalQuantile", () => {
  it(`matches scipy.stats.norm.ppf (scipy ${fixture.meta.scipy}) to 1e-12 relative, from 1e-300 to 1 − 1e-10`, () => {
    const { p, ppf } = fixture.normal;
    let worst = 0;
    for (let i = 0; i < p.length; i++) worst = Math.max(worst, relativeError(normalQuantile(p[i]!), ppf[i]!));
    expect(worst).toBeLessThan(1e-12);
  });

  it("inverts normalCdf and has the textbook critical values", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    // Upper-tail round trips lose digits in 1 − Φ(z) itself, so they stop at 1.5.
    for (const z of [-30, -8, -3, -1, -0.2, 0.3, 1.5]) expect(relativeError(normalQuantile(normalCdf(z)), z)).toBeLessThan(1e-9);
  });

  it("maps 0 and 1 to ∓∞ and throws outside [0, 1]", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.2)).toThrow(/p must be in \[0, 1\], got 1.2/);
    expect(() => normalQuantile(Number.NaN)).toThrow(/got NaN/);
  });
});
