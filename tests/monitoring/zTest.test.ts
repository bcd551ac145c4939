import { describe, expect, it } from "vitest";
import { chiSquareTest } from "../../src/monitoring/chiSquareTest.js";
import { categoryBins } from "../../src/monitoring/driftBins.js";
import { zTest } from "../../src/monitoring/zTest.js";
import { categoricalCases, relativeError } from "./driftReference.js";

describe("zTest", () => {
  it("matches the reference two-proportion z and 2·norm.sf(|z|) within 1e-12 / 1e-9 relative", () => {
    const binary = categoricalCases.find((c) => c.z !== undefined)!;
    const result = zTest(categoryBins(Uint8Array.from(binary.reference), Uint8Array.from(binary.current)));
    expect(relativeError(result.statistic, binary.z!.statistic)).toBeLessThan(1e-12);
    expect(relativeError(result.pValue, binary.z!.pValue)).toBeLessThan(1e-9);
  });

  it("agrees with the 2 × 2 chi-square test (z² = χ², same p-value)", () => {
    const bins = categoryBins(Uint8Array.from({ length: 90 }, (_, i) => (i % 3 === 0 ? 1 : 0)), Uint8Array.from({ length: 70 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
    const z = zTest(bins);
    const chi = chiSquareTest(bins);
    expect(z.statistic ** 2).toBeCloseTo(chi.statistic, 12);
    expect(relativeError(z.pValue, chi.pValue)).toBeLessThan(1e-12);
  });

  it("gives p = 1 when both samples hold the same single value, and rejects more than two levels", () => {
    expect(zTest(categoryBins(Uint8Array.of(1, 1), Uint8Array.of(1)))).toMatchObject({ statistic: 0, pValue: 1, drifted: false });
    expect(() => zTest(categoryBins(Uint8Array.of(0, 1, 2), Uint8Array.of(0)))).toThrow(/at most 2 occupied bins\), got 3/);
  });
});
