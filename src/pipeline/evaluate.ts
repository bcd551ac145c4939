import type { Config } from "../config/config.js";
import { foldTable, type FoldRow } from "../evaluation/foldTable.js";
import { ImpossibleSplitError, type Fold } from "../evaluation/fold.js";
import { groupKFold } from "../evaluation/groupKFold.js";
import { randomKFold } from "../evaluation/randomKFold.js";
import { timeSeriesSplits } from "../evaluation/timeSeriesSplits.js";
import type { FeatureFrame } from "../features/frame.js";
import { leakyFinalTenure } from "../features/leaky.js";
import type { Panel } from "../panel/panel.js";
import { deriveSeed } from "../util/rng.js";
import { calibrateOutOfFold, subset, type CalibratedOutOfFold } from "./calibrateOutOfFold.js";
import { crossValidate, type OutOfFold } from "./crossValidate.js";
import { reliabilityPoints, summarizeMetrics, type MetricOptions, type MetricSummary } from "./metricSummary.js";
import { modelSpec, type ModelName } from "./models.js";

/** How the panel was split for evaluation, and why. */
export interface SplitPlan {
  readonly kind: "time" | "customer";
  /** Why this split: for a customer split, the calendar splitter's refusal. */
  readonly reason: string;
  readonly folds: readonly Fold[];
  readonly table: readonly FoldRow[];
}

/**
 * The evaluation split of a panel: expanding-window calendar splits (config `cv`) when the data
 * support them; otherwise, when the calendar splitter refuses (the Telco reconstruction puts every
 * positive in one month), a stratified split by customer (config `cv.groupFolds`), with the
 * refusal kept as the stated reason.
 */
export function planSplits(panel: Panel, config: Config): SplitPlan {
  const { months } = panel.history;
  const cv = config.cv;
  try {
    const folds = timeSeriesSplits(panel.labelled, months.period, {
      horizon: panel.horizon,
      gap: cv.gap,
      folds: cv.folds,
      testMonths: cv.testMonths,
      minTrainMonths: cv.minTrainMonths,
      customer: months.customer,
      customersOnOneSide: cv.customersOnOneSide,
      label: panel.label,
    });
    return {
      kind: "time",
      reason: `expanding-window calendar splits: ${cv.folds} test windows of ${cv.testMonths} months, training labels end at least ${cv.gap} month(s) before each window`,
      folds,
      table: foldTable(folds, panel.label, months.period),
    };
  } catch (err) {
    if (!(err instanceof ImpossibleSplitError)) throw err;
    const folds = groupKFold(panel.labelled, months.customer, { folds: cv.groupFolds, seed: deriveSeed(config.seed, 0x6f01d), label: panel.label });
    return { kind: "customer", reason: `${err.message}. Using ${cv.groupFolds}-fold split by customer (stratified) instead.`, folds, table: foldTable(folds, panel.label, months.period) };
  }
}

/** One model's evaluation. */
export interface ModelEvaluation {
  readonly model: ModelName;
  /** Uncalibrated out-of-fold metrics over every test row. */
  readonly raw: MetricSummary;
  /** On the rows that have a calibrated prediction: uncalibrated and calibrated metrics side by side (no bootstrap band). */
  readonly compared: { readonly rows: number; readonly raw: MetricSummary; readonly calibrated: MetricSummary };
  readonly perFold: readonly { readonly fold: number; readonly rows: number; readonly positives: number; readonly rocAuc: number; readonly averagePrecision: number; readonly fitSeconds: number }[];
  readonly reliability: { readonly raw: ReturnType<typeof reliabilityPoints>; readonly calibrated: ReturnType<typeof reliabilityPoints> };
  readonly calibration: { readonly method: CalibratedOutOfFold["method"]; readonly mode: CalibratedOutOfFold["mode"] };
  readonly columns: number;
  /** Synthetic data at horizon 1: calibrated probabilities against the true hazard on the same rows. */
  readonly againstTruth: TruthComparison | null;
}

