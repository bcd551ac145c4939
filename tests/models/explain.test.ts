import { describe, expect, it } from "vitest";
import { columnFeatureMap, contributionsOf, featureImportance, formatReason, summarizeExplanation, topReasons, waterfall } from "../../src/models/explain.js";
import { LogisticRegression } from "../../src/models/logisticRegression.js";
import { matrixFromRows } from "../../src/models/matrix.js";

describe("explanations", () => {
  it("maps design columns back to their feature (numeric, missing indicator, one-hot levels) and refuses strangers", () => {
    const map = columnFeatureMap(["tenure", "tenure:missing", "Contract=One year", "Contract=Two year", "x=y=z"], ["tenure", "Contract", "x"]);
    expect(Array.from(map)).toEqual([0, 0, 1, 1, 2]);
    expect(() => columnFeatureMap(["nope"], ["tenure"])).toThrow('design column "nope" belongs to none of the features');
  });

  it("linear contributions add up to the margin: base + Σ coef·(x − mean) = w·x + b", () => {
    const model = LogisticRegression.load({ kind: "LogisticRegression", version: 1, options: { C: 1, tol: 1e-8, maxIter: 10, classWeight: null }, state: { coef: [0.5, -2], intercept: -1, nFeatures: 2, nIter: 1, converged: true, gradMaxNorm: 0, objective: 0, classWeights: [1, 1] } });
    const X = matrixFromRows([[1, 0], [3, 1], [0, 2]]);
    const c = contributionsOf(model.toJSON(), X, () => Float64Array.from([1, 1]))!;
    expect(c.method).toBe("linear");
    expect(c.base).toBeCloseTo(-1 + 0.5 - 2, 12);
    const z = model.decisionFunction(X);
    for (let i = 0; i < 3; i++) expect(c.base + c.values.data[i * 2]! + c.values.data[i * 2 + 1]!).toBeCloseTo(z[i]!, 12);
    expect(contributionsOf({ kind: "SegmentBaseline" }, X, () => new Float64Array(2))).toBeNull();
  });

  it("keeps the top positive contributions in order, with values, and formats them", () => {
    const byFeature = matrixFromRows([[0.2, -1, 0.9], [-0.1, -0.2, -0.3]]);
    const reasons = topReasons(byFeature, ["a", "Contract", "c"], (i, f) => (f === 1 ? "One year" : i + f / 10), 2);
    expect(reasons).toEqual([[{ feature: "c", value: 0.2, contribution: 0.9 }, { feature: "a", value: 0, contribution: 0.2 }], []]);
    expect(formatReason({ feature: "Contract", value: "Month-to-month", contribution: 0.844 })).toBe("Contract=Month-to-month (+0.84)");
    expect(formatReason({ feature: "TotalCharges", value: Number.NaN, contribution: 0.5 })).toBe("TotalCharges=missing (+0.50)");
    // b and c tie at 0.6 (ties keep feature order); a has 0.15.
    expect(featureImportance(byFeature, ["a", "b", "c"]).map((r) => r.feature)).toEqual(["b", "c", "a"]);
  });
});

describe("explanation summaries", () => {
  const byFeature = matrixFromRows([[0.5, -0.2, 0.1], [0.1, 0.4, -0.3], [-0.2, 0.0, 0.05], [0.3, -0.1, 0.2]]);
  const features = ["tenure", "Contract", "charges"];
  const tenure = [3, Number.NaN, 12, 7];
  const contract = ["Month-to-month", "Two year", "One year", "Month-to-month"];
  const valueOf = (i: number, f: number): number | string => (f === 1 ? contract[i]! : f === 0 ? tenure[i]! : i * 10);
  const levels = [null, ["Month-to-month", "One year", "Two year"], null];

  it("summarises importance and a beeswarm of the top features, coloured by rank or level, missing as null", () => {
    const s = summarizeExplanation(byFeature, features, valueOf, levels, { top: 2, sample: 10 });
    expect(s.importance.map((r) => r.feature)).toEqual(["tenure", "Contract", "charges"]);
    expect(s.beeswarm.features).toEqual(["tenure", "Contract"]);
    expect(s.beeswarm.contribution).toEqual([[0.5, 0.1, -0.2, 0.3], [-0.2, 0.4, 0, -0.1]]);
    // tenure ranks 3 < 7 < 12 among the non-missing; the missing one is null.
    expect(s.beeswarm.colour[0]).toEqual([0, null, 1, 0.5]);
    expect(s.beeswarm.colour[1]).toEqual([0, 1, 0.5, 0]);
    // A systematic sample: every 2nd row when at most 2 may be shown.
    expect(summarizeExplanation(byFeature, features, valueOf, levels, { top: 1, sample: 2 }).beeswarm.contribution).toEqual([[0.5, -0.2]]);
  });

  it("draws one customer's waterfall from the base to the margin, the rest summed as other features", () => {
    const w = waterfall(byFeature, 1, features, -3, valueOf, 2, { customerId: "C1", model: "gbm" });
    expect(w.steps.map((s) => s.feature)).toEqual(["Contract", "charges", "other features"]);
    expect(w.steps[2]!.contribution).toBeCloseTo(0.1, 15);
    expect(w.margin).toBeCloseTo(-3 + 0.1 + 0.4 - 0.3, 15);
    expect(w.probability).toBeCloseTo(1 / (1 + Math.exp(-w.margin)), 15);
    expect(waterfall(byFeature, 1, features, -3, valueOf, 3, { customerId: "C1", model: "gbm" }).steps).toHaveLength(3);
  });
});
