import { describe, expect, it } from "vitest";
import { bestActionPlan, oracleValues, realisedValue, trueWindowProbability, type OracleAction } from "../../src/decision/oracle.js";
import { Rng } from "../../src/util/rng.js";

const actions: readonly OracleAction[] = [
  { costIfChurner: 50, costIfStayer: 300, cost: 60 },
  { costIfChurner: 15, costIfStayer: 15, cost: 15 },
];
// Three rows × two actions (row-major effects).
const pTrue = Float64Array.from([0.5, 0.9, 0.1]);
const clv = Float64Array.from([1000, 2000, 100]);
const effect = Float64Array.from([0.3, 0.15, 0.4, 0.1, 0.5, 0.5]);

describe("trueWindowProbability", () => {
  it("is 1 − (1 − h)^W per row", () => {
    const p = trueWindowProbability(Float64Array.from([0, 0.1, 0.5, 1]), 3);
    expect(p[0]).toBe(0);
    expect(p[1]).toBeCloseTo(0.271, 14); // 1 − 0.9³
    expect(p[2]).toBeCloseTo(0.875, 14); // 1 − 0.5³
    expect(p[3]).toBe(1);
    const one = trueWindowProbability(Float64Array.from([0.2, 0.03]), 1);
    expect(one[0]).toBeCloseTo(0.2, 15);
    expect(one[1]).toBeCloseTo(0.03, 15);
  });

  it("rejects bad input, quoting the values", () => {
    expect(() => trueWindowProbability(new Float64Array(0), 3)).toThrow("empty input (hazard has length 0)");
    expect(() => trueWindowProbability(Float64Array.from([0.1, 1.2]), 3)).toThrow("hazard[1] = 1.2 is outside [0, 1]");
    expect(() => trueWindowProbability(Float64Array.from([NaN]), 3)).toThrow("hazard[0] = NaN");
    expect(() => trueWindowProbability(Float64Array.from([0.1]), 0)).toThrow("months must be a positive integer, got 0");
    expect(() => trueWindowProbability(Float64Array.from([0.1]), 2.5)).toThrow("got 2.5");
  });
});

describe("oracleValues and bestActionPlan", () => {
  it("computes p·(s·CLV − C_tp) − (1 − p)·C_fp per row and action", () => {
    const ev = oracleValues(pTrue, clv, effect, actions);
    // row 0: 0.5·(300 − 50) − 0.5·300 = −25;   0.5·(150 − 15) − 0.5·15 = 60
    // row 1: 0.9·(800 − 50) − 0.1·300 = 645;   0.9·(200 − 15) − 0.1·15 = 165
    // row 2: 0.1·(50 − 50) − 0.9·300 = −270;   0.1·(50 − 15) − 0.9·15 = −10
    const expected = [-25, 60, 645, 165, -270, -10];
    expect(ev.length).toBe(6);
    expected.forEach((v, k) => expect(ev[k]).toBeCloseTo(v, 10));
    expect(Array.from(bestActionPlan(ev, 2))).toEqual([1, 0, -1]);
  });

  it("takes the lowest index among tied best values and only strictly positive values", () => {
    expect(Array.from(bestActionPlan(Float64Array.from([5, 5, 0, 0, -1, 2, 3, 7]), 2))).toEqual([0, -1, 1, 1]);
  });

  it("skips ineligible actions", () => {
    const values = Float64Array.from([5, 9, 4, 3, 8, -1]);
    expect(Array.from(bestActionPlan(values, 2, Uint8Array.from([1, 0, 0, 1, 0, 1])))).toEqual([0, 1, -1]);
    expect(Array.from(bestActionPlan(values, 2, Uint8Array.from([1, 1, 1, 1, 1, 1])))).toEqual([1, 0, 0]);
  });

  it("rejects bad input, quoting the values", () => {
    expect(() => oracleValues(new Float64Array(0), new Float64Array(0), new Float64Array(0), actions)).toThrow("empty input (pTrue has length 0)");
    expect(() => oracleValues(pTrue, clv, effect, [])).toThrow("actions is empty");
    expect(() => oracleValues(pTrue, clv.subarray(0, 2), effect, actions)).toThrow("pTrue and clv lengths differ (pTrue 3, clv 2)");
    expect(() => oracleValues(pTrue, clv, effect.subarray(0, 5), actions)).toThrow("trueEffect has length 5, expected n × A = 3 × 2 = 6");
    expect(() => oracleValues(Float64Array.from([0.5, -0.1, 0.1]), clv, effect, actions)).toThrow("pTrue[1] = -0.1 is outside [0, 1]");
    expect(() => oracleValues(pTrue, clv, Float64Array.from([0.3, 0.15, 0.4, 1.5, 0.5, 0.5]), actions)).toThrow("trueEffect[3] = 1.5 is outside [0, 1]");
    expect(() => oracleValues(pTrue, Float64Array.from([1, NaN, 1]), effect, actions)).toThrow("clv[1] = NaN is not a finite number");
    expect(() => oracleValues(pTrue, clv, effect, [actions[0]!, { costIfChurner: 1, costIfStayer: Infinity }])).toThrow("actions[1].costIfStayer = Infinity");
    expect(() => bestActionPlan(Float64Array.from([1, 2, 3]), 2)).toThrow("values length 3 is not a positive multiple of actionCount 2");
    expect(() => bestActionPlan(Float64Array.from([1, 2]), 0)).toThrow("got 0");
    expect(() => bestActionPlan(Float64Array.from([1, NaN]), 2)).toThrow("values[1] (row 0, action 1) is NaN");
    expect(() => bestActionPlan(Float64Array.from([1, 2]), 2, Uint8Array.from([1]))).toThrow("eligible has length 1, expected values length 2");
    expect(() => bestActionPlan(Float64Array.from([1, 2]), 2, Uint8Array.from([1, 2]))).toThrow("eligible[1] = 2 is not 0 or 1");
  });
});

