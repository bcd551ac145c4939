import type { DesignState } from "../features/design.js";
import type { FeatureFrame } from "../features/frame.js";
import { linearStartOf, modelSpec, type LinearStart, type ModelName, type ModelRecipe } from "../models/catalog.js";
import type { ModelJSON } from "../models/types.js";
import type { TaskRunner } from "../util/workerPool.js";
import { GradientBoosting } from "../models/gbm/gradientBoosting.js";
import { gather } from "../util/gather.js";
import type { Fold } from "./fold.js";
import { customerHoldout, timeOrderedTail } from "./timeTail.js";

/** What every fold fit reads: the feature frames by name (e.g. "honest", "leaky"), the row-aligned labels and calendar months, and the label horizon. */
export interface FoldContext {
  readonly frames: Readonly<Record<string, FeatureFrame>>;
  readonly label: Uint8Array;
  /** Calendar month of each row (for time-ordered early-stopping tails). */
  readonly period: ArrayLike<number>;
  /** Label horizon in months. */
  readonly horizon: number;
  /** Customer index of each row (for by-customer early-stopping holdouts). */
  readonly customer: ArrayLike<number>;
}

/** One fold fit as plain data: which frame, which model, which rows. */
export interface FoldJob {
  readonly frame: string;
  readonly recipe: ModelRecipe;
  readonly fold: number;
  readonly train: Uint32Array;
  readonly test: Uint32Array;
}

/** The outcome of a {@link FoldJob}. */
export interface FoldFit {
  /** P(label = 1) of each test row, uncalibrated. */
  readonly proba: Float64Array;
  /** Seconds spent building the design and fitting (not the prediction). */
  readonly seconds: number;
  readonly columnNames: readonly string[];
  readonly model: ModelJSON;
  /** The fitted design (preprocessor state), to score other frames with this model. */
  readonly design: DesignState;
  /** The logistic solution by column name (a warm start for later fits), undefined for other models. */
  readonly start: LinearStart | undefined;
  /** Gradient boosting: train and validation log loss per round and where it stopped; null for other models. */
  readonly learningCurve: FoldLearningCurve | null;
}

/** A boosted model's learning curve in one fold: weighted mean log loss per round (entry k = first k trees). */
export interface FoldLearningCurve {
  readonly train: Float64Array;
  /** On the time-ordered validation tail; null when the fold had no tail (no early stopping). */
  readonly validation: Float64Array | null;
  /** Trees kept (the early-stopping point with a tail, else all rounds). */
  readonly bestIteration: number;
  readonly stopReason: string;
}

/**
 * Fits one fold: the recipe's design on the training rows only, the model on them, and predicts
 * the test rows. Gradient boosting with early stopping fits on the window minus its time-ordered
 * tail and stops on the tail ({@link timeOrderedTail}). A pure function of (context, job), so it
 * gives the same bits on any thread.
 */
export function fitFold(context: FoldContext, job: FoldJob): FoldFit {
  const frame = context.frames[job.frame];
  if (!frame) throw new RangeError(`fitFold: no frame named "${job.frame}" (have: ${Object.keys(context.frames).join(", ")})`);
  const t0 = performance.now();
  const spec = modelSpec(job.recipe);
  const design = spec.design.fit(frame, job.train);
  const labelsOf = (rows: Uint32Array): Uint8Array => gather(context.label, rows);
  const model = spec.create(job.fold, design.columnNames);
  const stop = job.recipe.earlyStopping;
  const tail = !stop || !(model instanceof GradientBoosting) || model.options.earlyStoppingRounds === undefined ? null
    : stop.kind === "time" ? timeOrderedTail(job.train, context.period, context.label, context.horizon, stop.months, stop.gap)
    : customerHoldout(job.train, context.customer, context.label, stop.share);
  if (tail && model instanceof GradientBoosting) {
    model.fit(design.transform(tail.fit), labelsOf(tail.fit), undefined, { validation: { X: design.transform(tail.validation), y: labelsOf(tail.validation) } });
  } else {
    model.fit(design.transform(job.train), labelsOf(job.train));
  }
  const seconds = (performance.now() - t0) / 1000;
  const proba = model.predictProba(design.transform(job.test));
  const learningCurve = model instanceof GradientBoosting ? learningCurveOf(model) : null;
  return { proba, seconds, columnNames: design.columnNames, model: model.toJSON(), design: design.state, start: linearStartOf(model, design.columnNames), learningCurve };
}

