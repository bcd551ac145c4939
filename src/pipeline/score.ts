import { loadCalibrator, type CalibratorJSON } from "../calibration/outOfFold.js";
import type { DecisionConfig } from "../config/config.js";
import { portfolioHazardOf } from "../decision/campaign.js";
import { monthlyChargesAt } from "../decision/inputs.js";
import type { FoldTasks } from "../evaluation/crossValidate.js";
import { designTransform } from "../features/design.js";
import type { FeatureFrame } from "../features/frame.js";
import type { ModelName, ModelRecipe } from "../models/catalog.js";
import { columnMeans, type Reason } from "../models/explain.js";
import type { Panel } from "../panel/panel.js";
import { scoreRows, type RowExplanation } from "../serving/score.js";
import { loadScoringModel, SCORING_MODEL_FORMAT, signatureOf, type ScoringModel } from "../serving/scoringModel.js";
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
  /** The fitted model as a self-contained scoring document (what the registry stores and the API serves). */
  readonly scoringModel: ScoringModel;
}

/** Contributions of every scored customer per feature, in log-odds. */
export type ScoreExplanation = RowExplanation;

/**
 * Scores the scoring set only (each active customer's latest row, never a past month): fits the
 * recipe's model and its design on every labelled row (on `runner`), packs it with the calibrator
 * fitted on out-of-fold predictions into a {@link ScoringModel}, and scores the active customers
 * through that document ({@link scoreRows}), so the report's numbers are the served model's.
 * The `reasonCount` largest positive exact contributions per customer are kept. A warm start in the
 * recipe (e.g. the last fold's solution) only speeds up the fit: the optimum is the same.
 */
export async function scoreActiveCustomers(
  runner: TaskRunner<FoldTasks>,
  panel: Panel,
  frame: FeatureFrame,
  recipe: ModelRecipe,
  calibrator: CalibratorJSON,
  decision: DecisionConfig,
): Promise<ScoredCustomers> {
  if (panel.scoring.length === 0) throw new RangeError("scoreActiveCustomers: no customer is active at the end of the data");
  const fit = await runner.run("fitFold", { frame: "honest", recipe, fold: 0, train: panel.labelled, test: panel.scoring });
  const monthlyCharges = monthlyChargesAt(panel.history, panel.scoring);
  const linear = fit.model.kind === "LogisticRegression";
  const portfolioHazard = portfolioHazardOf({ probability: loadCalibrator(calibrator).transform(fit.proba), horizon: panel.horizon });
  const scoringModel: ScoringModel = {
    kind: "ChurnScoringModel",
    format: SCORING_MODEL_FORMAT,
    model: recipe.model,
    signature: signatureOf(frame),
    design: fit.design,
    estimator: fit.model,
    calibrator,
    horizon: panel.horizon,
    decision,
    portfolioHazard,
    columnMeans: linear ? Array.from(columnMeans(designTransform(fit.design, frame, panel.labelled))) : null,
  };
  const scores = scoreRows(loadScoringModel(scoringModel), { frame, rows: panel.scoring, monthlyCharges }, decision.reasons);
  const { customers, months } = panel.history;
  return {
    model: recipe.model,
    rows: panel.scoring,
    customerIds: Array.from(panel.scoring, (r) => customers.ids[months.customer[r]!]!),
    raw: scores.raw,
    calibrated: scores.calibrated,
    reasons: scores.reasons,
    explanation: scores.explanation,
    scoringModel,
  };
}
