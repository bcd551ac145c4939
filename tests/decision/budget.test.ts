import { describe, expect, it } from "vitest";
import {
  knapsackShortlist,
  actionCostUnits,
  budgetUnitsFor,
  greedyPlan,
  optimalPlan,
  unconstrainedPlan,
  type BudgetOptions,
  type BudgetPlan,
} from "../../src/decision/budget.js";
import { expectedValues } from "../../src/decision/expectedValue.js";
import { Rng } from "../../src/util/rng.js";

const NO = -Infinity;

/** Exhaustive optimum over all (A + 1)^n assignments: max Σ value, Σ cost ≤ budget, count ≤ maxCount. */
function bruteForce(values: Float64Array, costs: Int32Array, { budgetUnits, maxCount }: BudgetOptions): number {
  const A = costs.length;
  const n = values.length / A;
  const choice = new Int8Array(n).fill(-1);
  let best = 0;
  const visit = (i: number, value: number, spend: number, count: number): void => {
    if (i === n) {
      if (value > best) best = value;
      return;
    }
    visit(i + 1, value, spend, count);
    for (let j = 0; j < A; j++) {
      const v = values[i * A + j]!;
      if (v === NO || spend + costs[j]! > budgetUnits || count + 1 > maxCount) continue;
      choice[i] = j;
      visit(i + 1, value + v, spend + costs[j]!, count + 1);
      choice[i] = -1;
    }
  };
  visit(0, 0, 0, 0);
  return best;
}

/** Checks that a plan is feasible, picks only allowed options with value > 0, and that its totals are right. */
function expectConsistent(p: BudgetPlan, values: Float64Array, costs: Int32Array, options: BudgetOptions): void {
  const A = costs.length;
  let value = 0;
  let spend = 0;
  let count = 0;
  for (let i = 0; i < p.action.length; i++) {
    const j = p.action[i]!;
    if (j < 0) continue;
    expect(j).toBeLessThan(A);
    expect(values[i * A + j]!).toBeGreaterThan(0);
    value += values[i * A + j]!;
    spend += costs[j]!;
    count++;
  }
  expect(p.value).toBe(value);
  expect(p.spendUnits).toBe(spend);
  expect(p.count).toBe(count);
  expect(spend).toBeLessThanOrEqual(options.budgetUnits);
  expect(count).toBeLessThanOrEqual(options.maxCount);
  expect(p.upperBound).toBeGreaterThanOrEqual(p.value);
  expect(p.gap).toBe(p.upperBound - p.value);
}

