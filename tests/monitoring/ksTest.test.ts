import { describe, expect, it } from "vitest";
import { ksTest } from "../../src/monitoring/ksTest.js";
import { driftReference, numericCases, relativeError, values } from "./driftReference.js";

const finite = (stored: readonly (number | null)[]): Float64Array => values(stored).filter((v) => !Number.isNaN(v));

describe("ksTest", () => {
  it("computes D over the pooled values with ties (right-continuous ECDFs)", () => {
    // F_ref − F_cur at 1: 2/4 − 0; at 2: 3/4 − 2/4; at 3: 1 − 3/4 → D = ½.
    const result = ksTest(Float64Array.of(1, 1, 2, 3), Float64Array.of(2, 2, 3, 4));
    expect(result.statistic).toBe(0.5);
    expect(result.effectiveN).toBe(2);
  });

  it("rounds n₁n₂/(n₁ + n₂) half to even like numpy (5 vs 5 → 2.5 → 2)", () => {
    expect(ksTest(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(1.5, 2.5, 3.5, 4.5, 5.5)).effectiveN).toBe(2);
  });

  it.each(numericCases.map((c) => [c.name, c] as const))(
    `%s: D within 1e-15 and the p-value within 1e-9 relative of scipy ${driftReference.meta.scipy} ks_2samp(method="asymp")`,
    (_name, c) => {
      const result = ksTest(finite(c.reference), finite(c.current));
      expect(Math.abs(result.statistic - c.ks.statistic)).toBeLessThan(1e-15);
      expect(relativeError(result.pValue, c.ks.pValue)).toBeLessThan(1e-9);
      expect(result.drifted).toBe(c.ks.pValue < 0.05);
    },
  );

  it("is symmetric in its samples and does not mutate them", () => {
    const a = finite(numericCases[0]!.reference);
    const b = finite(numericCases[0]!.current);
    const [a0, b0] = [a.slice(), b.slice()];
    const ab = ksTest(a, b);
    const ba = ksTest(b, a);
    expect(ba.statistic).toBe(ab.statistic);
    expect(ba.pValue).toBe(ab.pValue);
    expect(a).toEqual(a0);
    expect(b).toEqual(b0);
  });

  it("throws on NaN (missing values are the caller's to drop), empty samples and a bad level", () => {
    expect(() => ksTest(Float64Array.of(1, Number.NaN), Float64Array.of(1))).toThrow(/reference\[1\] = NaN is not a finite number/);
    expect(() => ksTest(Float64Array.of(1), new Float64Array(0))).toThrow(/empty input \(current has length 0\)/);
    expect(() => ksTest(Float64Array.of(1), Float64Array.of(2), { alpha: 0 })).toThrow(/alpha must be in \(0, 1\), got 0/);
  });
});
