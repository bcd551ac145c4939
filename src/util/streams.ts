/**
 * The one table of the run's random streams. Every seeded draw of a run (fold assignment, model
 * randomness, bootstrap bands) takes its seed from the run's master seed through this table, so a
 * stream is named once, never collides with another, and the manifest's one seed reproduces all of them.
 */
import { deriveSeed } from "./rng.js";

/** Stream name → a fixed 32-bit tag mixed into the master seed (changing a tag changes that stream only). */
export const STREAMS = {
  /** Stratified by-customer folds where calendar splits are impossible (Telco). */
  customerFolds: 0x6f01d,
  /** The random row split (holdout) of the leakage ladder. */
  randomRowFolds: 0x4a4d,
  /** The Telco cross-sectional check's folds. */
  crossSectionFolds: 0xc05,
  /** Random forest: per fold (index = fold). */
  forest: 0xf02e57,
  /** Gradient boosting row/column subsampling: per fold (index = fold). */
  gbm: 0x6b3d,
  /** Bootstrap bands of the evaluation metrics: index = position of the model (last: the true hazard). */
  metricBands: 100,
  /** Bootstrap bands of the ROC / PR curves (`curveSummary`, the same resamples for both): index = position of the model. */
  curveBands: 0xb00,
  /** Bootstrap band of the backtest profit curve. */
  profitCurve: 0x9e0f,
  /** The randomised experiment (`src/pipeline/experiment.ts`): index 0 assignment, 1 outcomes, 2 peeking simulation, 3 holdout split. */
  experiment: 0xab7e57,
  /** The uniform customer sample of a scaled run (`scale.sampleCustomers`): index = population index. */
  customerSample: 0x5a3e1e,
} as const;

/** A stream's name in {@link STREAMS}. */
export type StreamName = keyof typeof STREAMS;

/**
 * The seed of stream `name` (and of its `index`-th sub-stream, e.g. a fold) for master seed `seed`:
 * `deriveSeed(seed, tag + index)` for the metric bands (a contiguous block, as before), otherwise
 * `deriveSeed(deriveSeed(seed, tag), index)` when an index is given, `deriveSeed(seed, tag)` when not.
 */
export function streamSeed(seed: number, name: StreamName, index?: number): number {
  const tag = STREAMS[name];
  if (name === "metricBands" || name === "curveBands") return deriveSeed(seed, tag + (index ?? 0));
  const base = deriveSeed(seed, tag);
  return index === undefined ? base : deriveSeed(base, index);
}
