/**
 * The budget gate: choose at most one retention action per customer so that the total expected
 * value is maximal subject to a budget (Σ cost ≤ budgetUnits, costs in integer budget units) and
 * a contact cap (count ≤ maxCount). This is a multiple-choice knapsack with a cardinality
 * constraint (Kellerer, Pferschy & Pisinger 2004, "Knapsack Problems", ch. 11).
 *
 * Inputs are `values`, an n × A row-major Float64Array of expected values (−Infinity = action not
 * allowed for that customer), and `costs`, an Int32Array of the A actions' costs in budget units.
 * Only options with value > 0 are ever chosen. Every plan reports its value as the sum of the
 * chosen values in customer order, so plans are comparable to the last bit.
 */
import { bestActions } from "./expectedValue.js";

/** Constraints of a campaign, in integer budget units and customers. */
export interface BudgetOptions {
  /** Total budget in budget units (a safe integer ≥ 0); see {@link budgetUnitsFor}. */
  readonly budgetUnits: number;
  /** Maximum number of customers contacted (an integer ≥ 0, or Infinity for no cap). */
  readonly maxCount: number;
}

/** A plan: one action (or none) per customer, with its totals and, for the exact solver, an optimality certificate. */
export interface BudgetPlan {
  /** Per customer: index of the chosen action, −1 = not contacted. */
  readonly action: Int16Array;
  /** Σ of the chosen options' values (currency units), summed in customer order. */
  readonly value: number;
  /** Σ of the chosen options' costs in budget units (NaN when costs were not given to {@link unconstrainedPlan}). */
  readonly spendUnits: number;
  /** Number of customers contacted. */
  readonly count: number;
  /** A proven upper bound on the optimal value of the constrained problem (≥ value). */
  readonly upperBound: number;
  /** upperBound − value (≥ 0): how far from optimal the plan can at most be. */
  readonly gap: number;
  /** True when the plan is proven optimal for its problem. */
  readonly exact: boolean;
}

/** Iteration cap of the Lagrangian breakpoint search (it normally ends after a handful of steps). */
const MAX_LAGRANGE_STEPS = 64;
/** Largest DP choice table (candidates × (budget units + 1) cells) allocated. */
const MAX_TABLE_CELLS = 2 ** 31;

/**
 * Converts each action's money cost into integer budget units (cost / budgetUnit). Throws when
 * budgetUnit is not a finite number > 0, or a cost is negative or not a whole multiple of
 * budgetUnit (within 1e-9 relative), quoting the action and value. Returns an Int32Array of length A.
 */
export function actionCostUnits(actions: readonly { readonly name: string; readonly cost: number }[], budgetUnit: number): Int32Array {
  const name = "actionCostUnits";
  if (actions.length === 0) throw new RangeError(`${name}: empty action catalogue`);
  if (!(budgetUnit > 0 && budgetUnit < Infinity)) throw new RangeError(`${name}: budgetUnit must be a finite number > 0, got ${budgetUnit}`);
  const out = new Int32Array(actions.length);
  for (let j = 0; j < actions.length; j++) {
    const { name: action, cost } = actions[j]!;
    const units = Math.round(cost / budgetUnit);
    if (!(cost >= 0) || Math.abs(units * budgetUnit - cost) > 1e-9 * Math.max(1, cost) || units > 0x7fffffff) {
      throw new RangeError(`${name}: action "${action}" cost ${cost} is not a non-negative multiple of budgetUnit ${budgetUnit}`);
    }
    out[j] = units;
  }
  return out;
}

/**
 * Whole budget units affordable with `amount` currency units: ⌊amount / budgetUnit⌋, where a
 * quotient within 1e-9 of an integer counts as that integer (50000 / 5 = 10000). Throws on a
 * negative or non-finite amount or budgetUnit ≤ 0 (values quoted).
 */
export function budgetUnitsFor(amount: number, budgetUnit: number): number {
  const name = "budgetUnitsFor";
  if (!(budgetUnit > 0 && budgetUnit < Infinity)) throw new RangeError(`${name}: budgetUnit must be a finite number > 0, got ${budgetUnit}`);
  if (!(amount >= 0 && amount < Infinity)) throw new RangeError(`${name}: amount must be a finite number >= 0, got ${amount}`);
  const x = amount / budgetUnit;
  const r = Math.round(x);
  const units = Math.abs(x - r) <= 1e-9 * Math.max(1, x) ? r : Math.floor(x);
  if (!Number.isSafeInteger(units)) throw new RangeError(`${name}: amount ${amount} / budgetUnit ${budgetUnit} is too many units`);
  return units;
}