describe("realisedValue", () => {
  const plan = Int16Array.from([1, 0, -1]);

  it("scores a plan on realised labels with the true effects", () => {
    // row 0, action 1, stayer: −15; row 1, action 0, churner: 0.4·2000 − 50 = 750; row 2 not contacted.
    const r = realisedValue(plan, Uint8Array.from([0, 1, 1]), clv, effect, actions);
    expect(r.profit).toBeCloseTo(735, 10);
    expect(r.savedValue).toBeCloseTo(800, 10);
    expect(r.contacted).toBe(2);
    expect(r.churnersContacted).toBe(1);
    expect(r.spend).toBe(75);
  });

  it("gives the exact expectation when y holds the true probabilities", () => {
    // = EV(row 0, action 1) + EV(row 1, action 0) = 60 + 645; saved 0.5·0.15·1000 + 0.9·0.4·2000 = 795.
    const r = realisedValue(plan, pTrue, clv, effect, actions);
    expect(r.profit).toBeCloseTo(705, 10);
    expect(r.savedValue).toBeCloseTo(795, 10);
    expect(r.contacted).toBe(2);
    expect(r.churnersContacted).toBeCloseTo(1.4, 14);
  });

  it("omits spend when an action has no cost, and contacts nobody on an empty plan", () => {
    const bare = actions.map(({ costIfChurner, costIfStayer }) => ({ costIfChurner, costIfStayer }));
    expect(realisedValue(plan, pTrue, clv, effect, bare).spend).toBeUndefined();
    expect(realisedValue(Int16Array.from([-1, -1, -1]), pTrue, clv, effect, actions)).toEqual({ profit: 0, savedValue: 0, contacted: 0, churnersContacted: 0, spend: 0 });
  });

  it("rejects bad input, quoting the values", () => {
    const y = Uint8Array.from([0, 1, 1]);
    expect(() => realisedValue(Int16Array.from([2, 0, -1]), y, clv, effect, actions)).toThrow("action[0] = 2 is not -1 or an action index in [0, 1]");
    expect(() => realisedValue(Int16Array.from([1, -2, -1]), y, clv, effect, actions)).toThrow("action[1] = -2");
    expect(() => realisedValue(Int16Array.from([1, 0]), y, clv, effect, actions)).toThrow("y and action lengths differ (y 3, action 2)");
    expect(() => realisedValue(plan, Uint8Array.from([0, 3, 1]), clv, effect, actions)).toThrow("y[1] = 3 is not 0 or 1");
    expect(() => realisedValue(plan, Float64Array.from([0.5, 1.1, 0]), clv, effect, actions)).toThrow("y[1] = 1.1 is outside [0, 1]");
    expect(() => realisedValue(plan, y, clv, effect, [actions[0]!, { ...actions[1]!, cost: NaN }])).toThrow("actions[1].cost = NaN");
    expect(() => realisedValue(new Int16Array(0), new Uint8Array(0), new Float64Array(0), new Float64Array(0), actions)).toThrow("empty input (y has length 0)");
  });
});