/** How far predicted probabilities are from the true hazard, row by row. */
export interface TruthComparison {
  readonly rows: number;
  readonly meanAbsoluteError: number;
  readonly rootMeanSquaredError: number;
  /** Mean predicted minus mean true hazard (positive = over-prediction). */
  readonly bias: number;
  readonly correlation: number;
}

/** Compares predictions `p` with the true probabilities `truth` (same rows): MAE, RMSE, bias, Pearson correlation. */
export function compareWithTruth(p: Float64Array, truth: Float64Array): TruthComparison {
  const n = p.length;
  let ae = 0;
  let se = 0;
  let sp = 0;
  let st = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i]! - truth[i]!;
    ae += Math.abs(d);
    se += d * d;
    sp += p[i]!;
    st += truth[i]!;
  }
  const mp = sp / n;
  const mt = st / n;
  let cov = 0;
  let vp = 0;
  let vt = 0;
  for (let i = 0; i < n; i++) {
    const a = p[i]! - mp;
    const b = truth[i]! - mt;
    cov += a * b;
    vp += a * a;
    vt += b * b;
  }
  return { rows: n, meanAbsoluteError: ae / n, rootMeanSquaredError: Math.sqrt(se / n), bias: mp - mt, correlation: cov / Math.sqrt(vp * vt) };
}

/** The true hazard at each evaluated out-of-fold entry, or null when the data do not know it or h ≠ 1. */
function truthAt(panel: Panel, oof: OutOfFold, index: Uint32Array): Float64Array | null {
  const truth = panel.history.truth;
  if (!truth || panel.horizon !== 1) return null;
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = truth.hazard[oof.rows[index[i]!]!]!;
  return out;
}

/** A rung of the leakage ladder: the same logistic model under a different evaluation. */
export interface LadderRung {
  readonly name: string;
  readonly description: string;
  readonly rocAuc: number;
  readonly averagePrecision: number;
}

/** Everything the evaluation stage produces (predictions are kept for calibration and decisions). */
export interface Evaluation {
  readonly split: SplitPlan;
  readonly models: readonly ModelEvaluation[];
  /** Synthetic data at horizon 1: the true hazard scored as a prediction on the same rows (the ceiling). */
  readonly truth: MetricSummary | null;
  readonly ladder: readonly LadderRung[];
  /** Out-of-fold predictions and calibrators, per model (not JSON: for later stages). */
  readonly outOfFold: ReadonlyMap<ModelName, { readonly oof: OutOfFold; readonly calibrated: CalibratedOutOfFold }>;
}

function metricOptions(config: Config, tag: number): MetricOptions {
  const e = config.evaluation;
  return { bins: e.calibrationBins, binning: e.binning, bootstrapReplicates: e.bootstrapReplicates, confidenceLevel: e.confidenceLevel, topFractions: e.topFractions, seed: deriveSeed(config.seed, tag) };
}

function quick(y: Uint8Array, p: Float64Array, config: Config): MetricSummary {
  return summarizeMetrics(y, p, { ...metricOptions(config, 0), bootstrapReplicates: 0 });
}

/**
 * Cross-validates every model on the planned splits (transforms fitted inside each fold),
 * calibrates on out-of-fold predictions only, scores uncalibrated and calibrated predictions,
 * scores the true hazard on the same rows where the data know it, and measures the leakage
 * ladder: the logistic model under a random row K-fold, under the honest split, and with a
 * deliberately leaky feature. `onStep` reports progress.
 */
