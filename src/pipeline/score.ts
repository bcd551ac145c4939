import type { Config } from "../config/config.js";
import { loadCalibrator, type CalibratorJSON } from "../calibration/outOfFold.js";
import type { FoldTasks } from "../evaluation/crossValidate.js";
import type { FeatureFrame } from "../features/frame.js";
import { modelSpec, recipeOf, type LinearStart, type ModelName } from "../models/catalog.js";
import { columnMeans, linearReasons, type Reason } from "../models/explain.js";
import { LogisticRegression } from "../models/logisticRegression.js";
import type { Panel } from "../panel/panel.js";
import type { TaskRunner } from "../util/workerPool.js";

/** The currently active customers with their calibrated churn probability and the reasons behind it. */
export interface ScoredCustomers {
  readonly model: ModelName;
  /** Panel row of each active customer: its latest row (the scoring set), ascending. */
  readonly rows: Uint32Array;
  readonly customerIds: readonly string[];
  /** Uncalibrated model probability of churn within the panel horizon. */
  readonly raw: Float64Array;
  /** Calibrated probability of churn within the panel horizon (the final out-of-fold calibrator). */
  readonly calibrated: Float64Array;
  /** Per customer, the largest positive contributions to the score (empty for models without additive contributions). */
  readonly reasons: readonly (readonly Reason[])[];
}

/**
 * Scores the scoring set only (each active customer's latest row, never a past month): fits the
 * named model and its design on every labelled row (on `runner`), predicts the scoring rows and
 * applies the calibrator fitted on out-of-fold predictions. For the logistic model the
 * `reasonCount` largest positive exact contributions per customer are kept. `warmStart` (e.g. the
 * last fold's solution) only speeds up the fit: the optimum is the same.
 */
export async function scoreActiveCustomers(
  runner: TaskRunner<FoldTasks>,
  panel: Panel,
  frame: FeatureFrame,
  config: Config,
  model: ModelName,
  calibrator: CalibratorJSON,
  reasonCount: number,
  warmStart?: LinearStart,
): Promise<ScoredCustomers> {
  if (panel.scoring.length === 0) throw new RangeError("scoreActiveCustomers: no customer is active at the end of the data");
  const recipe = { ...recipeOf(model, config), ...(warmStart ? { warmStart } : {}) };
  const fit = await runner.run("fitFold", { frame: "honest", recipe, fold: 0, train: panel.labelled, test: panel.scoring });
  let reasons: Reason[][] = Array.from(panel.scoring, () => []);
  if (fit.model.kind === "LogisticRegression" && reasonCount > 0) {
    const design = modelSpec(recipe).design.fit(frame, panel.labelled);
    const coef = LogisticRegression.load(fit.model).state.coef;
    reasons = linearReasons(coef, design.transform(panel.scoring), columnMeans(design.transform(panel.labelled)), design.columnNames, reasonCount);
  }
  const { customers, months } = panel.history;
  return {
    model,
    rows: panel.scoring,
    customerIds: Array.from(panel.scoring, (r) => customers.ids[months.customer[r]!]!),
    raw: fit.proba,
    calibrated: loadCalibrator(calibrator).transform(fit.proba),
    reasons,
  };
}
