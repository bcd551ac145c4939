/**
 * The oracle of the decision engine, for synthetic data only: with the true churn hazard and the
 * true action effects known, it values every (row, action) exactly, and it scores any contact
 * plan on realised labels with the true effects, so our plan and the oracle's are measured
 * the same way and their ratio is fair.
 */
import { windowProbability } from "./clv.js";
import { bestActions, checkEligible, churnerGain, contactProfit } from "./expectedValue.js";

/** Costs of a retention action as the oracle needs them (structurally a subset of the config's action). */
export interface OracleAction {
  /** C_tp: cost when the contacted row is a churner (money). */
  readonly costIfChurner: number;
  /** C_fp: cost when the contacted row is a stayer (money). */
  readonly costIfStayer: number;
  /** Budget outlay per contact (money); when every action has one, {@link realisedValue} also reports the spend. */
  readonly cost?: number;
}

/** What a contact plan earned, from {@link realisedValue}. */
export interface RealisedValue {
  /** Σ over contacted rows [y·(s_true·CLV − C_tp) − (1 − y)·C_fp] (money). */
  readonly profit: number;
  /** Σ over contacted rows y·s_true·CLV: the expected value saved given the realised churn (money). */
  readonly savedValue: number;
  /** Number of contacted rows (action ≥ 0). */
  readonly contacted: number;
  /** Σ over contacted rows y: churners contacted (an expected count when `y` holds probabilities). */
  readonly churnersContacted: number;
  /** Σ over contacted rows of the action's `cost`; present only when every action has a `cost`. */
  readonly spend?: number;
}

/**
 * True probability of churn within a window of `months` months, 1 − (1 − h)^months per row, from
 * the true monthly hazard h: `windowProbability` of the hazard (the same conversion the model's
 * calibrated monthly probability goes through), with `months` a whole number of months.
 * It holds the hazard constant over the window: exact for one month, an approximation beyond
 * (the synthetic hazard of later months moves with the customer's state). Throws a RangeError on
 * empty input, a hazard outside [0, 1] (index and value quoted) or `months` not a positive integer.
 */
export function trueWindowProbability(hazard: Float64Array, months: number): Float64Array {
  const name = "trueWindowProbability";
  if (hazard.length === 0) throw new RangeError(`${name}: empty input (hazard has length 0)`);
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`${name}: months must be a positive integer, got ${months}`);
  checkUnit(name, "hazard", hazard);
  return windowProbability(hazard, months);
}

/**
 * Oracle expected value of every (row, action): EV[i·A + a] = p_i·(s_ia·CLV_i − C_tp,a) −
 * (1 − p_i)·C_fp,a with the true window probability p (from {@link trueWindowProbability}) and
 * the true effect s (P(action a saves row i if it would churn)); n × A, row-major, in the money
 * units of `clv` and the costs. This is the brief's EV formula (Verbeke et al. 2012, EMP family)
 * evaluated on the truth ({@link contactProfit} of {@link churnerGain}). `eligible` (optional, n × A
 * of 0/1 as from `actionEligibility`) sets −Infinity where an action is not allowed, so the oracle
 * obeys the same catalogue rules as our plan. Throws a RangeError on empty input or actions, length
 * mismatch, p or s outside [0, 1], a non-finite CLV or cost, or a bad `eligible` (value quoted).
 */
export function oracleValues(pTrue: Float64Array, clv: Float64Array, trueEffect: Float64Array, actions: readonly OracleAction[], eligible?: Uint8Array): Float64Array {
  const name = "oracleValues";
  const n = pTrue.length;
  const A = actions.length;
  checkShape(name, "pTrue", n, clv, trueEffect, actions);
  checkUnit(name, "pTrue", pTrue);
  if (eligible !== undefined) checkEligible(name, eligible, n * A, `n × A = ${n} × ${A} = ${n * A}`);
  const out = new Float64Array(n * A);
  for (let i = 0; i < n; i++) {
    const p = pTrue[i]!;
    const v = clv[i]!;
    for (let a = 0; a < A; a++) {
      const k = i * A + a;
      const act = actions[a]!;
      out[k] = eligible !== undefined && eligible[k] === 0 ? Number.NEGATIVE_INFINITY : contactProfit(p, churnerGain(trueEffect[k]!, v, act.costIfChurner), act.costIfStayer);
    }
  }
  return out;
}

/**
 * The unconstrained plan that takes, per row, the action with the highest value when that value
 * is > 0 (ties → the lowest action index) and no action (−1) otherwise ({@link bestActions} after
 * validation); `values` is n × A
 * row-major (e.g. from {@link oracleValues}, where it is the oracle's plan: it maximises expected
 * profit row by row, so no plan without a budget does better in expectation). `eligible`
 * (optional, n × A of 0/1 as from `actionEligibility`) excludes the actions marked 0, so the
 * oracle obeys the same catalogue rules as our plan. No budget or contact cap. Throws a RangeError
 * when `actionCount` is not a positive integer below 2^15, when the length is not a positive
 * multiple of it, on an `eligible` of another length or holding other than 0/1, or on a NaN value
 * (index quoted).
 */
