import { checkAlpha, checkInteger, checkProbability } from "./checks.js";
import { normalCdf, normalPdf, normalQuantile } from "./normal.js";

/**
 * Cohen's h, the effect size of two proportions on the variance-stabilising arcsine scale:
 * h = 2·asin(√p1) − 2·asin(√p2) (Cohen 1988, Statistical Power Analysis for the Behavioral
 * Sciences, 2nd ed., §6.2), as statsmodels `proportion_effectsize(p1, p2)`. Positive when p1 > p2.
 * Throws unless both are in [0, 1]. O(1).
 */
export function cohensH(p1: number, p2: number): number {
  checkProbability("cohensH", "p1", p1);
  checkProbability("cohensH", "p2", p2);
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p2));
}

/** Throws unless `effectSize` is finite and not 0, α ∈ (0, 1) and `sizeRatio` is finite and > 0, quoting the value. */
function checkPowerArguments(caller: string, effectSize: number, alpha: number, sizeRatio: number): void {
  if (!Number.isFinite(effectSize) || effectSize === 0) throw new RangeError(`${caller}: effectSize must be finite and non-zero, got ${effectSize}`);
  checkAlpha(caller, alpha);
  if (!(sizeRatio > 0 && sizeRatio < Infinity)) throw new RangeError(`${caller}: sizeRatio (n2/n1) must be finite and > 0, got ${sizeRatio}`);
}

/** Power of the two-sided test at standardised shift d = |h|·√(effective n) and critical value c: Φ(d − c) + Φ(−d − c). */
function twoSidedPower(shift: number, critical: number): number {
  return normalCdf(shift - critical) + normalCdf(-shift - critical);
}

/**
 * Power of the two-sided two-sample z-test at level α for standardised effect `effectSize` (e.g.
 * {@link cohensH}) with n1 = `nobs1` units in sample 1 and n2 = `sizeRatio`·n1 in sample 2 (statsmodels' `ratio`): with the
 * effective size n = 1/(1/n1 + 1/n2), d = h·√n and c = Φ⁻¹(1 − α/2), power = Φ(d − c) + Φ(−d − c),
 * the second term being the tiny chance of rejecting in the wrong direction. The normal-approximation
 * formula of statsmodels `NormalIndPower().power(effect_size, nobs1, alpha, ratio)` (two-sided);
 * symmetric in the sign of h; tends to α as n → 0. Throws on invalid arguments. O(1).
 */
export function normalIndPower(effectSize: number, nobs1: number, alpha: number, sizeRatio: number): number {
  checkPowerArguments("normalIndPower", effectSize, alpha, sizeRatio);
  if (!(nobs1 > 0 && nobs1 < Infinity)) throw new RangeError(`normalIndPower: nobs1 must be finite and > 0, got ${nobs1}`);
  const effective = 1 / (1 / nobs1 + 1 / (nobs1 * sizeRatio));
  return twoSidedPower(effectSize * Math.sqrt(effective), -normalQuantile(alpha / 2));
}

/** Newton steps of {@link normalIndSampleSize} before it gives up (it needs about four). */
const MAX_NEWTON_STEPS = 100;

/**
 * The sample-1 size n1 (a real number; round up for a design) at which {@link normalIndPower} equals
 * `power`, i.e. statsmodels `NormalIndPower().solve_power(effect_size, nobs1=None, alpha, power,
 * ratio)`. Starts from the textbook n1 = (1 + 1/r)·((c + Φ⁻¹(power))/h)² (r = `sizeRatio`), which ignores the
 * opposite tail and so over-shoots slightly, then solves the full equation by Newton's method
 * safeguarded by bisection on the bracket [0, start], to a relative step of 1e-14. Throws unless
 * α < power < 1 (below α no sample size helps) and on invalid arguments. O(1).
 */
export function normalIndSampleSize(effectSize: number, alpha: number, power: number, sizeRatio: number): number {
  checkPowerArguments("normalIndSampleSize", effectSize, alpha, sizeRatio);
  if (!(power > alpha && power < 1)) throw new RangeError(`normalIndSampleSize: power must be in (alpha, 1) = (${alpha}, 1), got ${power}`);
  const h = Math.abs(effectSize);
  const critical = -normalQuantile(alpha / 2);
  const share = sizeRatio / (1 + sizeRatio); // effective n = n1·share
  const start = ((critical + normalQuantile(power)) / h) ** 2 / share;
  let lo = 0;
  let hi = start;
  let n = start;
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    const shift = h * Math.sqrt(n * share);
    const gap = twoSidedPower(shift, critical) - power;
    if (gap === 0) return n;
    if (gap < 0) lo = n;
    else hi = n;
    const slope = ((normalPdf(shift - critical) - normalPdf(shift + critical)) * shift) / (2 * n);
    let next = n - gap / slope;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - n) <= 1e-14 * n) return next;
    n = next;
  }
  return n;
}