// ---------------------------------------------------------------------------------------------
// Validation and shared helpers

function checkValues(name: string, values: Float64Array, A: number): number {
  if (!(Number.isSafeInteger(A) && A >= 1 && A <= 0x7fff)) throw new RangeError(`${name}: number of actions must be an integer in [1, 32767], got ${A}`);
  if (values.length === 0) throw new RangeError(`${name}: empty input (values has length 0)`);
  if (values.length % A !== 0) throw new RangeError(`${name}: values length ${values.length} is not a multiple of the number of actions ${A}`);
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    if (Number.isNaN(v) || v === Infinity) throw new RangeError(`${name}: values[${k}] = ${v} (customer ${Math.floor(k / A)}, action ${k % A}) is not a number < Infinity`);
  }
  return values.length / A;
}

function checkCosts(name: string, costs: Int32Array | ArrayLike<number>): void {
  if (costs.length === 0) throw new RangeError(`${name}: empty input (costs has length 0)`);
  for (let j = 0; j < costs.length; j++) {
    const c = costs[j]!;
    if (!(Number.isInteger(c) && c >= 0)) throw new RangeError(`${name}: costs[${j}] = ${c} is not an integer number of budget units >= 0`);
  }
}

function checkOptions(name: string, options: BudgetOptions): void {
  const { budgetUnits, maxCount } = options;
  if (!(Number.isSafeInteger(budgetUnits) && budgetUnits >= 0)) throw new RangeError(`${name}: budgetUnits must be an integer >= 0, got ${budgetUnits}`);
  if (!((Number.isSafeInteger(maxCount) && maxCount >= 0) || maxCount === Infinity)) {
    throw new RangeError(`${name}: maxCount must be an integer >= 0 or Infinity, got ${maxCount}`);
  }
}

interface Totals {
  value: number;
  spend: number;
  count: number;
}

/** Value (summed in customer order), spend and count of an assignment. */
function totals(values: Float64Array, A: number, costs: Int32Array | undefined, action: Int16Array): Totals {
  let value = 0;
  let spend = costs === undefined ? NaN : 0;
  let count = 0;
  for (let i = 0; i < action.length; i++) {
    const j = action[i]!;
    if (j < 0) continue;
    value += values[i * A + j]!;
    if (costs !== undefined) spend += costs[j]!;
    count++;
  }
  return { value, spend, count };
}

function plan(action: Int16Array, t: Totals, upperBound: number, exact: boolean): BudgetPlan {
  const ub = Math.max(upperBound, t.value);
  return { action, value: t.value, spendUnits: t.spend, count: t.count, upperBound: ub, gap: ub - t.value, exact };
}

// ---------------------------------------------------------------------------------------------
// Unconstrained and greedy plans

/**
 * The plan without budget or contact cap: every customer whose best value is > 0 gets the action
 * with the highest value (lowest index on ties; {@link bestActions} with floor 0). It is optimal for the unconstrained problem
 * (`exact` true, upperBound = value, gap 0) and its value bounds every constrained plan from above.
 * `A` is the number of actions; `costs` (budget units per action) is only used to report
 * `spendUnits`, which is NaN without it. O(n·A).
 */
export function unconstrainedPlan(values: Float64Array, A: number, costs?: Int32Array): BudgetPlan {
  const name = "unconstrainedPlan";
  checkValues(name, values, A);
  if (costs !== undefined) {
    checkCosts(name, costs);
    if (costs.length !== A) throw new RangeError(`${name}: costs has length ${costs.length}, expected A = ${A}`);
  }
  const action = bestActions(values, A);
  const t = totals(values, A, costs, action);
  return plan(action, t, t.value, true);
}

