/**
 * Expected value of each retention action for each customer, and which actions a customer may
 * receive (segment rules of the catalogue). Row-major n × A matrices in typed arrays.
 */
import type { RetentionAction } from "../config/config.js";
import { checkFinite, checkProbabilities } from "../evaluation/checks.js";

/** A categorical attribute as {@link actionEligibility} reads it: one code per row indexing `levels`. */
export interface EligibilityAttribute {
  readonly levels: readonly string[];
  readonly codes: Uint8Array;
}

/**
 * Which action each row may receive: an n × A row-major 0/1 matrix (entry i·A + j is 1 when
 * action j is eligible for row i). An action is eligible for a row when every rule
 * `{ feature, values }` in its `eligible` list holds, i.e. the row's level of `feature` is one of
 * `values`; an action with no rules is eligible everywhere. `attribute(feature)` returns the
 * attribute's levels and per-row codes, or undefined when there is no such attribute. Throws
 * (naming the action and feature) when a rule names an unknown attribute, when a rule value is not
 * one of the attribute's levels (a misspelt level would otherwise silently disable the action),
 * when the codes' length differs from n or a code is out of range, and on n < 1 or no actions.
 * O(n·(number of rules)).
 */
export function actionEligibility(
  actions: readonly RetentionAction[],
  attribute: (feature: string) => EligibilityAttribute | undefined,
  n: number,
): Uint8Array {
  const name = "actionEligibility";
  if (actions.length === 0) throw new RangeError(`${name}: empty action catalogue`);
  if (!(Number.isSafeInteger(n) && n >= 1)) throw new RangeError(`${name}: n must be an integer >= 1, got ${n}`);
  const A = actions.length;
  const out = new Uint8Array(n * A).fill(1);
  for (let j = 0; j < A; j++) {
    const action = actions[j]!;
    for (const rule of action.eligible) {
      const attr = attribute(rule.feature);
      if (attr === undefined) {
        throw new RangeError(`${name}: action "${action.name}" has an eligibility rule on feature "${rule.feature}", which is not a known attribute`);
      }
      if (attr.codes.length !== n) {
        throw new RangeError(`${name}: attribute "${rule.feature}" (rule of action "${action.name}") has ${attr.codes.length} codes, expected n = ${n}`);
      }
      const allowed = new Uint8Array(attr.levels.length);
      for (const value of rule.values) {
        const code = attr.levels.indexOf(value);
        if (code < 0) {
          throw new RangeError(
            `${name}: action "${action.name}" rule on feature "${rule.feature}" allows value ${JSON.stringify(value)}, which is not a level (levels ${JSON.stringify(attr.levels)})`,
          );
        }
        allowed[code] = 1;
      }
      const codes = attr.codes;
      for (let i = 0; i < n; i++) {
        const c = codes[i]!;
        if (c >= allowed.length) {
          throw new RangeError(`${name}: attribute "${rule.feature}" code[${i}] = ${c} is out of range (${allowed.length} levels)`);
        }
        if (allowed[c] === 0) out[i * A + j] = 0;
      }
    }
  }
  return out;
}

/** Per-customer, per-action expected values from {@link expectedValues}. */
export interface ExpectedValues {
  /** n × A row-major EV in currency units; −Infinity where the action is not eligible. */
  readonly ev: Float64Array;
  /** Per customer: index of the highest-EV eligible action (lowest index on ties), −1 if none is eligible. */
  readonly best: Int16Array;
  /** Per customer: EV of `best` (may be ≤ 0), −Infinity if no action is eligible. */
  readonly bestEv: Float64Array;
}

