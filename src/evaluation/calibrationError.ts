import { Rng } from "../util/rng.js";
import { assignBins, binEdges, type BinningOptions } from "./binning.js";
import { checkBootstrapOptions, percentileInterval } from "./bootstrap.js";
import { checkBinaryInput } from "./checks.js";
import { reliabilityCurve, type ReliabilityOptions } from "./reliability.js";

/**
 * Expected calibration error (Naeini, Cooper & Hauskrecht 2015): the weight-share-weighted mean of
 * |mean predicted − observed rate| over probability bins, Σₖ (Wₖ / W) |f̄ₖ − ōₖ|, in [0, 1]; empty
 * bins contribute nothing. `strategy` `"uniform"` (equal width, default) or `"quantile"` (equal
 * count); the value depends on the number of bins, so report it. Throws on invalid input like
 * {@link brierScore} and on `bins` not a positive integer. O(n log bins).
 */
export function expectedCalibrationError(yTrue: Uint8Array, yProb: Float64Array, options: ReliabilityOptions): number {
  const curve = reliabilityCurve(yTrue, yProb, options);
  let sum = 0;
  let total = 0;
  for (let k = 0; k < curve.weight.length; k++) {
    const w = curve.weight[k]!;
    if (w === 0) continue;
    sum += w * Math.abs(curve.meanPredicted[k]! - curve.observedRate[k]!);
    total += w;
  }
  return sum / total;
}

/** Options of {@link eceNoiseFloor}. */
export interface EceNoiseFloorOptions extends BinningOptions {
  /** Label draws, a positive integer. */
  readonly replicates: number;
  /** 32-bit seed of the {@link Rng} stream that draws the labels. */
  readonly seed: number;
  /** Central coverage of the percentile interval, in (0, 1). */
  readonly level: number;
}

/** The ECE that perfectly calibrated forecasts would show: its mean and percentile interval over the draws. */
export interface EceNoiseFloor {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly replicates: number;
}

/**
 * The ECE of `yProb` if it were perfectly calibrated: labels drawn as Bernoulli(p) per row
 * (consistency resampling, Bröcker & Smith 2007, "Increasing the reliability of reliability
 * diagrams"), scored with the bins `yProb` itself defines, as {@link expectedCalibrationError} does.
 * ECE is biased upward by the sampling noise of each bin's observed rate, about
 * Σₖ (nₖ / n) √(2 pₖ (1 − pₖ) / (π nₖ)), so an ECE inside this band is consistent with perfect
 * calibration, and the same forecasts on fewer rows show a larger ECE. Unweighted rows; throws on
 * p outside [0, 1] or bad options. O(replicates · n).
 */
export function eceNoiseFloor(yProb: Float64Array, options: EceNoiseFloorOptions): EceNoiseFloor {
  const { replicates, seed, level, bins } = options;
  checkBootstrapOptions("eceNoiseFloor", replicates, level);
  checkBinaryInput("eceNoiseFloor", new Uint8Array(yProb.length), yProb);
  const edges = binEdges(yProb, bins, options.strategy ?? "uniform");
  const id = assignBins(yProb, edges);
  const sumP = new Float64Array(bins);
  for (let i = 0; i < yProb.length; i++) sumP[id[i]!] += yProb[i]!;
  const sumY = new Float64Array(bins);
  const rng = new Rng(seed);
  const values = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    sumY.fill(0);
    for (let i = 0; i < yProb.length; i++) if (rng.uniform() < yProb[i]!) sumY[id[i]!]++;
    let gap = 0;
    for (let k = 0; k < bins; k++) gap += Math.abs(sumP[k]! - sumY[k]!);
    values[r] = gap / yProb.length;
  }
  return { mean: values.reduce((s, v) => s + v, 0) / replicates, ...percentileInterval(values, level), level, replicates };
}
