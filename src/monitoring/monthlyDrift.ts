/**
 * Drift of every feature, month by month: each monitored calendar month's rows (the customers
 * active at its end) against the rows of the `referenceMonths` months just before it, one test per
 * feature ({@link featureDrift}), and the dataset-level share ({@link datasetDrift}). The result is a
 * feature × month matrix of statistics and verdicts, the data of a drift heat map.
 */
import type { MonitoringConfig } from "../config/config.js";
import type { FeatureFrame } from "../features/frame.js";
import { datasetDrift } from "./datasetDrift.js";
import type { DriftMethod } from "./driftResult.js";
import { featureDrift, type FeatureDriftOptions, type FeatureKind } from "./featureDrift.js";
import type { PValueCorrection } from "./multipleTesting.js";
import { gather } from "../util/gather.js";

/** Options of {@link monthlyDrift}. */
export interface MonthlyDriftOptions {
  /** Calendar months to monitor, ascending; each needs `referenceMonths` months before it. */
  readonly months: readonly number[];
  /** Length of the rolling reference window, in months (the months just before the monitored one). */
  readonly referenceMonths: number;
  /** Test level α of p-value tests and of PSI's sample-size-aware critical value. */
  readonly alpha: number;
  /** The test for every feature, or undefined for Evidently's default choice by type and reference size. */
  readonly method?: DriftMethod;
  /** Share of drifted features at which a month's dataset counts as drifted. */
  readonly driftShare: number;
  /** Correction of p-values across a month's features. */
  readonly correction: PValueCorrection | "none";
}

/** Drift per feature and month (matrices are features × months, row-major). */
export interface MonthlyDrift {
  readonly months: readonly number[];
  readonly features: readonly { readonly name: string; readonly kind: FeatureKind }[];
  /** The test each feature ran in the first monitored month (the choice can only change with sample sizes). */
  readonly methods: readonly DriftMethod[];
  readonly statistic: Float64Array;
  /** The statistic's threshold (α for p-value tests, the critical value or distance threshold otherwise). */
  readonly threshold: Float64Array;
  /** 1 where the feature drifted in the month (after the correction). */
  readonly drifted: Uint8Array;
  /** Per month: the share of drifted features and whether it reaches `driftShare`. */
  readonly datasetShare: Float64Array;
  readonly datasetDrifted: Uint8Array;
  /** Rows of each monitored month and of its reference window. */
  readonly currentRows: Uint32Array;
  readonly referenceRows: Uint32Array;
}

/** Rows of `frame` whose calendar month (`period`) lies in [from, to), ascending. */
function rowsBetween(period: ArrayLike<number>, from: number, to: number): Uint32Array {
  const out: number[] = [];
  for (let r = 0; r < period.length; r++) if (period[r]! >= from && period[r]! < to) out.push(r);
  return Uint32Array.from(out);
}

/**
 * The drift of every feature of `frame` in every month of `options.months` against its rolling
 * reference window (rows with calendar month `period[r]` in [t − referenceMonths, t)). Throws when a
 * month has no rows or no reference rows. `onShare` gets the share of months done. O(months · features · rows of a window · log).
 */
export function monthlyDrift(frame: FeatureFrame, period: ArrayLike<number>, options: MonthlyDriftOptions, onShare?: (share: number) => void): MonthlyDrift {
  const { months, referenceMonths } = options;
  if (months.length === 0) throw new RangeError("monthlyDrift: no months to monitor");
  if (!Number.isInteger(referenceMonths) || referenceMonths < 1) throw new RangeError(`monthlyDrift: referenceMonths must be an integer >= 1, got ${referenceMonths}`);
  const features = [...frame.numeric.map((f) => ({ name: f.info.name, kind: "numeric" as const })), ...frame.categorical.map((f) => ({ name: f.info.name, kind: "categorical" as const }))];
  const F = features.length;
  const T = months.length;
  const statistic = new Float64Array(F * T);
  const threshold = new Float64Array(F * T);
  const drifted = new Uint8Array(F * T);
  const datasetShare = new Float64Array(T);
  const datasetDrifted = new Uint8Array(T);
  const currentRows = new Uint32Array(T);
  const referenceRows = new Uint32Array(T);
  const methods: DriftMethod[] = [];
  const testOptions: FeatureDriftOptions = { alpha: options.alpha, ...(options.method ? { method: options.method } : {}) };
  months.forEach((t, m) => {
    const current = rowsBetween(period, t, t + 1);
    const reference = rowsBetween(period, t - referenceMonths, t);
    if (current.length === 0 || reference.length === 0) throw new RangeError(`monthlyDrift: month ${t} has ${current.length} rows and ${reference.length} reference rows (months ${t - referenceMonths}..${t - 1})`);
    currentRows[m] = current.length;
    referenceRows[m] = reference.length;
    const results = [
      ...frame.numeric.map((f) => featureDrift(gather(f.values, reference), gather(f.values, current), "numeric", testOptions)),
      ...frame.categorical.map((f) => featureDrift(gather(f.codes, reference), gather(f.codes, current), "categorical", testOptions)),
    ];
    const dataset = datasetDrift(results, options.driftShare, { correction: options.correction });
    results.forEach((r, f) => {
      statistic[f * T + m] = r.statistic;
      threshold[f * T + m] = r.threshold;
      drifted[f * T + m] = dataset.featureDrifted[f]!;
      if (m === 0) methods.push(r.method);
    });
    datasetShare[m] = dataset.share;
    datasetDrifted[m] = dataset.datasetDrift ? 1 : 0;
    onShare?.((m + 1) / T);
  });
  return { months: [...months], features, methods, statistic, threshold, drifted, datasetShare, datasetDrifted, currentRows, referenceRows };
}

/**
 * The {@link MonthlyDriftOptions} of the config's `monitoring` section for data covering calendar
 * months 0 .. `periods` − 1: the last `months` months (never earlier than `referenceMonths`), the
 * test (`psi`, or Evidently's default choice), α, the dataset share and the correction.
 */
export function monthlyDriftOptions(monitoring: MonitoringConfig, periods: number): MonthlyDriftOptions {
  const first = Math.max(monitoring.referenceMonths, periods - monitoring.months);
  if (first >= periods) throw new RangeError(`monthlyDriftOptions: ${periods} months leave none to monitor after a ${monitoring.referenceMonths}-month reference`);
  return {
    months: Array.from({ length: periods - first }, (_, i) => first + i),
    referenceMonths: monitoring.referenceMonths,
    alpha: monitoring.alpha,
    ...(monitoring.test === "psi" ? { method: "psi" as const } : {}),
    driftShare: monitoring.driftShare,
    correction: monitoring.correction,
  };
}
