import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { foldRunner } from "../../src/evaluation/foldTasks.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import { recipeOf } from "../../src/models/catalog.js";
import { buildPanel } from "../../src/panel/panel.js";
import { experimentRows, experimentSkipReason, experimentStage } from "../../src/pipeline/experiment.js";
import { decide, evaluateModels, foldContext, scoreActiveCustomers } from "../../src/pipeline/index.js";
import { testConfig } from "../helpers/config.js";
import { literalHistory } from "../helpers/history.js";

const config = testConfig({
  synthetic: { customers: 3000, months: 48 },
  cv: { folds: 3, testMonths: 6 },
  evaluation: { bootstrapReplicates: 0 },
  decision: { backtestMonths: 3 },
  experiment: { month: 30, simulations: 500 },
});
const history = generateSynthetic(config.synthetic, { seed: config.seed });
const panel = buildPanel(history, { horizon: 1 });
const frame = buildFeatureFrame(history, config.features);
const evaluation = await evaluateModels(panel, frame, config, ["logistic"], { ladder: false });
const scored = await scoreActiveCustomers(foldRunner(foldContext(panel, frame), 1), panel, frame, recipeOf("logistic", config), evaluation.outOfFold.get("logistic")!.calibrated.final, config.decision);
const result = experimentStage(panel, frame, config, evaluation, scored)!;

describe("experimentStage on a small synthetic telco (3000 customers × 48 months, experiment at month 30)", () => {
  it("randomises every customer active at the month into control and one arm per action, with the configured shares", () => {
    expect(result).not.toBeNull();
    const atMonth = Array.from(history.months.period).filter((t) => t === 30).length;
    expect(result.rows.length).toBe(atMonth);
    expect(Array.from(result.rows).every((r) => history.months.period[r] === 30)).toBe(true);
    const A = config.decision.actions.length;
    const perArm = Math.round(result.rows.length * config.experiment.armShare);
    for (let j = 1; j <= A; j++) expect(Array.from(result.arm).filter((a) => a === j).length).toBe(perArm);
    expect(Array.from(result.arm).filter((a) => a === 0).length).toBe(result.rows.length - A * perArm);
    expect(result.arms.map((a) => a.name)).toEqual(config.decision.actions.map((a) => a.name));
  });

  it("reports per arm the ATE with its interval, the true ATE, the sample size and power", () => {
    for (const a of result.arms) {
      expect(a.estimate.lower).toBeLessThanOrEqual(a.estimate.effect);
      expect(a.estimate.upper).toBeGreaterThanOrEqual(a.estimate.effect);
      expect(a.trueEffect).toBeGreaterThan(0);
      expect(a.trueEffect).toBeLessThan(a.baseRate);
      expect(a.plan.achievedPower).toBeGreaterThanOrEqual(config.experiment.power);
      expect(a.achievedPower).toBeGreaterThan(0);
      expect(a.covered).toBe(a.estimate.lower <= a.trueEffect && a.trueEffect <= a.estimate.upper);
    }
    expect(result.peeking.withPeeking).toBeGreaterThan(result.peeking.finalLook);
    expect(result.peeking.simulations).toBe(500);
  });

  it("scores the uplift learners on a held-out half of the customers", () => {
    expect(result.uplift.trainCustomers + result.uplift.holdoutCustomers).toBe(result.rows.length);
    expect(Math.abs(result.uplift.trainCustomers - result.uplift.holdoutCustomers)).toBeLessThanOrEqual(1);
    for (const arm of result.uplift.arms) {
      for (const scores of [arm.learned, arm.truth]) {
        expect(scores.k).toBe(config.experiment.upliftK);
        expect(scores.curve.x[0]).toBe(0);
        if (scores.qini !== null) expect(Number.isFinite(scores.qini)).toBe(true);
      }
    }
  });

  it("replays the constant-effect policy exactly as the backtest of the decisions does", () => {
    const backtest = decide(panel, frame, config, evaluation, scored).backtest.realised!;
    const p = result.policy;
    expect(p.months).toEqual(backtest.months);
    expect(p.constant.production).toBe(backtest.production);
    expect(p.constant.productionRatio).toBe(backtest.productionRatio);
    expect(p.oracle.production).toBe(backtest.oracleProduction);
    for (const policy of [p.uplift, p.trueEffects, p.trueRisk, p.trueRiskConstantEffects]) expect(Number.isFinite(policy.productionRatio)).toBe(true);
  });

  it("is deterministic for the seed and changes with it", () => {
    const again = experimentStage(panel, frame, config, evaluation, scored)!;
    expect(again.arm).toEqual(result.arm);
    expect(again.churned).toEqual(result.churned);
    expect(again.policy).toEqual(result.policy);
    const other = experimentStage(panel, frame, testConfig({ ...config, seed: config.seed + 1 }), evaluation, scored)!;
    expect(other.arm).not.toEqual(result.arm);
  });

  it("fits the X-learner when configured, on the same experiment", () => {
    const x = experimentStage(panel, frame, testConfig({ ...config, experiment: { ...config.experiment, learner: "x" } }), evaluation, scored)!;
    expect(x.uplift.learner).toBe("x");
    expect(x.arm).toEqual(result.arm);
    expect(x.arms).toEqual(result.arms);
    expect(x.uplift.arms[0]!.truth).toEqual(result.uplift.arms[0]!.truth);
    expect(x.uplift.arms[0]!.learned.curve).not.toEqual(result.uplift.arms[0]!.learned.curve);
  });

  it("narrows scope targeted to the customers the constant-effect policy would contact", () => {
    const targeted = testConfig({ ...config, experiment: { ...config.experiment, scope: "targeted" } });
    const rows = experimentRows(panel, frame, targeted, scored);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(result.rows.length);
    expect(Array.from(rows).every((r) => result.rows.includes(r))).toBe(true);
  });

  it("is skipped, with the reason, when disabled, on real data or past the data's end", () => {
    expect(experimentSkipReason(panel, config)).toBeNull();
    expect(experimentSkipReason(panel, testConfig({ ...config, experiment: { ...config.experiment, enabled: false } }))).toBe("experiment.enabled is false");
    expect(experimentStage(panel, frame, testConfig({ ...config, experiment: { ...config.experiment, enabled: false } }), evaluation, scored)).toBeNull();
    expect(experimentSkipReason(panel, testConfig({ ...config, experiment: { ...config.experiment, month: 60 } }))).toBe("experiment.month 60 is after the last month of the data (47)");
    const real = buildPanel({ ...literalHistory(4, [{ id: "a", start: 0 }]), kind: "telco" }, { horizon: 1 });
    expect(experimentSkipReason(real, config)).toMatch(/^real data/);
  });
});