describe("the oracle plan on a seeded synthetic instance", () => {
  const n = 20000;
  const A = 3;
  const acts: readonly OracleAction[] = [
    { costIfChurner: 50, costIfStayer: 300, cost: 60 },
    { costIfChurner: 15, costIfStayer: 15, cost: 15 },
    { costIfChurner: 40, costIfStayer: 60, cost: 40 },
  ];
  const assumedRate = [0.3, 0.15, 0.25];
  const rng = new Rng(31);
  const hazard = new Float64Array(n);
  const clvs = new Float64Array(n);
  const eff = new Float64Array(n * A);
  for (let i = 0; i < n; i++) {
    hazard[i] = 0.15 * rng.uniform() ** 2;
    clvs[i] = 300 * Math.exp(1.2 * rng.uniform());
    for (let a = 0; a < A; a++) eff[i * A + a] = Math.min(1, Math.max(0, assumedRate[a]! + 0.15 * rng.normal()));
  }
  const p = trueWindowProbability(hazard, 3);
  const oraclePlan = bestActionPlan(oracleValues(p, clvs, eff, acts), A);
  // Our plan: a noisy probability and the assumed (constant) success rates.
  const pNoisy = new Float64Array(n);
  for (let i = 0; i < n; i++) pNoisy[i] = Math.min(1, Math.max(0, p[i]! * Math.exp(0.6 * rng.normal())));
  const effAssumed = new Float64Array(n * A);
  for (let i = 0; i < n; i++) for (let a = 0; a < A; a++) effAssumed[i * A + a] = assumedRate[a]!;
  const noisyPlan = bestActionPlan(oracleValues(pNoisy, clvs, effAssumed, acts), A);

  it("maximises expected profit exactly: no other plan does better in expectation", () => {
    const best = realisedValue(oraclePlan, p, clvs, eff, acts).profit;
    const ours = realisedValue(noisyPlan, p, clvs, eff, acts).profit;
    expect(best).toBeGreaterThan(0);
    expect(best).toBeGreaterThan(ours);
    // Random plans, and the oracle plan with a tenth of its rows switched to another choice.
    for (let t = 0; t < 20; t++) {
      const random = new Int16Array(n);
      const perturbed = oraclePlan.slice();
      for (let i = 0; i < n; i++) {
        random[i] = rng.int(A + 1) - 1;
        if (rng.uniform() < 0.1) perturbed[i] = ((perturbed[i]! + 1 + 1 + rng.int(A)) % (A + 1)) - 1; // any other choice
      }
      expect(realisedValue(random, p, clvs, eff, acts).profit).toBeLessThan(best);
      expect(realisedValue(perturbed, p, clvs, eff, acts).profit).toBeLessThanOrEqual(best);
    }
  });

  it("also earns more on labels drawn from the true probabilities", () => {
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) y[i] = rng.bernoulli(p[i]!) ? 1 : 0;
    const best = realisedValue(oraclePlan, y, clvs, eff, acts);
    const ours = realisedValue(noisyPlan, y, clvs, eff, acts);
    expect(best.profit).toBeGreaterThan(ours.profit);
    expect(best.spend).toBeGreaterThan(0);
  });
});