export function evaluateModels(
  panel: Panel,
  frame: FeatureFrame,
  config: Config,
  models: readonly ModelName[],
  options: { readonly ladder?: boolean; readonly onStep?: (step: string) => void } = {},
): Evaluation {
  const onStep = options.onStep;
  const split = planSplits(panel, config);
  const mode = split.kind === "time" ? "prequential" : "cross-fitted";
  const outOfFold = new Map<ModelName, { oof: OutOfFold; calibrated: CalibratedOutOfFold }>();
  const evaluations: ModelEvaluation[] = [];
  let tag = 100;
  for (const name of models) {
    onStep?.(`cross-validating ${name}`);
    const oof = crossValidate(frame, panel.label, split.folds, modelSpec(name, config));
    const calibrated = calibrateOutOfFold(oof, config.evaluation.calibration, mode);
    outOfFold.set(name, { oof, calibrated });
    const before = subset(oof.label, oof.proba, calibrated.evaluated);
    const after = subset(oof.label, calibrated.proba, calibrated.evaluated);
    const e = config.evaluation;
    evaluations.push({
      model: name,
      raw: summarizeMetrics(oof.label, oof.proba, metricOptions(config, tag++)),
      // The bootstrap band is computed once per model, on all out-of-fold rows; the before/after
      // calibration comparison is about calibration terms, so it skips the resampling.
      compared: { rows: calibrated.evaluated.length, raw: quick(before.label, before.proba, config), calibrated: quick(after.label, after.proba, config) },
      perFold: split.folds.map((f, k) => {
        const idx: number[] = [];
        for (let i = 0; i < oof.fold.length; i++) if (oof.fold[i] === f.index) idx.push(i);
        const s = subset(oof.label, oof.proba, Uint32Array.from(idx));
        const m = quick(s.label, s.proba, config);
        return { fold: f.index, rows: m.rows, positives: m.positives, rocAuc: m.rocAuc, averagePrecision: m.averagePrecision, fitSeconds: oof.fitSeconds[k]! };
      }),
      reliability: { raw: reliabilityPoints(before.label, before.proba, e.calibrationBins, e.binning), calibrated: reliabilityPoints(after.label, after.proba, e.calibrationBins, e.binning) },
      calibration: { method: calibrated.method, mode: calibrated.mode },
      columns: oof.columnNames.length,
      againstTruth: ((t) => (t ? compareWithTruth(after.proba, t) : null))(truthAt(panel, oof, calibrated.evaluated)),
    });
  }

  let truth: MetricSummary | null = null;
  const first = outOfFold.values().next().value;
  const hazard = first ? truthAt(panel, first.oof, first.calibrated.evaluated) : null;
  if (first && hazard) truth = summarizeMetrics(subset(first.oof.label, first.oof.proba, first.calibrated.evaluated).label, hazard, metricOptions(config, tag++));

  const ladder: LadderRung[] = [];
  if (options.ladder === false) return { split, models: evaluations, truth, ladder, outOfFold };
  onStep?.("leakage ladder");
  const honest = outOfFold.get("logistic")?.oof ?? crossValidate(frame, panel.label, split.folds, modelSpec("logistic", config));
  const random = randomKFold(panel.labelled, { folds: config.cv.groupFolds, seed: deriveSeed(config.seed, 0x4a4d), label: panel.label });
  const randomOof = crossValidate(frame, panel.label, random, modelSpec("logistic", config, [], honest.lastModel));
  const leakyFrame: FeatureFrame = { ...frame, numeric: [...frame.numeric, leakyFinalTenure(panel.history)] };
  const leakyOof = crossValidate(leakyFrame, panel.label, split.folds, modelSpec("logistic", config));
  const rung = (name: string, description: string, oof: OutOfFold): LadderRung => {
    const m = quick(oof.label, oof.proba, config);
    return { name, description, rocAuc: m.rocAuc, averagePrecision: m.averagePrecision };
  };
  ladder.push(rung("random row K-fold", `${config.cv.groupFolds}-fold split of rows at random: a customer's neighbouring months sit on both sides and training sees the future`, randomOof));
  ladder.push(rung(split.kind === "time" ? "time-aware" : "by customer", split.reason, honest));
  ladder.push(rung("time-aware + leaky feature", "the honest split plus the customer's final tenure, a value known only at churn or extraction", leakyOof));
  if (split.kind !== "time") ladder[2] = { ...ladder[2]!, name: "by customer + leaky feature" };
  return { split, models: evaluations, truth, ladder, outOfFold };
}
