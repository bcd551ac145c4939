import type { Config } from "../config/config.js";
import type { FeatureFrame } from "../features/frame.js";
import { CBPE_ASSUMPTIONS } from "../monitoring/cbpe.js";
import { monthlyDrift, monthlyDriftOptions, type MonthlyDrift } from "../monitoring/monthlyDrift.js";
import { monthlyPerformance, retrainDecisions, type MonthPerformance, type RetrainDecision } from "../monitoring/monthlyPerformance.js";
import type { Panel } from "../panel/panel.js";
import type { Evaluation } from "./evaluate.js";

/** What the monitoring stage produces: the drift heat map's data, performance per month (estimated and realised) and the retraining rule's verdicts. */
export interface Monitoring {
  readonly drift: MonthlyDrift;
  /** The decision model's calibrated out-of-fold predictions per monitored month (months without calibrated predictions are absent). */
  readonly performance: readonly MonthPerformance[];
  readonly retrain: readonly RetrainDecision[];
  /** Mean |estimated − realised ROC-AUC| over the months that have both; null when none has. */
  readonly meanAbsAucError: number | null;
  /** What CBPE's estimate rests on (shown beside it). */
  readonly assumptions: readonly string[];
}

/**
 * The monitoring stage: drift of every feature in each of the last `monitoring.months` months
 * against its rolling reference window, CBPE's label-free ROC-AUC of the decision model's calibrated
 * out-of-fold predictions beside the realised one, and the retraining rule per month. Pure.
 */
export function monitor(panel: Panel, frame: FeatureFrame, config: Config, evaluation: Evaluation): Monitoring {
  const m = config.monitoring;
  const options = monthlyDriftOptions(m, panel.history.periods);
  const drift = monthlyDrift(frame, panel.history.months.period, options);
  const chosen = evaluation.outOfFold.get(evaluation.decisionModel.model);
  if (!chosen) throw new RangeError(`monitor: no out-of-fold predictions for the decision model "${evaluation.decisionModel.model}"`);
  const { oof, calibrated } = chosen;
  const month = Int16Array.from(oof.rows, (r) => panel.history.months.period[r]!);
  const performance = monthlyPerformance(month, oof.label, calibrated.proba, options.months);
  const both = performance.filter((p) => p.realisedRocAuc !== null);
  const meanAbsAucError = both.length === 0 ? null : both.reduce((s, p) => s + Math.abs(p.estimatedRocAuc - p.realisedRocAuc!), 0) / both.length;
  return { drift, performance, retrain: retrainDecisions(options.months, drift.datasetShare, performance, m.referenceMonths, m.retrain), meanAbsAucError, assumptions: CBPE_ASSUMPTIONS };
}
