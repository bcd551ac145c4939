import type { Config } from "../config/config.js";
import { NOT_CHURNED, type ChurnHistory } from "../data/history.js";
import { groupKFold } from "../evaluation/groupKFold.js";
import { rocAuc } from "../evaluation/rocAuc.js";
import type { FeatureFrame } from "../features/frame.js";
import { crossValidate } from "../evaluation/crossValidate.js";
import { foldRunner } from "../evaluation/foldTasks.js";
import { recipeOf } from "../models/catalog.js";
import { streamSeed } from "../util/streams.js";

/** Result of {@link crossSectionalCheck}. */
export interface CrossSectionalCheck {
  readonly customers: number;
  readonly churners: number;
  readonly folds: number;
  readonly rocAuc: number;
}

/**
 * The classic cross-sectional sanity check of the Telco file: one row per customer (its last
 * month row, so tenure and attributes are those of the snapshot), label = churned, and a
 * stratified K-fold (config `cv.groupFolds`) of the logistic model on the usual features.
 * Published and measured references put its ROC-AUC near 0.845. It is a check of the encoding
 * and the solver, not a forecast: the snapshot's final tenure is only known at extraction.
 */
export async function crossSectionalCheck(history: ChurnHistory, frame: FeatureFrame, config: Config): Promise<CrossSectionalCheck> {
  const { customers } = history;
  const last: number[] = [];
  const label = new Uint8Array(history.months.count);
  let churners = 0;
  for (let c = 0; c < customers.count; c++) {
    const end = customers.rowStart[c + 1]!;
    if (end === customers.rowStart[c]) continue;
    last.push(end - 1);
    if (customers.churnPeriod[c] !== NOT_CHURNED) {
      label[end - 1] = 1;
      churners++;
    }
  }
  const rows = Uint32Array.from(last);
  const folds = groupKFold(rows, history.months.customer, { folds: config.cv.groupFolds, seed: streamSeed(config.seed, "crossSectionFolds"), label });
  // Its own labels (one row per customer) and only 7,043 rows: inline, not on the panel's pool.
  const oof = await crossValidate(foldRunner({ frames: { honest: frame }, label, period: history.months.period, horizon: 1, customer: history.months.customer }, 1), "honest", label, folds, () => recipeOf("logistic", config));
  return { customers: rows.length, churners, folds: folds.length, rocAuc: rocAuc(oof.label, oof.proba) };
}
