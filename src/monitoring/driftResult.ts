import { checkFinite } from "../evaluation/checks.js";

/** The drift tests of this area; the names match Evidently's stattest names where one exists. */
export type DriftMethod = "psi" | "ks" | "chi-square" | "z" | "wasserstein" | "jensen-shannon";

/**
 * Which side of the threshold means drift: a p-value below the test level, a distance at or above
 * its threshold (Evidently's convention for distances), or a PSI strictly above its critical value
 * (so a one-bin feature, whose critical value is 0, never drifts).
 */
export type DriftRule = "pValue < threshold" | "statistic >= threshold" | "statistic > threshold";

/**
 * What every drift test returns (Evidently style): the statistic, the threshold it was judged
 * against, the rule that names the drifting side, and the verdict. Hypothesis tests also give
 * their p-value; for them `threshold` is the test level α.
 */
export interface DriftTestResult {
  readonly method: DriftMethod;
  /** The test statistic or distance (units per method: D for KS, χ² for chi-square, z for Z, the distance itself otherwise). */
  readonly statistic: number;
  /** Two-sided p-value (hypothesis tests and PSI). */
  readonly pValue?: number;
  /** The level α (p-value tests), the distance threshold, or PSI's critical value. */
  readonly threshold: number;
  readonly driftWhen: DriftRule;
  readonly drifted: boolean;
}

/** Throws unless `value` (a test level or share called `what`) lies in (0, 1), quoting it. */
export function checkLevel(name: string, what: string, value: number): void {
  if (!(value > 0 && value < 1)) throw new RangeError(`${name}: ${what} must be in (0, 1), got ${value}`);
}

/** Throws unless `value` (a distance threshold called `what`) is a finite number ≥ 0, quoting it. */
export function checkThreshold(name: string, what: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) throw new RangeError(`${name}: ${what} must be a finite number >= 0, got ${value}`);
}

/** Throws on an empty sample and on the first NaN or infinite value (index and value quoted, via {@link checkFinite}). */
export function checkSample(name: string, what: string, values: Float64Array): void {
  if (values.length === 0) throw new RangeError(`${name}: empty input (${what} has length 0)`);
  checkFinite(name, what, values);
}
