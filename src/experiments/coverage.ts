import { Rng } from "../util/rng.js";
import { shuffleTreatment, treatedCount } from "./assignment.js";
import { checkInteger, checkProbability } from "./checks.js";
import { treatmentEffect } from "./treatmentEffect.js";

/** Options of {@link intervalCoverage}. */
export interface CoverageOptions {
  /** P(churn | control) of each unit (its potential outcome without the action), each in [0, 1]. */
  readonly controlProb: Float64Array;
  /** P(churn | treated) of each unit, same length, each in [0, 1]. */
  readonly treatedProb: Float64Array;
  /** Share of units treated, in (0, 1). */
  readonly ratio: number;
  /** Significance level; the intervals have nominal coverage 1 − α. In (0, 1). */
  readonly alpha: number;
  /** Simulated experiments, an integer ≥ 1. */
  readonly simulations: number;
  /** 32-bit seed of the one {@link Rng} stream of every assignment and outcome. */
  readonly seed: number;
}

/** Result of {@link intervalCoverage}. */
export interface CoverageResult {
  /** The true effect, mean(controlProb − treatedProb): the expected reduction in churn rate. */
  readonly trueEffect: number;
  /** Share of the simulated intervals that contain trueEffect (compare with 1 − α). */
  readonly coverage: number;
  /** Number of intervals that contain trueEffect. */
  readonly covered: number;
  /** The number of simulated experiments. */
  readonly simulations: number;
  /** Mean of the estimated effects (≈ trueEffect: the estimator is unbiased under randomisation). */
  readonly meanEffect: number;
  /** Mean interval width, upper − lower. */
  readonly meanWidth: number;
}

/**
 * Empirical coverage of the Wald interval of {@link treatmentEffect} when the truth is known: each
 * of `simulations` experiments completely randomises the units ({@link shuffleTreatment}, share
 * `ratio` treated), draws every unit's churn from its arm's probability, and checks whether the
 * interval at level 1 − α contains the true effect mean(controlProb − treatedProb). Give constant
 * probabilities for a plain Bernoulli model, or per-customer ones (e.g. the synthetic generator's
 * hazards with and without the action) to check the interval where effects are heterogeneous.
 * Deterministic for a seed; O(simulations · n), allocates O(n) once.
 */
export function intervalCoverage(options: CoverageOptions): CoverageResult {
  const { controlProb, treatedProb, ratio, alpha, simulations, seed } = options;
  const n = controlProb.length;
  if (treatedProb.length !== n) throw new RangeError(`intervalCoverage: controlProb and treatedProb lengths differ (controlProb ${n}, treatedProb ${treatedProb.length})`);
  checkInteger("intervalCoverage", "number of units", n, 2);
  checkProbability("intervalCoverage", "ratio", ratio, "open");
  checkInteger("intervalCoverage", "simulations", simulations, 1);
  const treated = treatedCount(n, ratio);
  if (treated === 0 || treated === n) throw new RangeError(`intervalCoverage: ratio=${ratio} of n=${n} units leaves an arm empty (${treated} treated)`);
  let trueEffect = 0;
  for (let i = 0; i < n; i++) {
    const c = controlProb[i]!;
    const t = treatedProb[i]!;
    if (!(c >= 0 && c <= 1)) throw new RangeError(`intervalCoverage: controlProb[${i}] = ${c} is outside [0, 1]`);
    if (!(t >= 0 && t <= 1)) throw new RangeError(`intervalCoverage: treatedProb[${i}] = ${t} is outside [0, 1]`);
    trueEffect += c - t;
  }
  trueEffect /= n;

  const rng = new Rng(seed);
  const treatment = new Uint8Array(n);
  const order = new Uint32Array(n);
  let covered = 0;
  let sumEffect = 0;
  let sumWidth = 0;
  for (let s = 0; s < simulations; s++) {
    shuffleTreatment(rng, treatment, treated, order);
    let controlEvents = 0;
    let treatedEvents = 0;
    for (let i = 0; i < n; i++) {
      if (treatment[i] === 1) treatedEvents += rng.uniform() < treatedProb[i]! ? 1 : 0;
      else controlEvents += rng.uniform() < controlProb[i]! ? 1 : 0;
    }
    const estimate = treatmentEffect({ controlN: n - treated, controlEvents, treatedN: treated, treatedEvents }, alpha);
    if (estimate.lower <= trueEffect && trueEffect <= estimate.upper) covered++;
    sumEffect += estimate.effect;
    sumWidth += estimate.upper - estimate.lower;
  }
  return { trueEffect, coverage: covered / simulations, covered, simulations, meanEffect: sumEffect / simulations, meanWidth: sumWidth / simulations };
}
