import { describe, expect, it } from "vitest";
import { prBand, rocBand } from "../../src/evaluation/curveBands.js";
import { curveSummary } from "../../src/evaluation/curveSummary.js";
import { toDrawingPrecision } from "../../src/evaluation/downsample.js";
import { averagePrecision } from "../../src/evaluation/precisionRecall.js";
import { rocAuc, rocCurve } from "../../src/evaluation/rocAuc.js";
import { Rng } from "../../src/util/rng.js";

function predictions(n: number, seed: number): { y: Uint8Array; p: Float64Array } {
  const rng = new Rng(seed);
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.bernoulli(0.1) ? 1 : 0;
    p[i] = (0.8 * y[i]! + rng.uniform()) / 1.8;
  }
  return { y, p };
}

describe("curveSummary", () => {
  const { y, p } = predictions(5000, 1);
  const options = { replicates: 40, seed: 7, level: 0.9 };
  const s = curveSummary(y, p, options);

  it("holds the areas and base rate of all rows and the curves thinned to at most maxPoints", () => {
    expect(s.rows).toBe(5000);
    expect(s.rocAuc).toBe(rocAuc(y, p));
    expect(s.averagePrecision).toBe(averagePrecision(y, p));
    expect(s.baseRate).toBe(y.reduce((a, v) => a + v, 0) / 5000);
    expect(s.roc.fpr.length).toBeLessThanOrEqual(500);
    expect(s.roc.fpr.length).toBeGreaterThan(400);
    expect([s.roc.fpr[0], s.roc.tpr[0], s.roc.threshold[0]]).toEqual([0, 0, Infinity]);
    expect([s.roc.fpr.at(-1), s.roc.tpr.at(-1)]).toEqual([1, 1]);
    // Every kept point is a point of the exact curve, rounded for drawing.
    const exact = rocCurve(y, p);
    const points = new Set(Array.from(exact.thresholds, (t, i) => [t, exact.fpr[i]!, exact.tpr[i]!].map(toDrawingPrecision).join(" ")));
    s.roc.threshold.forEach((t, k) => expect(points.has([t, s.roc.fpr[k]!, s.roc.tpr[k]!].join(" "))).toBe(true));
    expect(s.roc.tpr.every((v) => v === toDrawingPrecision(v))).toBe(true);
    expect(curveSummary(y, p, { ...options, maxPoints: 50 }).pr.recall.length).toBeLessThanOrEqual(50);
  });

  it("keeps the interpolated precision: non-increasing in recall, one point per recall, ending at recall 1", () => {
    for (let k = 1; k < s.pr.recall.length; k++) {
      expect(s.pr.recall[k]!).toBeGreaterThan(s.pr.recall[k - 1]!);
      expect(s.pr.precision[k]!).toBeLessThanOrEqual(s.pr.precision[k - 1]!);
    }
    expect(s.pr.recall.at(-1)).toBe(1);
    const perfect = curveSummary(Uint8Array.from([0, 0, 1, 1, 0]), Float64Array.from([0.1, 0.2, 0.8, 0.9, 0.3]), { ...options, replicates: 0 });
    expect([Array.from(perfect.pr.recall), Array.from(perfect.pr.precision)]).toEqual([[0.5, 1], [1, 1]]);
  });

  it("bands both curves with the ROC and PR bootstrap of the same seed, on a 101-point grid by default", () => {
    const opts = { ...options, gridPoints: 101 };
    const roc = rocBand(y, p, opts);
    const pr = prBand(y, p, opts);
    const r = (v: Float64Array) => v.map(toDrawingPrecision);
    expect(s.rocBand).toEqual({ grid: r(roc.fpr), lower: r(roc.lower), upper: r(roc.upper), level: 0.9, replicates: roc.replicates, skipped: roc.skipped });
    expect(s.prBand).toEqual({ grid: r(pr.recall), lower: r(pr.lower), upper: r(pr.upper), level: 0.9, replicates: pr.replicates, skipped: pr.skipped });
    expect(s.rocBand!.grid).toHaveLength(101);
  });

  it("has no bands with 0 replicates (not a one-replicate band) and the same curves", () => {
    const none = curveSummary(y, p, { ...options, replicates: 0 });
    expect([none.rocBand, none.prBand]).toEqual([null, null]);
    expect({ ...none, rocBand: s.rocBand, prBand: s.prBand }).toEqual(s);
    expect(() => curveSummary(y, p, { ...options, replicates: -1 })).toThrow("replicates must be an integer >= 0, got -1");
  });
});
