/** Most bins {@link histogram} picks by default (its Freedman–Diaconis count is clamped to this). */
export const MAX_HISTOGRAM_BINS = 100;

/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** Number of bins, a positive integer; default: the Freedman–Diaconis rule clamped to 1 … `maxBins`. */
  readonly bins?: number;
  /** Upper bound on the default bin count (default {@link MAX_HISTOGRAM_BINS}). */
  readonly maxBins?: number;
}

/** Equal-width bins of the finite values of a sample. */
export interface Histogram {
  /**
   * Bin edges, ascending, `bins + 1` values: bin b counts values in [edges[b], edges[b + 1]), the
   * last bin its upper edge too. When every value is the same v, one bin [v − 0.5, v + 0.5).
   */
  readonly edges: Float64Array;
  /** Values per bin. */
  readonly counts: Uint32Array;
  /** Finite values binned (Σ counts). */
  readonly n: number;
  /** Mean of the finite values. */
  readonly mean: number;
  /** Values left out because they are NaN or ±Infinity. */
  readonly nonFinite: number;
}

/**
 * Histogram of the finite values of `values`: equal-width bins over [min, max], by default as many
 * as the Freedman–Diaconis rule gives (width 2·IQR·n^(−1/3), Freedman & Diaconis 1981, IQR from
 * the sorted values at positions ⌊0.25·(n − 1)⌋ and ⌊0.75·(n − 1)⌋), clamped to 1 … maxBins, or
 * ⌈√n⌉ bins when the IQR is 0. Non-finite values are counted apart. Throws when no value is finite
 * or an option is not a positive integer (value quoted). O(n log n); input not mutated.
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const maxBins = options.maxBins ?? MAX_HISTOGRAM_BINS;
  if (!Number.isInteger(maxBins) || maxBins < 1) throw new RangeError(`histogram: maxBins must be a positive integer, got ${maxBins}`);
  if (options.bins !== undefined && (!Number.isInteger(options.bins) || options.bins < 1)) throw new RangeError(`histogram: bins must be a positive integer, got ${options.bins}`);
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite.push(values[i]!);
  const n = finite.length;
  if (n === 0) throw new RangeError(`histogram: no finite values among ${values.length}`);
  const sorted = Float64Array.from(finite).sort();
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  let bins = options.bins;
  if (bins === undefined) {
    const iqr = sorted[Math.floor(0.75 * (n - 1))]! - sorted[Math.floor(0.25 * (n - 1))]!;
    const width = (2 * iqr) / Math.cbrt(n);
    bins = hi > lo ? (width > 0 ? Math.ceil((hi - lo) / width) : Math.ceil(Math.sqrt(n))) : 1;
    bins = Math.min(maxBins, Math.max(1, bins));
  }
  const start = hi > lo ? lo : lo - 0.5;
  const width = hi > lo ? (hi - lo) / bins : 1 / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, b) => (b === bins && hi > lo ? hi : start + b * width));
  const counts = new Uint32Array(bins);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    sum += v;
    counts[Math.min(bins - 1, Math.floor((v - start) / width))]++;
  }
  return { edges, counts, n, mean: sum / n, nonFinite: values.length - n };
}
