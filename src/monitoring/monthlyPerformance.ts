/**
 * Performance month by month from calibrated probabilities: the label-free CBPE estimate of ROC-AUC
 * (what a monitor knows the day the scores go out) beside the realised ROC-AUC once the labels
 * arrived, the score distribution, and the expected against the realised churn rate.
 */
import { quantileSorted } from "../evaluation/binning.js";
import { rocAuc } from "../evaluation/rocAuc.js";
import { cbpe } from "./cbpe.js";
import { normalSf } from "./normalDistribution.js";

/** One month of {@link monthlyPerformance}. */
export interface MonthPerformance {
  readonly month: number;
  readonly rows: number;
  /** CBPE's expected ROC-AUC from the calibrated probabilities alone. */
  readonly estimatedRocAuc: number;
  /** ROC-AUC of the same probabilities against the realised labels; null when the month has one class only. */
  readonly realisedRocAuc: number | null;
  /** Mean calibrated probability (the expected churn rate) and the realised rate. */
  readonly expectedRate: number;
  readonly realisedRate: number;
  /** 10th, 50th and 90th percentiles of the calibrated probability (type 7, `quantileSorted`). */
  readonly quantiles: readonly [number, number, number];
  /**
   * Two-sided p-value of the realised positives against the calibrated expectation: z = (Σy − Σp)/√Σp(1 − p)
   * (the normal approximation of the Poisson-binomial count calibrated probabilities imply). Small
   * values mean calibration broke in the month: known once the month's labels are in.
   */
  readonly calibrationPValue: number;
}

/**
 * Per calendar month in `months` (ascending), over the rows whose `month[i]` is that month and whose
 * calibrated probability is not NaN: CBPE's estimated ROC-AUC, the realised ROC-AUC, the expected
 * and realised churn rates and the score quantiles. Months without such rows are left out. Inputs
 * are row-aligned (same length); throws otherwise. O(n log n).
 */
export function monthlyPerformance(month: ArrayLike<number>, label: Uint8Array, calibrated: Float64Array, months: readonly number[]): MonthPerformance[] {
  if (label.length !== month.length || calibrated.length !== month.length) throw new RangeError(`monthlyPerformance: month, label and calibrated lengths differ (${month.length}, ${label.length}, ${calibrated.length})`);
  const out: MonthPerformance[] = [];
  for (const t of months) {
    const rows: number[] = [];
    for (let i = 0; i < month.length; i++) if (month[i] === t && calibrated[i] === calibrated[i]) rows.push(i);
    if (rows.length === 0) continue;
    const p = Float64Array.from(rows, (i) => calibrated[i]!);
    const y = Uint8Array.from(rows, (i) => label[i]!);
    let positives = 0;
    for (let i = 0; i < y.length; i++) positives += y[i]!;
    let expected = 0;
    let variance = 0;
    for (let i = 0; i < p.length; i++) (expected += p[i]!, (variance += p[i]! * (1 - p[i]!)));
    const z = variance > 0 ? (positives - expected) / Math.sqrt(variance) : 0;
    const sorted = Float64Array.from(p).sort();
    const q = (f: number): number => quantileSorted(sorted, f);
    out.push({
      month: t,
      rows: rows.length,
      estimatedRocAuc: cbpe(p).rocAuc,
      realisedRocAuc: positives > 0 && positives < y.length ? rocAuc(y, p) : null,
      expectedRate: p.reduce((s, v) => s + v, 0) / p.length,
      realisedRate: positives / y.length,
      quantiles: [q(0.1), q(0.5), q(0.9)],
      calibrationPValue: Math.min(1, 2 * normalSf(Math.abs(z))),
    });
  }
  return out;
}

/** The retraining rule's thresholds (config `monitoring.retrain`). */
export interface RetrainRule {
  /** Retrain when at least this share of features drifted in the month. */
  readonly driftShare: number;
  /** Retrain when the estimated ROC-AUC fell by at least this much below the mean estimate of the reference months. */
  readonly aucDrop: number;
  /** Retrain when the expected churn rate moved by at least this factor (either way) from the reference months' mean. */
  readonly rateFactor: number;
  /** Once a month's labels are in: retrain when its calibration test's p-value is below this level. */
  readonly calibrationAlpha: number;
}

/** The rule's verdict for one month, with the numbers it read and the reasons it fired. */
export interface RetrainDecision {
  readonly month: number;
  readonly retrain: boolean;
  readonly reasons: readonly string[];
  readonly driftShare: number;
  /** Reference estimate − this month's estimate; null when the month or its reference has no estimate. */
  readonly aucDrop: number | null;
  /** This month's expected rate / the reference months' mean; null without both. */
  readonly rateRatio: number | null;
  /** The month's calibration p-value once its labels are in; null without a performance row. */
  readonly calibrationPValue: number | null;
}

/**
 * The retraining rule per monitored month: fire on the month's share of drifted features, on a drop
 * of CBPE's estimated ROC-AUC below the mean estimate of the `referenceMonths` months before it, or
 * on the expected churn rate moving by `rateFactor` from their mean: label-free, known the day
 * scores are produced. Once the month's labels are in (a horizon later), also on calibration: the
 * realised churn count against the calibrated expectation at level `calibrationAlpha`, which is
 * what catches a concept shift. `driftShare[m]` belongs to `months[m]`.
 */
export function retrainDecisions(months: readonly number[], driftShare: ArrayLike<number>, performance: readonly MonthPerformance[], referenceMonths: number, rule: RetrainRule): RetrainDecision[] {
  const byMonth = new Map(performance.map((p) => [p.month, p]));
  return months.map((t, m) => {
    const reference = performance.filter((p) => p.month >= t - referenceMonths && p.month < t);
    const current = byMonth.get(t);
    const mean = (f: (p: MonthPerformance) => number): number => reference.reduce((s, p) => s + f(p), 0) / reference.length;
    const aucDrop = current && reference.length > 0 ? mean((p) => p.estimatedRocAuc) - current.estimatedRocAuc : null;
    const rateRatio = current && reference.length > 0 ? current.expectedRate / mean((p) => p.expectedRate) : null;
    const reasons: string[] = [];
    if (driftShare[m]! >= rule.driftShare) reasons.push(`${(100 * driftShare[m]!).toFixed(0)} % of features drifted (rule: ${(100 * rule.driftShare).toFixed(0)} %)`);
    if (aucDrop !== null && aucDrop >= rule.aucDrop) reasons.push(`estimated ROC-AUC fell by ${aucDrop.toFixed(3)} (rule: ${rule.aucDrop})`);
    if (rateRatio !== null && (rateRatio >= rule.rateFactor || rateRatio <= 1 / rule.rateFactor)) reasons.push(`expected churn rate × ${rateRatio.toFixed(2)} (rule: × ${rule.rateFactor} either way)`);
    const calibrationPValue = current ? current.calibrationPValue : null;
    if (current && calibrationPValue! < rule.calibrationAlpha) reasons.push(`labels in: ${(100 * current.realisedRate).toFixed(2)} % churned against ${(100 * current.expectedRate).toFixed(2)} % expected (p = ${calibrationPValue!.toExponential(1)}, rule: ${rule.calibrationAlpha})`);
    return { month: t, retrain: reasons.length > 0, reasons, driftShare: driftShare[m]!, aucDrop, rateRatio, calibrationPValue };
  });
}