describe("literal cases", () => {
  it("(a) greedy by EV takes the big customer; the exact DP takes the two small ones", () => {
    // Budget 10 units. Action 0 costs 10, action 1 costs 5. Customer A: 9 via action 0 only;
    // customers B and C: 5 via action 1 only. Greedy: A (9), then B and C no longer fit → 9.
    // Optimal: B + C = 10 at cost 10.
    const values = Float64Array.of(9, NO, NO, 5, NO, 5);
    const costs = Int32Array.of(10, 5);
    const options = { budgetUnits: 10, maxCount: Infinity };
    const g = greedyPlan(values, costs, options);
    expect(Array.from(g.action)).toEqual([0, -1, -1]);
    expect([g.value, g.spendUnits, g.count]).toEqual([9, 10, 1]);
    expect([g.upperBound, g.gap, g.exact]).toEqual([19, 10, false]); // bound: the unconstrained 9 + 5 + 5
    const o = optimalPlan(values, costs, options);
    expect(Array.from(o.action)).toEqual([-1, 1, 1]);
    expect([o.value, o.spendUnits, o.count, o.upperBound, o.gap, o.exact]).toEqual([10, 10, 2, 10, 0, true]);
  });

  it("(c) the DP gives some customers a cheaper, lower-EV action to fit more of them", () => {
    // Costs 10 and 5, budget 20; three identical customers worth 8 (action 0) or 5 (action 1).
    // Plans: 2 × action 0 = 16; 1 × action 0 + 2 × action 1 = 18 (cost 20); 3 × action 1 = 15.
    // Greedy (best option only): action 0 for customers 0 and 1 = 16, customer 2 does not fit.
    const values = Float64Array.of(8, 5, 8, 5, 8, 5);
    const costs = Int32Array.of(10, 5);
    const options = { budgetUnits: 20, maxCount: Infinity };
    const g = greedyPlan(values, costs, options);
    expect(Array.from(g.action)).toEqual([0, 0, -1]);
    expect(g.value).toBe(16);
    const o = optimalPlan(values, costs, options);
    expect([o.value, o.spendUnits, o.count, o.exact]).toEqual([18, 20, 3, true]);
    expect(Array.from(o.action).sort()).toEqual([0, 1, 1]);
    // With a cap of 2 customers the expensive action is best again: 8 + 8 = 16.
    const capped = optimalPlan(values, costs, { budgetUnits: 20, maxCount: 2 });
    expect([capped.value, capped.count, capped.exact]).toEqual([16, 2, true]);
    expect(Array.from(capped.action).filter((j) => j >= 0)).toEqual([0, 0]);
  });

  it("the contact cap keeps the most valuable customers", () => {
    const values = Float64Array.of(3, 5, 4);
    const costs = Int32Array.of(1);
    const o = optimalPlan(values, costs, { budgetUnits: 10, maxCount: 1 });
    expect(Array.from(o.action)).toEqual([-1, 0, -1]);
    expect([o.value, o.count, o.upperBound, o.gap, o.exact]).toEqual([5, 1, 5, 0, true]);
    const g = greedyPlan(values, costs, { budgetUnits: 10, maxCount: 2 });
    expect(Array.from(g.action)).toEqual([-1, 0, 0]);
  });

  it("closes, with the shortlist, a Lagrangian duality gap that the whole option set leaves open", () => {
    // Costs 5, 2, 5 units; budget 10; at most 4 customers. Values (customer: action 0, 1, 2):
    // c0: 5, 2, –   c1: 4, 4, –   c2: −2, 9, 3   c3: 3, 8, –   c4: 1, 2, 3.
    // Budget only: everyone via action 1 = 2 + 4 + 9 + 8 + 2 = 25 at cost 10, but that is 5 customers.
    // Four customers: c1, c2, c3 via action 1 (21, cost 6) + c0 or c4 via action 1 (2, cost 2) = 23;
    // c0 via action 0 instead leaves no room for a fourth (22). Greedy: c2 (9), c3 (8), c0 (5, cost 5) = 22, full.
    // Dual: at λ = 1.5 the 5-customer plan (25 − 5·1.5 = 17.5) and {c0 via action 0, c2, c3} (22 − 3·1.5 = 17.5)
    // tie; the best 4-customer plan only reaches 23 − 6 = 17. min_λ L(λ) + 4λ = 17.5 + 6 = 23.5 > 23.
    // The shortlist (top T = min(4, ⌊10/2⌋) = 4 per action) drops c4's action 1 (tied at 2 with c0, higher
    // index): the 5-customer plan no longer exists, the dual bound falls to 23 and the optimum is certified.
    const values = Float64Array.of(5, 2, NO, 4, 4, NO, -2, 9, 3, 3, 8, NO, 1, 2, 3);
    const costs = Int32Array.of(5, 2, 5);
    const options = { budgetUnits: 10, maxCount: 4 };
    const o = optimalPlan(values, costs, options);
    expect([o.value, o.count, o.spendUnits, o.upperBound, o.gap, o.exact]).toEqual([23, 4, 8, 23, 0, true]);
    expect(Array.from(o.action.subarray(1, 4))).toEqual([1, 1, 1]);
    expect(greedyPlan(values, costs, options).value).toBe(22);
    expect(bruteForce(values, costs, options)).toBe(23);
  });

  it("(d) the unconstrained plan gives every customer with a positive best value that action", () => {
    // Rows: best is action 1 (2); nothing allowed; only zeros; a tie 3 = 3 → lower index 0.
    const values = Float64Array.of(-1, 2, NO, NO, 0, 0, 3, 3);
    const u = unconstrainedPlan(values, 2, Int32Array.of(2, 1));
    expect(Array.from(u.action)).toEqual([1, -1, -1, 0]);
    expect([u.value, u.spendUnits, u.count, u.upperBound, u.gap, u.exact]).toEqual([5, 3, 2, 5, 0, true]);
    expect(unconstrainedPlan(values, 2).spendUnits).toBeNaN();
    // With a budget and a cap that do not bind, greedy and optimal agree with it.
    const loose = { budgetUnits: 100, maxCount: 4 };
    expect(Array.from(greedyPlan(values, Int32Array.of(2, 1), loose).action)).toEqual([1, -1, -1, 0]);
    const o = optimalPlan(values, Int32Array.of(2, 1), loose);
    expect([o.value, o.count, o.exact]).toEqual([5, 2, true]);
    const g = greedyPlan(values, Int32Array.of(2, 1), loose);
    expect([g.value, g.upperBound, g.gap, g.exact]).toEqual([5, 5, 0, true]);
  });

  it("(e) never chooses a value ≤ 0, even when it is free", () => {
    const values = Float64Array.of(0, -2, NO, -0.5, 1e-300, 0);
    const costs = Int32Array.of(0, 0);
    const options = { budgetUnits: 0, maxCount: Infinity };
    for (const p of [unconstrainedPlan(values, 2, costs), greedyPlan(values, costs, options), optimalPlan(values, costs, options)]) {
      expect(Array.from(p.action)).toEqual([-1, -1, 0]);
      expect(p.value).toBe(1e-300);
    }
    const none = optimalPlan(Float64Array.of(0, -1), Int32Array.of(1), { budgetUnits: 5, maxCount: 3 });
    expect([Array.from(none.action), none.value, none.count, none.exact]).toEqual([[-1, -1], 0, 0, true]);
  });

  it("a zero budget or a zero cap contacts nobody unless actions are free", () => {
    const values = Float64Array.of(4, 2);
    expect(optimalPlan(values, Int32Array.of(1), { budgetUnits: 0, maxCount: 5 }).count).toBe(0);
    expect(optimalPlan(values, Int32Array.of(0), { budgetUnits: 0, maxCount: 5 }).count).toBe(2);
    expect(optimalPlan(values, Int32Array.of(0), { budgetUnits: 9, maxCount: 0 }).count).toBe(0);
    expect(greedyPlan(values, Int32Array.of(0), { budgetUnits: 9, maxCount: 0 }).count).toBe(0);
  });
});

