import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { predictMargin } from "../../../src/models/gbm/tree.js";
import { treeShap } from "../../../src/models/gbm/treeShap.js";
import { fromXGBoostJSON, nextDown } from "../../../src/models/gbm/xgboost.js";
import { matrixWithNulls } from "../../helpers/gbm.js";

/** Fixture written by scripts/reference/xgboost_shap.py (XGBoost 1.7.4, 20 trees of depth ≤ 4 on 8 features). */
interface XGBoostFixture {
  xgboostVersion: string;
  nFeatures: number;
  model: { learner: Record<string, unknown> } & Record<string, unknown>;
  rows: (number | null)[][];
  margin: number[];
  contribs: number[][];
}

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/xgboost-shap.json", import.meta.url), "utf8")) as XGBoostFixture;
// The fixture's rows are float32 values written with float32's shortest digits; Math.fround recovers them exactly.
const X = matrixWithNulls(fixture.rows, Math.fround);

describe("fromXGBoostJSON against XGBoost's own predictions", () => {
  const ensemble = fromXGBoostJSON(fixture.model);

  it("imports all 20 trees over 8 features", () => {
    expect(fixture.xgboostVersion).toBe("1.7.4");
    expect(ensemble.trees).toHaveLength(20);
    expect(ensemble.nFeatures).toBe(8);
    // base_score 0.3 is a probability (stored as float32); the margin offset is its logit.
    const b = Math.fround(0.3);
    expect(ensemble.baseScore).toBe(Math.log(b / (1 - b)));
  });

  it("predicts the same margins (output_margin=True) on 1,000 rows within 1e-6, ties at thresholds included", () => {
    const margin = predictMargin(ensemble, X);
    let worst = 0;
    for (let i = 0; i < X.rows; i++) worst = Math.max(worst, Math.abs(margin[i]! - fixture.margin[i]!));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it("gives the same TreeSHAP contributions (pred_contribs=True) and bias within 1e-6", () => {
    const { values, expectedValue } = treeShap(ensemble, X);
    const p = fixture.nFeatures;
    let worst = 0;
    for (let i = 0; i < X.rows; i++) {
      const c = fixture.contribs[i]!;
      for (let j = 0; j < p; j++) worst = Math.max(worst, Math.abs(values.data[i * p + j]! - c[j]!));
      worst = Math.max(worst, Math.abs(expectedValue - c[p]!));
    }
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it("does not mutate the parsed model", () => {
    const before = JSON.stringify(fixture.model);
    fromXGBoostJSON(fixture.model);
    expect(JSON.stringify(fixture.model)).toBe(before);
  });
});

describe("fromXGBoostJSON rejects what it cannot represent", () => {
  const withLearner = (patch: (l: Record<string, unknown>) => void): unknown => {
    const copy = JSON.parse(JSON.stringify(fixture.model)) as { learner: Record<string, unknown> };
    patch(copy.learner);
    return copy;
  };

  it("names the field and value", () => {
    expect(() => fromXGBoostJSON(null)).toThrow(/model must be an object/);
    expect(() => fromXGBoostJSON(withLearner((l) => (l["objective"] = { name: "reg:squarederror" })))).toThrow(/objective "reg:squarederror" is not supported/);
    expect(() => fromXGBoostJSON(withLearner((l) => ((l["learner_model_param"] as Record<string, unknown>)["base_score"] = "1.5")))).toThrow(/base_score "1.5"/);
    expect(() => fromXGBoostJSON(withLearner((l) => ((l["gradient_booster"] as Record<string, unknown>)["name"] = "dart")))).toThrow(/booster "dart"/);
    const badTree = withLearner((l) => {
      const trees = ((l["gradient_booster"] as Record<string, unknown>)["model"] as { trees: Record<string, unknown>[] }).trees;
      trees[3]!["split_type"] = (trees[3]!["split_type"] as number[]).map(() => 1);
    });
    expect(() => fromXGBoostJSON(badTree)).toThrow(/tree 3: categorical splits/);
  });
});

describe("nextDown", () => {
  it("is the largest double below t, so x < t ⇔ x ≤ nextDown(t)", () => {
    for (const t of [1, -1, 0.1, -0.1, 1e-300, -1e300, 5e-324, Math.fround(0.3)]) {
      const d = nextDown(t);
      expect(d).toBeLessThan(t);
      expect((d + t) / 2 === d || (d + t) / 2 === t).toBe(true); // nothing representable strictly between
    }
    expect(nextDown(0)).toBe(-Number.MIN_VALUE);
    expect(nextDown(-0)).toBe(-Number.MIN_VALUE);
    expect(() => nextDown(Number.NaN)).toThrow(/not finite/);
  });
});
