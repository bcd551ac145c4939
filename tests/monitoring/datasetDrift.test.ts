import { describe, expect, it } from "vitest";
import { datasetDrift } from "../../src/monitoring/datasetDrift.js";
import type { DriftTestResult } from "../../src/monitoring/driftResult.js";

const ks = (pValue: number): DriftTestResult => ({ method: "ks", statistic: 0.1, pValue, threshold: 0.05, driftWhen: "pValue < threshold", drifted: pValue < 0.05 });
const distance = (statistic: number): DriftTestResult => ({ method: "wasserstein", statistic, threshold: 0.1, driftWhen: "statistic >= threshold", drifted: statistic >= 0.1 });

describe("datasetDrift", () => {
  it("is the share of drifted features, compared with >= the configured share (Evidently default 0.5)", () => {
    const results = [ks(0.01), distance(0.3), ks(0.5), distance(0.01)];
    expect(datasetDrift(results)).toMatchObject({ features: 4, drifted: 2, share: 0.5, threshold: 0.5, datasetDrift: true, correction: "none" });
    expect(datasetDrift(results, 0.75).datasetDrift).toBe(false);
    expect(Array.from(datasetDrift(results).featureDrifted)).toEqual([1, 1, 0, 0]);
  });

  it("adjusts the p-value tests together (Bonferroni, Benjamini–Hochberg) and leaves distances alone", () => {
    const results = [ks(0.01), ks(0.02), ks(0.04), ks(0.3), distance(0.2)];
    expect(datasetDrift(results).drifted).toBe(4);
    // m = 4 p-values: Bonferroni 0.04, 0.08, 0.16, 1 → one; BH 0.04, 0.04, 0.0533, 0.3 → two.
    const bonferroni = datasetDrift(results, 0.5, { correction: "bonferroni" });
    expect(Array.from(bonferroni.featureDrifted)).toEqual([1, 0, 0, 0, 1]);
    expect(bonferroni.adjustedPValues[4]).toBeNaN();
    const bh = datasetDrift(results, 0.5, { correction: "fdr_bh" });
    expect(Array.from(bh.featureDrifted)).toEqual([1, 1, 0, 0, 1]);
    expect(bh.adjustedPValues[2]).toBeCloseTo(0.04 * (4 / 3), 15);
    expect(bh).toMatchObject({ drifted: 3, share: 0.6, datasetDrift: true });
  });

  it("throws on no results and on a share outside (0, 1]", () => {
    expect(() => datasetDrift([])).toThrow(/no feature results/);
    expect(() => datasetDrift([ks(0.1)], 0)).toThrow(/share must be in \(0, 1\], got 0/);
    expect(datasetDrift([ks(0.01)], 1).datasetDrift).toBe(true);
  });
});
