/** Number of reference-quantile bins {@link quantileBins} makes by default (Evidently and most PSI practice use 10). */
export const DEFAULT_DRIFT_BINS = 10;

/** Integer category codes, one per row (like a categorical feature's `codes`). */
export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

/**
 * Reference and current counts over common bins. Bins empty in both samples are dropped, so
 * `reference.length` is the number of occupied bins B (the chi-square degrees of freedom are B − 1).
 */
export interface DriftBins {
  /** Reference rows per bin. */
  readonly reference: Uint32Array;
  /** Current rows per bin. */
  readonly current: Uint32Array;
  /**
   * What each bin holds: the level code ({@link categoryBins}), the value ({@link valueBins}), or
   * the bin's upper cut, Infinity for the top bin ({@link quantileBins}); NaN marks the missing bin.
   */
  readonly labels: Float64Array;
  /** {@link quantileBins}: the ascending cut points c₀ < c₁ < …; finite bin b holds (c_{b−1}, c_b] with c₋₁ = −∞ and the top bin (c_last, ∞). Empty otherwise. */
  readonly cuts: Float64Array;
  /** Whether the last bin counts missing values (NaN); present only when either sample has one. */
  readonly missingBin: boolean;
}

/** Rows of each sample over its bins; throws when a sample has none (`name` prefixes the message). */
export function binTotals(name: string, bins: DriftBins): { readonly reference: number; readonly current: number } {
  let reference = 0;
  let current = 0;
  for (let b = 0; b < bins.reference.length; b++) {
    reference += bins.reference[b]!;
    current += bins.current[b]!;
  }
  if (reference === 0 || current === 0) throw new RangeError(`${name}: both samples need rows, got reference ${reference} and current ${current}`);
  return { reference, current };
}

function checkNumeric(name: string, what: string, values: Float64Array): number {
  if (values.length === 0) throw new RangeError(`${name}: empty input (${what} has length 0)`);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) missing++;
    else if (!Number.isFinite(v)) throw new RangeError(`${name}: ${what}[${i}] = ${v} is infinite (missing values are NaN)`);
  }
  return missing;
}

/** Index of the first cut ≥ v (the number of cuts below v): bins are closed on the right. */
function binOf(cuts: Float64Array, v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Counts of both samples over `slots` bins given a bin-of-row function, dropping bins empty in both. */
function tally(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  slots: number,
  slotOf: (v: number) => number,
  labelOf: (slot: number) => number,
): Pick<DriftBins, "reference" | "current" | "labels"> {
  const ref = new Uint32Array(slots);
  const cur = new Uint32Array(slots);
  for (let i = 0; i < reference.length; i++) ref[slotOf(reference[i]!)]++;
  for (let i = 0; i < current.length; i++) cur[slotOf(current[i]!)]++;
  let kept = 0;
  for (let s = 0; s < slots; s++) if (ref[s]! + cur[s]! > 0) kept++;
  const out = { reference: new Uint32Array(kept), current: new Uint32Array(kept), labels: new Float64Array(kept) };
  let k = 0;
  for (let s = 0; s < slots; s++) {
    if (ref[s]! + cur[s]! === 0) continue;
    out.reference[k] = ref[s]!;
    out.current[k] = cur[s]!;
    out.labels[k] = labelOf(s);
    k++;
  }
  return out;
}

/**
 * Cut points of `bins` reference-quantile bins: the inverse-empirical-CDF (type 1) quantiles of the
 * finite reference values at levels i/bins, i = 1 … bins − 1 (the ⌈n·i/bins⌉-th smallest value,
 * in exact integer arithmetic; numpy `quantile(method="inverted_cdf")`), deduplicated, and only
 * those below the reference maximum. Every cut is a reference value, so with bins closed on the
 * right no finite bin is empty in the reference; a constant reference has no cut (one bin). NaN are
 * ignored. Throws when `bins` is not a positive integer. O(n log n); input not mutated.
 */
export function quantileCuts(reference: Float64Array, bins: number = DEFAULT_DRIFT_BINS): Float64Array {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`quantileCuts: bins must be a positive integer, got ${bins}`);
  let n = 0;
  for (let i = 0; i < reference.length; i++) if (reference[i] === reference[i]) n++;
  const sorted = new Float64Array(n);
  for (let i = 0, k = 0; i < reference.length; i++) if (reference[i] === reference[i]) sorted[k++] = reference[i]!;
  sorted.sort();
  const cuts: number[] = [];
  if (n === 0) return new Float64Array(0);
  const max = sorted[n - 1]!;
  for (let i = 1; i < bins; i++) {
    const cut = sorted[Math.ceil((n * i) / bins) - 1]!;
    if (cut < max && (cuts.length === 0 || cut > cuts[cuts.length - 1]!)) cuts.push(cut);
  }
  return Float64Array.from(cuts);
}

