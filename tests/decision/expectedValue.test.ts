import { describe, expect, it } from "vitest";
import type { RetentionAction } from "../../src/config/config.js";
import { actionEligibility, bestActions, breakEvenProbability, churnerGain, contactProfit, expectedValues, type EligibilityAttribute } from "../../src/decision/expectedValue.js";

// The catalogue of configs/default.yaml.
const ACTIONS: readonly RetentionAction[] = [
  { name: "discount_offer", cost: 60, successRate: 0.3, costIfChurner: 50, costIfStayer: 300, eligible: [] },
  { name: "retention_call", cost: 15, successRate: 0.15, costIfChurner: 15, costIfStayer: 15, eligible: [] },
  { name: "premium_support", cost: 40, successRate: 0.25, costIfChurner: 40, costIfStayer: 60, eligible: [{ feature: "InternetService", values: ["DSL", "Fiber optic"] }] },
];

const INTERNET: EligibilityAttribute = { levels: ["No", "DSL", "Fiber optic"], codes: Uint8Array.of(0, 1, 2, 1) };
const SENIOR: EligibilityAttribute = { levels: ["0", "1"], codes: Uint8Array.of(1, 1, 0, 0) };
const lookup = (feature: string): EligibilityAttribute | undefined =>
  feature === "InternetService" ? INTERNET : feature === "SeniorCitizen" ? SENIOR : undefined;

