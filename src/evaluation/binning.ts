/** How probability bins are laid out: equal-width on [0, 1], or equal-count by sample quantiles. */
export type BinStrategy = "uniform" | "quantile";

/** Options shared by the binned calibration summaries (reliability curve, ECE, Brier decomposition). */
export interface BinningOptions {
  /** Number of bins, a positive integer. */
  readonly bins: number;
  /** Bin layout; default `"uniform"`. */
  readonly strategy?: BinStrategy;
}

/**
 * Bin edges (length `bins + 1`) for probabilities `yProb`: `"uniform"` gives i·(1/bins), computed
 * like numpy `linspace(0, 1, bins + 1)`; `"quantile"` gives the type-7 (linear) sample quantiles
 * at the same levels, like numpy `percentile`, so edges may repeat and bins may be empty. This
 * is the layout of scikit-learn `calibration_curve`. Quantile edges ignore sample weights. O(n log n).
 */
export function binEdges(yProb: Float64Array, bins: number, strategy: BinStrategy = "uniform"): Float64Array {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`binEdges: bins must be a positive integer, got ${bins}`);
  if (yProb.length === 0) throw new RangeError("binEdges: empty input (yProb has length 0)");
  const edges = new Float64Array(bins + 1);
  const step = 1 / bins;
  if (strategy === "uniform") {
    for (let i = 0; i < bins; i++) edges[i] = i * step;
    edges[bins] = 1;
  } else if (strategy === "quantile") {
    const sorted = Float64Array.from(yProb).sort();
    // numpy: percentile(p, linspace(0, 1, bins + 1) * 100) divides the percentages by 100 again.
    for (let i = 0; i <= bins; i++) edges[i] = quantileSorted(sorted, i === bins ? 1 : (i * step * 100) / 100);
  } else {
    throw new RangeError(`binEdges: strategy must be "uniform" or "quantile", got ${JSON.stringify(strategy)}`);
  }
  return edges;
}

/**
 * Bin index of each probability given `edges` from {@link binEdges}: the number of interior edges
 * strictly below the value (numpy `searchsorted(edges[1:-1], p, side="left")`), so a value on an
 * edge belongs to the lower bin and 0 and 1 fall in the first and last bins. O(n log bins).
 */
export function assignBins(yProb: Float64Array, edges: Float64Array): Uint32Array {
  const interior = edges.length - 2;
  const ids = new Uint32Array(yProb.length);
  for (let i = 0; i < yProb.length; i++) {
    const v = yProb[i]!;
    let lo = 0;
    let hi = interior;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid + 1]! < v) lo = mid + 1;
      else hi = mid;
    }
    ids[i] = lo;
  }
  return ids;
}

/**
 * Type-7 (linear interpolation, numpy's default "linear" method) quantile at level `q` ∈ [0, 1]
 * of ascending `sorted` values; interpolates as numpy's `_lerp` does (from the upper neighbour when
 * the fraction is ≥ 0.5) so results match numpy bit for bit. Throws on empty input.
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError("quantileSorted: empty input");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantileSorted: q must be in [0, 1], got ${q}`);
  const virtual = (n - 1) * q;
  if (virtual >= n - 1) return sorted[n - 1]!;
  const below = Math.floor(virtual);
  const t = virtual - below;
  const a = sorted[below]!;
  const b = sorted[below + 1]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}
