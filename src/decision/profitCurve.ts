import { checkBootstrapOptions, countResampler, pointwisePercentiles, type RowClusters } from "../evaluation/bootstrap.js";
import { topIndices } from "../evaluation/lift.js";
import { Rng } from "../util/rng.js";
import { contactProfit } from "./expectedValue.js";

/** Options of {@link profitCurve}. */
export interface ProfitCurveOptions {
  /** Bootstrap replicates, an integer >= 0; 0 means no band. */
  readonly replicates: number;
  /** Seed of the bootstrap stream (an integer; reduced mod 2^32 by {@link Rng}). */
  readonly seed: number;
  /** Coverage of the pointwise percentile band, in (0, 1), e.g. 0.95. */
  readonly level: number;
  /** Number of evenly spaced targeted counts 0 … n on the grid, an integer ≥ 2 (see {@link ProfitCurve.count}). */
  readonly gridPoints: number;
  /**
   * Rows in the forward window of {@link ProfitCurve.marginalZero}, a positive integer; default
   * max(1, round(n / (gridPoints − 1))), i.e. one grid step, the resolution the plotted curve shows.
   */
  readonly window?: number;
  /** Optional cluster of each row (e.g. its customer): the band resamples clusters instead of rows. */
  readonly clusters?: RowClusters;
}

/**
 * The realised profit of targeting the top N rows of a ranking, for every N, summarised on a grid
 * with a pointwise bootstrap band. Money fields are in the units of `gain`, `loss` and `spend`.
 */
export interface ProfitCurve {
  /** Number of rows. */
  readonly n: number;
  /**
   * Targeted counts N, strictly ascending: round(k·n / (gridPoints − 1)) for k = 0 … gridPoints − 1
   * with duplicates removed (so at most n + 1 values), plus N* inserted when it is not already on
   * that grid; always holds 0, n and N*.
   */
  readonly count: Uint32Array;
  /** Score of the N-th ranked row at each grid count (the lowest score targeted); NaN at N = 0. */
  readonly threshold: Float64Array;
  /** Realised cumulative profit Σ_{top N} [y·gain − (1 − y)·loss] at each grid count. */
  readonly profit: Float64Array;
  /** Cumulative spend Σ_{top N} spend at each grid count. */
  readonly spend: Float64Array;
  /** Lower end of the pointwise percentile bootstrap band at each grid count; null without replicates. */
  readonly lower: Float64Array | null;
  /** Upper end of the pointwise percentile bootstrap band at each grid count; null without replicates. */
  readonly upper: Float64Array | null;
  /** Coverage of the band. */
  readonly level: number;
  /** N* = argmax of profit over every N in 0 … n (not just the grid); ties go to the smallest N, so N* = 0 when no prefix has positive profit. */
  readonly nStar: number;
  /** Score of the N*-th ranked row (NaN when N* = 0). */
  readonly pStar: number;
  /** Profit at N* (≥ 0, since N = 0 has profit 0). */
  readonly maxProfit: number;
  /** Cumulative spend at N*. */
  readonly spendAtStar: number;
  /** maxProfit / spendAtStar; NaN when spendAtStar is 0 (in particular when N* = 0). */
  readonly roiAtStar: number;
  /**
   * The smallest N in 0 … n at which the profit of the next `window` ranked rows is ≤ 0:
   * min { N : profit(min(N + window, n)) − profit(N) ≤ 0 }, i.e. where the forward moving
   * average of per-row profit over `window` rows first turns non-positive. Always ≤ N* (the
   * rows after the maximum never add profit) and ≤ n (the empty window at N = n adds 0).
   * With window 1 it is the first row whose own value is ≤ 0.
   */
  readonly marginalZero: number;
  /** The window used for {@link ProfitCurve.marginalZero}. */
  readonly window: number;
}

/**
 * Realised profit curve of a targeting ranking on a backtest: rows are ranked by `score`
 * descending, ties by row index ascending (the earlier row first, as in `topIndices`), and
 * targeting the top N rows earns profit(N) = Σ_{top N} [y·gain − (1 − y)·loss] (`contactProfit`
 * at the realised label) and spends
 * Σ_{top N} spend. The argmax N*, its threshold, profit, spend and ROI are exact over every N; the
 * curve and a pointwise percentile band are reported on a grid of counts (see
 * {@link ProfitCurve.count}). Within a tie group the cut at N is by row index, so the threshold
 * score alone does not reproduce it.
 *
 * Band: each replicate resamples the rows with replacement (`resampleCounts`: n uniform draws from
 * a seeded {@link Rng}, kept as a count per row, the same resample `bootstrapRocAuc` draws for the
 * same seed; whole clusters, e.g. customers with all their months, with `clusters`), keeps the ranking fixed and reads the profit of the same top-N ranked positions as
 * Σ count_i·value_i over them; the band at each grid count is the type-7 percentile interval at
 * (1 ∓ level)/2 of those replicate values (`pointwisePercentiles`; Efron & Tibshirani 1993, ch. 13). It is pointwise and
 * conditional on the fitted model and on N (the selection of N* is not resampled, so the band at
 * N* does not cover the optimism of maxProfit). With 0 replicates there is no band (null).
 *
 * Inputs are not mutated. `gain`, `loss` and `spend` may be any finite numbers except `spend`,
 * which must be ≥ 0. Throws a RangeError quoting the value on empty input, length mismatch,
 * a label other than 0/1, a non-finite score or amount, or a bad option.
 * O(n log n + replicates·(n + grid)) time, O(n + replicates·grid) memory.
 */
