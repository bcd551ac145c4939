import { describe, expect, it } from "vitest";
import { monthlyPerformance, retrainDecisions, type MonthPerformance } from "../../src/monitoring/monthlyPerformance.js";
import { rocAuc } from "../../src/evaluation/rocAuc.js";
import { Rng } from "../../src/util/rng.js";

describe("monthlyPerformance", () => {
  it("estimates each month's ROC-AUC from calibrated probabilities within a few thousandths of the realised one when labels follow them", () => {
    const rng = new Rng(5);
    const n = 24_000;
    const month = Int16Array.from({ length: n }, (_, i) => 10 + (i % 12));
    const p = Float64Array.from({ length: n }, () => 1 / (1 + Math.exp(-(-3 + 1.2 * rng.normal()))));
    const y = Uint8Array.from(p, (q) => (rng.bernoulli(q) ? 1 : 0));
    p[5] = Number.NaN; // not calibrated: left out
    const months = Array.from({ length: 12 }, (_, i) => 10 + i);
    const perf = monthlyPerformance(month, y, p, [...months, 40]);
    expect(perf.map((x) => x.month)).toEqual(months);
    expect(perf[5]!.rows).toBe(1999);
    const gap = perf.reduce((s, x) => s + Math.abs(x.estimatedRocAuc - x.realisedRocAuc!), 0) / perf.length;
    expect(gap).toBeLessThan(0.02);
    const first = Uint32Array.from({ length: n }, (_, i) => i).filter((i) => month[i] === 10);
    expect(perf[0]!.realisedRocAuc).toBe(rocAuc(Uint8Array.from(first, (i) => y[i]!), Float64Array.from(first, (i) => p[i]!)));
    expect(perf[0]!.quantiles[0]).toBeLessThan(perf[0]!.quantiles[1]);
    // Labels drawn from the probabilities: calibration holds, so the test rejects rarely.
    expect(perf.filter((x) => x.calibrationPValue < 0.01).length).toBeLessThanOrEqual(1);
    const broken = monthlyPerformance(month, Uint8Array.from(y, (v, i) => (i % 7 === 0 ? 1 : v)), p, months);
    expect(broken.every((x) => x.calibrationPValue < 1e-6)).toBe(true);
  });
});

describe("retrainDecisions", () => {
  const month = (t: number, auc: number, rate: number): MonthPerformance => ({ month: t, rows: 100, estimatedRocAuc: auc, realisedRocAuc: null, expectedRate: rate, realisedRate: rate, quantiles: [0, 0, 0], calibrationPValue: t === 5 ? 1e-6 : 0.5 });
  const perf = [month(1, 0.8, 0.02), month(2, 0.8, 0.02), month(3, 0.76, 0.02), month(4, 0.8, 0.04), month(5, 0.8, 0.02)];
  const rule = { driftShare: 0.25, aucDrop: 0.03, rateFactor: 1.5, calibrationAlpha: 0.001 };
  it("fires on drift share, on an estimated AUC drop and on a moved expected rate, naming why", () => {
    const d = retrainDecisions([2, 3, 4, 5], [0.1, 0.1, 0.1, 0.3], perf, 2, rule);
    expect(d.map((x) => x.retrain)).toEqual([false, true, true, true]);
    expect(d[1]!.reasons[0]).toMatch(/^estimated ROC-AUC fell by 0\.040/);
    expect(d[2]!.reasons[0]).toMatch(/^expected churn rate × 2\.00/);
    expect(d[3]!.reasons[0]).toMatch(/^30 % of features drifted/);
    expect(d[3]!.reasons[1]).toMatch(/^labels in: 2\.00 % churned against 2\.00 % expected \(p = 1\.0e-6/);
    expect(d[0]!.aucDrop).toBeCloseTo(0, 12);
  });
  it("has no AUC or rate reading for a month without an estimate or reference", () => {
    const d = retrainDecisions([1, 9], [0, 0], perf, 2, rule);
    expect(d.map((x) => [x.aucDrop, x.rateRatio, x.retrain])).toEqual([[null, null, false], [null, null, false]]);
  });
});