/** Options of {@link experimentSampleSize}. */
export interface SampleSizeOptions {
  /** Expected churn rate without the action (the control arm), in (0, 1). */
  readonly baseRate: number;
  /** Minimum detectable effect: the smallest reduction in churn rate worth detecting, in (0, baseRate] (0.02 = 2 points). */
  readonly mde: number;
  /** Two-sided significance level, in (0, 1). */
  readonly alpha: number;
  /** Target power, in (alpha, 1). */
  readonly power: number;
  /** Share of units treated, in (0, 1) (the `ratio` of {@link assignTreatment}; 0.5 = equal arms). */
  readonly ratio: number;
}

/** Result of {@link experimentSampleSize}. */
export interface SampleSizePlan {
  /** Cohen's h of baseRate against baseRate − mde (positive). */
  readonly effectSize: number;
  /** The exact real-valued control size solving the power equation ({@link normalIndSampleSize}). */
  readonly exactControl: number;
  /** Control units, ⌈exactControl⌉. */
  readonly control: number;
  /** Treated units, ⌈exactControl·ratio/(1 − ratio)⌉. */
  readonly treated: number;
  /** control + treated. */
  readonly total: number;
  /** Power of the rounded design ({@link normalIndPower}), ≥ the target. */
  readonly achievedPower: number;
}

/** Throws unless the base rate and MDE describe a reduction: 0 < baseRate < 1 and 0 < mde ≤ baseRate. */
function checkRates(caller: string, baseRate: number, mde: number): void {
  checkProbability(caller, "baseRate", baseRate, "open");
  if (!(mde > 0 && mde <= baseRate)) throw new RangeError(`${caller}: mde must be in (0, baseRate] = (0, ${baseRate}], got ${mde}`);
}

/**
 * Units per arm needed to detect a reduction in churn rate of `mde` from `baseRate` with a
 * two-sided z-test at `alpha` and the target `power`, when a share `ratio` of units is treated:
 * the effect size is h = {@link cohensH}(baseRate, baseRate − mde) and the control arm is sample 1
 * of {@link normalIndSampleSize} with size ratio treated/control = ratio/(1 − ratio). The arcsine
 * scale makes the variance the same under both hypotheses, so this is Cohen's (1988, ch. 6) power
 * analysis of two proportions. Throws on invalid options, quoting the value. O(1).
 */
export function experimentSampleSize(options: SampleSizeOptions): SampleSizePlan {
  const { baseRate, mde, alpha, power, ratio } = options;
  checkRates("experimentSampleSize", baseRate, mde);
  checkProbability("experimentSampleSize", "ratio", ratio, "open");
  const effectSize = cohensH(baseRate, baseRate - mde);
  const sizeRatio = ratio / (1 - ratio);
  const exactControl = normalIndSampleSize(effectSize, alpha, power, sizeRatio);
  const control = Math.ceil(exactControl);
  const treated = Math.ceil(exactControl * sizeRatio);
  return {
    effectSize,
    exactControl,
    control,
    treated,
    total: control + treated,
    achievedPower: normalIndPower(effectSize, control, alpha, treated / control),
  };
}

/** Options of {@link experimentPower}. */
export interface DesignPowerOptions {
  /** Expected churn rate of the control arm, in (0, 1). */
  readonly baseRate: number;
  /** The reduction in churn rate to detect, in (0, baseRate]. */
  readonly mde: number;
  /** Two-sided significance level, in (0, 1). */
  readonly alpha: number;
  /** Units in the control arm, an integer ≥ 1. */
  readonly control: number;
  /** Units in the treated arm, an integer ≥ 1. */
  readonly treated: number;
}

/**
 * Power of a given design: the chance that the two-sided z-test at `alpha` detects a reduction in
 * churn rate of `mde` from `baseRate` with `control` and `treated` units ({@link normalIndPower} of
 * h = {@link cohensH}(baseRate, baseRate − mde), control as sample 1). Throws on invalid options. O(1).
 */
export function experimentPower(options: DesignPowerOptions): number {
  const { baseRate, mde, alpha, control, treated } = options;
  checkRates("experimentPower", baseRate, mde);
  checkInteger("experimentPower", "control", control, 1);
  checkInteger("experimentPower", "treated", treated, 1);
  return normalIndPower(cohensH(baseRate, baseRate - mde), control, alpha, treated / control);
}
