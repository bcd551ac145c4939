import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cohensH, experimentPower, experimentSampleSize, normalIndPower, normalIndSampleSize } from "../../src/experiments/power.js";

/** The statsmodels power slices of tests/fixtures/experiments-reference.json (scripts/reference/experiments_reference.py). */
interface PowerReference {
  readonly meta: { readonly statsmodels: string };
  readonly cohens_h: { readonly p1: number; readonly p2: number; readonly h: number }[];
  readonly power: { readonly h: number; readonly nobs1: number; readonly alpha: number; readonly ratio: number; readonly power: number }[];
  readonly sample_size: { readonly h: number; readonly alpha: number; readonly power: number; readonly ratio: number; readonly nobs1: number; readonly achieved: number }[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/experiments-reference.json", import.meta.url), "utf8")) as PowerReference;
const sm = fixture.meta.statsmodels;

describe("cohensH", () => {
  it(`matches statsmodels ${sm} proportion_effectsize to 1e-14`, () => {
    for (const c of fixture.cohens_h) expect(Math.abs(cohensH(c.p1, c.p2) - c.h)).toBeLessThan(1e-14);
  });

  it("is antisymmetric and throws outside [0, 1]", () => {
    expect(cohensH(0.3, 0.2)).toBe(-cohensH(0.2, 0.3));
    expect(cohensH(0.4, 0.4)).toBe(0);
    expect(() => cohensH(1.1, 0.2)).toThrow(/p1 must be in \[0, 1\], got 1.1/);
  });
});

describe("normalIndPower", () => {
  it(`matches statsmodels ${sm} NormalIndPower().power to 1e-12 (the opposite-tail term included)`, () => {
    for (const c of fixture.power) expect(Math.abs(normalIndPower(c.h, c.nobs1, c.alpha, c.ratio) - c.power)).toBeLessThan(1e-12);
  });

  it("tends to alpha as the sample shrinks and to 1 as it grows; symmetric in the sign of h", () => {
    expect(normalIndPower(0.1, 1e-9, 0.05, 1)).toBeCloseTo(0.05, 6);
    expect(normalIndPower(0.1, 1e7, 0.05, 1)).toBe(1);
    expect(normalIndPower(-0.2, 300, 0.05, 2)).toBe(normalIndPower(0.2, 300, 0.05, 2));
  });

  it("throws on invalid arguments, quoting them", () => {
    expect(() => normalIndPower(0, 100, 0.05, 1)).toThrow(/effectSize must be finite and non-zero, got 0/);
    expect(() => normalIndPower(0.2, -1, 0.05, 1)).toThrow(/nobs1 must be finite and > 0, got -1/);
    expect(() => normalIndPower(0.2, 100, 0.05, 0)).toThrow(/sizeRatio \(n2\/n1\) must be finite and > 0, got 0/);
  });
});

describe("normalIndSampleSize", () => {
  it(`matches statsmodels ${sm} NormalIndPower().solve_power within 1e-6 relative and solves the power equation to 1e-12`, () => {
    for (const c of fixture.sample_size) {
      const n1 = normalIndSampleSize(c.h, c.alpha, c.power, c.ratio);
      expect(Math.abs(n1 - c.nobs1) / c.nobs1).toBeLessThan(1e-6);
      // Ours is the exact root; statsmodels' root finder stops at |power − target| ≈ |achieved − power|.
      expect(Math.abs(normalIndPower(c.h, n1, c.alpha, c.ratio) - c.power)).toBeLessThan(1e-12);
    }
  });

  it("throws unless alpha < power < 1", () => {
    expect(() => normalIndSampleSize(0.1, 0.05, 0.04, 1)).toThrow(/power must be in \(alpha, 1\) = \(0.05, 1\), got 0.04/);
    expect(() => normalIndSampleSize(0.1, 0.05, 1, 1)).toThrow(/got 1$/);
  });
});

describe("experimentSampleSize and experimentPower", () => {
  it("plans a churn experiment: 26.5% base rate, a 3-point reduction, α = 0.05, power 0.8, equal arms", () => {
    const plan = experimentSampleSize({ baseRate: 0.265, mde: 0.03, alpha: 0.05, power: 0.8, ratio: 0.5 });
    const h = cohensH(0.265, 0.265 - 0.03);
    expect(plan.effectSize).toBe(h);
    expect(plan.exactControl).toBeCloseTo(normalIndSampleSize(h, 0.05, 0.8, 1), 9);
    expect(plan.control).toBe(Math.ceil(plan.exactControl));
    expect(plan.treated).toBe(plan.control);
    expect(plan.total).toBe(2 * plan.control);
    expect(plan.achievedPower).toBeGreaterThanOrEqual(0.8);
    expect(experimentPower({ baseRate: 0.265, mde: 0.03, alpha: 0.05, control: plan.control, treated: plan.treated })).toBe(plan.achievedPower);
    // One unit fewer per arm falls short of the target.
    expect(experimentPower({ baseRate: 0.265, mde: 0.03, alpha: 0.05, control: plan.control - 1, treated: plan.treated - 1 })).toBeLessThan(0.8);
  });

  it("maps the treated share to statsmodels' size ratio: 10% treated needs a larger control arm than 50%", () => {
    const options = { baseRate: 0.2, mde: 0.02, alpha: 0.05, power: 0.8 };
    const balanced = experimentSampleSize({ ...options, ratio: 0.5 });
    const small = experimentSampleSize({ ...options, ratio: 0.1 });
    expect(small.exactControl).toBeCloseTo(normalIndSampleSize(small.effectSize, 0.05, 0.8, 0.1 / 0.9), 9);
    expect(small.treated).toBeLessThan(small.control);
    expect(small.total).toBeGreaterThan(balanced.total);
  });

  it("throws on an MDE that is not a reduction within the base rate, or a bad share", () => {
    const options = { baseRate: 0.2, alpha: 0.05, power: 0.8, ratio: 0.5 };
    expect(() => experimentSampleSize({ ...options, mde: 0 })).toThrow(/mde must be in \(0, baseRate\] = \(0, 0.2\], got 0/);
    expect(() => experimentSampleSize({ ...options, mde: 0.3 })).toThrow(/got 0.3/);
    expect(() => experimentSampleSize({ ...options, mde: 0.02, ratio: 1 })).toThrow(/ratio must be in \(0, 1\), got 1/);
    expect(() => experimentPower({ baseRate: 0.2, mde: 0.02, alpha: 0.05, control: 0, treated: 10 })).toThrow(/control must be an integer >= 1, got 0/);
  });
});
