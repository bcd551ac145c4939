import { Rng } from "../util/rng.js";
import { checkLabels, checkLength, UndefinedMetricError } from "./checks.js";
import { quantileSorted } from "./binning.js";

/**
 * Checks the options every bootstrap of the workspace shares, quoting the value: `replicates` an
 * integer ≥ `minReplicates` (1 where a band is the point, 0 where "no band" is allowed) and
 * `level` in (0, 1). `name` prefixes the message.
 */
export function checkBootstrapOptions(name: string, replicates: number, level: number, minReplicates: 0 | 1 = 1): void {
  if (!Number.isInteger(replicates) || replicates < minReplicates) {
    throw new RangeError(`${name}: replicates must be ${minReplicates === 1 ? "a positive integer" : "an integer >= 0"}, got ${replicates}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`${name}: level must be in (0, 1), got ${level}`);
}

/**
 * One bootstrap resample of n = `index.length` rows drawn with replacement from `rng` (n uniform
 * draws `rng.int(n)`), written as row indices in draw order. {@link resampleCounts} reads the same
 * draws as a count per row, so a seed gives the same resamples to every bootstrap of the workspace.
 */
export function resampleIndices(rng: Rng, index: Uint32Array): void {
  const n = index.length;
  for (let i = 0; i < n; i++) index[i] = rng.int(n);
}

/** One bootstrap resample of n = `count.length` rows (the draws of {@link resampleIndices}) as the number of times each row was drawn; O(n), allocates nothing. */
export function resampleCounts(rng: Rng, count: Uint32Array): void {
  const n = count.length;
  count.fill(0);
  for (let i = 0; i < n; i++) count[rng.int(n)]++;
}

/** The cluster of each row, numbered 0..count − 1 (for example the customer of each customer-month). */
export interface RowClusters {
  readonly cluster: Uint32Array;
  readonly count: number;
}

/**
 * Rows grouped into clusters numbered 0..count − 1 in order of first appearance (for example the
 * customer of each customer-month), for {@link resampleClusterCounts}. `ids` may be any integers;
 * only the groups matter. O(n).
 */
export function denseClusters(ids: ArrayLike<number>): RowClusters {
  const seen = new Map<number, number>();
  const cluster = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    let c = seen.get(ids[i]!);
    if (c === undefined) seen.set(ids[i]!, (c = seen.size));
    cluster[i] = c;
  }
  return { cluster, count: seen.size };
}

/**
 * One cluster bootstrap resample (Davison & Hinkley 1997, §3.8): C = `drawn.length` clusters drawn
 * with replacement (C draws `rng.int(C)`, counted in `drawn`), and every row counted in `count` as
 * often as its cluster (`cluster[i]` in 0..C − 1) was drawn. Rows of one customer move together, so
 * the interval reflects how much customers, not customer-months, vary. With one row per cluster
 * (cluster[i] = i) it is the resample of {@link resampleCounts}. O(n + C), allocates nothing.
 */
export function resampleClusterCounts(rng: Rng, cluster: Uint32Array, drawn: Uint32Array, count: Uint32Array): void {
  const clusters = drawn.length;
  drawn.fill(0);
  for (let c = 0; c < clusters; c++) drawn[rng.int(clusters)]++;
  for (let i = 0; i < count.length; i++) count[i] = drawn[cluster[i]!]!;
}

/**
 * The resampler of n rows that every count-based bootstrap of the workspace uses: rows
 * ({@link resampleCounts}) or, with `clusters`, whole clusters ({@link resampleClusterCounts}).
 * Checks that `clusters` has one entry per row, each below its count; `name` prefixes the message.
 */
export function countResampler(name: string, n: number, clusters?: RowClusters): (rng: Rng, count: Uint32Array) => void {
  if (clusters === undefined) return resampleCounts;
  checkLength(name, "clusters", clusters.cluster.length, n);
  for (let i = 0; i < n; i++) if (!(clusters.cluster[i]! < clusters.count)) throw new RangeError(`${name}: cluster of row ${i} is ${clusters.cluster[i]}, expected below the cluster count ${clusters.count}`);
  const drawn = new Uint32Array(clusters.count);
  return (rng, count) => resampleClusterCounts(rng, clusters.cluster, drawn, count);
}

/** Options of {@link bootstrapCounts}. */
export interface CountBootstrapOptions {
  /** Number of resamples, a positive integer. */
  readonly replicates: number;
  /** 32-bit seed of the {@link Rng} stream that draws the resamples. */
  readonly seed: number;
  /** Central coverage of the percentile interval, in (0, 1). */
  readonly level: number;
  /** Optional cluster of each row ({@link denseClusters}): resample clusters, not rows. */
  readonly clusters?: RowClusters;
}

/** The replicates of {@link bootstrapCounts} and their percentile interval. */
export interface CountBootstrap {
  readonly lower: number;
  readonly upper: number;
  /** Statistic of each usable replicate, in draw order. */
  readonly replicates: Float64Array;
  /** Replicates where the statistic was NaN (undefined on that resample). */
  readonly skipped: number;
  readonly level: number;
}

/**
 * Percentile bootstrap (Efron & Tibshirani 1993, ch. 13) of a statistic of n rows that reads each
 * resample as a count per row: {@link resampleCounts}, or {@link resampleClusterCounts} when
 * `clusters` is given. `statistic` returns NaN where it is undefined on a resample (counted in
 * `skipped`). Deterministic for a seed; throws on bad options or when every replicate is undefined.
 */
export function bootstrapCounts(name: string, n: number, statistic: (count: Uint32Array) => number, options: CountBootstrapOptions): CountBootstrap {
  const { replicates, seed, level, clusters } = options;
  checkBootstrapOptions(name, replicates, level);
  const resample = countResampler(name, n, clusters);
  const rng = new Rng(seed);
  const count = new Uint32Array(n);
  const values = new Float64Array(replicates);
  let used = 0;
  for (let r = 0; r < replicates; r++) {
    resample(rng, count);
    const value = statistic(count);
    if (!Number.isNaN(value)) values[used++] = value;
  }
  if (used === 0) throw new UndefinedMetricError(`${name}: all ${replicates} replicates were undefined`);
  const kept = values.slice(0, used);
  return { ...percentileInterval(kept, level), replicates: kept, skipped: replicates - used, level };
}

/**
 * The percentile interval of replicate values (Efron & Tibshirani 1993, ch. 13): the type-7
 * quantiles (`quantileSorted`) at (1 − level)/2 and (1 + level)/2 of `values`, which are copied and
 * sorted (not mutated). Throws on empty input.
 */
export function percentileInterval(values: Float64Array, level: number): { lower: number; upper: number } {
  const sorted = Float64Array.from(values).sort();
  const alpha = (1 - level) / 2;
  return { lower: quantileSorted(sorted, alpha), upper: quantileSorted(sorted, 1 - alpha) };
}

/**
 * A pointwise percentile band: `draws` holds `replicates` rows of `points` values (replicate r's
 * value at point k is draws[r·points + k]); at each point, the {@link percentileInterval} of its
 * replicate values. Throws when `replicates` is 0. O(points · replicates log replicates).
 */
export function pointwisePercentiles(draws: Float64Array, replicates: number, points: number, level: number): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(points);
  const upper = new Float64Array(points);
  const column = new Float64Array(replicates);
  for (let k = 0; k < points; k++) {
    for (let r = 0; r < replicates; r++) column[r] = draws[r * points + k]!;
    const band = percentileInterval(column, level);
    lower[k] = band.lower;
    upper[k] = band.upper;
  }
  return { lower, upper };
}

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
 * `replicates` resamples of n rows with replacement from a seeded {@link Rng} ({@link resampleIndices}:
 * indices gathered into reused buffers, so `statistic` must not keep references to its arguments),
 * evaluates `statistic` on each and takes the {@link percentileInterval}. Replicates where the statistic
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
  checkBootstrapOptions("bootstrapInterval", replicates, level);
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
    resampleIndices(rng, index);
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
  return { estimate, ...percentileInterval(kept, level), replicates: kept, skipped, level };
}
