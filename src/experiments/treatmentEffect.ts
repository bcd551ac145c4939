import { armCounts, checkAlpha, checkInteger, type ArmCounts } from "./checks.js";
import { normalCdf, normalQuantile } from "./normal.js";

/** A two-proportion z-test: the statistic and its two-sided p-value. */
export interface ZTest {
  /** z = (p̂_control − p̂_treated) / SE_pooled; 0 when the pooled rate is 0 or 1. */
  readonly z: number;
  /** Two-sided p-value 2·Φ(−|z|), in (0, 1]; 1 when the pooled rate is 0 or 1. */
  readonly pValue: number;
}

/**
 * The two-sided two-proportion z-test of H₀: equal churn rates, with the pooled standard error
 * √(p̄(1 − p̄)(1/n_c + 1/n_t)), p̄ = (x_c + x_t)/(n_c + n_t): the same statistic and p-value as
 * statsmodels `proportions_ztest([x_c, x_t], [n_c, n_t])` (control as sample 1). When p̄ is 0 or 1
 * the rates are equal and the test is degenerate: z = 0 and p = 1 (statsmodels returns NaN).
 * Arguments are counts, checked by the callers. O(1), allocates one small object.
 */
export function twoProportionZTest(controlEvents: number, controlN: number, treatedEvents: number, treatedN: number): ZTest {
  const pooled = (controlEvents + treatedEvents) / (controlN + treatedN);
  const variance = pooled * (1 - pooled) * (1 / controlN + 1 / treatedN);
  if (!(variance > 0)) return { z: 0, pValue: 1 };
  const z = (controlEvents / controlN - treatedEvents / treatedN) / Math.sqrt(variance);
  return { z, pValue: 2 * normalCdf(-Math.abs(z)) };
}

/** Result of {@link treatmentEffect} and {@link averageTreatmentEffect}; rates and effects are fractions (0.03 = 3 points). */
export interface TreatmentEffect extends ArmCounts, ZTest {
  /** Churn rate of the control arm, controlEvents / controlN. */
  readonly controlRate: number;
  /** Churn rate of the treated arm, treatedEvents / treatedN. */
  readonly treatedRate: number;
  /** The effect = reduction in churn rate = controlRate − treatedRate (positive: the action reduces churn). */
  readonly effect: number;
  /** Unpooled (Wald) standard error √(p_c(1 − p_c)/n_c + p_t(1 − p_t)/n_t) of the effect. */
  readonly standardError: number;
  /** Lower bound of the Wald interval, effect − z_{1−α/2}·SE. */
  readonly lower: number;
  /** Upper bound of the Wald interval, effect + z_{1−α/2}·SE. */
  readonly upper: number;
  /** Significance level α; the interval's coverage is 1 − α. */
  readonly alpha: number;
}

/**
 * The average treatment effect of a randomised experiment on a binary outcome from its counts:
 * effect = reduction in churn rate = p̂_control − p̂_treated, its unpooled Wald standard error, the
 * Wald interval at level 1 − α (statsmodels `confint_proportions_2indep(x_c, n_c, x_t, n_t,
 * method="wald", compare="diff", alpha)`), and the pooled two-proportion z-test
 * ({@link twoProportionZTest}). The Wald interval undercovers for rates near 0 or 1 or small arms
 * (Newcombe 1998, Statistics in Medicine 17:873–890); it collapses to a point when both rates are
 * 0 or 1. Throws unless the counts are integers with 1 ≤ n and 0 ≤ events ≤ n, and α ∈ (0, 1). O(1).
 */
export function treatmentEffect(counts: ArmCounts, alpha: number): TreatmentEffect {
  const { controlN, controlEvents, treatedN, treatedEvents } = counts;
  checkInteger("treatmentEffect", "controlN", controlN, 1);
  checkInteger("treatmentEffect", "treatedN", treatedN, 1);
  checkInteger("treatmentEffect", "controlEvents", controlEvents, 0);
  checkInteger("treatmentEffect", "treatedEvents", treatedEvents, 0);
  if (controlEvents > controlN) throw new RangeError(`treatmentEffect: controlEvents=${controlEvents} exceeds controlN=${controlN}`);
  if (treatedEvents > treatedN) throw new RangeError(`treatmentEffect: treatedEvents=${treatedEvents} exceeds treatedN=${treatedN}`);
  checkAlpha("treatmentEffect", alpha);
  const controlRate = controlEvents / controlN;
  const treatedRate = treatedEvents / treatedN;
  const effect = controlRate - treatedRate;
  const standardError = Math.sqrt((controlRate * (1 - controlRate)) / controlN + (treatedRate * (1 - treatedRate)) / treatedN);
  const halfWidth = -normalQuantile(alpha / 2) * standardError;
  return {
    controlN,
    controlEvents,
    treatedN,
    treatedEvents,
    controlRate,
    treatedRate,
    effect,
    standardError,
    lower: effect - halfWidth,
    upper: effect + halfWidth,
    alpha,
    ...twoProportionZTest(controlEvents, controlN, treatedEvents, treatedN),
  };
}

/**
 * {@link treatmentEffect} of unit-level data: `churned[i]` (0/1) is unit i's outcome and
 * `treatment[i]` (0 = control, 1 = treated) its arm. Throws on empty input, a length mismatch, a
 * value other than 0/1 (index and value quoted) or a single arm. O(n), inputs not mutated.
 */
export function averageTreatmentEffect(churned: Uint8Array, treatment: Uint8Array, alpha: number): TreatmentEffect {
  return treatmentEffect(armCounts("averageTreatmentEffect", churned, treatment, "churned"), alpha);
}