describe("(b) exactness against brute force on random small instances", () => {
  /** n ≤ 7, A ≤ 3, costs 0..5, budget 0..15; values on a coarse grid (ties) with some not allowed or ≤ 0. */
  function instance(rng: Rng): { values: Float64Array; costs: Int32Array; options: BudgetOptions } {
    const n = 1 + rng.int(7);
    const A = 1 + rng.int(3);
    const values = new Float64Array(n * A);
    const grid = rng.bernoulli(0.5);
    for (let k = 0; k < values.length; k++) {
      const u = rng.uniform();
      values[k] = u < 0.15 ? NO : u < 0.3 ? -rng.int(5) : grid ? 1 + rng.int(9) : Math.round(rng.uniform() * 1000) / 100;
    }
    const costs = new Int32Array(A);
    for (let j = 0; j < A; j++) costs[j] = rng.int(6);
    const budgetUnits = rng.int(16);
    const maxCount = rng.bernoulli(0.2) ? Infinity : rng.int(n + 1);
    return { values, costs, options: { budgetUnits, maxCount } };
  }

  it("optimal is exact when the cap does not bind, feasible and bounded when it does, never below greedy", () => {
    const rng = new Rng(20240611);
    const trials = 3000;
    let binding = 0;
    let bindingOptimal = 0;
    let bindingCertified = 0;
    let greedyOptimal = 0;
    let maxRelGap = 0;
    for (let t = 0; t < trials; t++) {
      const { values, costs, options } = instance(rng);
      const opt = bruteForce(values, costs, options);
      const budgetOnly = bruteForce(values, costs, { budgetUnits: options.budgetUnits, maxCount: Infinity });
      const o = optimalPlan(values, costs, options);
      const g = greedyPlan(values, costs, options);
      expectConsistent(o, values, costs, options);
      expectConsistent(g, values, costs, options);
      expect(o.value).toBeLessThanOrEqual(opt + 1e-9);
      expect(o.upperBound).toBeGreaterThanOrEqual(opt - 1e-9);
      expect(o.value).toBeGreaterThanOrEqual(g.value);
      expect(g.upperBound).toBeGreaterThanOrEqual(opt - 1e-9);
      if (o.exact) expect(o.value).toBeCloseTo(opt, 9);
      if (Math.abs(g.value - opt) <= 1e-9) greedyOptimal++;
      if (budgetOnly > opt + 1e-9 && options.maxCount > 0) {
        // The cap binds (and is not the trivial maxCount = 0): every budget-optimal plan contacts more than maxCount customers.
        binding++;
        if (Math.abs(o.value - opt) <= 1e-9) bindingOptimal++;
        if (o.exact) bindingCertified++;
        maxRelGap = Math.max(maxRelGap, (opt - o.value) / opt);
      } else {
        expect(o.value).toBeCloseTo(opt, 9);
        expect(o.exact).toBe(true);
      }
    }
    console.log(
      `budget DP vs brute force: ${trials} instances, cap binding (maxCount ≥ 1) in ${binding}; optimal value returned in ${bindingOptimal}/${binding}, ` +
        `certified exact in ${bindingCertified}/${binding}, worst shortfall ${(100 * maxRelGap).toFixed(2)} % of OPT; greedy optimal in ${greedyOptimal}/${trials}`,
    );
    // Regression numbers for this seed (see the report): one binding instance ends 0.02 below the optimum
    // (before the shortlist, one more had the optimum found but not certified: 628 certified).
    expect([binding, bindingOptimal, bindingCertified, greedyOptimal]).toEqual([630, 629, 629, 2721]);
    expect(maxRelGap).toBeLessThan(0.01);
  });
});

