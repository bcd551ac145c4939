import { describe, expect, it } from "vitest";
import { customerValues } from "../../src/decision/campaign.js";
import { eligibilityAt, monthlyChargesAt } from "../../src/decision/inputs.js";
import { fitFold } from "../../src/evaluation/crossValidate.js";
import { foldContext, recipeFor } from "../../src/pipeline/index.js";
import { planSplits } from "../../src/evaluation/splitPlan.js";
import { scoreRows } from "../../src/serving/score.js";
import { loadScoringModel, parseScoringModel } from "../../src/serving/scoringModel.js";
import { scoredBy, servingConfig, servingFrame, servingHistory, servingPanel } from "../helpers/serving.js";

const bits = (a: Float64Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length * 2));

describe.each(["logistic", "gbm", "baseline"] as const)("the %s scoring model", (model) => {
  it("survives a JSON round trip: the reloaded document scores every active customer to the same bits as the score stage", async () => {
    const scored = await scoredBy(model);
    const text = JSON.stringify(scored.scoringModel);
    const runtime = loadScoringModel(parseScoringModel(JSON.parse(text), "model.json"));
    const again = scoreRows(runtime, { frame: servingFrame, rows: servingPanel.scoring, monthlyCharges: monthlyChargesAt(servingHistory, servingPanel.scoring) }, servingConfig.decision.reasons);
    expect(bits(again.raw)).toEqual(bits(scored.raw));
    expect(bits(again.calibrated)).toEqual(bits(scored.calibrated));
    expect(again.reasons).toEqual(scored.reasons);
  });

  it("scores exactly as the fitted model's own prediction, and its decision values are the campaign's", async () => {
    const scored = await scoredBy(model);
    const split = planSplits(servingPanel, servingConfig);
    const fit = fitFold(foldContext(servingPanel, servingFrame), { frame: "honest", recipe: recipeFor(model, servingConfig, split), fold: 0, train: servingPanel.labelled, test: servingPanel.scoring });
    expect(bits(scored.raw)).toEqual(bits(fit.proba));
    const runtime = loadScoringModel(scored.scoringModel);
    const rows = { frame: servingFrame, rows: servingPanel.scoring, monthlyCharges: monthlyChargesAt(servingHistory, servingPanel.scoring) };
    const values = scoreRows(runtime, rows, 0).values;
    const campaign = customerValues({ probability: scored.calibrated, horizon: 1, monthlyCharges: rows.monthlyCharges, eligible: eligibilityAt(servingFrame, servingConfig.decision.actions, rows.rows) }, servingConfig.decision);
    expect(campaign.portfolioHazard).toBe(scored.scoringModel.portfolioHazard);
    expect(bits(values.clv)).toEqual(bits(campaign.clv));
    expect(bits(values.values)).toEqual(bits(campaign.values));
  });
});

describe("parseScoringModel", () => {
  it("names the file and the first bad key", async () => {
    const good = JSON.parse(JSON.stringify((await scoredBy("logistic")).scoringModel)) as Record<string, unknown>;
    expect(() => parseScoringModel({ ...good, format: 2 }, "v1/model.json")).toThrow('v1/model.json, key "format": expected 1, got 2');
    expect(() => parseScoringModel({ ...good, portfolioHazard: 1.5 }, "m.json")).toThrow('m.json, key "portfolioHazard": expected a probability, got 1.5');
    expect(() => parseScoringModel({ ...good, columnMeans: [1, 2] }, "m.json")).toThrow(/key "columnMeans": expected \d+ numbers \(one per design column\), got "2 numbers"/);
    expect(() => parseScoringModel({ ...good, model: "svm" }, "m.json")).toThrow('key "model": expected one of logistic, gbm, forest, baseline, got "svm"');
    expect(() => parseScoringModel([], "m.json")).toThrow('key "(root)": expected an object');
  });
});
