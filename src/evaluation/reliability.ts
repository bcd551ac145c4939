import { checkBinaryInput } from "./checks.js";
import { assignBins, binEdges, type BinningOptions } from "./binning.js";

/** Options of {@link reliabilityCurve}: the bins, and optional per-row weights. */
export interface ReliabilityOptions extends BinningOptions {
  /** Non-negative row weights; all rows weigh 1 when absent. */
  readonly weights?: Float64Array;
}

/**
 * Reliability diagram data, one entry per bin (length `bins`, empty bins included with `count` 0
 * and NaN means). Drop entries with `count === 0` to get scikit-learn `calibration_curve`'s output.
 */
export interface ReliabilityCurve {
  /** Bin edges, length `bins + 1`; bin k holds edges[k] < p ≤ edges[k + 1] (the first bin also p = edges[0]). */
  readonly edges: Float64Array;
  /** Rows per bin (zero-weight rows included). */
  readonly count: Uint32Array;
  /** Sum of row weights per bin (equals `count` without weights). */
  readonly weight: Float64Array;
  /** Weighted mean predicted probability per bin (sklearn `prob_pred`); NaN when the bin weight is 0. */
  readonly meanPredicted: Float64Array;
  /** Weighted observed positive rate per bin (sklearn `prob_true`); NaN when the bin weight is 0. */
  readonly observedRate: Float64Array;
}

/**
 * Bins probabilities (`"uniform"` equal width, default, or `"quantile"` equal count; layout as
 * {@link binEdges}) and returns per bin the count, weight, mean prediction and observed rate, for
 * reliability plots (Niculescu-Mizil & Caruana 2005). Matches scikit-learn `calibration_curve`
 * (which has no weights and drops empty bins). Throws on invalid input like {@link brierScore}.
 * O(n log bins) (O(n log n) for quantile edges).
 */
export function reliabilityCurve(yTrue: Uint8Array, yProb: Float64Array, options: ReliabilityOptions): ReliabilityCurve {
  const weights = options.weights;
  checkBinaryInput("reliabilityCurve", yTrue, yProb, weights);
  const bins = options.bins;
  const edges = binEdges(yProb, bins, options.strategy ?? "uniform");
  const ids = assignBins(yProb, edges);
  const count = new Uint32Array(bins);
  const weight = new Float64Array(bins);
  const meanPredicted = new Float64Array(bins);
  const observedRate = new Float64Array(bins);
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    const k = ids[i]!;
    count[k]++;
    weight[k] += w;
    meanPredicted[k] += w * yProb[i]!;
    observedRate[k] += w * yTrue[i]!;
  }
  for (let k = 0; k < bins; k++) {
    const w = weight[k]!;
    meanPredicted[k] = w > 0 ? meanPredicted[k]! / w : Number.NaN;
    observedRate[k] = w > 0 ? observedRate[k]! / w : Number.NaN;
  }
  return { edges, count, weight, meanPredicted, observedRate };
}
