/**
 * A randomised multi-arm retention experiment on a population whose truth is known (the synthetic
 * generator's hazard and action effects): complete randomisation into a control arm and one arm per
 * action, each unit's churn drawn from its arm's true probability, and the per-arm analysis (ATE
 * with its Wald interval and z-test, the true ATE, the sample size for a minimum detectable effect
 * and the design's power). Pure functions of typed arrays; every draw is seeded.
 */
import { gather } from "../util/gather.js";
import { deriveSeed, Rng } from "../util/rng.js";
import { treatedCount } from "./assignment.js";
import { checkInteger, checkProbability } from "./checks.js";
import { experimentPower, experimentSampleSize, type SampleSizePlan } from "./power.js";
import { averageTreatmentEffect, type TreatmentEffect } from "./treatmentEffect.js";

/** The units of an experiment and what the truth says about them. */
export interface ExperimentPopulation {
  /** p⁰ᵢ: P(unit i churns within the outcome window | control), each in [0, 1]. */
  readonly controlProb: Float64Array;
  /** sᵢⱼ: P(action j saves unit i if it would churn), n × A row-major, each in [0, 1]. */
  readonly effect: Float64Array;
  /** A, the number of actions (= action arms). */
  readonly actions: number;
  /** A stable id per unit (e.g. the customer's index in the history): unit i's outcome is drawn from its own stream `deriveSeed(outcomeSeed, unit[i])`. */
  readonly unit: Uint32Array;
}

/** One simulated experiment: the arm and the outcome of every unit. */
export interface ExperimentDraw {
  /** Arm per unit: 0 = control, j + 1 = action j. */
  readonly arm: Uint8Array;
  /** 1 when the unit churned within the outcome window, else 0. */
  readonly churned: Uint8Array;
}

/** Seeds and shares of {@link drawExperiment}. */
export interface DrawOptions {
  /** Share of the units in each action arm, in (0, 1); arms × round(n·share) < n leaves a control arm. */
  readonly armShare: number;
  /** 32-bit seed of the assignment. */
  readonly assignmentSeed: number;
  /** 32-bit seed from which every unit's outcome stream is derived. */
  readonly outcomeSeed: number;
}

/**
 * Complete randomisation of `n` units into a control arm and `arms` action arms of exactly
 * k = round(n·share) units each ({@link treatedCount}), every such partition equally likely: a
 * partial Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm 3.4.2P) of arms·k positions from
 * the {@link Rng} stream of `seed`, position r going to arm 1 + ⌊r/k⌋; the rest is control (0).
 * Throws unless n ≥ 2, arms ≥ 1, share ∈ (0, 1), k ≥ 1 and arms·k < n (values quoted). O(n).
 */
export function assignArms(n: number, arms: number, share: number, seed: number): Uint8Array {
  checkInteger("assignArms", "n", n, 2);
  checkInteger("assignArms", "arms", arms, 1);
  if (arms > 254) throw new RangeError(`assignArms: at most 254 action arms fit a Uint8 arm code, got ${arms}`);
  checkProbability("assignArms", "share", share, "open");
  const k = treatedCount(n, share);
  if (k < 1 || arms * k >= n) throw new RangeError(`assignArms: ${arms} arm(s) of round(n·share) = round(${n}·${share}) = ${k} units leave no control arm or an empty arm (n=${n})`);
  const rng = new Rng(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const arm = new Uint8Array(n);
  for (let r = 0; r < arms * k; r++) {
    const j = r + rng.int(n - r);
    const picked = order[j]!;
    order[j] = order[r]!;
    order[r] = picked;
    arm[picked] = 1 + Math.floor(r / k);
  }
  return arm;
}

/** Throws unless the population is consistent: n ≥ 2 units, A ≥ 1, lengths n and n × A, probabilities in [0, 1]. */
function checkPopulation(caller: string, population: ExperimentPopulation): void {
  const { controlProb, effect, actions, unit } = population;
  const n = controlProb.length;
  checkInteger(caller, "number of units", n, 2);
  checkInteger(caller, "actions", actions, 1);
  if (effect.length !== n * actions) throw new RangeError(`${caller}: effect has length ${effect.length}, expected n × A = ${n} × ${actions} = ${n * actions}`);
  if (unit.length !== n) throw new RangeError(`${caller}: unit has length ${unit.length}, expected n = ${n}`);
  for (const [name, values] of [["controlProb", controlProb], ["effect", effect]] as const) {
    for (let i = 0; i < values.length; i++) {
      if (!(values[i]! >= 0 && values[i]! <= 1)) throw new RangeError(`${caller}: ${name}[${i}] = ${values[i]} is outside [0, 1]`);
    }
  }
}

/**
 * One randomised experiment on `population`: arms from {@link assignArms} (seed `assignmentSeed`),
 * then each unit churns when its own uniform draw u (stream `deriveSeed(outcomeSeed, unit[i])`)
 * falls below its arm's true probability: p⁰ᵢ under control, p⁰ᵢ·(1 − sᵢⱼ) under action j (the
 * action saves a would-be churner with probability sᵢⱼ). One draw per unit couples the potential
 * outcomes (an action never makes a unit churn), and a unit's outcome does not depend on the order
 * or the set of the other units. Throws on an inconsistent population or bad shares. O(n).
 */
export function drawExperiment(population: ExperimentPopulation, options: DrawOptions): ExperimentDraw {
  checkPopulation("drawExperiment", population);
  const { controlProb, effect, actions: A, unit } = population;
  const n = controlProb.length;
  const arm = assignArms(n, A, options.armShare, options.assignmentSeed);
  const churned = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = arm[i]!;
    const p = a === 0 ? controlProb[i]! : controlProb[i]! * (1 - effect[i * A + a - 1]!);
    churned[i] = new Rng(deriveSeed(options.outcomeSeed, unit[i]!)).uniform() < p ? 1 : 0;
  }
  return { arm, churned };
}

