/**
 * What the ROC and precision–recall charts of a model show, computed once by the evaluation stage
 * and kept in the run document: the curves thinned for drawing, their areas, the base rate and the
 * pointwise bootstrap bands. The report and the notebooks draw these numbers and compute none.
 */
import { gather } from "../util/gather.js";
import { prBand, rocBand } from "./curveBands.js";
import { downsampleCurve, MAX_CURVE_POINTS, toDrawingPrecision } from "./downsample.js";
import { averagePrecision, precisionRecallCurve } from "./precisionRecall.js";
import { rocAuc, rocCurve } from "./rocAuc.js";
import { checkBootstrapOptions, type RowClusters } from "./bootstrap.js";

/** Grid values of the bands by default: FPR (or recall) 0, 0.01, …, 1. */
export const BAND_GRID_POINTS = 101;

/** Options of {@link curveSummary}. */
export interface CurveSummaryOptions {
  /** Bootstrap resamples of the bands, an integer ≥ 0; 0 means no bands. */
  readonly replicates: number;
  /** Integer seed of the resamples (both bands read the same resamples). */
  readonly seed: number;
  /** Coverage of the pointwise percentile bands, in (0, 1). */
  readonly level: number;
  /** Band grid values 0 … 1 (default {@link BAND_GRID_POINTS}). */
  readonly gridPoints?: number;
  /** Most points kept per curve (default {@link MAX_CURVE_POINTS}). */
  readonly maxPoints?: number;
  /** Optional cluster of each row (e.g. its customer): the bands resample clusters instead of rows. */
  readonly clusters?: RowClusters;
}

/** A pointwise bootstrap band on a fixed grid of the x axis (FPR or recall); arrays of equal length. */
export interface CurveBand {
  /** Grid values 0 … 1, ascending. */
  readonly grid: Float64Array;
  /** Lower end of the band at each grid value (type-7 quantile (1 − level)/2). */
  readonly lower: Float64Array;
  /** Upper end of the band at each grid value (type-7 quantile (1 + level)/2). */
  readonly upper: Float64Array;
  /** Coverage of the band. */
  readonly level: number;
  /** Resamples used. */
  readonly replicates: number;
  /** Resamples skipped (a class missing). */
  readonly skipped: number;
}

/** The ROC and PR chart data of one model's predictions (see {@link curveSummary}). */
export interface CurveSummary {
  /** Rows the curves are computed on. */
  readonly rows: number;
  /** Share of positive rows: the precision of flagging everyone. */
  readonly baseRate: number;
  /** ROC-AUC of all rows (`rocAuc`). */
  readonly rocAuc: number;
  /** Average precision of all rows (`averagePrecision`). */
  readonly averagePrecision: number;
  /** ROC points (at most `maxPoints`), from (0, 0) at threshold +Infinity to (1, 1); flag when score ≥ threshold. */
  readonly roc: { readonly fpr: Float64Array; readonly tpr: Float64Array; readonly threshold: Float64Array };
  /** Interpolated PR points (at most `maxPoints`) by increasing recall, precision non-increasing (one per distinct recall before rounding). */
  readonly pr: { readonly recall: Float64Array; readonly precision: Float64Array; readonly threshold: Float64Array };
  /** Band of the ROC curve (TPR at each grid FPR), or null when `replicates` is 0. */
  readonly rocBand: CurveBand | null;
  /** Band of the interpolated precision at each grid recall, or null when `replicates` is 0. */
  readonly prBand: CurveBand | null;
}

