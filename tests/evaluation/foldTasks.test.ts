import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { foldRunner } from "../../src/evaluation/foldTasks.js";
import { planSplits } from "../../src/evaluation/splitPlan.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import { buildPanel } from "../../src/panel/panel.js";
import { foldContext, recipeFor } from "../../src/pipeline/evaluate.js";
import { testConfig } from "../helpers/config.js";

const config = testConfig({ synthetic: { customers: 1200, months: 30 }, cv: { folds: 2, testMonths: 6, minTrainMonths: 12 }, models: { gbm: { maxIter: 30 } } });
const history = generateSynthetic(config.synthetic, { seed: config.seed });
const panel = buildPanel(history, { horizon: 1 });
const frame = buildFeatureFrame(history, config.features);
const split = planSplits(panel, config);

describe("fold fits on the worker pool", () => {
  it("give bit-identical models and predictions on one thread and on two worker threads (gbm with early stopping, logistic)", async () => {
    const inline = foldRunner(foldContext(panel, frame), 1);
    const pool = foldRunner(foldContext(panel, frame), 2);
    try {
      expect(pool.size).toBe(2);
      for (const model of ["gbm", "logistic"] as const) {
        const jobs = split.folds.map((f) => ({ frame: "honest", recipe: recipeFor(model, config, split), fold: f.index, train: f.train, test: f.test }));
        const a = await Promise.all(jobs.map((j) => inline.run("fitFold", j)));
        const b = await Promise.all(jobs.map((j) => pool.run("fitFold", j)));
        for (let k = 0; k < jobs.length; k++) {
          expect(JSON.stringify(b[k]!.model)).toBe(JSON.stringify(a[k]!.model));
          expect(Array.from(b[k]!.proba)).toEqual(Array.from(a[k]!.proba));
        }
        if (model === "gbm") expect(a[0]!.learningCurve!.validation).not.toBeNull();
      }
    } finally {
      await Promise.all([inline.close(), pool.close()]);
    }
  });

  it("reports a failing task as a rejection and keeps serving", async () => {
    const pool = foldRunner(foldContext(panel, frame), 2);
    try {
      const f = split.folds[0]!;
      await expect(pool.run("fitFold", { frame: "nope", recipe: recipeFor("logistic", config, split), fold: 0, train: f.train, test: f.test })).rejects.toThrow('no frame named "nope"');
      const ok = await pool.run("fitFold", { frame: "honest", recipe: recipeFor("baseline", config, split), fold: 0, train: f.train, test: f.test });
      expect(ok.proba.length).toBe(f.test.length);
    } finally {
      await pool.close();
    }
  });
});
