// src/models/checks.ts: the one validator of fit and predict inputs, with the same messages for every model.
import { describe, expect, it } from "vitest";
import { checkFitInput, checkPredictInput, countBinaryLabels, requireBothLabels, requirePositiveClassWeights } from "../../src/models/checks.js";
import { LogisticRegression } from "../../src/models/logisticRegression.js";
import { matrixFromRows } from "../../src/models/matrix.js";
import { SegmentBaseline } from "../../src/models/segmentBaseline.js";

const X = matrixFromRows([[0, 1], [1, 0], [1, 1], [0, 0]]);
const y = Uint8Array.of(0, 1, 1, 0);

describe("checkFitInput", () => {
  it("returns the shape and the positive count of valid data", () => {
    expect(checkFitInput("m.fit", X, y, Float64Array.of(1, 2, 0, 1))).toEqual({ rows: 4, cols: 2, positives: 2 });
  });

  it("quotes the caller, the index and the value", () => {
    expect(() => checkFitInput("m.fit", matrixFromRows([[0, Number.NaN]]), Uint8Array.of(1))).toThrow("m.fit: X[0, 1] = NaN is not finite");
    expect(() => checkFitInput("m.fit", X, y.subarray(0, 3))).toThrow("m.fit: y.length=3 does not match X.rows=4");
    expect(() => checkFitInput("m.fit", X, Uint8Array.of(0, 1, 2, 0))).toThrow("m.fit: y[2] = 2; labels must be 0 or 1");
    expect(() => checkFitInput("m.fit", X, Uint8Array.of(1, 1, 1, 1))).toThrow("m.fit: y contains only class 1 (all 4 rows); need both classes 0 and 1");
    expect(() => checkFitInput("m.fit", X, y, Float64Array.of(1, 1))).toThrow("m.fit: sampleWeight.length=2 does not match X.rows=4");
    expect(() => checkFitInput("m.fit", X, y, Float64Array.of(1, Infinity, 1, 1))).toThrow("m.fit: sampleWeight[1] = Infinity; weights must be finite and >= 0");
    expect(() => checkFitInput("m.fit", X, y, Float64Array.of(1, 1, -1, 1))).toThrow("m.fit: sampleWeight[2] = -1");
  });

  it("is what every model's fit says", () => {
    const bad = Uint8Array.of(0, 1, 3, 0);
    expect(() => new LogisticRegression({ C: 1, tol: 1e-8, maxIter: 10 }).fit(X, bad)).toThrow("LogisticRegression.fit: y[2] = 3; labels must be 0 or 1");
    expect(() => new SegmentBaseline({ columns: [0], smoothing: 1 }).fit(X, bad)).toThrow("SegmentBaseline.fit: y[2] = 3; labels must be 0 or 1");
  });
});

describe("the label, class-weight and predict checks", () => {
  it("count labels, require both classes and positive class totals", () => {
    expect(countBinaryLabels("f", Uint8Array.of(1, 0, 1))).toBe(2);
    expect(() => countBinaryLabels("f", new Uint8Array(0))).toThrow("f: y is empty");
    expect(() => requireBothLabels("f", 3, 0)).toThrow("f: y contains only class 0 (all 3 rows)");
    expect(() => requirePositiveClassWeights("f", 2, 0)).toThrow("f: total weight per class is 2 (class 0) and 0 (class 1); both must be > 0");
  });

  it("checks the rows to score against the fitted column count", () => {
    expect(() => checkPredictInput("m.predictProba", X, 3)).toThrow("m.predictProba: X has 2 columns, model was fitted on 3");
    expect(() => checkPredictInput("m.predictProba", X, 2)).not.toThrow();
  });
});