describe('decision.policy "uplift"', () => {
  it("plans the active customers on the uplift policy's values (EV with the learned effects), with the same eligibility and band", async () => {
    const { activeEffectShares } = await import("../../src/pipeline/experiment.js");
    const { customerValues } = await import("../../src/decision/campaign.js");
    const { decisionInputs } = await import("../../src/decision/inputs.js");
    const { upliftPolicyValues } = await import("../../src/decision/upliftPolicy.js");
    const effect = activeEffectShares(panel, frame, config, result);
    const constant = decide(panel, frame, config, evaluation, scored);
    const uplift = decide(panel, frame, config, evaluation, scored, effect);
    const d = config.decision;
    const v = customerValues(decisionInputs(panel, frame, scored.rows, scored.calibrated, d.actions), d);
    const values = upliftPolicyValues(v.pWindow, v.clv, effect, d.actions, v.values);
    const A = d.actions.length;
    for (const row of uplift.plan) {
      const i = scored.customerIds.indexOf(row.customerId);
      expect(row.expectedValue).toBe(values[i * A + d.actions.findIndex((a) => a.name === row.action)]);
    }
    expect(uplift.plan.map((r) => r.customerId)).not.toEqual(constant.plan.map((r) => r.customerId));
    expect(() => testConfig({ decision: { policy: "uplift" }, experiment: { enabled: false } })).toThrow(/decision\.policy/);
  });
});
