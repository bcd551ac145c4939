/**
 * Pointwise bootstrap bands for ROC and precision–recall curves on fixed grids, for plots: the
 * curve of every resample is read at the same FPR (or recall) values, so percentiles across
 * resamples are taken point by point.
 */
import { Rng } from "../util/rng.js";
import { checkBootstrapOptions, countResampler, pointwisePercentiles, type RowClusters } from "./bootstrap.js";
import { checkBinaryInput, requireBothClasses, UndefinedMetricError } from "./checks.js";

/** Options of {@link rocBand} and {@link prBand}. */
export interface CurveBandOptions {
  /** Bootstrap resamples, a positive integer (e.g. 200). */
  readonly replicates: number;
  /** Integer seed of the {@link Rng} stream that draws the resamples. */
  readonly seed: number;
  /** Coverage of the pointwise percentile band, in (0, 1) (e.g. 0.95). */
  readonly level: number;
  /** Number of evenly spaced grid values 0, 1/(g − 1), …, 1; an integer ≥ 2 (e.g. 101). */
  readonly gridPoints: number;
  /** Optional cluster of each row (e.g. its customer): resample clusters instead of rows ({@link countResampler}). */
  readonly clusters?: RowClusters;
}

/** Result of {@link rocBand}; all arrays have `gridPoints` entries. */
export interface RocBand {
  /** The fixed false-positive-rate grid, 0 … 1 ascending. */
  readonly fpr: Float64Array;
  /** True-positive rate of the full sample at each grid FPR (the interpolated ROC curve). */
  readonly tpr: Float64Array;
  /** Lower end of the pointwise percentile band, the type-7 quantile (1 − level)/2; non-decreasing. */
  readonly lower: Float64Array;
  /** Upper end of the pointwise percentile band, the type-7 quantile (1 + level)/2; non-decreasing. */
  readonly upper: Float64Array;
  /** The requested coverage. */
  readonly level: number;
  /** Resamples used (requested − skipped). */
  readonly replicates: number;
  /** Resamples skipped because they held a single class. */
  readonly skipped: number;
}

/** Result of {@link prBand}; all arrays have `gridPoints` entries. */
export interface PrBand {
  /** The fixed recall grid, 0 … 1 ascending. */
  readonly recall: Float64Array;
  /** Interpolated precision of the full sample at each grid recall: max precision at recall ≥ r. */
  readonly precision: Float64Array;
  /** Lower end of the pointwise percentile band, the type-7 quantile (1 − level)/2; non-increasing. */
  readonly lower: Float64Array;
  /** Upper end of the pointwise percentile band, the type-7 quantile (1 + level)/2; non-increasing. */
  readonly upper: Float64Array;
  /** The requested coverage. */
  readonly level: number;
  /** Resamples used (requested − skipped). */
  readonly replicates: number;
  /** Resamples skipped because they held no positive. */
  readonly skipped: number;
}

/**
 * ROC curve of labels `y` (0/1) and scores `p` ∈ [0, 1] read at a fixed FPR grid, with a pointwise
 * percentile bootstrap band (Efron & Tibshirani 1993, ch. 13; "vertical averaging" of ROC curves,
 * Fawcett 2006 §8). The curve is the piecewise-linear path through {@link rocCurve}'s points (tied
 * scores form one step); TPR at grid value f is interpolated linearly between the neighbouring
 * points and, where the path is vertical at f, is the highest TPR reached at FPR f — exactly
 * numpy `np.interp(grid, fpr, tpr)` on `roc_curve` output. Resamples are n uniform row draws from
 * `Rng(seed)` kept as a count per row (`resampleCounts`: the same resamples `bootstrapRocAuc`
 * draws for the same seed; whole clusters with `clusters`); scores are sorted once and each resample is one pass over the rows in score order.
 * Resamples with a single class are skipped and counted. Throws on invalid input (as the metrics
 * do), a single class, or a bad option (value quoted). O(n log n + replicates·(n + grid)) time,
 * O(n + replicates·grid) memory; inputs not mutated.
 */