/**
 * The naive baseline: each customer's best option (highest value > 0, lowest action index on ties)
 * is considered in order of value, descending (ties by customer index), and taken when it still
 * fits both the budget and the contact cap; options that do not fit are skipped and the scan
 * continues. Never falls back to a cheaper action. As a heuristic it carries only the loose bound
 * of the unconstrained plan: upperBound = Σ of all positive best values, gap = upperBound − value,
 * and `exact` is true only when that bound is attained (every positive customer was taken).
 * O(n·A + n log n). Throws on invalid input (values quoted).
 */
export function greedyPlan(values: Float64Array, costs: Int32Array, options: BudgetOptions): BudgetPlan {
  const name = "greedyPlan";
  checkCosts(name, costs);
  const A = costs.length;
  const n = checkValues(name, values, A);
  checkOptions(name, options);
  const best = bestActions(values, A);
  const relaxed = totals(values, A, costs, best).value;
  const action = greedyFill(values, costs, A, best, new Int16Array(n).fill(-1), options.budgetUnits, options.maxCount, false);
  const t = totals(values, A, costs, action);
  return plan(action, t, relaxed, t.count === countChosen(best));
}

function countChosen(action: Int16Array): number {
  let c = 0;
  for (let i = 0; i < action.length; i++) if (action[i]! >= 0) c++;
  return c;
}

/**
 * Adds customers not yet in `action` (modified in place and returned) in order of their best
 * positive value, descending (ties by index), while budget and count allow. With `anyFit` false
 * only the best option is tried (the greedy baseline); with `anyFit` true the customer gets the
 * highest-value positive option that still fits (used to complete Lagrangian solutions).
 */
function greedyFill(
  values: Float64Array,
  costs: Int32Array,
  A: number,
  best: Int16Array,
  action: Int16Array,
  budgetUnits: number,
  maxCount: number,
  anyFit: boolean,
): Int16Array {
  const n = best.length;
  let spend = 0;
  let count = 0;
  let m = 0;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const j = action[i]!;
    if (j >= 0) {
      spend += costs[j]!;
      count++;
    } else if (best[i]! >= 0) {
      order[m++] = i;
    }
  }
  const queue = order.subarray(0, m);
  queue.sort((a, b) => values[b * A + best[b]!]! - values[a * A + best[a]!]! || a - b);
  for (let k = 0; k < m && count < maxCount; k++) {
    const i = queue[k]!;
    let pick = -1;
    if (!anyFit) {
      if (spend + costs[best[i]!]! <= budgetUnits) pick = best[i]!;
    } else {
      let pickValue = 0;
      for (let j = 0; j < A; j++) {
        const v = values[i * A + j]!;
        if (v > pickValue && spend + costs[j]! <= budgetUnits) {
          pick = j;
          pickValue = v;
        }
      }
    }
    if (pick >= 0) {
      action[i] = pick;
      spend += costs[pick]!;
      count++;
    }
  }
  return action;
}

/** Removes the lowest-value assignments (ties: higher customer index first) until at most `maxCount` remain. In place. */
function dropToCount(values: Float64Array, A: number, action: Int16Array, maxCount: number): Int16Array {
  let m = countChosen(action);
  if (m <= maxCount) return action;
  const chosen = new Uint32Array(m);
  m = 0;
  for (let i = 0; i < action.length; i++) if (action[i]! >= 0) chosen[m++] = i;
  chosen.sort((a, b) => values[a * A + action[a]!]! - values[b * A + action[b]!]! || b - a);
  for (let k = 0; k < m - maxCount; k++) action[chosen[k]!] = -1;
  return action;
}

// ---------------------------------------------------------------------------------------------
// Exact DP (multiple-choice knapsack) with a Lagrangian count penalty

/**
 * Workspace of the DP, allocated once per {@link optimalPlan} call. Candidates are customers with
 * at least one option of value > 0 and cost ≤ budget; their options are stored flat (CSR), costs
 * divided by their common gcd.
 */
