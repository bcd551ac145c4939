import { describe, expect, it } from "vitest";
import { normalizedWasserstein, wassersteinDistance } from "../../src/monitoring/wasserstein.js";
import { driftReference, numericCases, relativeError, values } from "./driftReference.js";

const finite = (stored: readonly (number | null)[]): Float64Array => values(stored).filter((v) => !Number.isNaN(v));

describe("wassersteinDistance", () => {
  it("is the shift between translated samples (scipy's example [0, 1, 3] vs [5, 6, 8] = 5) and the area between the ECDFs for uneven sizes", () => {
    expect(wassersteinDistance(Float64Array.of(0, 1, 3), Float64Array.of(5, 6, 8))).toBeCloseTo(5, 15);
    // F_u − F_v is ¼ on [0, ½) and −¼ on [1, 1.5): area ¼.
    expect(wassersteinDistance(Float64Array.of(0, 1), Float64Array.of(0, 0.5, 1, 1.5))).toBeCloseTo(0.25, 15);
    expect(wassersteinDistance(Float64Array.of(1, 1), Float64Array.of(1))).toBe(0);
  });

  it(`matches scipy ${driftReference.meta.scipy} wasserstein_distance, and the normalised form / max(np.std, 0.001), within 1e-12 relative`, () => {
    for (const c of numericCases) {
      const ref = finite(c.reference);
      const cur = finite(c.current);
      expect(relativeError(wassersteinDistance(ref, cur), c.wasserstein.distance), c.name).toBeLessThan(1e-12);
      expect(relativeError(normalizedWasserstein(ref, cur).statistic, c.wasserstein.normalized), c.name).toBeLessThan(1e-12);
    }
  });

  it("throws on non-finite values and empty samples", () => {
    expect(() => wassersteinDistance(Float64Array.of(1, Infinity), Float64Array.of(1))).toThrow(/u\[1\] = Infinity is not a finite number/);
    expect(() => wassersteinDistance(Float64Array.of(1), new Float64Array(0))).toThrow(/empty input \(v has length 0\)/);
  });
});

describe("normalizedWasserstein", () => {
  it("divides by the reference's population standard deviation, floored at 0.001 for a constant reference", () => {
    const result = normalizedWasserstein(Float64Array.of(0, 2), Float64Array.of(1, 3));
    expect(result).toMatchObject({ method: "wasserstein", distance: 1, scale: 1, statistic: 1, threshold: 0.1, driftWhen: "statistic >= threshold", drifted: true });
    const constant = normalizedWasserstein(Float64Array.of(5, 5, 5), Float64Array.of(5, 5.0001));
    expect(constant.scale).toBe(0.001);
    expect(constant.statistic).toBeCloseTo(0.05, 10);
    expect(constant.drifted).toBe(false);
  });
});
