import { checkBinaryInput } from "./checks.js";
import { assignBins, binEdges, type BinningOptions } from "./binning.js";

/**
 * Brier score: the (weighted) mean squared difference between probability and 0/1 outcome,
 * Σ w (p − y)² / Σ w, in [0, 1]; lower is better. As scikit-learn `brier_score_loss`. Throws on
 * empty input, length mismatch, labels other than 0/1, probabilities outside [0, 1] or NaN,
 * negative or all-zero weights. O(n).
 */
export function brierScore(yTrue: Uint8Array, yProb: Float64Array, weights?: Float64Array): number {
  checkBinaryInput("brierScore", yTrue, yProb, weights);
  let sum = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    const d = yProb[i]! - yTrue[i]!;
    sum += w * d * d;
    total += w;
  }
  return sum / total;
}

/** Options of {@link brierDecomposition}: the bins, and optional per-row weights. */
export interface BrierDecompositionOptions extends BinningOptions {
  /** Non-negative row weights; all rows weigh 1 when absent. */
  readonly weights?: Float64Array;
}

/**
 * Murphy (1973) decomposition of the Brier score over probability bins, extended with the two
 * within-bin terms of Stephenson, Coelho & Jolliffe (2008) so that the identity is exact:
 * `brier = reliability − resolution + uncertainty + withinBinVariance − 2·withinBinCovariance`.
 */
export interface BrierDecomposition {
  /** The Brier score itself, Σ w (p − y)² / W. */
  readonly brier: number;
  /** Reliability (calibration term), Σₖ Wₖ (f̄ₖ − ōₖ)² / W; 0 when every bin is calibrated. */
  readonly reliability: number;
  /** Resolution, Σₖ Wₖ (ōₖ − ō)² / W; higher means bins separate outcomes better. */
  readonly resolution: number;
  /** Uncertainty of the outcome, ō (1 − ō). */
  readonly uncertainty: number;
  /** Within-bin forecast variance, Σₖ Σ_{i∈k} wᵢ (pᵢ − f̄ₖ)² / W; 0 when forecasts in a bin are equal. */
  readonly withinBinVariance: number;
  /** Within-bin forecast–outcome covariance, Σₖ Σ_{i∈k} wᵢ (pᵢ − f̄ₖ)(yᵢ − ōₖ) / W. */
  readonly withinBinCovariance: number;
}

/**
 * Decomposes the (weighted) Brier score over `options.bins` probability bins (layout as
 * {@link binEdges}). With f̄ₖ, ōₖ the mean forecast and outcome rate of bin k and ō the overall
 * rate, Σ_{i∈k} (pᵢ − yᵢ)² = Σ (pᵢ − f̄ₖ)² − 2 Σ (pᵢ − f̄ₖ)(yᵢ − ōₖ) + Wₖ (f̄ₖ − ōₖ)² + Wₖ ōₖ(1 − ōₖ)
 * (binary y), and Σₖ Wₖ ōₖ(1 − ōₖ) = W ō(1 − ō) − Σₖ Wₖ (ōₖ − ō)², which gives
 * brier = reliability − resolution + uncertainty + withinBinVariance − 2·withinBinCovariance exactly
 * (Murphy 1973; Stephenson, Coelho & Jolliffe 2008, Weather and Forecasting 23:752). The classic
 * three-term identity holds only when forecasts within each bin are equal. Two passes, O(n log bins).
 */
export function brierDecomposition(yTrue: Uint8Array, yProb: Float64Array, options: BrierDecompositionOptions): BrierDecomposition {
  const weights = options.weights;
  checkBinaryInput("brierDecomposition", yTrue, yProb, weights);
  const bins = options.bins;
  const ids = assignBins(yProb, binEdges(yProb, bins, options.strategy ?? "uniform"));
  const wSum = new Float64Array(bins);
  const pSum = new Float64Array(bins);
  const ySum = new Float64Array(bins);
  let total = 0;
  let yTotal = 0;
  let brier = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    const k = ids[i]!;
    wSum[k] += w;
    pSum[k] += w * yProb[i]!;
    ySum[k] += w * yTrue[i]!;
    total += w;
    yTotal += w * yTrue[i]!;
    const d = yProb[i]! - yTrue[i]!;
    brier += w * d * d;
  }
  const base = yTotal / total;
  // Bin means, reused in place: pSum -> f̄ₖ, ySum -> ōₖ.
  let reliability = 0;
  let resolution = 0;
  for (let k = 0; k < bins; k++) {
    if (wSum[k]! === 0) continue;
    const f = pSum[k]! / wSum[k]!;
    const o = ySum[k]! / wSum[k]!;
    pSum[k] = f;
    ySum[k] = o;
    reliability += wSum[k]! * (f - o) * (f - o);
    resolution += wSum[k]! * (o - base) * (o - base);
  }
  let variance = 0;
  let covariance = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    const k = ids[i]!;
    const dp = yProb[i]! - pSum[k]!;
    variance += w * dp * dp;
    covariance += w * dp * (yTrue[i]! - ySum[k]!);
  }
  return {
    brier: brier / total,
    reliability: reliability / total,
    resolution: resolution / total,
    uncertainty: base * (1 - base),
    withinBinVariance: variance / total,
    withinBinCovariance: covariance / total,
  };
}
