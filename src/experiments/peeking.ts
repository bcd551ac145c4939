import { Rng } from "../util/rng.js";
import { shuffleTreatment, treatedCount } from "./assignment.js";
import { checkAlpha, checkInteger, checkProbability } from "./checks.js";
import { twoProportionZTest } from "./treatmentEffect.js";

/** Options of {@link peekingFalsePositiveRate}. */
export interface PeekingOptions {
  /** Units per experiment at the final look, an integer ≥ 2. */
  readonly n: number;
  /** Equally spaced interim analyses, the last at n units; an integer in [1, n]. */
  readonly looks: number;
  /** Two-sided significance level of every look, in (0, 1). */
  readonly alpha: number;
  /** Churn probability of every unit in both arms (no true effect), in [0, 1]. */
  readonly baseRate: number;
  /** Simulated A/A experiments, an integer ≥ 1. */
  readonly simulations: number;
  /** 32-bit seed of the one {@link Rng} stream that draws every assignment and outcome. */
  readonly seed: number;
  /** Share of units treated, in (0, 1); balanced arms (0.5) when omitted. */
  readonly ratio?: number;
}

/** Result of {@link peekingFalsePositiveRate}: shares of the simulated A/A experiments declared significant. */
export interface PeekingResult {
  /** Share with p < α at one or more looks (the analyst stops at the first): the false-positive rate with peeking. */
  readonly withPeeking: number;
  /** Share with p < α at the final look alone: the false-positive rate of a single planned analysis (≈ α). */
  readonly finalLook: number;
  /** Units analysed at each look, round(k·n/looks) for k = 1…looks. */
  readonly lookSizes: Uint32Array;
  /** Experiments stopped at each look (first p < α there); sums to withPeeking·simulations. */
  readonly stoppedAt: Uint32Array;
  /** The number of simulated experiments. */
  readonly simulations: number;
}

/**
 * The false-positive rate of "peeking" (Armitage, McPherson & Rowe 1969, J. R. Stat. Soc. A
 * 132:235–244): simulates `simulations` A/A experiments in which every unit churns with probability
 * `baseRate` whatever its arm; units are completely randomised ({@link shuffleTreatment}, share
 * `ratio` treated) and arrive in index order; after each of `looks` equally spaced looks the
 * analyst runs the pooled two-proportion z-test ({@link twoProportionZTest}) on the units so far
 * and stops at the first p < α. Returns that rate beside the rate of testing once at the end, on
 * the same experiments. A look where an arm is still empty counts as not significant. With 10
 * looks at α = 0.05 the rate is near 0.19 (Armitage et al., Table 2), with one look it is α.
 * Deterministic for a seed; O(simulations · n), allocates O(n) once.
 */
export function peekingFalsePositiveRate(options: PeekingOptions): PeekingResult {
  const { n, looks, alpha, baseRate, simulations, seed } = options;
  const ratio = options.ratio ?? 0.5;
  checkInteger("peekingFalsePositiveRate", "n", n, 2);
  checkInteger("peekingFalsePositiveRate", "looks", looks, 1);
  if (looks > n) throw new RangeError(`peekingFalsePositiveRate: looks=${looks} exceeds n=${n}`);
  checkAlpha("peekingFalsePositiveRate", alpha);
  checkProbability("peekingFalsePositiveRate", "baseRate", baseRate);
  checkInteger("peekingFalsePositiveRate", "simulations", simulations, 1);
  checkProbability("peekingFalsePositiveRate", "ratio", ratio, "open");

  const lookSizes = new Uint32Array(looks);
  for (let k = 0; k < looks; k++) lookSizes[k] = Math.round(((k + 1) * n) / looks);
  const rng = new Rng(seed);
  const treatment = new Uint8Array(n);
  const order = new Uint32Array(n);
  const treated = treatedCount(n, ratio);
  const stoppedAt = new Uint32Array(looks);
  let peeked = 0;
  let final = 0;
  for (let s = 0; s < simulations; s++) {
    shuffleTreatment(rng, treatment, treated, order);
    const counts = [0, 0];
    const events = [0, 0];
    let stopped = false;
    let unit = 0;
    for (let k = 0; k < looks; k++) {
      const size = lookSizes[k]!;
      for (; unit < size; unit++) {
        const arm = treatment[unit]!;
        counts[arm]!++;
        if (rng.uniform() < baseRate) events[arm]!++;
      }
      if (counts[0] === 0 || counts[1] === 0) continue;
      const significant = twoProportionZTest(events[0]!, counts[0]!, events[1]!, counts[1]!).pValue < alpha;
      if (significant && !stopped) {
        stopped = true;
        stoppedAt[k]!++;
      }
      if (significant && k === looks - 1) final++;
    }
    if (stopped) peeked++;
  }
  return { withPeeking: peeked / simulations, finalLook: final / simulations, lookSizes, stoppedAt, simulations };
}