/** Reference DP without the solver's reductions: best[i][b] over customers 0..i−1 and spend ≤ b (no count cap). */
function referenceDp(values: Float64Array, costs: Int32Array, budgetUnits: number): number {
  const A = costs.length;
  const n = values.length / A;
  let prev = new Array<number>(budgetUnits + 1).fill(0);
  for (let i = 0; i < n; i++) {
    const next = prev.slice();
    for (let b = 0; b <= budgetUnits; b++) {
      for (let j = 0; j < A; j++) {
        const v = values[i * A + j]!;
        if (v > 0 && costs[j]! <= b) next[b] = Math.max(next[b]!, prev[b - costs[j]!]! + v);
      }
    }
    prev = next;
  }
  return prev[budgetUnits]!;
}

describe("larger instances", () => {
  function randomValues(rng: Rng, n: number, A: number): Float64Array {
    const values = new Float64Array(n * A);
    for (let k = 0; k < values.length; k++) values[k] = rng.bernoulli(0.1) ? NO : Math.round((rng.uniform() * 120 - 40) * 100) / 100;
    return values;
  }

  it("shortlists each action's top T = min(maxCount, ⌊budget / cheapest⌋) options, ties by index, and nothing when T ≥ n", () => {
    const values = Float64Array.of(5, 1, 7, 2, 7, 3, -1, 9, 7, 4);
    const costs = Int32Array.of(3, 2);
    expect(Array.from(knapsackShortlist(values, costs, 6, 2)!)).toEqual([0, 0, 1, 0, 1, 0, 0, 1, 0, 1]);
    expect(knapsackShortlist(values, costs, 100, 5)).toBeNull();
    expect(knapsackShortlist(values, Int32Array.of(0, 0), 6, Infinity)).toBeNull();
  });

  it("solves 1,000,000 customers × 3 actions × 10,000 budget units with a binding cap of 1,000, within a certified gap of under a millionth", () => {
    const rng = new Rng(7);
    const n = 1_000_000;
    const values = new Float64Array(3 * n);
    for (let k = 0; k < values.length; k++) values[k] = rng.uniform() < 0.3 ? 400 * rng.uniform() - 100 : NO;
    const costs = Int32Array.of(12, 3, 8);
    const options = { budgetUnits: 10_000, maxCount: 1000 };
    const o = optimalPlan(values, costs, options);
    expectConsistent(o, values, costs, options);
    // The same problem restricted to the shortlist's customers has the same optimum (it is built from them).
    const keep = knapsackShortlist(values, costs, options.budgetUnits, options.maxCount)!;
    let kept = 0;
    for (let i = 0; i < n; i++) if (keep[3 * i] || keep[3 * i + 1] || keep[3 * i + 2]) kept++;
    expect(kept).toBeLessThanOrEqual(3000);
    console.log(`optimalPlan 1,000,000 × 3 × 10000, maxCount 1000: shortlist ${kept} customers, value ${o.value.toFixed(2)}, upper bound ${o.upperBound.toFixed(2)}, gap ${o.gap.toExponential(2)}, exact ${o.exact}`);
    expect(o.gap).toBeLessThanOrEqual(1e-6 * o.value);
    expect(o.count).toBeLessThanOrEqual(1000);
    expect(o.value).toBeGreaterThanOrEqual(greedyPlan(values, costs, options).value);
  });

  it("matches a plain DP (no gcd or budget-cap reduction) on 200 customers", () => {
    const rng = new Rng(7);
    for (const costs of [Int32Array.of(12, 3, 8), Int32Array.of(10, 4, 6), Int32Array.of(0, 7, 7)]) {
      for (const budgetUnits of [0, 37, 300, 5000]) {
        const values = randomValues(rng, 200, 3);
        const o = optimalPlan(values, costs, { budgetUnits, maxCount: Infinity });
        expect(o.exact).toBe(true);
        expect(o.value).toBeCloseTo(referenceDp(values, costs, budgetUnits), 8);
        expect(o.spendUnits).toBeLessThanOrEqual(budgetUnits);
      }
    }
  });

  it("solves 7,000 customers × 3 actions × 10,000 budget units, with and without a binding cap", () => {
    // EVs of the default catalogue (costs 60, 15, 40 dollars = 12, 3, 8 units of 5) for p = u², CLV ~ U(500, 2500).
    const rng = new Rng(42);
    const n = 7000;
    const p = new Float64Array(n);
    const clv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = rng.uniform() ** 2;
      clv[i] = 500 + 2000 * rng.uniform();
    }
    const { ev: values } = expectedValues(p, clv, [
      { name: "discount_offer", cost: 60, successRate: 0.3, costIfChurner: 50, costIfStayer: 300, eligible: [] },
      { name: "retention_call", cost: 15, successRate: 0.15, costIfChurner: 15, costIfStayer: 15, eligible: [] },
      { name: "premium_support", cost: 40, successRate: 0.25, costIfChurner: 40, costIfStayer: 60, eligible: [] },
    ]);
    const costs = Int32Array.of(12, 3, 8);
    for (const maxCount of [Infinity, 1000]) {
      const options = { budgetUnits: 10_000, maxCount };
      const start = performance.now();
      const o = optimalPlan(values, costs, options);
      const ms = performance.now() - start;
      const g = greedyPlan(values, costs, options);
      console.log(`optimalPlan 7000 × 3 × 10000, maxCount ${maxCount}: ${ms.toFixed(0)} ms, value ${o.value.toFixed(2)} (greedy ${g.value.toFixed(2)}), count ${o.count}, gap ${o.gap}`);
      expectConsistent(o, values, costs, options);
      expect(o.value).toBeGreaterThan(g.value * 1.02);
      expect(o.exact).toBe(true);
    }
  });
});

