import { describe, expect, it } from "vitest";
import { chooseDecisionModel, decisionModelEvaluation } from "../../src/evaluation/decisionModel.js";
import type { ModelEvaluation } from "../../src/evaluation/modelEvaluation.js";

const model = (name: ModelEvaluation["model"], logLoss: number, rocAuc: number): ModelEvaluation =>
  ({ model: name, raw: { rocAuc }, compared: { calibrated: { logLoss } } }) as unknown as ModelEvaluation;

describe("chooseDecisionModel", () => {
  const models = [model("logistic", 0.0452, 0.826), model("gbm", 0.0449, 0.821), model("baseline", 0.0470, 0.751)];

  it("auto picks the lowest calibrated out-of-time log loss, not the highest AUC, and says so with every alternative", () => {
    const c = chooseDecisionModel(models, "auto");
    expect(c.model).toBe("gbm");
    expect(c.reason).toBe("lowest out-of-time log loss after calibration: gbm 0.04490 (logistic 0.04520, baseline 0.04700)");
    expect(c.candidates.map((x) => x.model)).toEqual(["logistic", "gbm", "baseline"]);
  });

  it("keeps the earlier model on a tie, honours a named model, and refuses one that was not evaluated", () => {
    expect(chooseDecisionModel([model("logistic", 0.04, 0.8), model("gbm", 0.04, 0.9)], "auto").model).toBe("logistic");
    expect(chooseDecisionModel(models, "baseline")).toMatchObject({ model: "baseline", setting: "baseline" });
    expect(() => chooseDecisionModel(models, "forest")).toThrow('"forest" was not evaluated (evaluated: logistic, gbm, baseline)');
    expect(() => chooseDecisionModel([], "auto")).toThrow("no evaluated model");
  });
});

describe("decisionModelEvaluation", () => {
  it("is the chosen model's entry, wherever it stands, and refuses a model that was not evaluated", () => {
    const models = [model("logistic", 0.0452, 0.826), model("gbm", 0.0449, 0.821)];
    expect(decisionModelEvaluation(models, chooseDecisionModel(models, "auto"))).toBe(models[1]);
    expect(() => decisionModelEvaluation(models, { model: "baseline" })).toThrow('"baseline" was not evaluated (evaluated: logistic, gbm)');
  });
});