function learningCurveOf(model: GradientBoosting): FoldLearningCurve {
  const s = model.state;
  return { train: s.learningCurve.train, validation: s.learningCurve.validation, bestIteration: s.bestIteration, stopReason: s.stopReason };
}

/** The tasks a worker pool runs for cross-validation (see `foldTasks.ts`). */
export interface FoldTasks {
  fitFold: (state: FoldContext, job: FoldJob) => FoldFit;
}

/** Out-of-fold predictions of one model: every test row of every fold, in fold order. */
export interface OutOfFold {
  readonly model: ModelName;
  /** Panel row index of each prediction. */
  readonly rows: Uint32Array;
  /** Fold index of each prediction. */
  readonly fold: Uint8Array;
  readonly label: Uint8Array;
  /** Uncalibrated P(label = 1) from the model trained without that row's fold. */
  readonly proba: Float64Array;
  /** Seconds spent fitting, per fold. */
  readonly fitSeconds: readonly number[];
  /** Design-matrix column names of the last fold. */
  readonly columnNames: readonly string[];
  /** The logistic solution of each fold (warm starts for later fits), or undefined. */
  readonly starts: readonly (LinearStart | undefined)[];
  /** Gradient boosting: each fold's learning curve; null entries for other models. */
  readonly learningCurves: readonly (FoldLearningCurve | null)[];
  /** The last fold's fitted model, as JSON (e.g. to explain a model that does not drive the decisions). */
  readonly lastModel: ModelJSON | null;
}

/**
 * Cross-validates a model: one {@link fitFold} per fold on `runner` (inline or a worker pool; the
 * folds run concurrently there), `recipeFor(fold)` giving each fold's recipe, then gathers the
 * out-of-fold predictions in fold order. The result does not depend on the runner's size.
 */
export async function crossValidate(
  runner: TaskRunner<FoldTasks>,
  frame: string,
  label: Uint8Array,
  folds: readonly Fold[],
  recipeFor: (fold: Fold) => ModelRecipe,
): Promise<OutOfFold> {
  const fits = await Promise.all(folds.map((f) => runner.run("fitFold", { frame, recipe: recipeFor(f), fold: f.index, train: f.train, test: f.test })));
  return gatherOutOfFold(recipeFor(folds[0]!).model, label, folds, fits);
}

/** Assembles fold fits into an {@link OutOfFold} (rows, fold ids, labels and predictions in fold order). */
export function gatherOutOfFold(model: ModelName, label: Uint8Array, folds: readonly Fold[], fits: readonly FoldFit[]): OutOfFold {
  let total = 0;
  for (const f of folds) total += f.test.length;
  const rows = new Uint32Array(total);
  const fold = new Uint8Array(total);
  const y = new Uint8Array(total);
  const proba = new Float64Array(total);
  let at = 0;
  folds.forEach((f, k) => {
    rows.set(f.test, at);
    proba.set(fits[k]!.proba, at);
    fold.fill(f.index, at, at + f.test.length);
    for (let i = 0; i < f.test.length; i++) y[at + i] = label[f.test[i]!]!;
    at += f.test.length;
  });
  return {
    model,
    rows,
    fold,
    label: y,
    proba,
    fitSeconds: fits.map((f) => f.seconds),
    columnNames: fits[fits.length - 1]?.columnNames ?? [],
    starts: fits.map((f) => f.start),
    learningCurves: fits.map((f) => f.learningCurve),
    lastModel: fits[fits.length - 1]?.model ?? null,
  };
}