export function profitCurve(
  y: Uint8Array,
  score: Float64Array,
  gain: Float64Array,
  loss: Float64Array,
  spend: Float64Array,
  options: ProfitCurveOptions,
): ProfitCurve {
  const name = "profitCurve";
  const n = y.length;
  if (n === 0) throw new RangeError(`${name}: empty input (y has length 0)`);
  const columns: readonly [string, Float64Array][] = [
    ["score", score],
    ["gain", gain],
    ["loss", loss],
    ["spend", spend],
  ];
  for (const [what, values] of columns) {
    if (values.length !== n) throw new RangeError(`${name}: y and ${what} lengths differ (y ${n}, ${what} ${values.length})`);
  }
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) throw new RangeError(`${name}: y[${i}] = ${v} is not 0 or 1`);
  }
  for (const [what, values] of columns) {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) throw new RangeError(`${name}: ${what}[${i}] = ${v} is not a finite number`);
      if (what === "spend" && v < 0) throw new RangeError(`${name}: spend[${i}] = ${v} is negative`);
    }
  }
  const { replicates, seed, level, gridPoints } = options;
  checkBootstrapOptions(name, replicates, level, 0);
  if (!Number.isInteger(seed)) throw new RangeError(`${name}: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(gridPoints) || gridPoints < 2) throw new RangeError(`${name}: gridPoints must be an integer >= 2, got ${gridPoints}`);
  const window = options.window ?? Math.max(1, Math.round(n / (gridPoints - 1)));
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`${name}: window must be a positive integer, got ${window}`);

  const order = topIndices(score, n);
  // Per-row value in ranked order and prefix sums over every N = 0 … n.
  const value = new Float64Array(n);
  const cum = new Float64Array(n + 1);
  const cumSpend = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    value[k] = contactProfit(y[i]!, gain[i]!, loss[i]!);
    cum[k + 1] = cum[k]! + value[k]!;
    cumSpend[k + 1] = cumSpend[k]! + spend[i]!;
  }
  let nStar = 0;
  for (let m = 1; m <= n; m++) if (cum[m]! > cum[nStar]!) nStar = m;
  let marginalZero = n;
  for (let m = 0; m < n; m++) {
    if (cum[Math.min(m + window, n)]! - cum[m]! <= 0) {
      marginalZero = m;
      break;
    }
  }

  const count = gridCounts(n, gridPoints, nStar);
  const L = count.length;
  const threshold = new Float64Array(L);
  const profit = new Float64Array(L);
  const spendAt = new Float64Array(L);
  for (let g = 0; g < L; g++) {
    const m = count[g]!;
    threshold[g] = m === 0 ? Number.NaN : score[order[m - 1]!]!;
    profit[g] = cum[m]!;
    spendAt[g] = cumSpend[m]!;
  }

  // Replicate r's profit at grid point g lives at draws[r·L + g].
  const R = replicates;
  const draws = new Float64Array(L * R);
  const rowCount = new Uint32Array(n);
  const resample = countResampler(name, n, options.clusters);
  const rng = new Rng(seed);
  for (let r = 0; r < R; r++) {
    resample(rng, rowCount);
    let acc = 0;
    let g = 1; // count[0] = 0 and draws start at 0
    for (let k = 0; k < n; k++) {
      acc += rowCount[order[k]!]! * value[k]!;
      if (count[g] === k + 1) draws[r * L + g++] = acc;
    }
  }
  const band = R === 0 ? null : pointwisePercentiles(draws, R, L, level);

  const maxProfit = cum[nStar]!;
  const spendAtStar = cumSpend[nStar]!;
  return {
    n,
    count,
    threshold,
    profit,
    spend: spendAt,
    lower: band?.lower ?? null,
    upper: band?.upper ?? null,
    level,
    nStar,
    pStar: nStar === 0 ? Number.NaN : score[order[nStar - 1]!]!,
    maxProfit,
    spendAtStar,
    roiAtStar: spendAtStar === 0 ? Number.NaN : maxProfit / spendAtStar,
    marginalZero,
    window,
  };
}

/** Strictly ascending grid: round(k·n/(points − 1)) for k = 0 … points − 1, deduplicated, with `extra` inserted if absent. */
function gridCounts(n: number, points: number, extra: number): Uint32Array {
  const grid: number[] = [];
  for (let k = 0; k < points; k++) {
    const m = k === points - 1 ? n : Math.round((k * n) / (points - 1));
    if (grid.length === 0 || m !== grid[grid.length - 1]) grid.push(m);
  }
  if (!grid.includes(extra)) {
    grid.push(extra);
    grid.sort((a, b) => a - b);
  }
  return Uint32Array.from(grid);
}
