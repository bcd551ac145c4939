/**
 * Input checks shared by the experiment statistics and the uplift metrics: an outcome vector and a
 * treatment vector of 0/1 labels, row for row, with both arms present. Messages quote the caller,
 * the offending index and value, or both lengths.
 */
/** Row counts of a validated experiment: units per arm and churners (outcome = 1) per arm. */
export interface ArmCounts {
  /** Units with treatment = 0. */
  readonly controlN: number;
  /** Units with treatment = 0 and outcome = 1. */
  readonly controlEvents: number;
  /** Units with treatment = 1. */
  readonly treatedN: number;
  /** Units with treatment = 1 and outcome = 1. */
  readonly treatedEvents: number;
}

/**
 * Validates `outcome` and `treatment` (non-empty, equal lengths, each value 0 or 1, both arms
 * present) and returns the per-arm counts. `caller` prefixes every message; `outcomeName` names the
 * outcome vector in them (e.g. "churned", "y"). O(n), allocates nothing.
 */
export function armCounts(caller: string, outcome: Uint8Array, treatment: Uint8Array, outcomeName = "outcome"): ArmCounts {
  if (outcome.length !== treatment.length) {
    throw new RangeError(`${caller}: ${outcomeName} and treatment lengths differ (${outcomeName} ${outcome.length}, treatment ${treatment.length})`);
  }
  countOnes(caller, outcomeName, outcome);
  const treatedN = countOnes(caller, "treatment", treatment);
  const n = treatment.length;
  if (treatedN === 0 || treatedN === n) {
    throw new RangeError(`${caller}: treatment holds a single arm (${treatedN} treated of ${n} units); need both control (0) and treated (1) units`);
  }
  let controlEvents = 0;
  let treatedEvents = 0;
  for (let i = 0; i < n; i++) {
    if (treatment[i] === 1) treatedEvents += outcome[i]!;
    else controlEvents += outcome[i]!;
  }
  return { controlN: n - treatedN, controlEvents, treatedN, treatedEvents };
}

/** Counts the ones of the 0/1 vector `values` (called `name`), throwing when it is empty or at the first other value (index and value quoted). O(n). */
export function countOnes(caller: string, name: string, values: Uint8Array): number {
  if (values.length === 0) throw new RangeError(`${caller}: empty input (${name} has length 0)`);
  let ones = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > 1) throw new RangeError(`${caller}: ${name}[${i}] = ${v} is not 0 or 1`);
    ones += v;
  }
  return ones;
}

/** Throws unless `alpha` is in (0, 1), quoting it. */
export function checkAlpha(caller: string, alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`${caller}: alpha must be in (0, 1), got ${alpha}`);
}

/** Throws unless `value` is an integer ≥ `min`, quoting `name` and the value. */
export function checkInteger(caller: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${caller}: ${name} must be an integer >= ${min}, got ${value}`);
}

/** Throws unless `value` is a probability in [0, 1] (open at an end when `open` says so), quoting `name` and the value. */
export function checkProbability(caller: string, name: string, value: number, open: "closed" | "open" = "closed"): void {
  const ok = open === "open" ? value > 0 && value < 1 : value >= 0 && value <= 1;
  if (!ok) throw new RangeError(`${caller}: ${name} must be in ${open === "open" ? "(0, 1)" : "[0, 1]"}, got ${value}`);
}
