import type { Config } from "../config/config.js";
import type { FeatureFrame } from "../features/frame.js";
import { CBPE_ASSUMPTIONS } from "../monitoring/cbpe.js";
import type { DriftTestResult } from "../monitoring/driftResult.js";
import { featureDrift } from "../monitoring/featureDrift.js";
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
  /** Prediction drift per month that has out-of-time predictions in it and in its reference window: PSI of the raw score and of the calibrated probability. */
  readonly predictionDrift: readonly PredictionDrift[];
}

/** Drift of the model's output in one month against its reference window. */
export interface PredictionDrift {
  readonly month: number;
  readonly score: DriftTestResult;
  readonly calibrated: DriftTestResult;
}

/** PSI of the raw and calibrated predictions of each month against the `referenceMonths` months before it (months where both have predictions). */
function predictionDrift(month: Int16Array, raw: Float64Array, calibrated: Float64Array, months: readonly number[], referenceMonths: number, alpha: number): PredictionDrift[] {
  const pick = (values: Float64Array, keep: (t: number) => boolean): Float64Array => values.filter((v, i) => v === v && keep(month[i]!));
  return months.flatMap((t) => {
    const inRef = (m: number): boolean => m >= t - referenceMonths && m < t;
    const [refCal, curCal] = [pick(calibrated, inRef), pick(calibrated, (m) => m === t)];
    if (refCal.length === 0 || curCal.length === 0) return [];
    const psi = (ref: Float64Array, cur: Float64Array): DriftTestResult => featureDrift(ref, cur, "numeric", { method: "psi", alpha });
    return [{ month: t, score: psi(pick(raw, inRef), pick(raw, (m) => m === t)), calibrated: psi(refCal, curCal) }];
  });
}

/**
 * The monitoring stage: drift of every feature in each of the last `monitoring.months` months
 * against its rolling reference window, CBPE's label-free ROC-AUC of the decision model's calibrated
 * out-of-fold predictions beside the realised one, the drift of the raw score and of the calibrated
 * probability (PSI, the same rolling reference), and the retraining rule per month. Pure;
 * `onShare` gets the share of the drift months done (the bulk of the work).
 */
export function monitor(panel: Panel, frame: FeatureFrame, config: Config, evaluation: Evaluation, onShare?: (share: number) => void): Monitoring {
  const m = config.monitoring;
  const options = monthlyDriftOptions(m, panel.history.periods);
  const drift = monthlyDrift(frame, panel.history.months.period, options, onShare);
  const chosen = evaluation.outOfFold.get(evaluation.decisionModel.model);
  if (!chosen) throw new RangeError(`monitor: no out-of-fold predictions for the decision model "${evaluation.decisionModel.model}"`);
  const { oof, calibrated } = chosen;
  const month = Int16Array.from(oof.rows, (r) => panel.history.months.period[r]!);
  const performance = monthlyPerformance(month, oof.label, calibrated.proba, options.months);
  const both = performance.filter((p) => p.realisedRocAuc !== null);
  const meanAbsAucError = both.length === 0 ? null : both.reduce((s, p) => s + Math.abs(p.estimatedRocAuc - p.realisedRocAuc!), 0) / both.length;
  const predictions = predictionDrift(month, oof.proba, calibrated.proba, options.months, m.referenceMonths, m.alpha);
  return { drift, performance, retrain: retrainDecisions(options.months, drift.datasetShare, performance, m.referenceMonths, m.retrain), meanAbsAucError, assumptions: CBPE_ASSUMPTIONS, predictionDrift: predictions };
}
