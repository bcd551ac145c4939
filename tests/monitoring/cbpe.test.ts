import { describe, expect, it } from "vitest";
import { UndefinedMetricError } from "../../src/evaluation/checks.js";
import { expectedCalibrationError } from "../../src/evaluation/calibrationError.js";
import { rocAuc } from "../../src/evaluation/rocAuc.js";
import { CBPE_ASSUMPTIONS, cbpe, expectedRocCurve } from "../../src/monitoring/cbpe.js";
import { Rng } from "../../src/util/rng.js";
import { driftReference, relativeError } from "./driftReference.js";

/** n calibrated-looking probabilities: logistic of N(mean, spread²). */
function scores(n: number, mean: number, spread: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: n }, () => 1 / (1 + Math.exp(-(mean + spread * rng.normal()))));
}

/** Mean realised ROC-AUC and ECE (10 uniform bins) over `draws` label draws y ~ Bernoulli(truth). */
function realised(yProb: Float64Array, truth: Float64Array, draws: number, rng: Rng): { auc: number; ece: number } {
  const y = new Uint8Array(yProb.length);
  let auc = 0;
  let ece = 0;
  for (let r = 0; r < draws; r++) {
    for (let i = 0; i < y.length; i++) y[i] = rng.uniform() < truth[i]! ? 1 : 0;
    auc += rocAuc(y, yProb);
    ece += expectedCalibrationError(y, yProb, { bins: 10 });
  }
  return { auc: auc / draws, ece: ece / draws };
}

describe("expectedRocCurve", () => {
  it("steps through the expected confusion matrix from (0, 0) at Infinity to (1, 1)", () => {
    const { fpr, tpr, thresholds } = expectedRocCurve(Float64Array.of(0.8, 0.2, 0.8, 0.5));
    expect(Array.from(thresholds)).toEqual([Infinity, 0.8, 0.5, 0.2]);
    // Σp = 2.3, Σ(1 − p) = 1.7; at t = 0.8: TP = 1.6, FP = 0.4.
    expect(tpr[1]).toBeCloseTo(1.6 / 2.3, 15);
    expect(fpr[1]).toBeCloseTo(0.4 / 1.7, 15);
    expect([fpr[3], tpr[3]]).toEqual([1, 1]);
  });
});

describe("cbpe", () => {
  it("matches the reference script's expected ROC-AUC (numpy cumulative sums, np.trapz) within 1e-12", () => {
    const estimate = cbpe(Float64Array.from(driftReference.cbpe.p));
    expect(relativeError(estimate.rocAuc, driftReference.cbpe.rocAuc)).toBeLessThan(1e-12);
    expect(relativeError(estimate.positiveRate, driftReference.cbpe.positiveRate)).toBeLessThan(1e-14);
    expect(estimate.assumptions).toBe(CBPE_ASSUMPTIONS);
  });

  it("estimates 0.5 when every probability is equal", () => {
    expect(cbpe(new Float64Array(50).fill(0.3)).rocAuc).toBeCloseTo(0.5, 15);
  });

  it("is within 0.005 of the realised ROC-AUC averaged over 200 Bernoulli(p) label draws, also after a covariate shift; the ECE floor within 10%", () => {
    const rng = new Rng(20240713);
    for (const [mean, spread] of [
      [-1, 1.5],
      [0.5, 0.6],
    ] as const) {
      const p = scores(2000, mean, spread, rng);
      const estimate = cbpe(p);
      const truth = realised(p, p, 200, rng);
      expect(Math.abs(estimate.rocAuc - truth.auc), `N(${mean}, ${spread}²)`).toBeLessThan(0.005);
      expect(Math.abs(estimate.calibrationErrorFloor / truth.ece - 1), `N(${mean}, ${spread}²)`).toBeLessThan(0.1);
    }
  });

  it("cannot see concept shift: when labels follow p² instead of p the realised AUC moves and the estimate does not", () => {
    const rng = new Rng(7);
    const p = scores(2000, -0.5, 1.2, rng);
    const shifted = realised(p, p.map((v) => v * v), 100, rng);
    expect(Math.abs(cbpe(p).rocAuc - shifted.auc)).toBeGreaterThan(0.01);
  });

  it("throws UndefinedMetricError without expected positives or negatives, and RangeError on bad input", () => {
    expect(() => cbpe(new Float64Array(3))).toThrow(UndefinedMetricError);
    expect(() => cbpe(Float64Array.of(1, 1))).toThrow(/without expected negatives/);
    expect(() => cbpe(new Float64Array(0))).toThrow(/empty input/);
    expect(() => cbpe(Float64Array.of(0.2, 1.2))).toThrow(/yProb\[1\] = 1.2 is outside \[0, 1\]/);
  });
});
