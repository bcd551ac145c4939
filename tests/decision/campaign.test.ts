// src/decision/campaign.ts: per-customer values, the band rule, the three targeting modes and the plan rows.
import { describe, expect, it } from "vitest";
import type { DecisionConfig } from "../../src/config/config.js";
import { campaign, campaignPlans, customerValues, planRows, probabilityBand, summarizePlan, type CustomerInputs } from "../../src/decision/campaign.js";
import { customerLifetimeValue, windowProbability } from "../../src/decision/clv.js";
import { testConfig } from "../helpers/config.js";

const d: DecisionConfig = testConfig({ decision: { probabilityBand: { min: 0, max: 0.5 }, budget: 60, maxContacts: 1 } }).decision;
const A = d.actions.length;
const inputs: CustomerInputs = Object.freeze({
  probability: Float64Array.of(0.02, 0.3, 0.9, 0.1),
  horizon: 1,
  monthlyCharges: Float64Array.of(70, 90, 50, 20),
  eligible: new Uint8Array(4 * A).fill(1),
});

describe("customerValues", () => {
  const v = customerValues(inputs, d);

  it("converts to the effect window and values every action, the portfolio hazard giving every customer the mean CLV hazard", () => {
    expect(Array.from(v.pWindow)).toEqual(Array.from(windowProbability(inputs.probability, d.effectMonths)));
    expect(v.portfolioHazard).toBeCloseTo((0.02 + 0.3 + 0.9 + 0.1) / 4, 15);
    const clv = customerLifetimeValue(inputs.monthlyCharges, new Float64Array(4).fill(v.portfolioHazard), { marginRate: d.marginRate, annualDiscountRate: d.annualDiscountRate, horizonMonths: d.clvHorizonMonths });
    expect(Array.from(v.clv)).toEqual(Array.from(clv));
    expect(v.ev.ev.length).toBe(4 * A);
  });

  it("sets every action of a customer outside the probability band to −Infinity, and only those", () => {
    for (let i = 0; i < 4; i++) {
      const outside = v.pWindow[i]! > 0.5;
      for (let a = 0; a < A; a++) expect(v.values[i * A + a]).toBe(outside ? -Infinity : v.ev.ev[i * A + a]);
    }
    expect(v.values.some((x) => x === -Infinity)).toBe(true);
  });

  it("uses each customer's own hazard in customer mode, and does not mutate its inputs", () => {
    const own = customerValues(inputs, { ...d, clvHazard: "customer" });
    expect(own.clv[0]).toBeGreaterThan(own.clv[2]!);
    expect(Array.from(inputs.probability)).toEqual([0.02, 0.3, 0.9, 0.1]);
  });
});

describe("campaign plans, summaries, band counts and rows", () => {
  const v = customerValues(inputs, d);

  it("keeps the production plan within the budget and the cap, below the unconstrained value", () => {
    const plans = campaignPlans(v.values, d);
    const prod = summarizePlan(plans.production, v.values, d.actions);
    const free = summarizePlan(plans.unconstrained, v.values, d.actions);
    expect(prod.targeted).toBeLessThanOrEqual(1);
    expect(prod.spend).toBeLessThanOrEqual(60);
    expect(prod.expectedProfit).toBeLessThanOrEqual(free.expectedProfit);
    expect(Object.keys(prod.byAction)).toEqual(d.actions.map((a) => a.name));
  });

  it("counts the probabilities inside both bands, bounds included", () => {
    const b = probabilityBand(Float64Array.of(0.25, 0.2, 0.5, 0.05), { ...d, briefBand: { min: 0.2, max: 0.5 }, probabilityBand: { min: 0, max: 0.2 } });
    expect(b).toEqual({ brief: { min: 0.2, max: 0.5, count: 3 }, configured: { min: 0, max: 0.2, count: 2 }, maxProbability: 0.5, meanProbability: 0.25 });
  });

  it("writes one row per contacted customer with its id, reasons and EV", () => {
    const plans = campaignPlans(v.values, d);
    const rows = planRows(plans.unconstrained, v, { ids: ["a", "b", "c", "d"], reasons: [[], [{ feature: "x", value: 1, contribution: 0.5 }]] }, d.actions);
    expect(rows.length).toBe(plans.unconstrained.count);
    for (const r of rows) {
      const i = ["a", "b", "c", "d"].indexOf(r.customerId);
      expect(r.expectedValue).toBe(v.values[i * A + d.actions.findIndex((a) => a.name === r.action)]);
      expect(r.churnProbabilityWindow).toBe(v.pWindow[i]);
    }
  });

  it("composes the active customers' campaign", () => {
    const c = campaign(inputs, { ids: ["a", "b", "c", "d"], reasons: [] }, d);
    expect(c.activeCustomers).toBe(4);
    expect(c.plan.length).toBe(c.production.targeted);
    expect(c.evHistogram.n + c.evHistogram.nonFinite).toBe(4);
    expect(c.production.upperBound).toBeGreaterThanOrEqual(c.production.expectedProfit - 1e-9);
  });
});