export function bestActionPlan(values: Float64Array, actionCount: number, eligible?: Uint8Array): Int16Array {
  const name = "bestActionPlan";
  const A = actionCount;
  if (!Number.isInteger(A) || A < 1 || A > 32767) throw new RangeError(`${name}: actionCount must be an integer in [1, 32767], got ${A}`);
  if (values.length === 0 || values.length % A !== 0) {
    throw new RangeError(`${name}: values length ${values.length} is not a positive multiple of actionCount ${A}`);
  }
  if (eligible !== undefined) checkEligible(name, eligible, values.length, `values length ${values.length}`);
  for (let k = 0; k < values.length; k++) {
    if (Number.isNaN(values[k])) throw new RangeError(`${name}: values[${k}] (row ${Math.floor(k / A)}, action ${k % A}) is NaN`);
  }
  return bestActions(values, A, eligible === undefined ? {} : { eligible });
}

/**
 * Realised value of a contact plan (`action[i]` = index into `actions`, −1 = no contact), scored
 * with the realised labels and the TRUE effects: profit = Σ over contacted rows
 * [y·(s_true·CLV − C_tp) − (1 − y)·C_fp], i.e. {@link contactProfit} at p = y (a contacted churner
 * is saved with the true probability, so the expected value saved given the realised churn is
 * s_true·CLV). Every plan, ours and the
 * oracle's, is scored this way. `y` is either realised labels (Uint8Array of 0/1) or, for the exact
 * expectation over labels, true probabilities (Float64Array in [0, 1]); by linearity the result
 * is then the expected realised value and `churnersContacted` an expected count. O(n).
 * Throws a RangeError on empty input, length mismatch, a bad label or probability, an action index
 * outside −1 … A − 1, or a non-finite CLV, effect or cost (value quoted).
 */
export function realisedValue(
  action: Int16Array,
  y: Uint8Array | Float64Array,
  clv: Float64Array,
  trueEffect: Float64Array,
  actions: readonly OracleAction[],
): RealisedValue {
  const name = "realisedValue";
  const n = y.length;
  const A = actions.length;
  checkShape(name, "y", n, clv, trueEffect, actions);
  if (action.length !== n) throw new RangeError(`${name}: y and action lengths differ (y ${n}, action ${action.length})`);
  if (y instanceof Uint8Array) {
    for (let i = 0; i < n; i++) {
      const v = y[i]!;
      if (v !== 0 && v !== 1) throw new RangeError(`${name}: y[${i}] = ${v} is not 0 or 1`);
    }
  } else {
    checkUnit(name, "y", y);
  }
  let hasCost = true;
  for (let a = 0; a < A; a++) {
    const c = actions[a]!.cost;
    if (c === undefined) hasCost = false;
    else if (!Number.isFinite(c)) throw new RangeError(`${name}: actions[${a}].cost = ${c} is not a finite number`);
  }
  let profit = 0;
  let savedValue = 0;
  let contacted = 0;
  let churners = 0;
  let spend = 0;
  for (let i = 0; i < n; i++) {
    const a = action[i]!;
    if (a === -1) continue;
    if (a < -1 || a >= A) throw new RangeError(`${name}: action[${i}] = ${a} is not -1 or an action index in [0, ${A - 1}]`);
    const act = actions[a]!;
    const p = y[i]!;
    const s = trueEffect[i * A + a]!;
    savedValue += p * s * clv[i]!;
    profit += contactProfit(p, churnerGain(s, clv[i]!, act.costIfChurner), act.costIfStayer);
    contacted++;
    churners += p;
    if (hasCost) spend += act.cost!;
  }
  const result: RealisedValue = { profit, savedValue, contacted, churnersContacted: churners };
  return hasCost ? { ...result, spend } : result;
}

/** Throws unless `values` are all in [0, 1] (NaN rejected), quoting the first offender. */
function checkUnit(name: string, what: string, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${name}: ${what}[${i}] = ${v} is outside [0, 1]`);
  }
}

/** Shared checks of n rows × A actions: non-empty, lengths, finite CLV and costs, effects in [0, 1]. */
function checkShape(name: string, rowsName: string, n: number, clv: Float64Array, trueEffect: Float64Array, actions: readonly OracleAction[]): void {
  const A = actions.length;
  if (n === 0) throw new RangeError(`${name}: empty input (${rowsName} has length 0)`);
  if (A === 0) throw new RangeError(`${name}: actions is empty`);
  if (clv.length !== n) throw new RangeError(`${name}: ${rowsName} and clv lengths differ (${rowsName} ${n}, clv ${clv.length})`);
  if (trueEffect.length !== n * A) {
    throw new RangeError(`${name}: trueEffect has length ${trueEffect.length}, expected n × A = ${n} × ${A} = ${n * A}`);
  }
  for (let i = 0; i < n; i++) {
    const v = clv[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`${name}: clv[${i}] = ${v} is not a finite number`);
  }
  checkUnit(name, "trueEffect", trueEffect);
  for (let a = 0; a < A; a++) {
    const { costIfChurner, costIfStayer } = actions[a]!;
    if (!Number.isFinite(costIfChurner)) throw new RangeError(`${name}: actions[${a}].costIfChurner = ${costIfChurner} is not a finite number`);
    if (!Number.isFinite(costIfStayer)) throw new RangeError(`${name}: actions[${a}].costIfStayer = ${costIfStayer} is not a finite number`);
  }
}
