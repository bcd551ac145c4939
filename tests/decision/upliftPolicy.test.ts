// src/decision/upliftPolicy.ts: the uplift EV, the effect share, and the policy comparison.
import { describe, expect, it } from "vitest";
import type { DecisionConfig } from "../../src/config/config.js";
import { campaignReplays } from "../../src/decision/backtest.js";
import { customerValues } from "../../src/decision/campaign.js";
import { expectedValues } from "../../src/decision/expectedValue.js";
import { oracleValues, trueWindowProbability, type OracleAction } from "../../src/decision/oracle.js";
import { effectShare, upliftPolicyComparison, upliftValues, type PolicyRows } from "../../src/decision/upliftPolicy.js";
import { Rng } from "../../src/util/rng.js";
import { testConfig } from "../helpers/config.js";

const actions: readonly OracleAction[] = [
  { costIfChurner: 50, costIfStayer: 300 },
  { costIfChurner: 15, costIfStayer: 15 },
];

describe("upliftValues", () => {
  it("is û·CLV − [p·C_tp + (1 − p)·C_fp] per row and action", () => {
    const ev = upliftValues(Float64Array.of(0.2, 0.5), Float64Array.of(0.05, 0.02, -0.1, 0.3), Float64Array.of(1000, 200), actions);
    // row 0: 0.05·1000 − (0.2·50 + 0.8·300) = −200;   0.02·1000 − 15 = 5
    // row 1: −0.1·200 − (0.5·50 + 0.5·300) = −195;    0.3·200 − 15 = 45
    [-200, 5, -195, 45].forEach((v, k) => expect(ev[k]).toBeCloseTo(v, 12));
  });

  it("equals the constant-effect EV at û = p·s_j and the oracle's at û = p_true·s_true", () => {
    const d = testConfig().decision;
    const A = d.actions.length;
    const rng = new Rng(3);
    const p = Float64Array.from({ length: 50 }, () => rng.uniform());
    const clv = Float64Array.from({ length: 50 }, () => 2000 * rng.uniform());
    const constant = Float64Array.from({ length: 50 * A }, (_, k) => p[Math.floor(k / A)]! * d.actions[k % A]!.successRate);
    const ours = upliftValues(p, constant, clv, d.actions);
    expectedValues(p, clv, d.actions).ev.forEach((v, k) => expect(ours[k]).toBeCloseTo(v, 9));
    const s = Float64Array.from({ length: 50 * A }, () => rng.uniform());
    const oracle = upliftValues(p, Float64Array.from(s, (v, k) => p[Math.floor(k / A)]! * v), clv, d.actions);
    oracleValues(p, clv, s, d.actions).forEach((v, k) => expect(oracle[k]).toBeCloseTo(v, 9));
  });

  it("sets −Infinity where an action is not eligible and does not mutate its inputs", () => {
    const p = Float64Array.of(0.2);
    const uplift = Float64Array.of(0.05, 0.02);
    const ev = upliftValues(p, uplift, Float64Array.of(1000), actions, Uint8Array.of(1, 0));
    expect(ev[1]).toBe(Number.NEGATIVE_INFINITY);
    expect([p, uplift]).toEqual([Float64Array.of(0.2), Float64Array.of(0.05, 0.02)]);
  });

  it("rejects bad input, quoting the values", () => {
    const one = Float64Array.of(0.2);
    expect(() => upliftValues(new Float64Array(0), new Float64Array(0), new Float64Array(0), actions)).toThrow("upliftValues: empty input (pWindow has length 0)");
    expect(() => upliftValues(one, Float64Array.of(0.1), one, actions)).toThrow("uplift has length 1, expected n × A = 1 × 2 = 2");
    expect(() => upliftValues(one, Float64Array.of(0.1, 1.5), one, actions)).toThrow("uplift[1] = 1.5 is not a churn reduction in [-1, 1]");
    expect(() => upliftValues(Float64Array.of(1.2), Float64Array.of(0, 0), one, actions)).toThrow("1.2");
    expect(() => upliftValues(one, Float64Array.of(0, 0), one, actions, Uint8Array.of(1, 2))).toThrow("eligible[1] = 2 is not 0 or 1");
  });
});

