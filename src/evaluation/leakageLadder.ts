import type { ModelRecipe } from "../models/catalog.js";
import type { TaskRunner } from "../util/workerPool.js";
import { crossValidate, type FoldTasks, type OutOfFold } from "./crossValidate.js";
import { averagePrecision } from "./precisionRecall.js";
import { randomKFold } from "./randomKFold.js";
import { rocAuc } from "./rocAuc.js";
import type { SplitPlan } from "./splitPlan.js";

/** A rung of the leakage ladder: the same model under a different evaluation. */
export interface LadderRung {
  readonly name: string;
  readonly description: string;
  readonly rocAuc: number;
  readonly averagePrecision: number;
}

/** Options of {@link leakageLadder}. */
export interface LadderOptions {
  /** Folds of the random row K-fold rung (config `cv.groupFolds`). */
  readonly randomFolds: number;
  /** Seed of the random row K-fold. */
  readonly seed: number;
  /** Name of the context frame that adds the leaky feature (a value known only after the scoring month). */
  readonly leakyFrame: string;
}

/**
 * The leakage ladder: what a random row K-fold and a deliberately leaky feature do to the honest
 * out-of-fold ROC-AUC of the same model. `honest` is the model's out-of-fold result on `split`
 * (not refitted). The random rung starts every fit from the honest last fold's solution (same
 * optimum, fewer Newton steps); the leaky rung starts cold, since its optimum is far from the honest
 * one (the leaky feature nearly separates the classes) and the solver's own start on a row sample
 * gets there faster. Both rungs run concurrently on `runner`.
 */
export async function leakageLadder(
  runner: TaskRunner<FoldTasks>,
  rows: Uint32Array,
  label: Uint8Array,
  split: SplitPlan,
  honest: OutOfFold,
  recipe: ModelRecipe,
  options: LadderOptions,
): Promise<LadderRung[]> {
  const random = randomKFold(rows, { folds: options.randomFolds, seed: options.seed, label });
  const last = honest.starts[honest.starts.length - 1];
  const [randomOof, leakyOof] = await Promise.all([
    crossValidate(runner, "honest", label, random, () => (last ? { ...recipe, warmStart: last } : recipe)),
    crossValidate(runner, options.leakyFrame, label, split.folds, () => recipe),
  ]);
  const rung = (name: string, description: string, oof: OutOfFold): LadderRung => ({ name, description, rocAuc: rocAuc(oof.label, oof.proba), averagePrecision: averagePrecision(oof.label, oof.proba) });
  const time = split.kind === "time";
  return [
    rung("random row K-fold", `${options.randomFolds}-fold split of rows at random: a customer's neighbouring months sit on both sides and training sees the future`, randomOof),
    rung(time ? "time-aware" : "by customer", split.reason, honest),
    rung(time ? "time-aware + leaky feature" : "by customer + leaky feature", "the honest split plus the customer's final tenure, a value known only at churn or extraction", leakyOof),
  ];
}
