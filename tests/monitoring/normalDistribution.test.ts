import { describe, expect, it } from "vitest";
import { normalSf } from "../../src/monitoring/normalDistribution.js";
import { driftReference, relativeError } from "./driftReference.js";

describe("normalSf", () => {
  it(`matches scipy ${driftReference.meta.scipy} norm.sf within 1e-12 relative, tails to z = 30`, () => {
    for (const row of driftReference.distributions.normal) expect(relativeError(normalSf(row.z), row.sf)).toBeLessThan(1e-12);
  });

  it("is ½ at 0, symmetric, and gives 0.025 at 1.959964", () => {
    expect(normalSf(0)).toBe(0.5);
    expect(normalSf(-1.3) + normalSf(1.3)).toBeCloseTo(1, 15);
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 15);
    expect(() => normalSf(Number.NaN)).toThrow(/z is NaN/);
  });
});