describe("effectShare", () => {
  it("is û/μ₀ clipped to [0, 1], and 0 where μ₀ = 0", () => {
    const s = effectShare(Float64Array.of(0.05, -0.01, 0.3, 0.1, 0.2, 0.4), Float64Array.of(0.2, 0.25, 0));
    expect(Array.from(s)).toEqual([0.25, 0, 1, 0.4, 0, 0]);
    expect(() => effectShare(Float64Array.of(1, 2, 3), Float64Array.of(0.1, 0.2))).toThrow("uplift length 3 is not a positive multiple of controlProb length 2");
  });
});

describe("upliftPolicyComparison", () => {
  const d: DecisionConfig = testConfig({ decision: { backtestMonths: 2, budget: 300, maxContacts: 5 } }).decision;
  const A = d.actions.length;

  /** n rows over 3 months: true hazard, a noisy model, true effects, outcomes drawn from the truth; the constant values as `customerValues` makes them. */
  function policyRows(n: number): PolicyRows {
    const rng = new Rng(11);
    const hazard = Float64Array.from({ length: n }, () => 0.2 * rng.uniform() ** 2);
    const pTrue = trueWindowProbability(hazard, d.effectMonths);
    const eligible = Uint8Array.from({ length: n * A }, () => (rng.uniform() < 0.9 ? 1 : 0));
    const inputs = { probability: Float64Array.from(hazard, (h) => Math.min(1, h * Math.exp(0.3 * rng.normal()))), horizon: 1, monthlyCharges: Float64Array.from({ length: n }, () => 20 + 90 * rng.uniform()), eligible };
    const ours = customerValues(inputs, d);
    const trueEffect = Float64Array.from({ length: n * A }, () => 0.4 * rng.uniform());
    return {
      month: Int16Array.from({ length: n }, (_, i) => i % 3),
      churned: Uint8Array.from(pTrue, (p) => (rng.uniform() < p ? 1 : 0)),
      clv: ours.clv,
      eligible,
      pModel: ours.pWindow,
      pTrue,
      trueEffect,
      estimatedEffect: Float64Array.from(trueEffect, (s) => Math.min(1, Math.max(0, s + 0.2 * rng.normal()))),
      constant: ours.values,
    };
  }

  it("replays the constant-effect policy as campaignReplays does and scores every policy against the same oracle", () => {
    const rows = policyRows(300);
    const result = upliftPolicyComparison(rows, d);
    const oracle = oracleValues(rows.pTrue, rows.clv, rows.trueEffect, d.actions, rows.eligible);
    const reference = campaignReplays({ month: rows.month, churned: rows.churned, clv: rows.clv, effect: rows.trueEffect, ours: rows.constant, oracle }, d);
    expect(result.months).toEqual([1, 2]);
    expect(result.constant).toEqual({ production: reference.production, unconstrained: reference.unconstrained, productionRatio: reference.productionRatio, unconstrainedRatio: reference.unconstrainedRatio });
    expect(result.oracle).toEqual({ production: reference.oracleProduction, unconstrained: reference.oracleUnconstrained });
    for (const policy of [result.uplift, result.trueEffects, result.trueRisk, result.trueRiskConstantEffects]) {
      expect(policy.productionRatio).toBeCloseTo(policy.production / result.oracle.production, 12);
    }
  });

  it("matches the oracle when the risk and the effects are the truth", () => {
    const rows = policyRows(300);
    const perfect = upliftPolicyComparison({ ...rows, pModel: rows.pTrue, estimatedEffect: rows.trueEffect, constant: new Float64Array(rows.constant.length) }, d);
    for (const policy of [perfect.uplift, perfect.trueEffects, perfect.trueRisk]) {
      expect(policy.production).toBeCloseTo(perfect.oracle.production, 9);
      expect(policy.unconstrained).toBeCloseTo(perfect.oracle.unconstrained, 9);
    }
  });

  it("bars the actions the constant policy bars (band rule, eligibility) from the policies on the model's risk", () => {
    const rows = policyRows(300);
    const none = upliftPolicyComparison({ ...rows, constant: new Float64Array(rows.constant.length).fill(Number.NEGATIVE_INFINITY) }, d);
    for (const policy of [none.constant, none.uplift, none.trueEffects]) expect(policy.production).toBe(0);
    expect(none.trueRisk.production).not.toBe(0);
  });
});