/**
 * Bins a numeric feature for PSI: {@link quantileCuts} of the reference (default 10 bins), bins
 * closed on the right, so a value equal to a cut counts in the bin below it; NaN (missing) rows
 * get a bin of their own, last, when either sample has one. Bins empty in both samples are
 * dropped. A constant feature without NaN gives one bin (no drift, PSI 0). Throws on an empty
 * sample or an infinite value (index quoted). O((n + m) log n); inputs not mutated.
 */
export function quantileBins(reference: Float64Array, current: Float64Array, options: { readonly bins?: number } = {}): DriftBins {
  const missingRef = checkNumeric("quantileBins", "reference", reference);
  const missingCur = checkNumeric("quantileBins", "current", current);
  const cuts = quantileCuts(reference, options.bins ?? DEFAULT_DRIFT_BINS);
  const finite = cuts.length + 1;
  const missingBin = missingRef + missingCur > 0;
  const counts = tally(
    reference,
    current,
    finite + (missingBin ? 1 : 0),
    (v) => (Number.isNaN(v) ? finite : binOf(cuts, v)),
    (s) => (s === finite ? Number.NaN : s < cuts.length ? cuts[s]! : Infinity),
  );
  return { ...counts, cuts, missingBin };
}

/**
 * Bins a numeric feature with few distinct values (Evidently treats ≤ 5 as categorical): one bin
 * per distinct finite value seen in either sample, ascending, and a last bin for NaN when either
 * sample has one. Throws on an empty sample or an infinite value. O((n + m) log(n + m)).
 */
export function valueBins(reference: Float64Array, current: Float64Array): DriftBins {
  const missingRef = checkNumeric("valueBins", "reference", reference);
  const missingCur = checkNumeric("valueBins", "current", current);
  const all = new Float64Array(reference.length + current.length);
  all.set(reference);
  all.set(current, reference.length);
  all.sort();
  const distinct: number[] = [];
  for (const v of all) if (!Number.isNaN(v) && (distinct.length === 0 || v !== distinct[distinct.length - 1])) distinct.push(v);
  const values = Float64Array.from(distinct);
  const missingBin = missingRef + missingCur > 0;
  const counts = tally(
    reference,
    current,
    values.length + (missingBin ? 1 : 0),
    (v) => (Number.isNaN(v) ? values.length : binOf(values, v)),
    (s) => (s === values.length ? Number.NaN : values[s]!),
  );
  return { ...counts, cuts: new Float64Array(0), missingBin };
}

/**
 * Bins a categorical feature: one bin per level code seen in either sample, ascending by code, so
 * a level unseen in the reference has reference count 0 (PSI then counts its current share as drift)
 * and levels seen in neither sample are dropped. Missing values are a level of their own, as in the
 * feature frame. Throws on an empty sample. O(n + m + max code).
 */
export function categoryBins(reference: CodeArray, current: CodeArray): DriftBins {
  if (reference.length === 0) throw new RangeError("categoryBins: empty input (reference has length 0)");
  if (current.length === 0) throw new RangeError("categoryBins: empty input (current has length 0)");
  let levels = 0;
  for (const c of reference) levels = Math.max(levels, c + 1);
  for (const c of current) levels = Math.max(levels, c + 1);
  const counts = tally(reference, current, levels, (c) => c, (s) => s);
  return { ...counts, cuts: new Float64Array(0), missingBin: false };
}