/** Units of action arm `action` (0-based) and of the control arm, in increasing order, with treatment = 1 for the action arm. */
export interface ArmContrast {
  /** Unit indices, increasing. */
  readonly index: Uint32Array;
  /** 1 where the unit is in the action arm, 0 in control. */
  readonly treatment: Uint8Array;
}

/** The units of action `action`'s arm and of control among `arm` (optionally only among the units `within`, increasing), for a two-arm analysis. O(n). */
export function armContrast(arm: Uint8Array, action: number, within?: Uint32Array): ArmContrast {
  const code = action + 1;
  const index: number[] = [];
  const consider = (i: number): void => {
    if (arm[i] === 0 || arm[i] === code) index.push(i);
  };
  if (within) for (const i of within) consider(i);
  else for (let i = 0; i < arm.length; i++) consider(i);
  return { index: Uint32Array.from(index), treatment: Uint8Array.from(index, (i) => (arm[i] === code ? 1 : 0)) };
}

/** Options of {@link armEffects}. */
export interface ArmEffectOptions {
  /** Two-sided level of the intervals and tests, in (0, 1). */
  readonly alpha: number;
  /** Target power of the sample-size plan, in (alpha, 1). */
  readonly power: number;
  /** Minimum detectable reduction in churn rate, in (0, base rate]. */
  readonly mde: number;
}

/** The analysis of one action arm against control. */
export interface ArmEffect {
  /** 0-based action index. */
  readonly action: number;
  /** Estimated ATE = control churn rate − arm churn rate, with its Wald interval and pooled z-test. */
  readonly estimate: TreatmentEffect;
  /** The true ATE of the action on the whole population, mean over units of p⁰ᵢ·sᵢⱼ: what the estimate is unbiased for under complete randomisation. */
  readonly trueEffect: number;
  /** Whether the interval covers trueEffect. */
  readonly covered: boolean;
  /** The planned base rate: mean p⁰ᵢ over the population. */
  readonly baseRate: number;
  /** Units needed per arm to detect `mde` at α and the target power with this arm's control : action ratio. */
  readonly plan: SampleSizePlan;
  /** Power of the actual arm sizes against `mde`. */
  readonly achievedPower: number;
  /** Power of the actual arm sizes against the true ATE (when it is in (0, base rate]; else null). */
  readonly powerAtTrueEffect: number | null;
}

/**
 * Per action arm of a drawn experiment, the estimate of the ATE against control
 * ({@link averageTreatmentEffect}), the truth it estimates, and the power analysis of the design:
 * the sample size for `mde` ({@link experimentSampleSize}, base rate = mean p⁰, ratio = the arm's
 * share of control + arm) and the power of the arm sizes actually used ({@link experimentPower}).
 * Throws on an inconsistent population or draw, or invalid options (values quoted). O(n·A).
 */
export function armEffects(population: ExperimentPopulation, draw: ExperimentDraw, options: ArmEffectOptions): ArmEffect[] {
  checkPopulation("armEffects", population);
  const { controlProb, effect, actions: A } = population;
  const n = controlProb.length;
  if (draw.arm.length !== n || draw.churned.length !== n) throw new RangeError(`armEffects: draw lengths (arm ${draw.arm.length}, churned ${draw.churned.length}) differ from n = ${n}`);
  const baseRate = mean(controlProb);
  const out: ArmEffect[] = [];
  for (let j = 0; j < A; j++) {
    const { index, treatment } = armContrast(draw.arm, j);
    const estimate = averageTreatmentEffect(gather(draw.churned, index), treatment, options.alpha);
    let trueEffect = 0;
    for (let i = 0; i < n; i++) trueEffect += controlProb[i]! * effect[i * A + j]!;
    trueEffect /= n;
    const design = { baseRate, alpha: options.alpha, control: estimate.controlN, treated: estimate.treatedN };
    const plan = experimentSampleSize({ baseRate, mde: options.mde, alpha: options.alpha, power: options.power, ratio: estimate.treatedN / (estimate.treatedN + estimate.controlN) });
    out.push({
      action: j,
      estimate,
      trueEffect,
      covered: estimate.lower <= trueEffect && trueEffect <= estimate.upper,
      baseRate,
      plan,
      achievedPower: experimentPower({ ...design, mde: options.mde }),
      powerAtTrueEffect: trueEffect > 0 && trueEffect <= baseRate ? experimentPower({ ...design, mde: trueEffect }) : null,
    });
  }
  return out;
}

/** The arithmetic mean of a non-empty array. */
function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}
