import { describe, expect, it } from "vitest";
import { calibrateOutOfFold, loadCalibrator } from "../../src/calibration/outOfFold.js";
import type { OutOfFold } from "../../src/evaluation/crossValidate.js";

// Fold 0: score 0.2, all churned. Fold 1: score 0.2, none churned. Fold 2: score 0.2, half churned.
const oof: OutOfFold = {
  model: "logistic",
  rows: Uint32Array.from([0, 1, 2, 3, 4, 5]),
  fold: Uint8Array.from([0, 0, 1, 1, 2, 2]),
  label: Uint8Array.from([1, 1, 0, 0, 1, 0]),
  proba: Float64Array.from([0.2, 0.2, 0.2, 0.2, 0.2, 0.2]),
  fitSeconds: [0, 0, 0],
  columnNames: [],
  starts: [],
  learningCurves: [],
  lastModel: null,
};

describe("calibrateOutOfFold", () => {
  it("prequentially calibrates each fold on earlier folds only, leaving the first uncalibrated", () => {
    const c = calibrateOutOfFold(oof, "isotonic", "prequential");
    expect(Array.from(c.evaluated)).toEqual([2, 3, 4, 5]);
    expect(Number.isNaN(c.proba[0]!)).toBe(true);
    // Fold 1 sees only fold 0 (all churned): 1, not its own rate 0.
    expect(c.proba[2]).toBe(1);
    // Fold 2 sees folds 0 and 1: 2 of 4 churned.
    expect(c.proba[4]).toBe(0.5);
    expect(loadCalibrator(c.final).transform(Float64Array.from([0.2]))[0]).toBe(0.5);
  });

  it("cross-fits on all other folds for splits without time order", () => {
    const c = calibrateOutOfFold(oof, "isotonic", "cross-fitted");
    expect(Array.from(c.evaluated)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(c.proba)).toEqual([0.25, 0.25, 0.75, 0.75, 0.5, 0.5]);
  });
});
