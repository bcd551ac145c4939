import { Rng } from "../util/rng.js";
import { checkLabels, checkLength, UndefinedMetricError } from "./checks.js";
import { quantileSorted } from "./binning.js";

/** A metric of the standard `(yTrue, yProb, weights?)` shape, e.g. {@link rocAuc} or {@link brierScore}. */
export type BinaryStatistic = (yTrue: Uint8Array, yProb: Float64Array, weights?: Float64Array) => number;

/** Options of {@link bootstrapInterval}. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples to draw, a positive integer (e.g. 1000). */
  readonly replicates: number;
  /** 32-bit seed of the {@link Rng} stream that draws the resamples. */
  readonly seed: number;
  /** Central coverage of the percentile interval, in (0, 1) (e.g. 0.95). */
  readonly level: number;
  /** Optional row weights, resampled together with the rows and passed to the statistic. */
  readonly weights?: Float64Array;
}

/** Result of {@link bootstrapInterval}. */
export interface BootstrapInterval {
  /** The statistic on the full sample. */
  readonly estimate: number;
  /** Lower percentile bound, the type-7 quantile (1 − level)/2 of the replicate values. */
  readonly lower: number;
  /** Upper percentile bound, the type-7 quantile (1 + level)/2 of the replicate values. */
  readonly upper: number;
  /** Statistic of each usable replicate, in draw order (length = requested − skipped). */
  readonly replicates: Float64Array;
  /** Replicates skipped because the statistic was undefined (single class or NaN). */
  readonly skipped: number;
  /** The requested coverage. */
  readonly level: number;
}

/**
 * Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13) of a metric: draws
 * `replicates` resamples of n rows with replacement from a seeded {@link Rng} (a Uint32Array of
 * indices gathered into reused buffers, so `statistic` must not keep references to its arguments),
 * evaluates `statistic` on each and takes the type-7 quantiles. Replicates where the statistic
 * throws {@link UndefinedMetricError} (e.g. ROC-AUC on a single-class resample) or returns NaN are
 * skipped and counted; other errors propagate. Deterministic for a given seed. Throws if every
 * replicate is skipped. O(replicates · cost(statistic)).
 */
export function bootstrapInterval(
  statistic: BinaryStatistic,
  yTrue: Uint8Array,
  yProb: Float64Array,
  options: BootstrapOptions,
): BootstrapInterval {
  const { replicates, seed, level, weights } = options;
  checkLabels("bootstrapInterval", yTrue);
  checkLength("bootstrapInterval", "yProb", yProb.length, yTrue.length);
  if (weights !== undefined) checkLength("bootstrapInterval", "weights", weights.length, yTrue.length);
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`bootstrapInterval: replicates must be a positive integer, got ${replicates}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapInterval: level must be in (0, 1), got ${level}`);
  const estimate = statistic(yTrue, yProb, weights);

  const n = yTrue.length;
  const rng = new Rng(seed);
  const index = new Uint32Array(n);
  const yB = new Uint8Array(n);
  const pB = new Float64Array(n);
  const wB = weights === undefined ? undefined : new Float64Array(n);
  const values = new Float64Array(replicates);
  let used = 0;
  let skipped = 0;
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < n; i++) index[i] = rng.int(n);
    for (let i = 0; i < n; i++) {
      const j = index[i]!;
      yB[i] = yTrue[j]!;
      pB[i] = yProb[j]!;
      if (wB !== undefined) wB[i] = weights![j]!;
    }
    let value: number;
    try {
      value = statistic(yB, pB, wB);
    } catch (error) {
      if (error instanceof UndefinedMetricError) {
        skipped++;
        continue;
      }
      throw error;
    }
    if (Number.isNaN(value)) {
      skipped++;
      continue;
    }
    values[used++] = value;
  }
  if (used === 0) throw new UndefinedMetricError(`bootstrapInterval: all ${replicates} replicates were undefined`);
  const kept = values.slice(0, used);
  const sorted = Float64Array.from(kept).sort();
  const alpha = (1 - level) / 2;
  return {
    estimate,
    lower: quantileSorted(sorted, alpha),
    upper: quantileSorted(sorted, 1 - alpha),
    replicates: kept,
    skipped,
    level,
  };
}
