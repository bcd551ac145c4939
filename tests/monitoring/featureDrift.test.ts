import { describe, expect, it } from "vitest";
import { chiSquareTest } from "../../src/monitoring/chiSquareTest.js";
import { categoryBins, quantileBins } from "../../src/monitoring/driftBins.js";
import { featureDrift } from "../../src/monitoring/featureDrift.js";
import { jensenShannon } from "../../src/monitoring/jensenShannon.js";
import { ksTest } from "../../src/monitoring/ksTest.js";
import { psi } from "../../src/monitoring/psi.js";
import { normalizedWasserstein } from "../../src/monitoring/wasserstein.js";
import { Rng } from "../../src/util/rng.js";

function normals(n: number, mean: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: n }, () => mean + rng.normal());
}

/** n values cycling through `levels` (as numbers). */
const cycle = (n: number, levels: number[]): Float64Array => Float64Array.from({ length: n }, (_, i) => levels[i % levels.length]!);
const codes = (n: number, levels: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i % levels);

describe("featureDrift: Evidently's default test choice", () => {
  it("runs KS on a numeric feature with more than 5 distinct values and at most 1000 reference rows", () => {
    const ref = normals(1000, 0, 1);
    const cur = normals(500, 0.3, 2);
    const result = featureDrift(ref, cur, "numeric");
    expect(result).toMatchObject({ ...ksTest(ref, cur), kind: "numeric", referenceRows: 1000, currentRows: 500, reason: "reference 1000 <= 1000 rows, numeric with 1500 distinct values > 5" });
    expect(result.drifted).toBe(true);
  });

  it("runs the normalised Wasserstein distance (threshold 0.1) above 1000 reference rows", () => {
    const ref = normals(1001, 0, 3);
    const cur = normals(800, 0, 4);
    const result = featureDrift(ref, cur, "numeric");
    expect(result).toMatchObject({ ...normalizedWasserstein(ref, cur), reason: "reference 1001 > 1000 rows, numeric with 1801 distinct values > 5" });
    expect(result.threshold).toBe(0.1);
  });

  it("treats a numeric feature with at most 5 distinct values (over both samples) as categorical: chi-square, Z for two, Jensen–Shannon when large", () => {
    expect(featureDrift(cycle(300, [1, 2, 3]), cycle(200, [1, 2, 3, 4, 5]), "numeric").method).toBe("chi-square");
    expect(featureDrift(cycle(300, [1, 2, 3]), cycle(200, [4, 5, 6]), "numeric").method).toBe("ks");
    expect(featureDrift(cycle(300, [0, 1]), cycle(200, [0, 1, 1]), "numeric").method).toBe("z");
    expect(featureDrift(cycle(3000, [0, 1, 2]), cycle(200, [0, 1]), "numeric").method).toBe("jensen-shannon");
  });

  it("runs chi-square or Z on categorical codes up to 1000 reference rows and Jensen–Shannon above", () => {
    const small = featureDrift(codes(600, 4), codes(300, 3), "categorical");
    expect(small).toMatchObject({ ...chiSquareTest(categoryBins(codes(600, 4), codes(300, 3))), distinctValues: 4, reason: "reference 600 <= 1000 rows, categorical with 4 levels" });
    expect(featureDrift(codes(600, 2), codes(300, 2), "categorical").method).toBe("z");
    const large = featureDrift(codes(5000, 4), codes(300, 4), "categorical");
    expect(large).toMatchObject(jensenShannon(categoryBins(codes(5000, 4), codes(300, 4))));
  });

  it("leaves NaN out of the tests, counts them, and sizes the choice on the non-missing reference rows", () => {
    const ref = normals(1010, 0, 5);
    for (let i = 0; i < 20; i++) ref[i * 50] = Number.NaN;
    const cur = normals(400, 0, 6);
    cur[7] = Number.NaN;
    const result = featureDrift(ref, cur, "numeric");
    expect(result).toMatchObject({ method: "ks", referenceRows: 990, currentRows: 399, missing: { reference: 20, current: 1 } });
    expect(result.statistic).toBe(ksTest(ref.filter((v) => !Number.isNaN(v)), cur.filter((v) => !Number.isNaN(v))).statistic);
  });

  it("runs a requested method instead; PSI bins numeric features by reference quantiles with a missing bin", () => {
    const ref = normals(500, 0, 7);
    const cur = normals(500, 0, 8);
    cur[0] = Number.NaN;
    const result = featureDrift(ref, cur, "numeric", { method: "psi", alpha: 0.01 });
    expect(result).toMatchObject({ ...psi(quantileBins(ref, cur), { alpha: 0.01 }), reason: "method psi requested" });
    // 10 quantile bins and the missing bin.
    expect(result).toHaveProperty("degreesOfFreedom", 10);
  });

  it("uses the configured thresholds and sizes", () => {
    const ref = normals(200, 0, 9);
    const cur = normals(200, 0.05, 10);
    const result = featureDrift(ref, cur, "numeric", { largeReference: 100, wassersteinThreshold: 0.5 });
    expect(result).toMatchObject({ method: "wasserstein", threshold: 0.5 });
  });

  it("throws on a test the feature cannot take, on missing-only samples and on mismatched arrays", () => {
    expect(() => featureDrift(codes(10, 3), codes(10, 3), "categorical", { method: "ks" })).toThrow(/method ks needs a numeric feature/);
    expect(() => featureDrift(normals(5, 0, 1), Float64Array.of(Number.NaN, Number.NaN), "numeric")).toThrow(/got reference 5 of 5 and current 0 of 2/);
    expect(() => featureDrift(codes(4, 2) as unknown as Float64Array, normals(4, 0, 1), "numeric")).toThrow(/a numeric feature needs Float64Array values/);
    expect(() => featureDrift(normals(5, 0, 1), normals(5, 0, 2), "numeric", { alpha: 5 })).toThrow(/alpha must be in \(0, 1\), got 5/);
  });
});
