import { describe, expect, it } from "vitest";
import { rocAuc, rocCurve } from "../../src/evaluation/rocAuc.js";
import { UndefinedMetricError } from "../../src/evaluation/checks.js";
import { arrays, maxAbsDiff, metricsFixture } from "./sklearnFixtures.js";

const y4 = Uint8Array.of(0, 0, 1, 1);
const p4 = Float64Array.of(0.1, 0.4, 0.35, 0.8);

describe("rocAuc", () => {
  it("matches the textbook example (sklearn docs): 0.75", () => {
    expect(rocAuc(y4, p4)).toBe(0.75);
  });

  it("counts a tied positive–negative pair as one half", () => {
    // Pairs: (0.5 vs 0.5) = 1/2, (0.5 vs 0.2) = 1, (0.8 vs 0.5) = 1, (0.8 vs 0.2) = 1 → 3.5 / 4.
    expect(rocAuc(Uint8Array.of(0, 1, 0, 1), Float64Array.of(0.5, 0.5, 0.2, 0.8))).toBe(0.875);
    // All scores tied: the curve is the diagonal.
    expect(rocAuc(Uint8Array.of(0, 1, 0, 1, 1), new Float64Array(5).fill(0.3))).toBe(0.5);
  });

  it("treats integer weights as row repetition and ignores zero-weight rows", () => {
    const y = Uint8Array.of(0, 1, 0, 1, 1);
    const p = Float64Array.of(0.2, 0.3, 0.6, 0.6, 0.9);
    const w = Float64Array.of(2, 1, 3, 0, 2);
    const yRep = Uint8Array.of(0, 0, 1, 0, 0, 0, 1, 1);
    const pRep = Float64Array.of(0.2, 0.2, 0.3, 0.6, 0.6, 0.6, 0.9, 0.9);
    expect(rocAuc(y, p, w)).toBeCloseTo(rocAuc(yRep, pRep), 15);
  });

  it("is 1 for a perfect ranking and 0 for a reversed one", () => {
    expect(rocAuc(Uint8Array.of(0, 0, 1), Float64Array.of(0.1, 0.2, 0.9))).toBe(1);
    expect(rocAuc(Uint8Array.of(1, 0, 0), Float64Array.of(0.1, 0.2, 0.9))).toBe(0);
  });

  describe.each(metricsFixture.cases.map((c) => [c.name, c] as const))("sklearn %s parity", (_name, c) => {
    it(`roc_auc_score within 1e-9 (sklearn ${metricsFixture.meta.sklearn})`, () => {
      const { y, p, w } = arrays(c);
      expect(Math.abs(rocAuc(y, p, w) - c.roc_auc)).toBeLessThan(1e-9);
    });
  });

  it("throws on empty input, length mismatch, bad labels, probabilities outside [0, 1] or NaN, bad weights", () => {
    expect(() => rocAuc(new Uint8Array(0), new Float64Array(0))).toThrow(/empty input/);
    expect(() => rocAuc(y4, Float64Array.of(0.1, 0.2, 0.3))).toThrow(/lengths differ \(yTrue 4, yProb 3\)/);
    expect(() => rocAuc(Uint8Array.of(0, 2, 1), Float64Array.of(0.1, 0.2, 0.3))).toThrow(/yTrue\[1\] = 2 is not 0 or 1/);
    expect(() => rocAuc(y4, Float64Array.of(0.1, 1.5, 0.3, 0.2))).toThrow(/yProb\[1\] = 1.5 is outside \[0, 1\]/);
    expect(() => rocAuc(y4, Float64Array.of(0.1, 0.5, Number.NaN, 0.2))).toThrow(/yProb\[2\] = NaN/);
    expect(() => rocAuc(y4, p4, Float64Array.of(1, 1, -1, 1))).toThrow(/weights\[2\] = -1/);
    expect(() => rocAuc(y4, p4, Float64Array.of(1, 1))).toThrow(/lengths differ \(yTrue 4, weights 2\)/);
    expect(() => rocAuc(y4, p4, new Float64Array(4))).toThrow(/weights sum to 0/);
  });

  it("throws UndefinedMetricError on a single class (also when one class has zero weight)", () => {
    expect(() => rocAuc(Uint8Array.of(1, 1, 1), Float64Array.of(0.1, 0.5, 0.9))).toThrow(UndefinedMetricError);
    expect(() => rocAuc(Uint8Array.of(0, 0), Float64Array.of(0.1, 0.5))).toThrow(/one class/);
    expect(() => rocAuc(y4, p4, Float64Array.of(1, 1, 0, 0))).toThrow(UndefinedMetricError);
  });

  it("does not mutate its inputs", () => {
    const { y, p, w } = arrays(metricsFixture.cases[1]!);
    const [y0, p0, w0] = [y.slice(), p.slice(), w!.slice()];
    rocAuc(y, p, w);
    rocCurve(y, p, w);
    expect(y).toEqual(y0);
    expect(p).toEqual(p0);
    expect(w).toEqual(w0);
  });
});

describe("rocCurve", () => {
  it("gives one point per distinct score after the origin at threshold Infinity", () => {
    const { fpr, tpr, thresholds } = rocCurve(y4, p4);
    expect(Array.from(thresholds)).toEqual([Infinity, 0.8, 0.4, 0.35, 0.1]);
    expect(Array.from(fpr)).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(Array.from(tpr)).toEqual([0, 0.5, 0.5, 1, 1]);
  });

  describe.each(metricsFixture.cases.filter((c) => c.roc_curve !== undefined).map((c) => [c.name, c] as const))(
    "sklearn roc_curve(drop_intermediate=False) parity: %s",
    (_name, c) => {
      it("fpr, tpr within 1e-12; thresholds equal after the first (sklearn 1.2 uses max + 1, we use Infinity)", () => {
        const { y, p, w } = arrays(c);
        const ref = c.roc_curve!;
        const got = rocCurve(y, p, w);
        expect(maxAbsDiff(got.fpr, ref.fpr)).toBeLessThan(1e-12);
        expect(maxAbsDiff(got.tpr, ref.tpr)).toBeLessThan(1e-12);
        expect(Array.from(got.thresholds.subarray(1))).toEqual(ref.thresholds.slice(1));
        expect(got.thresholds[0]).toBe(Infinity);
      });
    },
  );
});
