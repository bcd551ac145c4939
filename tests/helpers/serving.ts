/**
 * Small fitted scoring models for the serving tests: the synthetic telco at 1,500 customers × 36
 * months, each model cross-validated on two calendar folds, calibrated out of fold and packed by the
 * score stage into a scoring model, as `npm run report` does.
 */
import { calibrateOutOfFold } from "../../src/calibration/outOfFold.js";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { crossValidate } from "../../src/evaluation/crossValidate.js";
import { foldRunner } from "../../src/evaluation/foldTasks.js";
import { planSplits } from "../../src/evaluation/splitPlan.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import type { ModelName } from "../../src/models/catalog.js";
import { buildPanel } from "../../src/panel/panel.js";
import { foldContext, recipeFor, scoreActiveCustomers, type ScoredCustomers } from "../../src/pipeline/index.js";
import { testConfig } from "./config.js";

/** The serving tests' config: small synthetic data, short boosting. */
export const servingConfig = testConfig({ synthetic: { customers: 1500, months: 36 }, cv: { folds: 2, testMonths: 6 }, models: { gbm: { maxIter: 40 } } });
export const servingHistory = generateSynthetic(servingConfig.synthetic, { seed: servingConfig.seed });
export const servingPanel = buildPanel(servingHistory, { horizon: 1 });
export const servingFrame = buildFeatureFrame(servingHistory, servingConfig.features);

const cache = new Map<ModelName, Promise<ScoredCustomers>>();

/** The active customers scored by `model` through the score stage (memoised per model within a test file). */
export function scoredBy(model: ModelName): Promise<ScoredCustomers> {
  let hit = cache.get(model);
  if (!hit) {
    hit = (async () => {
      const runner = foldRunner(foldContext(servingPanel, servingFrame), 1);
      const split = planSplits(servingPanel, servingConfig);
      const oof = await crossValidate(runner, "honest", servingPanel.label, split.folds, () => recipeFor(model, servingConfig, split));
      const calibrated = calibrateOutOfFold(oof, "isotonic", "prequential");
      return scoreActiveCustomers(runner, servingPanel, servingFrame, recipeFor(model, servingConfig, split), calibrated.final, servingConfig.decision);
    })();
    cache.set(model, hit);
  }
  return hit;
}
