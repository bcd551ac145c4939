import { gather } from "../util/gather.js";
import { formatCount } from "../util/format.js";
import type { ModelRecipe } from "../models/catalog.js";
import type { TaskRunner } from "../util/workerPool.js";
import { crossValidate, type FoldTasks, type OutOfFold } from "./crossValidate.js";
import { averagePrecision } from "./precisionRecall.js";
import { randomHoldout } from "./randomKFold.js";
import { rocAuc } from "./rocAuc.js";
import type { SplitPlan } from "./splitPlan.js";

/** A rung of the leakage ladder: the same model under a different evaluation. */
export interface LadderRung {
  readonly name: string;
  readonly description: string;
  readonly rocAuc: number;
  readonly averagePrecision: number;
  /** ROC-AUC of the true hazard on the rung's test rows (synthetic data at horizon 1: the ceiling), else null. */
  readonly truthRocAuc: number | null;
}

/** Options of {@link leakageLadder}. */
export interface LadderOptions {
  /** Seed of the random rung's shuffle. */
  readonly seed: number;
  /** Name of the context frame that adds the leaky feature (a value known only after the scoring month). */
  readonly leakyFrame: string;
  /** True P(label = 1) per panel row when the data know it (synthetic, horizon 1), else null. */
  readonly hazard: Float64Array | null;
}

/**
 * The leakage ladder: what a random row split and a deliberately leaky feature do to the honest
 * ROC-AUC of the same model, all three measured on one fold so that only the evaluation differs.
 * The fold is the honest split's last (time splits: the latest test window, the largest training
 * window). The honest rung reads the model's out-of-fold predictions on that fold (not refitted);
 * the random rung pools the fold's training and test rows and draws a stratified random test set of
 * the same size ({@link randomHoldout}), warm-started from the honest fold's solution; the leaky rung
 * refits the fold with the leaky feature, cold (its optimum is far from the honest one). Two fits in
 * all, concurrently on `runner`: the ladder costs less than the cross-validation it illustrates.
 */
export async function leakageLadder(
  runner: TaskRunner<FoldTasks>,
  label: Uint8Array,
  split: SplitPlan,
  honest: OutOfFold,
  recipe: ModelRecipe,
  options: LadderOptions,
): Promise<LadderRung[]> {
  const last = split.folds[split.folds.length - 1];
  if (!last) throw new RangeError("leakageLadder: the split has no folds");
  const pool = mergeAscending(last.train, last.test);
  const random = { ...randomHoldout(pool, last.test.length, options.seed, label), index: last.index };
  const start = honest.starts[honest.starts.length - 1];
  const [randomOof, leakyOof] = await Promise.all([
    crossValidate(runner, "honest", label, [random], () => (start ? { ...recipe, warmStart: start } : recipe)),
    crossValidate(runner, options.leakyFrame, label, [last], () => recipe),
  ]);
  const truth = (rows: Uint32Array, y: Uint8Array): number | null => (options.hazard ? rocAuc(y, gather(options.hazard, rows)) : null);
  const rung = (name: string, description: string, oof: Pick<OutOfFold, "rows" | "label" | "proba">): LadderRung => ({
    name,
    description,
    rocAuc: rocAuc(oof.label, oof.proba),
    averagePrecision: averagePrecision(oof.label, oof.proba),
    truthRocAuc: truth(oof.rows, oof.label),
  });
  const honestLast = foldPredictions(honest, last.index);
  const time = split.kind === "time";
  const where = time ? `the latest test window (months ${last.testMonths[0]}–${last.testMonths[1]})` : `the last of the ${split.folds.length} customer folds`;
  return [
    rung("random row split", `the same ${formatCount(pool.length)} rows as ${where} and its training window, with ${formatCount(last.test.length)} test rows drawn at random: a customer's neighbouring months sit on both sides and training sees the future`, randomOof),
    rung(time ? "time-aware" : "by customer", `${split.reason}; measured on ${where}`, honestLast),
    rung(time ? "time-aware + leaky feature" : "by customer + leaky feature", `the same fold plus the customer's final tenure, a value known only at churn or extraction`, leakyOof),
  ];
}

/** The out-of-fold rows, labels and predictions of fold `index`. */
function foldPredictions(oof: OutOfFold, index: number): Pick<OutOfFold, "rows" | "label" | "proba"> {
  const from = oof.fold.indexOf(index);
  if (from < 0) throw new RangeError(`leakageLadder: the honest predictions have no fold ${index}`);
  let to = from;
  while (to < oof.fold.length && oof.fold[to] === index) to++;
  return { rows: oof.rows.subarray(from, to), label: oof.label.subarray(from, to), proba: oof.proba.subarray(from, to) };
}

/** The union of two disjoint ascending row lists, ascending. */
function mergeAscending(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) out[k++] = j >= b.length || (i < a.length && a[i]! < b[j]!) ? a[i++]! : b[j++]!;
  return out;
}