describe("validation", () => {
  const values = Float64Array.of(1, 2, 3, 4);
  const costs = Int32Array.of(1, 2);
  const ok = { budgetUnits: 3, maxCount: 2 };

  it("throws on negative or non-integer costs and budgets, quoting the value", () => {
    for (const f of [greedyPlan, optimalPlan]) {
      expect(() => f(values, Int32Array.of(1, -2), ok)).toThrow(/costs\[1\] = -2 is not an integer number of budget units >= 0/);
      expect(() => f(values, Float64Array.of(1, 1.5) as unknown as Int32Array, ok)).toThrow(/costs\[1\] = 1.5/);
      expect(() => f(values, costs, { budgetUnits: 2.5, maxCount: 2 })).toThrow(/budgetUnits must be an integer >= 0, got 2.5/);
      expect(() => f(values, costs, { budgetUnits: -1, maxCount: 2 })).toThrow(/got -1/);
      expect(() => f(values, costs, { budgetUnits: 3, maxCount: -1 })).toThrow(/maxCount must be an integer >= 0 or Infinity, got -1/);
      expect(() => f(Float64Array.of(1, 2, 3), costs, ok)).toThrow(/values length 3 is not a multiple of the number of actions 2/);
      expect(() => f(Float64Array.of(1, NaN, 3, 4), costs, ok)).toThrow(/values\[1\] = NaN \(customer 0, action 1\)/);
      expect(() => f(Float64Array.of(1, 2, Infinity, 4), costs, ok)).toThrow(/values\[2\] = Infinity/);
      expect(() => f(new Float64Array(0), costs, ok)).toThrow(/empty input/);
      expect(() => f(values, new Int32Array(0), ok)).toThrow(/empty input \(costs/);
    }
    expect(() => unconstrainedPlan(values, 3)).toThrow(/not a multiple of the number of actions 3/);
    expect(() => unconstrainedPlan(values, 0)).toThrow(/integer in \[1, 32767\], got 0/);
    expect(() => unconstrainedPlan(values, 2, Int32Array.of(1))).toThrow(/costs has length 1, expected A = 2/);
  });

  it("(f) does not mutate its inputs", () => {
    const v = Float64Array.of(9, NO, NO, 5, NO, 5, 1, 1);
    const c = Int32Array.of(10, 5);
    const [v0, c0] = [v.slice(), c.slice()];
    unconstrainedPlan(v, 2, c);
    greedyPlan(v, c, { budgetUnits: 10, maxCount: 3 });
    optimalPlan(v, c, { budgetUnits: 10, maxCount: 1 });
    optimalPlan(v, c, { budgetUnits: 10, maxCount: Infinity });
    expect([v, c]).toEqual([v0, c0]);
  });
});

describe("actionCostUnits / budgetUnitsFor", () => {
  it("converts the default catalogue and budget to units of 5 dollars", () => {
    const actions = [
      { name: "discount_offer", cost: 60 },
      { name: "retention_call", cost: 15 },
      { name: "premium_support", cost: 40 },
    ];
    expect(Array.from(actionCostUnits(actions, 5))).toEqual([12, 3, 8]);
    expect(budgetUnitsFor(50000, 5)).toBe(10000);
    expect(budgetUnitsFor(0.3, 0.1)).toBe(3); // 0.3 / 0.1 = 2.9999999999999996
    expect(budgetUnitsFor(12, 5)).toBe(2);
    expect(Array.from(actionCostUnits([{ name: "x", cost: 0.3 }], 0.1))).toEqual([3]);
  });

  it("throws on costs that are not multiples of the unit, quoting them", () => {
    expect(() => actionCostUnits([{ name: "odd", cost: 62 }], 5)).toThrow(/action "odd" cost 62 is not a non-negative multiple of budgetUnit 5/);
    expect(() => actionCostUnits([{ name: "neg", cost: -5 }], 5)).toThrow(/cost -5/);
    expect(() => actionCostUnits([{ name: "a", cost: 5 }], 0)).toThrow(/budgetUnit must be a finite number > 0, got 0/);
    expect(() => budgetUnitsFor(-1, 5)).toThrow(/amount must be a finite number >= 0, got -1/);
  });
});