export function rocBand(y: Uint8Array, p: Float64Array, options: CurveBandOptions): RocBand {
  const b = sweepBand("rocBand", y, p, options, rocSweep);
  return { fpr: b.grid, tpr: b.estimate, lower: b.lower, upper: b.upper, level: options.level, replicates: b.used, skipped: b.skipped };
}

/**
 * Precision–recall curve of labels `y` (0/1) and scores `p` ∈ [0, 1] read at a fixed recall grid,
 * with a pointwise percentile bootstrap band. Precision at grid recall r is the interpolated
 * precision max{precision(t) : recall(t) ≥ r} over the thresholds t of
 * {@link precisionRecallCurve} (one per distinct score; Manning, Raghavan & Schütze 2008 §8.4),
 * without that function's appended (recall 0, precision 1) point, so precision at r = 0 is the
 * best precision any threshold reaches. The result is non-increasing in r. Resamples, skipping
 * (a resample without a positive) and complexity as in {@link rocBand}; a threshold whose rows
 * all have count 0 in a resample is absent from it, as zero-weight rows are in the metrics.
 */
export function prBand(y: Uint8Array, p: Float64Array, options: CurveBandOptions): PrBand {
  const b = sweepBand("prBand", y, p, options, prSweep);
  return { recall: b.grid, precision: b.estimate, lower: b.lower, upper: b.upper, level: options.level, replicates: b.used, skipped: b.skipped };
}

/**
 * The shared bootstrap of {@link rocBand} and {@link prBand}: the curve read on the grid by `sweep`
 * with every row counted once, then once per resample (per-row counts from `Rng(seed)`), and the
 * pointwise percentile band over the resamples where `sweep` succeeded.
 */
function sweepBand(
  name: string,
  y: Uint8Array,
  p: Float64Array,
  options: CurveBandOptions,
  sweep: (prep: Prepared, y: Uint8Array, count: Uint32Array, out: Float64Array, offset: number) => boolean,
): { grid: Float64Array; estimate: Float64Array; lower: Float64Array; upper: Float64Array; used: number; skipped: number } {
  const prep = prepare(name, y, p, options);
  const { grid, replicates } = prep;
  const g = grid.length;
  const estimate = new Float64Array(g);
  const values = new Float64Array(replicates * g);
  sweep(prep, y, new Uint32Array(y.length).fill(1), estimate, 0);
  const resample = countResampler(name, y.length, options.clusters);
  const rng = new Rng(options.seed);
  const count = new Uint32Array(y.length);
  let used = 0;
  let skipped = 0;
  for (let r = 0; r < replicates; r++) {
    resample(rng, count);
    if (sweep(prep, y, count, values, used * g)) used++;
    else skipped++;
  }
  const band = percentileBand(name, values, used, g, options.level, replicates);
  return { grid, estimate, lower: band.lower, upper: band.upper, used, skipped };
}

/** Sorted order, tie groups, grid and scratch buffers shared by every sweep of one call. */
interface Prepared {
  /** Row indices by score descending. */
  readonly order: Uint32Array;
  /** groupEnd[k] = 1 when sorted position k closes a group of tied scores. */
  readonly groupEnd: Uint8Array;
  readonly grid: Float64Array;
  readonly replicates: number;
  /** Scratch: one (x, y) point per tie group. */
  readonly px: Float64Array;
  readonly py: Float64Array;
}

