import type { Config } from "../config/config.js";
import { chooseDecisionModel, type DecisionModelChoice } from "../evaluation/decisionModel.js";
import { crossValidate, type FoldContext, type FoldTasks } from "../evaluation/crossValidate.js";
import type { CurveSummaryOptions } from "../evaluation/curveSummary.js";
import { foldRunner } from "../evaluation/foldTasks.js";
import { leakageLadder, type LadderRung } from "../evaluation/leakageLadder.js";
import type { MetricOptions, MetricSummary } from "../evaluation/metricSummary.js";
import type { ModelEvaluation } from "../evaluation/modelEvaluation.js";
import { evaluateOutOfFoldModels, labelHazard, type CalibratedModel } from "../evaluation/outOfFoldModels.js";
import { planSplits, type SplitPlan } from "../evaluation/splitPlan.js";
import type { FeatureFrame } from "../features/frame.js";
import { leakyFinalTenure } from "../features/leaky.js";
import { recipeOf, type ModelName, type ModelRecipe } from "../models/catalog.js";
import type { Panel } from "../panel/panel.js";
import { countingRunner, type TaskRunner } from "../util/workerPool.js";
import { streamSeed } from "../util/streams.js";

/** Everything the evaluation stage produces (predictions are kept for calibration and decisions). */
export interface Evaluation {
  readonly split: SplitPlan;
  readonly models: readonly ModelEvaluation[];
  /** Synthetic data at horizon 1: the true hazard scored as a prediction on the same rows (the ceiling). */
  readonly truth: MetricSummary | null;
  readonly ladder: readonly LadderRung[];
  /** The model whose calibrated probabilities drive the decisions (config `evaluation.decisionModel`). */
  readonly decisionModel: DecisionModelChoice;
  /** Out-of-fold predictions and calibrators, per model (not JSON: for later stages). */
  readonly outOfFold: ReadonlyMap<ModelName, CalibratedModel>;
}

/** Options of {@link evaluateModels}. */
export interface EvaluateOptions {
  /** Measure the leakage ladder (default true). */
  readonly ladder?: boolean;
  readonly onStep?: (step: string) => void;
  /** The share of fold fits done (0..1), for a progress bar. */
  readonly onShare?: (share: number) => void;
  /** Where fold fits run; by default inline on this thread, created and closed here. */
  readonly runner?: TaskRunner<FoldTasks>;
}

/** The fold-fit context of a panel: the honest frame, the frame plus the leaky final tenure, and the labels. */
export function foldContext(panel: Panel, frame: FeatureFrame): FoldContext {
  return {
    frames: { honest: frame, leaky: { ...frame, numeric: [...frame.numeric, leakyFinalTenure(panel.history)] } },
    label: panel.label,
    period: panel.history.months.period,
    horizon: panel.horizon,
    customer: panel.history.months.customer,
  };
}

/** The metric options of the config's `evaluation` block, with the seed of stream `index` of the metric bands. */
export function metricOptions(config: Config, index: number): MetricOptions {
  const e = config.evaluation;
  return { bins: e.calibrationBins, binning: e.binning, bootstrapReplicates: e.bootstrapReplicates, confidenceLevel: e.confidenceLevel, topFractions: e.topFractions, seed: streamSeed(config.seed, "metricBands", index) };
}

/** The ROC/PR curve options of the config's `evaluation` block for the model at position `index`: its bands' replicates (0 = none), level and seed. */
export function curveOptions(config: Config, index: number): CurveSummaryOptions {
  const e = config.evaluation;
  return { replicates: e.bootstrapReplicates, level: e.confidenceLevel, seed: streamSeed(config.seed, "curveBands", index) };
}

/**
 * The recipe of model `name` for a split: gradient boosting stops early on a time-ordered tail of
 * each training window (config `models.gbm.validationMonths`, label gap `cv.gap`) when the split is
 * calendar-based, and on a hashed share of the window's customers (`validationCustomerShare`) when
 * it is by customer (Telco, where the reconstruction puts every churn in the last month).
 */
export function recipeFor(name: ModelName, config: Config, split: Pick<SplitPlan, "kind">): ModelRecipe {
  const base = recipeOf(name, config);
  if (name !== "gbm") return base;
  const g = config.models.gbm;
  return { ...base, earlyStopping: split.kind === "time" ? { kind: "time", months: g.validationMonths, gap: config.cv.gap } : { kind: "customer", share: g.validationCustomerShare } };
}

/**
 * The evaluation stage: cross-validates every model on the planned splits (transforms fitted
 * inside each fold, folds concurrently on the runner), calibrates on out-of-fold predictions only,
 * summarises each model, scores the true hazard on the same rows where the data know it, and
 * measures the leakage ladder of the logistic model.
 */
export async function evaluateModels(panel: Panel, frame: FeatureFrame, config: Config, models: readonly ModelName[], options: EvaluateOptions = {}): Promise<Evaluation> {
  const own = options.runner ?? foldRunner(foldContext(panel, frame), 1);
  try {
    const split = planSplits(panel, config);
    const fits = models.length * split.folds.length + (options.ladder === false ? 0 : 2);
    const runner = countingRunner(own, (done) => options.onShare?.(Math.min(1, done / fits)));
    options.onStep?.(`cross-validating ${models.join(", ")}`);
    const oofs = await Promise.all(models.map((name) => crossValidate(runner, "honest", panel.label, split.folds, () => recipeFor(name, config, split))));
    const evaluated = evaluateOutOfFoldModels(oofs, split, { calibration: config.evaluation.calibration, hazard: labelHazard(panel), metrics: (k) => metricOptions(config, k), curves: (k) => curveOptions(config, k), customerOfRow: panel.history.months.customer });
    const result = { split, models: evaluated.models, truth: evaluated.truth, decisionModel: chooseDecisionModel(evaluated.models, config.evaluation.decisionModel), outOfFold: evaluated.outOfFold };
    if (options.ladder === false) return { ...result, ladder: [] };
    options.onStep?.("leakage ladder");
    const honest = evaluated.outOfFold.get("logistic")?.oof ?? (await crossValidate(runner, "honest", panel.label, split.folds, () => recipeOf("logistic", config)));
    const ladder = await leakageLadder(runner, panel.label, split, honest, recipeOf("logistic", config), {
      seed: streamSeed(config.seed, "randomRowFolds"),
      leakyFrame: "leaky",
      hazard: labelHazard(panel),
    });
    return { ...result, ladder };
  } finally {
    if (!options.runner) await own.close();
  }
}
