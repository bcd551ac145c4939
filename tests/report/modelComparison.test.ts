// src/report/modelComparison.ts: the "which model decides" rows, read from the run document
// (a null there, a number that was not finite, stays null).
import { describe, expect, it } from "vitest";
import { modelComparisonRows, type ComparisonInput } from "../../src/report/modelComparison.js";

const metrics = (rocAuc: number, logLoss: number) => ({ rocAuc, averagePrecision: rocAuc / 10, logLoss, ece: logLoss / 10, brier: logLoss / 5 });

const input: ComparisonInput = Object.freeze({
  models: [
    { model: "logistic", compared: { raw: metrics(0.8, 0.05), calibrated: metrics(0.79, 0.04) }, againstTruth: { meanAbsoluteError: 0.006 } },
    { model: "gbm", compared: { raw: { rocAuc: 0.78, averagePrecision: 0.078, logLoss: null, ece: 0.01, brier: 0.02 }, calibrated: metrics(0.77, 0.045) }, againstTruth: null },
  ],
  truth: metrics(0.86, 0.038),
  decisionModel: { model: "logistic" },
});

describe("modelComparisonRows", () => {
  it("reads each model's uncalibrated ranking and calibrated loss on the compared rows, marks the decision model, and adds the true hazard as the ceiling", () => {
    expect(modelComparisonRows(input)).toEqual([
      { model: "logistic", role: "decides", rocAuc: 0.8, averagePrecision: 0.08, logLossUncalibrated: 0.05, logLossCalibrated: 0.04, eceCalibrated: 0.004, brierCalibrated: 0.008, maeVsTruth: 0.006 },
      { model: "gbm", role: "alternative", rocAuc: 0.78, averagePrecision: 0.078, logLossUncalibrated: null, logLossCalibrated: 0.045, eceCalibrated: 0.0045, brierCalibrated: 0.009, maeVsTruth: null },
      { model: "true hazard", role: "ceiling", rocAuc: 0.86, averagePrecision: 0.086, logLossUncalibrated: null, logLossCalibrated: 0.038, eceCalibrated: 0.0038, brierCalibrated: 0.0076, maeVsTruth: null },
    ]);
  });

  it("has no ceiling row without a truth (real data)", () => {
    expect(modelComparisonRows({ ...input, truth: null }).map((r) => r.role)).toEqual(["decides", "alternative"]);
  });
});
