import { describe, expect, it } from "vitest";
import { adjustPValues, type PValueCorrection } from "../../src/monitoring/multipleTesting.js";
import { driftReference } from "./driftReference.js";

const { pValues, results } = driftReference.multipleTesting;

describe("adjustPValues", () => {
  it.each(results.map((r) => [r.method, r.alpha, r] as const))(
    `%s at α = %s matches statsmodels ${driftReference.meta.statsmodels} multipletests (adjusted within 1e-15, same rejections)`,
    (method, alpha, expected) => {
      const { adjusted, rejected } = adjustPValues(Float64Array.from(pValues), method, alpha);
      for (let i = 0; i < pValues.length; i++) expect(Math.abs(adjusted[i]! - expected.adjusted[i]!)).toBeLessThan(1e-15);
      expect(Array.from(rejected)).toEqual(expected.rejected);
    },
  );

  it("applies the Benjamini–Hochberg step-up on a hand example", () => {
    // Sorted p: 0.01, 0.02, 0.03, 0.5 (m = 4): raw m·p/i = 0.04, 0.04, 0.04, 0.5; all of the first three rejected at 0.05.
    const { adjusted, rejected } = adjustPValues(Float64Array.of(0.03, 0.5, 0.01, 0.02), "fdr_bh");
    expect(Array.from(adjusted)).toEqual([0.04, 0.5, 0.04, 0.04]);
    expect(Array.from(rejected)).toEqual([1, 0, 1, 1]);
    expect(Array.from(adjustPValues(Float64Array.of(0.03, 0.5), "bonferroni").adjusted)).toEqual([0.06, 1]);
  });

  it("throws on empty input, p-values outside [0, 1] and unknown methods", () => {
    expect(() => adjustPValues(new Float64Array(0), "fdr_bh")).toThrow(/empty input/);
    expect(() => adjustPValues(Float64Array.of(0.1, Number.NaN), "fdr_bh")).toThrow(/pValues\[1\] = NaN is outside \[0, 1\]/);
    expect(() => adjustPValues(Float64Array.of(0.1), "holm" as PValueCorrection)).toThrow(/method must be "bonferroni" or "fdr_bh", got "holm"/);
  });
});
