import { describe, expect, it } from "vitest";
import { chiSquareTest } from "../../src/monitoring/chiSquareTest.js";
import { categoryBins, quantileBins } from "../../src/monitoring/driftBins.js";
import { driftReference, relativeError, values } from "./driftReference.js";

describe("chiSquareTest", () => {
  it("computes Pearson's χ² of the 2 × k table without continuity correction", () => {
    // Table [[10, 20], [20, 10]]: every expected count 15, χ² = 4·25/15.
    const result = chiSquareTest(categoryBins(Uint8Array.from([...Array(10).fill(0), ...Array(20).fill(1)]), Uint8Array.from([...Array(20).fill(0), ...Array(10).fill(1)])));
    expect(result.statistic).toBeCloseTo(100 / 15, 13);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.driftWhen).toBe("pValue < threshold");
  });

  it(`matches scipy ${driftReference.meta.scipy} chi2_contingency(correction=False): χ² within 1e-12, p within 1e-9 relative`, () => {
    for (const c of driftReference.samples) {
      if (c.chiSquare === undefined) continue;
      const bins = c.kind === "numeric" ? quantileBins(values(c.reference), values(c.current)) : categoryBins(Uint32Array.from(c.reference), Uint32Array.from(c.current));
      const result = chiSquareTest(bins);
      expect(relativeError(result.statistic, c.chiSquare.statistic), c.name).toBeLessThan(1e-12);
      expect(relativeError(result.pValue, c.chiSquare.pValue), c.name).toBeLessThan(1e-9);
      expect(result.degreesOfFreedom, c.name).toBe(c.chiSquare.dof);
    }
  });

  it("gives one occupied bin χ² = 0 and p = 1", () => {
    expect(chiSquareTest(categoryBins(Uint8Array.of(2, 2), Uint8Array.of(2)))).toMatchObject({ statistic: 0, pValue: 1, drifted: false, degreesOfFreedom: 0 });
  });
});
