import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/data/csv.js";
import { NOT_CHURNED } from "../../src/data/history.js";
import { PLAN_PREVIEW_ROWS, rankPlan } from "../../src/decision/actionPlan.js";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import { buildPanel } from "../../src/panel/panel.js";
import { foldRunner } from "../../src/evaluation/foldTasks.js";
import { recipeOf } from "../../src/models/catalog.js";
import { decide, decisionPlanCsv, evaluateModels, foldContext, scoreActiveCustomers } from "../../src/pipeline/index.js";
import { testConfig } from "../helpers/config.js";

// Customer ids start with "=" so that every id in the plan is one a spreadsheet would execute.
const config = testConfig({
  synthetic: { customers: 3000, months: 40, idPrefix: "=SYN" },
  cv: { folds: 3, testMonths: 6 },
  evaluation: { bootstrapReplicates: 20 },
  decision: { backtestMonths: 3 },
});
const history = generateSynthetic(config.synthetic, { seed: config.seed });
const panel = buildPanel(history, { horizon: 1 });
const frame = buildFeatureFrame(history, config.features);
const evaluation = await evaluateModels(panel, frame, config, ["logistic"], { ladder: false });
const scored = await scoreActiveCustomers(foldRunner(foldContext(panel, frame), 1), panel, frame, recipeOf("logistic", config), evaluation.outOfFold.get("logistic")!.calibrated.final, config.decision);
const decisions = decide(panel, frame, config, evaluation, scored);

describe("decide on the synthetic telco", () => {
  it("scores only customers active at the end of the data, once each", () => {
    const last = history.periods - 1;
    expect(scored.rows.length).toBe(panel.counts.scoring);
    for (const r of scored.rows) {
      expect(history.months.period[r]).toBe(last);
      expect(history.customers.churnPeriod[history.months.customer[r]!]).toBe(NOT_CHURNED);
    }
    expect(new Set(scored.customerIds).size).toBe(scored.rows.length);
    const active = new Set(scored.customerIds);
    expect(decisions.plan.length).toBeGreaterThan(0);
    for (const row of decisions.plan) expect(active.has(row.customerId)).toBe(true);
  });

  it("writes a plan whose ids are neutralised, sorted by EV, every EV positive and within the caps", () => {
    const table = parseCsv(decisionPlanCsv(decisions), { file: "action_plan.csv" });
    expect(table.rows.length).toBe(decisions.production.targeted);
    expect(table.rows.every((r) => r[1]!.startsWith("'=SYN-"))).toBe(true);
    const ev = table.rows.map((r) => Number(r[7]));
    expect(ev.every((v, i) => v > 0 && (i === 0 || v <= ev[i - 1]!))).toBe(true);
    expect(decisions.production.targeted).toBeLessThanOrEqual(config.decision.maxContacts);
    expect(decisions.production.spend).toBeLessThanOrEqual(config.decision.budget);
    expect(table.rows[0]![8]).toMatch(/\(\+\d+\.\d\d\)/);
  });

  it("reports both modes, the brief's band, the backtest curve and the oracle ratios", () => {
    expect(decisions.unconstrained.expectedProfit).toBeGreaterThanOrEqual(decisions.production.expectedProfit - 1e-9);
    expect(decisions.production.expectedProfit).toBeGreaterThanOrEqual(decisions.greedy.expectedProfit - 1e-9);
    expect(decisions.band.brief.count).toBeLessThan(decisions.activeCustomers * 0.05);
    expect(decisions.backtest.curve.maxProfit).toBeGreaterThan(0);
    expect(decisions.backtest.oracleCurve!.maxProfit).toBeGreaterThanOrEqual(decisions.backtest.curve.maxProfit * 0.5);
    const r = decisions.backtest.realised!;
    expect(r.months).toHaveLength(3);
    expect(r.productionRatio).toBeGreaterThan(0);
    expect(r.productionRatio).toBeLessThan(1.5);
  });

  it("computes what the report shows: the EV histogram of every active customer and the plan preview in rank order", () => {
    const h = decisions.evHistogram;
    const finite = Array.from(decisions.bestEv).filter(Number.isFinite);
    expect(h.n).toBe(finite.length);
    expect(h.n + h.nonFinite).toBe(decisions.activeCustomers);
    expect(h.counts.reduce((a, c) => a + c, 0)).toBe(h.n);
    expect([h.edges[0], h.edges.at(-1)]).toEqual([Math.min(...finite), Math.max(...finite)]);
    expect(decisions.planPreview).toEqual(rankPlan(decisions.plan).slice(0, PLAN_PREVIEW_ROWS));
  });

  it("has no profit band with bootstrapReplicates 0", () => {
    const none = decide(panel, frame, testConfig({ ...config, evaluation: { ...config.evaluation, bootstrapReplicates: 0 } }), evaluation, scored);
    expect([none.backtest.curve.lower, none.backtest.curve.upper]).toEqual([null, null]);
    expect(none.backtest.curve.profit).toEqual(decisions.backtest.curve.profit);
  });

  it("binds a small budget: the production plan spends at most the budget and keeps the highest-value customers", () => {
    const tight = testConfig({ ...config, decision: { ...config.decision, budget: 300, maxContacts: 10 } });
    const d = decide(panel, frame, tight, evaluation, scored);
    expect(d.production.spend).toBeLessThanOrEqual(300);
    expect(d.production.targeted).toBeLessThanOrEqual(10);
    expect(d.production.expectedProfit).toBeLessThan(d.unconstrained.expectedProfit);
    expect(d.production.expectedProfit).toBeGreaterThanOrEqual(d.greedy.expectedProfit - 1e-9);
    expect(d.production.upperBound).toBeGreaterThanOrEqual(d.production.expectedProfit - 1e-9);
  });
});