interface Knapsack {
  readonly A: number;
  /** Reduced budget: min(⌊B/g⌋, Σ_i max option cost_i / g). */
  readonly W: number;
  readonly candidates: Int32Array;
  readonly optStart: Int32Array;
  readonly optCost: Int32Array;
  readonly optValue: Float64Array;
  readonly optAction: Int16Array;
  // per-λ compact copies of the options with value − λ > 0
  readonly actCand: Int32Array;
  readonly actStart: Int32Array;
  readonly actCost: Int32Array;
  readonly actAdj: Float64Array;
  readonly actAction: Int16Array;
  readonly f: Float64Array;
  readonly cnt: Int32Array;
  readonly table: Uint8Array | Uint16Array;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * The options an optimal plan needs: per action, only the `T` customers with the highest value for
 * it (ties by lower index), where T = min(maxCount, ⌊budgetUnits / smallest action cost⌋) bounds the
 * number of customers any feasible plan contacts. Exchange argument: if an optimal plan gives action
 * a to a customer outside a's top T, at most T − 1 of those T are contacted, so one of them is free
 * and at least as valuable for a; moving the action to that customer keeps cost and count and loses
 * nothing. So an optimal plan exists among the kept options, and the DP on them finds the optimum of
 * the whole problem. Returns a mask over the n × A options (1 = kept), or null when T ≥ n (no pruning).
 * O(n·A + n log n per action).
 */
export function knapsackShortlist(values: Float64Array, costs: Int32Array, budgetUnits: number, maxCount: number): Uint8Array | null {
  const A = costs.length;
  const n = values.length / A;
  let cheapest = Infinity;
  for (let j = 0; j < A; j++) if (costs[j]! < cheapest) cheapest = costs[j]!;
  const T = Math.min(maxCount, cheapest > 0 ? Math.floor(budgetUnits / cheapest) : Infinity);
  if (!(T < n)) return null;
  const keep = new Uint8Array(n * A);
  if (T === 0) return keep; // no plan contacts anyone
  const column = new Float64Array(n);
  for (let j = 0; j < A; j++) {
    if (costs[j]! > budgetUnits) continue;
    let m = 0;
    for (let i = 0; i < n; i++) if (values[i * A + j]! > 0) column[m++] = values[i * A + j]!;
    if (m === 0) continue;
    const sorted = column.subarray(0, m).sort();
    const threshold = m > T ? sorted[m - T]! : 0;
    let taken = 0;
    for (let i = 0; i < n; i++) if (values[i * A + j]! > threshold && values[i * A + j]! > 0) taken++;
    for (let i = 0; i < n; i++) {
      const v = values[i * A + j]!;
      if (!(v > 0)) continue;
      if (v > threshold) keep[i * A + j] = 1;
      else if (v === threshold && taken < T) {
        keep[i * A + j] = 1;
        taken++;
      }
    }
  }
  return keep;
}

function buildKnapsack(values: Float64Array, costs: Int32Array, A: number, n: number, budgetUnits: number, keep: Uint8Array | null): Knapsack {
  let nc = 0;
  let no = 0;
  let g = 0;
  let costCap = 0;
  for (let i = 0; i < n; i++) {
    let k = 0;
    let maxCost = 0;
    for (let j = 0; j < A; j++) {
      const c = costs[j]!;
      if (values[i * A + j]! > 0 && c <= budgetUnits && (keep === null || keep[i * A + j] === 1)) {
        k++;
        g = gcd(g, c);
        if (c > maxCost) maxCost = c;
      }
    }
    if (k > 0) {
      nc++;
      no += k;
      costCap += maxCost;
    }
  }
  if (g === 0) g = 1; // every option is free: the budget never binds
  const W = Math.floor(Math.min(budgetUnits, costCap) / g);
  if (nc * (W + 1) > MAX_TABLE_CELLS) {
    throw new RangeError(
      `optimalPlan: DP table of ${nc} candidates × ${W + 1} budget units exceeds ${MAX_TABLE_CELLS} cells; use a coarser budgetUnit`,
    );
  }
  const candidates = new Int32Array(nc);
  const optStart = new Int32Array(nc + 1);
  const optCost = new Int32Array(no);
  const optValue = new Float64Array(no);
  const optAction = new Int16Array(no);
  let t = 0;
  let o = 0;
  for (let i = 0; i < n; i++) {
    const start = o;
    for (let j = 0; j < A; j++) {
      const v = values[i * A + j]!;
      const c = costs[j]!;
      if (v > 0 && c <= budgetUnits && (keep === null || keep[i * A + j] === 1)) {
        optCost[o] = c / g;
        optValue[o] = v;
        optAction[o] = j;
        o++;
      }
    }
    if (o > start) {
      candidates[t] = i;
      optStart[t] = start;
      t++;
    }
  }
  optStart[nc] = no;
  return {
    A,
    W,
    candidates,
    optStart,
    optCost,
    optValue,
    optAction,
    actCand: new Int32Array(nc),
    actStart: new Int32Array(nc + 1),
    actCost: new Int32Array(no),
    actAdj: new Float64Array(no),
    actAction: new Int16Array(no),
    f: new Float64Array(W + 1),
    cnt: new Int32Array(W + 1),
    table: A < 0xff ? new Uint8Array(nc * (W + 1)) : new Uint16Array(nc * (W + 1)),
  };
}

/**
 * Solves max Σ (value − λ) over assignments with Σ cost ≤ W by DP over budget units, writes the
 * maximiser into `action` (per customer, −1 = none) and returns L(λ). f[b] = best penalised value
 * with cost ≤ b; among equal values the DP keeps the one with fewer customers (lexicographic
 * (value, −count) order, which is compatible with addition, so the global minimum-count optimum is
 * found). O(Σ options × W) time; no allocation.
 */
function solveAt(ks: Knapsack, lambda: number, action: Int16Array): number {
  const { W, candidates, optStart, optCost, optValue, optAction, actCand, actStart, actCost, actAdj, actAction, f, cnt, table } = ks;
  const row = W + 1;
  // Keep only options that gain something at this λ.
  let na = 0;
  let o = 0;
  for (let t = 0; t < candidates.length; t++) {
    const start = o;
    for (let q = optStart[t]!; q < optStart[t + 1]!; q++) {
      const adj = optValue[q]! - lambda;
      if (adj > 0) {
        actCost[o] = optCost[q]!;
        actAdj[o] = adj;
        actAction[o] = optAction[q]!;
        o++;
      }
    }
    if (o > start) {
      actCand[na] = candidates[t]!;
      actStart[na] = start;
      na++;
    }
  }
  actStart[na] = o;
  f.fill(0);
  cnt.fill(0);
  for (let t = 0; t < na; t++) {
    const s = actStart[t]!;
    const e = actStart[t + 1]!;
    let minCost = W + 1;
    for (let q = s; q < e; q++) if (actCost[q]! < minCost) minCost = actCost[q]!;
    const base = t * row;
    if (minCost > 0) table.fill(0, base, base + Math.min(minCost, row));
    // Descending b: f[b − c] for c > 0 still holds the previous customer's values; for c = 0 the
    // old f[b] is read before it is written.
    for (let b = W; b >= minCost; b--) {
      let bestV = f[b]!;
      let bestC = cnt[b]!;
      let choice = 0;
      for (let q = s; q < e; q++) {
        const c = actCost[q]!;
        if (c > b) continue;
        const v = f[b - c]! + actAdj[q]!;
        const k = cnt[b - c]! + 1;
        if (v > bestV || (v === bestV && k < bestC)) {
          bestV = v;
          bestC = k;
          choice = q - s + 1;
        }
      }
      f[b] = bestV;
      cnt[b] = bestC;
      table[base + b] = choice;
    }
  }
  action.fill(-1);
  let b = W;
  for (let t = na - 1; t >= 0; t--) {
    const choice = table[t * row + b]!;
    if (choice === 0) continue;
    const q = actStart[t]! + choice - 1;
    action[actCand[t]!] = actAction[q]!;
    b -= actCost[q]!;
  }
  return f[W]!;
}

/**
 * The budget-optimal plan. The budget constraint is solved EXACTLY by dynamic programming over
 * integer budget units (multiple-choice knapsack: candidates = customers with an option of value
 * > 0 among each action's top T ({@link knapsackShortlist}, an exact reduction: at most
 * A·min(maxCount, ⌊budget / cheapest cost⌋) candidates whatever the number of customers);
 * O(Σ options × budgetUnits) time; a Uint8 (Uint16 when A ≥ 255) choice table of candidates ×
 * (budgetUnits + 1) cells for the traceback; costs divided by their gcd and the budget capped at
 * the most any plan could spend, both exact reductions). The contact cap is handled by Lagrangian
 * relaxation (Fisher 1981, "The Lagrangian relaxation method for solving integer programming
 * problems", Management Science 27(1)): L(λ) = max over budget-feasible plans of Σ (value − λ),
 * λ ≥ 0, so that OPT ≤ L(λ) + λ·maxCount for every λ (weak duality).
 * - If the DP optimum at λ = 0 (minimum-count among ties) contacts ≤ maxCount customers, it is
 *   optimal: `exact` true, upperBound = value, gap 0.
 * - Otherwise λ is searched over the breakpoints of the piecewise-linear dual: with a plan above
 *   the cap (count c₁, value V₁) and one within it (c₂, V₂; initially the empty plan) the next λ is
 *   where their penalised values meet, (V₁ − V₂)/(c₁ − c₂); the search stops when the DP finds
 *   nothing better there (the dual minimum), or a plan with exactly maxCount customers (optimal
 *   by complementary slackness). The best feasible plan among the DP plans within the cap, the DP
 *   plans above the cap with their lowest-value customers dropped, each completed greedily with
 *   leftover budget and count, and {@link greedyPlan} is returned (so it is never worse than the
 *   greedy baseline), with upperBound = min over the λ tried of L(λ) + λ·maxCount, gap =
 *   upperBound − value, and `exact` true when the gap is 0 up to 1e-9 relative.
 * At most 64 λ steps are taken (a binding cap typically needs 7–11 DP passes). Measured on 7,000
 * customers × 3 actions × 10,000 units: one DP pass ≈ 0.4 s, a 50 MB choice table. Ties between
 * equally valuable plans are broken towards fewer customers. Throws on invalid input (values
 * quoted) and when the table would exceed 2^31 cells. Inputs are not mutated.
 */
export function optimalPlan(values: Float64Array, costs: Int32Array, options: BudgetOptions): BudgetPlan {
  const name = "optimalPlan";
  checkCosts(name, costs);
  const A = costs.length;
  const n = checkValues(name, values, A);
  checkOptions(name, options);
  const { budgetUnits, maxCount } = options;
  const ks = buildKnapsack(values, costs, A, n, budgetUnits, knapsackShortlist(values, costs, budgetUnits, maxCount));
  const action = new Int16Array(n).fill(-1);
  if (ks.candidates.length === 0 || maxCount === 0) return plan(action, totals(values, A, costs, action), 0, true);

  const L0 = solveAt(ks, 0, action);
  const t0 = totals(values, A, costs, action);
  if (t0.count <= maxCount) return plan(action, t0, t0.value, true);

  // The contact cap binds: Lagrangian breakpoint search. Every DP plan is also turned into a
  // feasible plan (lowest-value customers dropped down to the cap, then completed greedily).
  const best = bestActions(values, A);
  let scale = 0;
  for (let i = 0; i < n; i++) if (best[i]! >= 0) scale += values[i * A + best[i]!]!;
  const tol = 1e-9 * Math.max(1, scale);
  let chosen = greedyFill(values, costs, A, best, new Int16Array(n).fill(-1), budgetUnits, maxCount, false);
  let chosenT = totals(values, A, costs, chosen);
  const consider = (dp: Int16Array): void => {
    const repaired = greedyFill(values, costs, A, best, dropToCount(values, A, dp.slice(), maxCount), budgetUnits, maxCount, true);
    const t = totals(values, A, costs, repaired);
    if (t.value > chosenT.value) {
      chosen = repaired;
      chosenT = t;
    }
  };
  consider(action);
  let upperBound = L0;
  let loT = t0; // a DP plan above the cap
  let hiT: Totals = { value: 0, spend: 0, count: 0 }; // a DP plan within the cap: the empty plan to start
  for (let step = 0; step < MAX_LAGRANGE_STEPS; step++) {
    const lambda = (loT.value - hiT.value) / (loT.count - hiT.count);
    const L = solveAt(ks, lambda, action);
    const t = totals(values, A, costs, action);
    upperBound = Math.min(upperBound, L + lambda * maxCount);
    if (t.count === maxCount) return plan(action, t, t.value, true); // complementary slackness: optimal
    consider(action);
    if (!(L > loT.value - lambda * loT.count + tol)) break; // nothing above both lines at λ: λ minimises the dual
    if (t.count > maxCount) loT = t;
    else hiT = t;
  }
  const exact = upperBound - chosenT.value <= 1e-9 * Math.max(1, Math.abs(upperBound));
  return plan(chosen, chosenT, upperBound, exact);
}
