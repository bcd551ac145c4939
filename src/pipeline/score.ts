import type { Config } from "../config/config.js";
import type { FeatureFrame } from "../features/frame.js";
import { LogisticRegression } from "../models/logisticRegression.js";
import type { DenseMatrix } from "../models/matrix.js";
import type { BinaryClassifier } from "../models/types.js";
import type { Panel } from "../panel/panel.js";
import type { Calibrator } from "./calibrateOutOfFold.js";
import { modelSpec, type ModelName } from "./models.js";

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
  /**
   * Per customer, the largest positive contributions to the logistic score: coefficient × (value −
   * training mean) of each design column, labelled like "SupportTicketsMean3 (+0.84)". Empty for
   * models without additive contributions.
   */
  readonly reasons: readonly (readonly string[])[];
}

function columnMeans(X: DenseMatrix): Float64Array {
  const means = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) means[j] += X.data[i * X.cols + j]!;
  for (let j = 0; j < X.cols; j++) means[j] /= X.rows;
  return means;
}

/**
 * Scores the scoring set only (each active customer's latest row, never a past month): fits the
 * named model and its design on every labelled row, predicts the scoring rows and applies the
 * calibrator fitted on out-of-fold predictions. For the logistic model, the `reasonCount` largest
 * positive contributions per customer are kept as reasons. `warmFrom` (e.g. the last fold's model)
 * only speeds up the fit: the optimum is the same.
 */
export function scoreActiveCustomers(
  panel: Panel,
  frame: FeatureFrame,
  config: Config,
  model: ModelName,
  calibrator: Calibrator,
  reasonCount: number,
  warmFrom?: BinaryClassifier,
): ScoredCustomers {
  if (panel.scoring.length === 0) throw new RangeError("scoreActiveCustomers: no customer is active at the end of the data");
  const spec = modelSpec(model, config, [], warmFrom);
  const design = spec.design.fit(frame, panel.labelled);
  const y = new Uint8Array(panel.labelled.length);
  for (let i = 0; i < y.length; i++) y[i] = panel.label[panel.labelled[i]!]!;
  const Xtrain = design.transform(panel.labelled);
  const fitted = spec.create(0).fit(Xtrain, y);
  const X = design.transform(panel.scoring);
  const raw = fitted.predictProba(X);
  const calibrated = calibrator.transform(raw);
  const reasons: string[][] = [];
  if (fitted instanceof LogisticRegression) {
    const coef = fitted.state.coef;
    const means = columnMeans(Xtrain);
    const names = design.columnNames;
    const contribution = new Float64Array(X.cols);
    const order = new Uint32Array(X.cols);
    for (let i = 0; i < X.rows; i++) {
      for (let j = 0; j < X.cols; j++) {
        contribution[j] = coef[j]! * (X.data[i * X.cols + j]! - means[j]!);
        order[j] = j;
      }
      order.sort((a, b) => contribution[b]! - contribution[a]! || a - b);
      const top: string[] = [];
      for (let k = 0; k < X.cols && top.length < reasonCount; k++) {
        const j = order[k]!;
        if (contribution[j]! <= 0) break;
        top.push(`${names[j]} (+${contribution[j]!.toFixed(2)})`);
      }
      reasons.push(top);
    }
  } else {
    for (let i = 0; i < X.rows; i++) reasons.push([]);
  }
  const { customers, months } = panel.history;
  return {
    model,
    rows: panel.scoring,
    customerIds: Array.from(panel.scoring, (r) => customers.ids[months.customer[r]!]!),
    raw,
    calibrated,
    reasons,
  };
}