describe("actionEligibility", () => {
  it("applies each action's rules row by row (n × A, row-major)", () => {
    expect(Array.from(actionEligibility(ACTIONS, lookup, 4))).toEqual([1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("requires every rule of an action to hold", () => {
    const both: RetentionAction = {
      ...ACTIONS[2]!,
      eligible: [
        { feature: "InternetService", values: ["Fiber optic", "DSL"] },
        { feature: "SeniorCitizen", values: ["1"] },
      ],
    };
    // Rows: No/senior, DSL/senior, Fiber/not, DSL/not → only row 1 passes both.
    expect(Array.from(actionEligibility([both], lookup, 4))).toEqual([0, 1, 0, 0]);
  });

  it("throws naming the action and the feature for an unknown attribute or level", () => {
    const bad: RetentionAction = { ...ACTIONS[1]!, name: "call_x", eligible: [{ feature: "Planet", values: ["Mars"] }] };
    expect(() => actionEligibility([bad], lookup, 4)).toThrow(/action "call_x" .* feature "Planet", which is not a known attribute/);
    const typo: RetentionAction = { ...ACTIONS[1]!, name: "call_y", eligible: [{ feature: "InternetService", values: ["Fibre optic"] }] };
    expect(() => actionEligibility([typo], lookup, 4)).toThrow(/action "call_y" rule on feature "InternetService" allows value "Fibre optic", which is not a level/);
    expect(() => actionEligibility(ACTIONS, lookup, 3)).toThrow(/has 4 codes, expected n = 3/);
    expect(() => actionEligibility([], lookup, 4)).toThrow(/empty action catalogue/);
    expect(() => actionEligibility(ACTIONS, lookup, 0)).toThrow(/n must be an integer >= 1, got 0/);
    const outOfRange: EligibilityAttribute = { levels: ["No", "DSL"], codes: Uint8Array.of(0, 2) };
    expect(() => actionEligibility(ACTIONS, () => outOfRange, 2)).toThrow(/allows value "Fiber optic", which is not a level/);
    const rangeOnly: RetentionAction = { ...ACTIONS[1]!, eligible: [{ feature: "InternetService", values: ["DSL"] }] };
    expect(() => actionEligibility([rangeOnly], () => outOfRange, 2)).toThrow(/code\[1\] = 2 is out of range \(2 levels\)/);
  });
});

describe("expectedValues", () => {
  it("computes EV = p·(s·CLV − C_tp) − (1 − p)·C_fp per customer and action (hand-computed)", () => {
    const p = Float64Array.of(0.5, 0, 1);
    const clv = Float64Array.of(1000, 1000, 100);
    const { ev, best, bestEv } = expectedValues(p, clv, ACTIONS);
    // Row 0: 0.5·(300 − 50) − 0.5·300 = −25; 0.5·(150 − 15) − 0.5·15 = 60; 0.5·(250 − 40) − 0.5·60 = 75.
    // Row 1 (p = 0): −C_fp = −300, −15, −60.  Row 2 (p = 1): 30 − 50 = −20, 15 − 15 = 0, 25 − 40 = −15.
    const expected = [-25, 60, 75, -300, -15, -60, -20, 0, -15];
    for (let k = 0; k < expected.length; k++) expect(ev[k]).toBeCloseTo(expected[k]!, 12);
    expect(Array.from(best)).toEqual([2, 1, 1]);
    expect(Array.from(bestEv)).toEqual([ev[2], -15, ev[7]]);
  });

  it("marks ineligible actions −Infinity and picks among the eligible ones", () => {
    const p = Float64Array.of(0.5, 0.5);
    const clv = Float64Array.of(1000, 1000);
    const eligible = Uint8Array.of(1, 1, 0, 0, 0, 0);
    const { ev, best, bestEv } = expectedValues(p, clv, ACTIONS, eligible);
    expect(ev[2]).toBe(-Infinity);
    expect(best[0]).toBe(1); // premium support (75) is not allowed: the call (60) wins
    expect(bestEv[0]).toBeCloseTo(60, 12);
    expect(Array.from(ev.subarray(3))).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(best[1]).toBe(-1);
    expect(bestEv[1]).toBe(-Infinity);
  });

  it("breaks ties towards the lower catalogue index", () => {
    const twin: RetentionAction = { ...ACTIONS[1]!, name: "call_twin" };
    const { best } = expectedValues(Float64Array.of(0.4, 0), Float64Array.of(500, 0), [ACTIONS[0]!, twin, ACTIONS[1]!]);
    expect(Array.from(best)).toEqual([1, 1]);
  });

  it("equals the EMP per-customer profit with s = γ, C_tp = f + γd, C_fp = d + f", () => {
    // Verbraken et al. 2013: churner contacted → γ(CLV − d − f) + (1 − γ)(−f); stayer contacted → −(d + f).
    const [gamma, d, f] = [0.3, 10, 1];
    const emp: RetentionAction = { name: "emp", cost: 0, successRate: gamma, costIfChurner: f + gamma * d, costIfStayer: d + f, eligible: [] };
    const p = Float64Array.of(0.05, 0.4, 0.9);
    const clv = Float64Array.of(200, 120, 35);
    const { ev } = expectedValues(p, clv, [emp]);
    for (let i = 0; i < 3; i++) {
      const profit = p[i]! * (gamma * (clv[i]! - d - f) + (1 - gamma) * -f) + (1 - p[i]!) * -(d + f);
      expect(ev[i]).toBeCloseTo(profit, 12);
    }
  });

  it("throws on bad input, quoting values, and does not mutate", () => {
    const p = Float64Array.of(0.5, 0.2);
    const clv = Float64Array.of(1000, 10);
    expect(() => expectedValues(new Float64Array(0), new Float64Array(0), ACTIONS)).toThrow(/empty input/);
    expect(() => expectedValues(p, clv, [])).toThrow(/empty action catalogue/);
    expect(() => expectedValues(p, Float64Array.of(1), ACTIONS)).toThrow(/pWindow 2, clv 1/);
    expect(() => expectedValues(Float64Array.of(0.5, 1.01), clv, ACTIONS)).toThrow(/pWindow\[1\] = 1.01/);
    expect(() => expectedValues(p, Float64Array.of(NaN, 1), ACTIONS)).toThrow(/clv\[0\] = NaN/);
    expect(() => expectedValues(p, clv, [{ ...ACTIONS[0]!, successRate: 1.2 }])).toThrow(/"discount_offer" successRate must be in \[0, 1\], got 1.2/);
    expect(() => expectedValues(p, clv, [{ ...ACTIONS[0]!, costIfStayer: -3 }])).toThrow(/costIfStayer .* got -3/);
    expect(() => expectedValues(p, clv, ACTIONS, new Uint8Array(5))).toThrow(/eligible has length 5, expected n·A = 2·3 = 6/);
    expect(() => expectedValues(p, clv, ACTIONS, Uint8Array.of(1, 1, 1, 1, 2, 1))).toThrow(/eligible\[4\] = 2 is not 0 or 1/);
    const e = Uint8Array.of(1, 0, 1, 1, 1, 0);
    expectedValues(p, clv, ACTIONS, e);
    expect([Array.from(p), Array.from(clv), Array.from(e)]).toEqual([[0.5, 0.2], [1000, 10], [1, 0, 1, 1, 1, 0]]);
  });
});

describe("the value kernels: churnerGain, contactProfit, breakEvenProbability, bestActions", () => {
  it("gives the EV at a probability and exactly the realised profit at a label", () => {
    const gain = churnerGain(0.3, 1000, 50); // 250
    expect(gain).toBe(250);
    expect(contactProfit(0.5, gain, 300)).toBe(-25);
    expect(contactProfit(1, gain, 300)).toBe(gain);
    expect(contactProfit(0, gain, 300)).toBe(-300);
    const ev = expectedValues(Float64Array.of(0.5), Float64Array.of(1000), ACTIONS).ev;
    expect(ev[0]).toBe(contactProfit(0.5, churnerGain(0.3, 1000, 50), 300));
  });

  it("puts the break-even probability where the EV is zero, and null where saving a churner does not pay", () => {
    const p0 = breakEvenProbability(ACTIONS[0]!, 1000)!;
    expect(contactProfit(p0, churnerGain(0.3, 1000, 50), 300)).toBeCloseTo(0, 12);
    expect(breakEvenProbability(ACTIONS[0]!, 100)).toBeNull(); // 0.3 · 100 < 50
  });

  it("picks the highest value above the floor per row, the lowest index on ties, honouring eligibility", () => {
    const values = Float64Array.of(5, 5, -1, -2, -Infinity, -Infinity, 1, 3);
    expect(Array.from(bestActions(values, 2))).toEqual([0, -1, -1, 1]);
    expect(Array.from(bestActions(values, 2, { floor: -Infinity }))).toEqual([0, 0, -1, 1]);
    expect(Array.from(bestActions(values, 2, { eligible: Uint8Array.of(0, 1, 1, 1, 1, 1, 1, 0) }))).toEqual([1, -1, -1, 0]);
  });

  it("is the best action of expectedValues (−1 and −Infinity where nothing is eligible)", () => {
    const e = expectedValues(Float64Array.of(0.2, 0.9), Float64Array.of(500, 2000), ACTIONS, Uint8Array.of(1, 1, 1, 0, 0, 0));
    expect(Array.from(e.best)).toEqual(Array.from(bestActions(e.ev, 3, { floor: -Infinity })));
    expect(e.best[1]).toBe(-1);
    expect(e.bestEv[1]).toBe(-Infinity);
    expect(e.bestEv[0]).toBe(e.ev[e.best[0]!]);
  });
});