/**
 * The ROC and precision–recall chart data of labels `y` (0/1) and scores `p` ∈ [0, 1]: the exact
 * `rocCurve` and the interpolated precision (best precision at recall ≥ r, Manning, Raghavan &
 * Schütze 2008 §8.4; the quantity `prBand` bands) at every threshold of `precisionRecallCurve`,
 * both thinned by `downsampleCurve`; ROC-AUC, average precision and the base rate on all rows; and
 * the pointwise percentile bootstrap bands of both curves (`rocBand`, `prBand`: the same seed, so
 * the same resamples), or null bands when `replicates` is 0. Points and bands are for drawing,
 * rounded to `DRAWING_DIGITS` significant digits; the areas and the base rate are exact. Throws on
 * invalid predictions or a single class (as the metrics do) and on a bad option, quoting it.
 * O(n log n + replicates·(n + grid)); inputs not mutated.
 */
export function curveSummary(y: Uint8Array, p: Float64Array, options: CurveSummaryOptions): CurveSummary {
  const { replicates, seed, level, gridPoints = BAND_GRID_POINTS, maxPoints = MAX_CURVE_POINTS } = options;
  checkBootstrapOptions("curveSummary", replicates, level, 0);
  const roc = rocCurve(y, p);
  const keepRoc = downsampleCurve(roc.fpr, roc.tpr, maxPoints);
  const pr = interpolatedPrecision(y, p);
  const keepPr = downsampleCurve(pr.recall, pr.precision, maxPoints);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  // Both bands from the same seed: the same resamples read as ROC and as PR curves.
  const bandOptions = { replicates, seed, level, gridPoints, ...(options.clusters ? { clusters: options.clusters } : {}) };
  const bands = replicates === 0 ? null : { roc: rocBand(y, p, bandOptions), pr: prBand(y, p, bandOptions) };
  const band = (b: { lower: Float64Array; upper: Float64Array; replicates: number; skipped: number }, grid: Float64Array): CurveBand => ({ grid: grid.map(toDrawingPrecision), lower: b.lower.map(toDrawingPrecision), upper: b.upper.map(toDrawingPrecision), level, replicates: b.replicates, skipped: b.skipped });
  return {
    rows: y.length,
    baseRate: positives / y.length,
    rocAuc: rocAuc(y, p),
    averagePrecision: averagePrecision(y, p),
    roc: { fpr: drawn(roc.fpr, keepRoc), tpr: drawn(roc.tpr, keepRoc), threshold: drawn(roc.thresholds, keepRoc) },
    pr: { recall: drawn(pr.recall, keepPr), precision: drawn(pr.precision, keepPr), threshold: drawn(pr.threshold, keepPr) },
    rocBand: bands && band(bands.roc, bands.roc.fpr),
    prBand: bands && band(bands.pr, bands.pr.recall),
  };
}

/**
 * The interpolated precision–recall curve: the thresholds of `precisionRecallCurve` (without its
 * appended (recall 0, precision 1) point) by increasing recall, precision replaced by its running
 * maximum from the high-recall end, and only the first threshold of each recall value kept (the
 * others share its interpolated value).
 */
/** The kept points of `v`, rounded for drawing. */
function drawn(v: Float64Array, keep: Uint32Array): Float64Array {
  return gather(v, keep).map(toDrawingPrecision);
}

function interpolatedPrecision(y: Uint8Array, p: Float64Array): { recall: Float64Array; precision: Float64Array; threshold: Float64Array } {
  const curve = precisionRecallCurve(y, p);
  // Thresholds by increasing score = recall non-increasing: reverse to increasing recall.
  const k = curve.thresholds.length;
  const recall = new Float64Array(k);
  const precision = new Float64Array(k);
  const threshold = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    recall[i] = curve.recall[k - 1 - i]!;
    precision[i] = curve.precision[k - 1 - i]!;
    threshold[i] = curve.thresholds[k - 1 - i]!;
  }
  for (let i = k - 2; i >= 0; i--) if (precision[i + 1]! > precision[i]!) precision[i] = precision[i + 1]!;
  const first: number[] = [];
  for (let i = 0; i < k; i++) if (i === 0 || recall[i] !== recall[i - 1]) first.push(i);
  const keep = Uint32Array.from(first);
  return { recall: gather(recall, keep), precision: gather(precision, keep), threshold: gather(threshold, keep) };
}
