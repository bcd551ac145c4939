import { describe, expect, it } from "vitest";
import { averagePrecision, precisionRecallCurve } from "../../src/evaluation/precisionRecall.js";
import { UndefinedMetricError } from "../../src/evaluation/checks.js";
import { arrays, maxAbsDiff, metricsFixture } from "./sklearnFixtures.js";

const y4 = Uint8Array.of(0, 0, 1, 1);
const p4 = Float64Array.of(0.1, 0.4, 0.35, 0.8);

describe("averagePrecision", () => {
  it("is the step-wise sum Σ (Rₙ − Rₙ₋₁) Pₙ: 0.5·1 + 0.5·(2/3) = 5/6 on the sklearn docs example", () => {
    expect(averagePrecision(y4, p4)).toBeCloseTo(5 / 6, 15);
  });

  it("is not the trapezoidal area (which would interpolate precision between points)", () => {
    // PR points by decreasing threshold: (R 0.5, P 1), (0.5, 0.5), (1, 2/3), (1, 0.5).
    // Trapezoid from (0, 1): 0.5·1 + 0.5·(0.5 + 2/3)/2 = 0.7917 ≠ 5/6.
    expect(Math.abs(averagePrecision(y4, p4) - 0.7916666666666666)).toBeGreaterThan(0.04);
  });

  it("treats a tied group as one step with the group's precision", () => {
    // One group of 4 tied rows with 2 positives: AP = 1 · 2/4.
    expect(averagePrecision(Uint8Array.of(1, 0, 1, 0), new Float64Array(4).fill(0.4))).toBe(0.5);
  });

  it("treats integer weights as row repetition", () => {
    const y = Uint8Array.of(0, 1, 0, 1, 1);
    const p = Float64Array.of(0.2, 0.3, 0.6, 0.6, 0.9);
    const w = Float64Array.of(2, 1, 3, 1, 2);
    const yRep = Uint8Array.of(0, 0, 1, 0, 0, 0, 1, 1, 1);
    const pRep = Float64Array.of(0.2, 0.2, 0.3, 0.6, 0.6, 0.6, 0.6, 0.9, 0.9);
    expect(averagePrecision(y, p, w)).toBeCloseTo(averagePrecision(yRep, pRep), 15);
  });

  describe.each(metricsFixture.cases.map((c) => [c.name, c] as const))("sklearn %s parity", (_name, c) => {
    it("average_precision_score within 1e-9", () => {
      const { y, p, w } = arrays(c);
      expect(Math.abs(averagePrecision(y, p, w) - c.average_precision)).toBeLessThan(1e-9);
    });
  });

  it("throws UndefinedMetricError on a single class and RangeError on invalid input", () => {
    expect(() => averagePrecision(Uint8Array.of(0, 0, 0), Float64Array.of(0.1, 0.2, 0.3))).toThrow(UndefinedMetricError);
    expect(() => averagePrecision(Uint8Array.of(1, 1), Float64Array.of(0.1, 0.2))).toThrow(UndefinedMetricError);
    expect(() => averagePrecision(y4, Float64Array.of(0.1, 0.2, -0.01, 0.3))).toThrow(/yProb\[2\] = -0.01 is outside \[0, 1\]/);
    expect(() => averagePrecision(y4, Float64Array.of(0.1))).toThrow(/yTrue 4, yProb 1/);
  });

  it("does not mutate its inputs", () => {
    const { y, p, w } = arrays(metricsFixture.cases[1]!);
    const [y0, p0, w0] = [y.slice(), p.slice(), w!.slice()];
    averagePrecision(y, p, w);
    precisionRecallCurve(y, p, w);
    expect(y).toEqual(y0);
    expect(p).toEqual(p0);
    expect(w).toEqual(w0);
  });
});

describe("precisionRecallCurve", () => {
  it("reproduces the sklearn docs example exactly", () => {
    const { precision, recall, thresholds } = precisionRecallCurve(y4, p4);
    expect(Array.from(precision)).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(Array.from(recall)).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(Array.from(thresholds)).toEqual([0.1, 0.35, 0.4, 0.8]);
  });

  describe.each(metricsFixture.cases.filter((c) => c.pr_curve !== undefined).map((c) => [c.name, c] as const))(
    "sklearn precision_recall_curve parity: %s",
    (_name, c) => {
      it("precision, recall within 1e-12, thresholds equal", () => {
        const { y, p, w } = arrays(c);
        const ref = c.pr_curve!;
        const got = precisionRecallCurve(y, p, w);
        expect(maxAbsDiff(got.precision, ref.precision)).toBeLessThan(1e-12);
        expect(maxAbsDiff(got.recall, ref.recall)).toBeLessThan(1e-12);
        expect(Array.from(got.thresholds)).toEqual(ref.thresholds);
      });
    },
  );
});
