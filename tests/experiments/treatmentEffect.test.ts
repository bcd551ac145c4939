import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { averageTreatmentEffect, treatmentEffect, twoProportionZTest } from "../../src/experiments/treatmentEffect.js";
import { normalQuantile } from "../../src/experiments/normal.js";

/** The statsmodels proportions slice of tests/fixtures/experiments-reference.json (scripts/reference/experiments_reference.py). */
interface ProportionsReference {
  readonly meta: { readonly statsmodels: string };
  readonly proportions: {
    readonly control_n: number;
    readonly control_churned: number;
    readonly treated_n: number;
    readonly treated_churned: number;
    readonly alpha: number;
    readonly z: number;
    readonly p_value: number;
    readonly ci_lower: number;
    readonly ci_upper: number;
  }[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/experiments-reference.json", import.meta.url), "utf8")) as ProportionsReference;

/** Unit-level data with the given counts: control rows first, churners first within each arm. */
function units(controlN: number, controlEvents: number, treatedN: number, treatedEvents: number): { churned: Uint8Array; treatment: Uint8Array } {
  const churned = new Uint8Array(controlN + treatedN);
  const treatment = new Uint8Array(controlN + treatedN);
  churned.fill(1, 0, controlEvents);
  treatment.fill(1, controlN);
  churned.fill(1, controlN, controlN + treatedEvents);
  return { churned, treatment };
}

describe("treatmentEffect", () => {
  it(`matches statsmodels ${fixture.meta.statsmodels} proportions_ztest and the Wald confint_proportions_2indep to 1e-10`, () => {
    expect(fixture.proportions.length).toBeGreaterThanOrEqual(10);
    for (const c of fixture.proportions) {
      const r = treatmentEffect({ controlN: c.control_n, controlEvents: c.control_churned, treatedN: c.treated_n, treatedEvents: c.treated_churned }, c.alpha);
      expect(Math.abs(r.z - c.z)).toBeLessThan(1e-10);
      expect(Math.abs(r.pValue - c.p_value)).toBeLessThan(1e-10);
      expect(Math.abs(r.lower - c.ci_lower)).toBeLessThan(1e-10);
      expect(Math.abs(r.upper - c.ci_upper)).toBeLessThan(1e-10);
      // The SE is the Wald half-width over z_{1−α/2}.
      expect(Math.abs(r.standardError - (c.ci_upper - c.ci_lower) / (2 * -normalQuantile(c.alpha / 2)))).toBeLessThan(1e-12);
    }
  });

  it("signs the effect as a reduction in churn: control rate − treated rate", () => {
    const r = treatmentEffect({ controlN: 1000, controlEvents: 265, treatedN: 1000, treatedEvents: 231 }, 0.05);
    expect(r.controlRate).toBe(0.265);
    expect(r.treatedRate).toBe(0.231);
    expect(r.effect).toBeCloseTo(0.034, 15);
    expect(r.z).toBeGreaterThan(0);
    expect(r.lower).toBeLessThan(r.effect);
    expect(r.upper).toBeGreaterThan(r.effect);
    expect(r.alpha).toBe(0.05);
  });

  it("degenerates gracefully when both arms have the same all-0 rate: z = 0, p = 1, a point interval", () => {
    const r = treatmentEffect({ controlN: 50, controlEvents: 0, treatedN: 70, treatedEvents: 0 }, 0.05);
    expect(r).toMatchObject({ effect: 0, standardError: 0, lower: 0, upper: 0, z: 0, pValue: 1 });
    expect(twoProportionZTest(10, 10, 5, 5)).toEqual({ z: 0, pValue: 1 });
  });

  it("throws on impossible counts or alpha, quoting the value", () => {
    const ok = { controlN: 10, controlEvents: 2, treatedN: 10, treatedEvents: 3 };
    expect(() => treatmentEffect({ ...ok, controlN: 0 }, 0.05)).toThrow(/controlN must be an integer >= 1, got 0/);
    expect(() => treatmentEffect({ ...ok, treatedEvents: 11 }, 0.05)).toThrow(/treatedEvents=11 exceeds treatedN=10/);
    expect(() => treatmentEffect({ ...ok, controlEvents: 1.5 }, 0.05)).toThrow(/controlEvents must be an integer >= 0, got 1.5/);
    expect(() => treatmentEffect(ok, 1)).toThrow(/alpha must be in \(0, 1\), got 1/);
  });
});

describe("averageTreatmentEffect", () => {
  it("equals treatmentEffect of the counts of unit-level data", () => {
    const { churned, treatment } = units(120, 30, 80, 9);
    expect(averageTreatmentEffect(churned, treatment, 0.01)).toEqual(treatmentEffect({ controlN: 120, controlEvents: 30, treatedN: 80, treatedEvents: 9 }, 0.01));
  });

  it("throws on empty input, length mismatch, non-binary values and a single arm; does not mutate", () => {
    expect(() => averageTreatmentEffect(new Uint8Array(0), new Uint8Array(0), 0.05)).toThrow(/empty input \(churned has length 0\)/);
    expect(() => averageTreatmentEffect(Uint8Array.of(0, 1), Uint8Array.of(0, 1, 1), 0.05)).toThrow(/lengths differ \(churned 2, treatment 3\)/);
    expect(() => averageTreatmentEffect(Uint8Array.of(0, 2), Uint8Array.of(0, 1), 0.05)).toThrow(/churned\[1\] = 2 is not 0 or 1/);
    expect(() => averageTreatmentEffect(Uint8Array.of(0, 1), Uint8Array.of(3, 1), 0.05)).toThrow(/treatment\[0\] = 3 is not 0 or 1/);
    expect(() => averageTreatmentEffect(Uint8Array.of(0, 1), Uint8Array.of(1, 1), 0.05)).toThrow(/single arm \(2 treated of 2 units\)/);
    const { churned, treatment } = units(20, 5, 20, 3);
    const before = [Array.from(churned), Array.from(treatment)];
    averageTreatmentEffect(churned, treatment, 0.05);
    expect([Array.from(churned), Array.from(treatment)]).toEqual(before);
  });
});