function prepare(name: string, y: Uint8Array, p: Float64Array, options: CurveBandOptions): Prepared {
  requireBothClasses(name, checkBinaryInput(name, y, p));
  const { replicates, seed, level, gridPoints } = options;
  checkBootstrapOptions(name, replicates, level);
  if (!Number.isInteger(seed)) throw new RangeError(`${name}: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(gridPoints) || gridPoints < 2) throw new RangeError(`${name}: gridPoints must be an integer >= 2, got ${gridPoints}`);
  const n = y.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => p[b]! - p[a]!);
  const groupEnd = new Uint8Array(n);
  let groups = 0;
  for (let k = 0; k < n; k++) {
    if (k === n - 1 || p[order[k + 1]!] !== p[order[k]!]) {
      groupEnd[k] = 1;
      groups++;
    }
  }
  const grid = new Float64Array(gridPoints);
  for (let k = 0; k < gridPoints; k++) grid[k] = k / (gridPoints - 1);
  return { order, groupEnd, grid, replicates, px: new Float64Array(groups), py: new Float64Array(groups) };
}

/**
 * One pass over the rows in score order (descending), summing counted positives and negatives per
 * tie group: after it, point j (j < m) of the curve has cumulative false positives px[j] and true
 * positives py[j]; groups whose rows all have count 0 give no point. Returns m and the totals.
 */
function cumulate(prep: Prepared, y: Uint8Array, count: Uint32Array): { m: number; tp: number; fp: number } {
  const { order, groupEnd, px, py } = prep;
  let tp = 0;
  let fp = 0;
  let m = 0;
  let gTp = 0;
  let gFp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (y[i] === 1) gTp += count[i]!;
    else gFp += count[i]!;
    if (groupEnd[k] && gTp + gFp > 0) {
      tp += gTp;
      fp += gFp;
      px[m] = fp;
      py[m] = tp;
      m++;
      gTp = 0;
      gFp = 0;
    }
  }
  return { m, tp, fp };
}

/**
 * Interpolated TPR at each grid FPR of the counted sample, written to out[offset …]. Returns
 * false (writing nothing) when the sample lacks a class.
 */
function rocSweep(prep: Prepared, y: Uint8Array, count: Uint32Array, out: Float64Array, offset: number): boolean {
  const { grid, px, py } = prep;
  const { m, tp, fp } = cumulate(prep, y, count);
  if (tp === 0 || fp === 0) return false;
  // Path (0, 0) → points; grid value f is resolved by the first point with FPR > f, so at a
  // vertical stretch (several points with FPR = f) it takes the last, highest one.
  let x0 = 0;
  let y0 = 0;
  let gi = 0;
  const g = grid.length;
  for (let j = 0; j < m && gi < g; j++) {
    const x1 = px[j]! / fp;
    const y1 = py[j]! / tp;
    while (gi < g && grid[gi]! < x1) {
      out[offset + gi] = y0 + ((y1 - y0) * (grid[gi]! - x0)) / (x1 - x0);
      gi++;
    }
    x0 = x1;
    y0 = y1;
  }
  for (; gi < g; gi++) out[offset + gi] = y0;
  return true;
}

/**
 * Interpolated precision (max precision at recall ≥ r) at each grid recall of the counted
 * sample, written to out[offset …]. Returns false (writing nothing) when the sample has no positive.
 */
function prSweep(prep: Prepared, y: Uint8Array, count: Uint32Array, out: Float64Array, offset: number): boolean {
  const { grid, px, py } = prep;
  const { m, tp } = cumulate(prep, y, count);
  // Turn the cumulative counts into (recall numerator, precision) points.
  for (let j = 0; j < m; j++) {
    const tpj = py[j]!;
    const fpj = px[j]!;
    px[j] = tpj;
    py[j] = tpj / (tpj + fpj);
  }
  if (tp === 0) return false;
  // Points come by increasing recall; walk them backwards with a running max of precision and
  // fill the grid from r = 1 down: grid value r takes the max over points with recall ≥ r.
  let best = 0;
  let gi = grid.length - 1;
  for (let j = m - 1; j >= 0; j--) {
    const recall = px[j]! / tp;
    if (py[j]! > best) best = py[j]!;
    // Grid values above the previous (lower-recall) point's recall are covered by points ≥ this one.
    const below = j > 0 ? px[j - 1]! / tp : -Infinity;
    while (gi >= 0 && grid[gi]! > below && grid[gi]! <= recall) {
      out[offset + gi] = best;
      gi--;
    }
  }
  for (; gi >= 0; gi--) out[offset + gi] = best;
  return true;
}

/** The pointwise percentile band over the `used` replicate rows of `g` values each; throws when every replicate was skipped. */
function percentileBand(name: string, values: Float64Array, used: number, g: number, level: number, requested: number): { lower: Float64Array; upper: Float64Array } {
  if (used === 0) throw new UndefinedMetricError(`${name}: all ${requested} replicates held a single class`);
  return pointwisePercentiles(values.subarray(0, used * g), used, g, level);
}
