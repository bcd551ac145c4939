// src/decision/backtest.ts: replayed actions, contact outcomes, the realised and oracle curves and the campaign replays.
import { describe, expect, it } from "vitest";
import type { DecisionConfig } from "../../src/config/config.js";
import { backtest, campaignReplays, contactOutcomes, replayedActions, type BacktestRows } from "../../src/decision/backtest.js";
import { customerValues } from "../../src/decision/campaign.js";
import { oracleValues, realisedValue, trueWindowProbability } from "../../src/decision/oracle.js";
import { Rng } from "../../src/util/rng.js";
import { testConfig } from "../helpers/config.js";

const d: DecisionConfig = testConfig({ decision: { backtestMonths: 2, budget: 300, maxContacts: 5 } }).decision;
const A = d.actions.length;
const curve = { replicates: 0, seed: 1, level: 0.9, gridPoints: 11 };

/** n rows over 4 months with noisy calibrated probabilities around a known hazard, outcomes drawn from it. */
function rows(n: number, withTruth: boolean): BacktestRows {
  const rng = new Rng(7);
  const hazard = Float64Array.from({ length: n }, () => 0.2 * rng.uniform() ** 2);
  const window = trueWindowProbability(hazard, d.effectMonths);
  return {
    probability: Float64Array.from(hazard, (h) => Math.min(1, h * Math.exp(0.3 * rng.normal()))),
    horizon: 1,
    monthlyCharges: Float64Array.from({ length: n }, () => 20 + 90 * rng.uniform()),
    eligible: new Uint8Array(n * A).fill(1),
    churned: Uint8Array.from(window, (p) => (rng.uniform() < p ? 1 : 0)),
    month: Int16Array.from({ length: n }, (_, i) => i % 4),
    truth: withTruth ? { hazard, effect: Float64Array.from({ length: n * A }, () => 0.4 * rng.uniform()) } : null,
  };
}

describe("replayedActions and contactOutcomes", () => {
  it("replays the best action whatever its value, the first where nothing is eligible", () => {
    expect(Array.from(replayedActions(Float64Array.of(-5, -2, -Infinity, -Infinity, 3, 3), 2))).toEqual([1, 0, 0]);
  });

  it("values a churner at s·CLV − C_tp with the true effect where known, else the assumed rate", () => {
    const action = Int16Array.of(0, 1);
    const clv = Float64Array.of(1000, 500);
    const assumed = contactOutcomes(action, clv, null, d.actions);
    expect(assumed.gain[0]).toBe(d.actions[0]!.successRate * 1000 - d.actions[0]!.costIfChurner);
    expect(assumed.loss[1]).toBe(d.actions[1]!.costIfStayer);
    expect(assumed.spend[1]).toBe(d.actions[1]!.cost);
    const effect = new Float64Array(2 * A).fill(0.5);
    expect(contactOutcomes(action, clv, effect, d.actions).gain[1]).toBe(0.5 * 500 - d.actions[1]!.costIfChurner);
  });
});

describe("backtest", () => {
  it("on real data: our realised curve only, and a note saying why there is no oracle", () => {
    const b = backtest(rows(400, false), d, curve);
    expect(b.rows).toBe(400);
    expect(b.oracleCurve).toBeNull();
    expect(b.realised).toBeNull();
    expect(b.note).toMatch(/^real data/);
    expect(b.curve.maxProfit).toBeGreaterThanOrEqual(0);
  });

  it("with the truth but without an effect for an action: no oracle, and the note says so", () => {
    const r = rows(100, true);
    expect(backtest({ ...r, truth: { hazard: r.truth!.hazard, effect: null } }, d, curve).note).toMatch(/no effect for some configured action/);
  });

  it("with the truth: the oracle's curve and the replays of the latest months, each scored on realised labels", () => {
    const r = rows(400, true);
    const b = backtest(r, d, curve);
    expect(b.note).toBe("");
    expect(b.oracleCurve!.n).toBe(400);
    expect(b.realised!.months).toEqual([2, 3]);
    expect(b.realised!.productionRatio).toBe(b.realised!.production / b.realised!.oracleProduction);
  });

  it("replays one campaign per month: its production profit is realisedValue of the month's plan", () => {
    const r = rows(200, true);
    const ours = customerValues(r, d);
    const oracle = oracleValues(trueWindowProbability(r.truth!.hazard, d.effectMonths), ours.clv, r.truth!.effect!, d.actions);
    const one = campaignReplays({ month: r.month, churned: r.churned, clv: ours.clv, effect: r.truth!.effect!, ours: ours.values, oracle }, { ...d, backtestMonths: 1 });
    expect(one.months).toEqual([3]);
    const sel = Array.from({ length: 200 }, (_, i) => i).filter((i) => r.month[i] === 3);
    const unconstrained = Int16Array.from(sel, (i) => {
      let best = -1;
      for (let a = 0; a < A; a++) if (ours.values[i * A + a]! > (best < 0 ? 0 : ours.values[i * A + best]!)) best = a;
      return best;
    });
    const pick = (x: Float64Array, w = 1) => Float64Array.from(sel.flatMap((i) => Array.from(x.subarray(i * w, (i + 1) * w))));
    expect(one.unconstrained).toBe(realisedValue(unconstrained, Uint8Array.from(sel, (i) => r.churned[i]!), pick(ours.clv), pick(r.truth!.effect!, A), d.actions).profit);
  });
});
