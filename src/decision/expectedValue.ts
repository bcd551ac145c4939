/**
 * Expected value of each retention action for each customer, and which actions a customer may
 * receive (segment rules of the catalogue). Row-major n × A matrices in typed arrays. The one
 * place where the value of a contact is written: {@link churnerGain} and {@link contactProfit}
 * give the EV of an action (at a probability), the realised profit of a contact (at a label) and
 * the oracle's value (at the true probability and effect); {@link bestActions} picks the best
 * action per customer for every plan.
 */
import type { RetentionAction } from "../config/config.js";
import { checkFinite, checkProbabilities } from "../evaluation/checks.js";

/** The costs and success rate of an action as the value formulas read them (a subset of the config's action). */
export interface ActionEconomics {
  /** s: share of would-be churners the action keeps, in [0, 1]. */
  readonly successRate: number;
  /** C_tp: cost when the contacted customer would have churned (money). */
  readonly costIfChurner: number;
  /** C_fp: cost when the contacted customer would have stayed (money). */
  readonly costIfStayer: number;
}

/**
 * What contacting a customer who would otherwise churn earns: s·CLV − C_tp (money), with s the
 * probability that the action keeps the customer (assumed success rate, or the true effect for the
 * oracle) and C_tp the cost of contacting a churner. Finite inputs give a finite result.
 */
export function churnerGain(successRate: number, clv: number, costIfChurner: number): number {
  return successRate * clv - costIfChurner;
}

/**
 * The value of one contact at churn probability p: p·gain − (1 − p)·loss, with gain from
 * {@link churnerGain} and loss = C_fp, the cost of contacting a customer who stays (money). With p
 * a probability it is the expected value of the contact (EV_ij below); with p the realised label
 * y ∈ {0, 1} it is exactly the realised profit (gain for a churner, −loss for a stayer), so plans
 * and curves scored on outcomes use the same formula as the EV they were chosen by.
 */
export function contactProfit(p: number, gain: number, loss: number): number {
  return p * gain - (1 - p) * loss;
}

/**
 * The churn probability p₀ at which `action` breaks even for a customer worth `clv`: the root of
 * {@link contactProfit}(p, s·CLV − C_tp, C_fp) = 0, p₀ = C_fp / (s·CLV − C_tp + C_fp). `null` when
 * s·CLV ≤ C_tp (saving a churner does not pay, so the EV is negative for every p unless C_fp = 0 too).
 */
export function breakEvenProbability(action: ActionEconomics, clv: number): number | null {
  const gain = churnerGain(action.successRate, clv, action.costIfChurner);
  if (!(gain > 0)) return null;
  return action.costIfStayer / (gain + action.costIfStayer);
}

/**
 * Throws unless `eligible` (an n × A eligibility matrix) has `length` entries, all 0 or 1;
 * `expected` describes that length in the message ("n·A = 3·2 = 6"), which quotes the first offender.
 */
export function checkEligible(name: string, eligible: Uint8Array, length: number, expected: string): void {
  if (eligible.length !== length) throw new RangeError(`${name}: eligible has length ${eligible.length}, expected ${expected}`);
  for (let k = 0; k < eligible.length; k++) {
    const e = eligible[k]!;
    if (e !== 0 && e !== 1) throw new RangeError(`${name}: eligible[${k}] = ${e} is not 0 or 1`);
  }
}

/** Options of {@link bestActions}. */
export interface BestActionOptions {
  /** Only values strictly above this count (default 0: an action must pay; −Infinity: the best eligible action whatever its value). */
  readonly floor?: number;
  /** n × A 0/1 (as from {@link actionEligibility}): actions marked 0 are never chosen. */
  readonly eligible?: Uint8Array;
}

/**
 * Per row of the n × A row-major `values`, the index of the highest value strictly above
 * `floor`, the lowest index on ties, or −1 when no value is above it (with floor −Infinity: when
 * every value is −Infinity, i.e. nothing is eligible). The best-action rule of every plan: the
 * unconstrained plan (floor 0), the oracle's, the action whose outcome a backtest replays. NaN
 * never wins. `values.length` must be a multiple of A (not checked here: callers validate). O(n·A).
 */
export function bestActions(values: Float64Array, A: number, options: BestActionOptions = {}): Int16Array {
  const floor = options.floor ?? 0;
  const eligible = options.eligible;
  const n = values.length / A;
  const best = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    let top = -1;
    let topValue = floor;
    for (let j = 0; j < A; j++) {
      const v = values[i * A + j]!;
      if (v > topValue && (eligible === undefined || eligible[i * A + j] === 1)) {
        top = j;
        topValue = v;
      }
    }
    best[i] = top;
  }
  return best;
}

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
 *   EV_ij = p_i·(s_j·CLV_i − C_tp,j) − (1 − p_i)·C_fp,j   ({@link contactProfit} of {@link churnerGain})
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
 * through d and f). The best action is {@link bestActions} with floor −Infinity: ties between
 * eligible actions go to the lower index (catalogue order).
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
  if (eligible !== undefined) checkEligible(name, eligible, n * A, `n·A = ${n}·${A} = ${n * A}`);
  const ev = new Float64Array(n * A);
  for (let i = 0; i < n; i++) {
    const p = pWindow[i]!;
    const value = clv[i]!;
    for (let j = 0; j < A; j++) {
      const k = i * A + j;
      ev[k] = eligible !== undefined && eligible[k] === 0 ? -Infinity : contactProfit(p, churnerGain(s[j]!, value, cTp[j]!), cFp[j]!);
    }
  }
  const best = bestActions(ev, A, { floor: -Infinity });
  const bestEv = Float64Array.from(best, (j, i) => (j < 0 ? -Infinity : ev[i * A + j]!));
  return { ev, best, bestEv };
}
