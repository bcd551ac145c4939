import { describe, expect, it } from "vitest";
import { calibrateOutOfFold } from "../../src/calibration/outOfFold.js";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { crossValidate } from "../../src/evaluation/crossValidate.js";
import { foldRunner } from "../../src/evaluation/foldTasks.js";
import { planSplits } from "../../src/evaluation/splitPlan.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import type { ModelName } from "../../src/models/catalog.js";
import { buildPanel } from "../../src/panel/panel.js";
import { foldContext, recipeFor, scoreActiveCustomers } from "../../src/pipeline/index.js";
import { testConfig } from "../helpers/config.js";

const config = testConfig({ synthetic: { customers: 1500, months: 36 }, cv: { folds: 2, testMonths: 6 }, models: { gbm: { maxIter: 40 } } });
const history = generateSynthetic(config.synthetic, { seed: config.seed });
const panel = buildPanel(history, { horizon: 1 });
const frame = buildFeatureFrame(history, config.features);
const runner = foldRunner(foldContext(panel, frame), 1);
const split = planSplits(panel, config);

async function scored(model: ModelName) {
  const oof = await crossValidate(runner, "honest", panel.label, split.folds, () => recipeFor(model, config, split));
  const calibrated = calibrateOutOfFold(oof, "isotonic", "prequential");
  return scoreActiveCustomers(runner, panel, frame, recipeFor(model, config, split), calibrated.final, { ...config.decision, reasons: 3 });
}

const logit = (p: number): number => Math.log(p / (1 - p));

describe.each(["gbm", "logistic"] as const)("scoreActiveCustomers explains the %s model", (model) => {
  it("per customer: base + Σ per-feature contributions = the model's margin (1e-9), reasons are the top positive ones", async () => {
    const s = await scored(model);
    const e = s.explanation!;
    expect(e.method).toBe(model === "gbm" ? "treeshap" : "linear");
    expect(e.byFeature.rows).toBe(panel.scoring.length);
    expect(e.byFeature.cols).toBe(frame.numeric.length + frame.categorical.length);
    let worst = 0;
    for (let i = 0; i < e.byFeature.rows; i++) {
      let margin = e.base;
      for (let f = 0; f < e.byFeature.cols; f++) margin += e.byFeature.data[i * e.byFeature.cols + f]!;
      worst = Math.max(worst, Math.abs(margin - logit(s.raw[i]!)));
    }
    expect(worst).toBeLessThan(1e-9);
    for (let i = 0; i < 50; i++) {
      const r = s.reasons[i]!;
      expect(r.length).toBeLessThanOrEqual(3);
      for (let k = 1; k < r.length; k++) expect(r[k - 1]!.contribution).toBeGreaterThanOrEqual(r[k]!.contribution);
      for (const reason of r) expect(reason.contribution).toBeGreaterThan(0);
    }
    // Categorical reasons carry the level, numeric ones the raw value.
    const contract = s.reasons.flat().find((r) => r.feature === "Contract");
    if (contract) expect(["Month-to-month", "One year", "Two year"]).toContain(contract.value);
  });
});
