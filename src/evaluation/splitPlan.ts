import type { Config } from "../config/config.js";
import type { Panel } from "../panel/panel.js";
import { streamSeed } from "../util/streams.js";
import { ImpossibleSplitError, type Fold } from "./fold.js";
import { foldTable, type FoldRow } from "./foldTable.js";
import { groupKFold } from "./groupKFold.js";
import { timeSeriesSplits } from "./timeSeriesSplits.js";

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
export function planSplits(panel: Panel, config: Pick<Config, "cv" | "seed">): SplitPlan {
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
    const folds = groupKFold(panel.labelled, months.customer, { folds: cv.groupFolds, seed: streamSeed(config.seed, "customerFolds"), label: panel.label });
    return { kind: "customer", reason: `${err.message}. Using ${cv.groupFolds}-fold split by customer (stratified) instead.`, folds, table: foldTable(folds, panel.label, months.period) };
  }
}