/**
 * Expected value of contacting customer i with action j, in currency units:
 *
 *   EV_ij = p_i·(s_j·CLV_i − C_tp,j) − (1 − p_i)·C_fp,j
 *
 * with p_i = P(churn within the action's effect window) (see `windowProbability`), s = successRate
 * (share of would-be churners the action keeps), C_tp = costIfChurner, C_fp = costIfStayer. The
 * action's `cost` is its budget outlay (the knapsack weight in `budget.ts`) and is deliberately not
 * subtracted again here: the money spent is inside C_tp / C_fp.
 * This is the per-customer profit of the EMP churn measure (Verbraken, Martens & Baesens 2013, "A
 * novel profit maximizing metric for measuring classification performance of customer churn
 * prediction models", IEEE TKDE 25(5)): with incentive d, contact cost f and acceptance rate γ, a
 * contacted would-be churner yields γ(CLV − d − f) + (1 − γ)(−f) and a contacted stayer −(d + f);
 * s = γ, C_tp = f + γ·d, C_fp = d + f give the expression above. EMP integrates over a Beta
 * distribution of γ; here s is fixed per action, and C_tp, C_fp are free parameters (EMP ties them
 * through d and f). Ties between eligible actions go to the lower index (catalogue order).
 * `eligible` (optional, from {@link actionEligibility}) is n × A 0/1; without it every action is
 * eligible. Throws on empty input, length mismatches, p outside [0, 1], non-finite CLV, invalid
 * action parameters or eligibility entries (values quoted). O(n·A), inputs not mutated.
 */
export function expectedValues(
  pWindow: Float64Array,
  clv: Float64Array,
  actions: readonly RetentionAction[],
  eligible?: Uint8Array,
): ExpectedValues {
  const name = "expectedValues";
  const n = pWindow.length;
  const A = actions.length;
  if (n === 0) throw new RangeError(`${name}: empty input (pWindow has length 0)`);
  if (A === 0) throw new RangeError(`${name}: empty action catalogue`);
  if (A > 0x7fff) throw new RangeError(`${name}: at most 32767 actions fit the Int16 index, got ${A}`);
  if (clv.length !== n) throw new RangeError(`${name}: pWindow and clv lengths differ (pWindow ${n}, clv ${clv.length})`);
  checkProbabilities(name, "pWindow", pWindow);
  checkFinite(name, "clv", clv);
  const s = new Float64Array(A);
  const cTp = new Float64Array(A);
  const cFp = new Float64Array(A);
  for (let j = 0; j < A; j++) {
    const a = actions[j]!;
    if (!(a.successRate >= 0 && a.successRate <= 1)) throw new RangeError(`${name}: action "${a.name}" successRate must be in [0, 1], got ${a.successRate}`);
    if (!(a.costIfChurner >= 0 && a.costIfChurner < Infinity)) throw new RangeError(`${name}: action "${a.name}" costIfChurner must be a finite number >= 0, got ${a.costIfChurner}`);
    if (!(a.costIfStayer >= 0 && a.costIfStayer < Infinity)) throw new RangeError(`${name}: action "${a.name}" costIfStayer must be a finite number >= 0, got ${a.costIfStayer}`);
    s[j] = a.successRate;
    cTp[j] = a.costIfChurner;
    cFp[j] = a.costIfStayer;
  }
  if (eligible !== undefined) {
    if (eligible.length !== n * A) throw new RangeError(`${name}: eligible has length ${eligible.length}, expected n·A = ${n}·${A} = ${n * A}`);
    for (let k = 0; k < eligible.length; k++) {
      const e = eligible[k]!;
      if (e !== 0 && e !== 1) throw new RangeError(`${name}: eligible[${k}] = ${e} is not 0 or 1`);
    }
  }
  const ev = new Float64Array(n * A);
  const best = new Int16Array(n).fill(-1);
  const bestEv = new Float64Array(n).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const p = pWindow[i]!;
    const value = clv[i]!;
    let top = -1;
    let topEv = -Infinity;
    for (let j = 0; j < A; j++) {
      const k = i * A + j;
      if (eligible !== undefined && eligible[k] === 0) {
        ev[k] = -Infinity;
        continue;
      }
      const e = p * (s[j]! * value - cTp[j]!) - (1 - p) * cFp[j]!;
      ev[k] = e;
      if (top < 0 || e > topEv) {
        top = j;
        topEv = e;
      }
    }
    best[i] = top;
    bestEv[i] = topEv;
  }
  return { ev, best, bestEv };
}
