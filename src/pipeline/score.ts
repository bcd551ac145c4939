import { loadCalibrator, type CalibratorJSON } from "../calibration/outOfFold.js";
import type { FoldTasks } from "../evaluation/crossValidate.js";
import type { FeatureFrame } from "../features/frame.js";
import type { ModelName, ModelRecipe } from "../models/catalog.js";
import { topReasons, type Contributions, type Reason } from "../models/explain.js";
import type { DenseMatrix } from "../models/matrix.js";
import { explainRows } from "./explain.js";
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
  /** The per-feature contributions behind the reasons; null for models without additive contributions. */
  readonly explanation: ScoreExplanation | null;
}

/** Contributions of every scored customer per feature, in log-odds. */
export interface ScoreExplanation {
  readonly method: Contributions["method"];
  /** base + Σ_f byFeature[i, f] = the model's margin for customer i. */
  readonly base: number;
  readonly features: readonly string[];
  /** customers × features, row-major (customer order of `rows`). */
  readonly byFeature: DenseMatrix;
}

/**
 * Scores the scoring set only (each active customer's latest row, never a past month): fits the
 * recipe's model and its design on every labelled row (on `runner`), predicts the scoring rows and
 * applies the calibrator fitted on out-of-fold predictions. For the logistic model the
 * `reasonCount` largest positive exact contributions per customer are kept. A warm start in the
 * recipe (e.g. the last fold's solution) only speeds up the fit: the optimum is the same.
 */
export async function scoreActiveCustomers(
  runner: TaskRunner<FoldTasks>,
  panel: Panel,
  frame: FeatureFrame,
  recipe: ModelRecipe,
  calibrator: CalibratorJSON,
  reasonCount: number,
): Promise<ScoredCustomers> {
  if (panel.scoring.length === 0) throw new RangeError("scoreActiveCustomers: no customer is active at the end of the data");
  const model = recipe.model;
  const fit = await runner.run("fitFold", { frame: "honest", recipe, fold: 0, train: panel.labelled, test: panel.scoring });
  const explained = explainRows(frame, panel.scoring, panel.labelled, recipe, fit.model);
  const reasons: Reason[][] = explained && reasonCount > 0 ? topReasons(explained.byFeature, explained.features, explained.valueOf, reasonCount) : Array.from(panel.scoring, () => []);
  const { customers, months } = panel.history;
  return {
    model,
    rows: panel.scoring,
    customerIds: Array.from(panel.scoring, (r) => customers.ids[months.customer[r]!]!),
    raw: fit.proba,
    calibrated: loadCalibrator(calibrator).transform(fit.proba),
    reasons,
    explanation: explained ? { method: explained.method, base: explained.base, features: explained.features, byFeature: explained.byFeature } : null,
  };
}

