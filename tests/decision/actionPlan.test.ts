import { describe, expect, it } from "vitest";
import { actionPlanCsv, planByAction, planPreview, PLAN_PREVIEW_ROWS, rankPlan, type PlanRow } from "../../src/decision/actionPlan.js";
import type { Reason } from "../../src/models/explain.js";
import { parseCsv } from "../../src/data/csv.js";
import { neutraliseFormula } from "../../src/util/csv.js";

const row = (id: string, ev: number, reasons: Reason[] = []): PlanRow => ({
  customerId: id,
  churnProbabilityMonth: 0.0123456789,
  churnProbabilityWindow: 0.036,
  clv: 812.345,
  action: "discount_offer",
  cost: 60,
  expectedValue: ev,
  reasons,
});

describe("actionPlanCsv", () => {
  it("sorts by expected value, ranks from 1 and formats numbers exactly", () => {
    const text = actionPlanCsv([row("B", 10), row("A", 25.5, [{ feature: "Contract", value: "Month-to-month", contribution: 0.84 }, { feature: "tenure", value: -1.2, contribution: 0.31 }]), row("C", 10)]);
    expect(text.split("\n")).toEqual([
      "rank,customer_id,churn_probability_month,churn_probability_window,clv,action,cost,expected_value,top_reasons",
      "1,A,0.012346,0.036000,812.35,discount_offer,60.00,25.50,Contract=Month-to-month (+0.84); tenure=-1.2 (+0.31)",
      "2,B,0.012346,0.036000,812.35,discount_offer,60.00,10.00,",
      "3,C,0.012346,0.036000,812.35,discount_offer,60.00,10.00,",
      "",
    ]);
  });

  it("neutralises ids that a spreadsheet would execute and quotes awkward text", () => {
    const text = actionPlanCsv([row('=HYPERLINK("http://x","y")', 5), row("+1", 4), row("-2", 3), row("@SUM(A1)", 2), row("\tTAB", 1), row("a,b", 0.5)]);
    const table = parseCsv(text, { file: "plan.csv" });
    expect(table.rows.map((r) => r[1])).toEqual(["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@SUM(A1)", "'\tTAB", "a,b"]);
    expect(neutraliseFormula("\rX")).toBe("'\rX");
    expect(neutraliseFormula("SYN-0000001")).toBe("SYN-0000001");
  });

  it("gives byte-identical output for the same rows in any order", () => {
    const rows = [row("A", 3), row("B", 2), row("C", 1)];
    expect(actionPlanCsv(rows)).toBe(actionPlanCsv([...rows].reverse()));
  });
});

describe("rankPlan and planPreview", () => {
  it("rank by EV descending, ties by id, without mutating the plan; the preview is the first rows of that order", () => {
    const plan = Object.freeze([row("C", 10), row("B", 10), row("A", 25.5), row("D", -1)]);
    expect(rankPlan(plan).map((r) => r.customerId)).toEqual(["A", "B", "C", "D"]);
    expect(planPreview(plan, 2).map((r) => r.customerId)).toEqual(["A", "B"]);
    expect(planPreview(plan).map((r) => r.customerId)).toEqual(["A", "B", "C", "D"]);
    const many = Array.from({ length: 30 }, (_, i) => row(`id${String(i).padStart(2, "0")}`, i % 7));
    expect(planPreview(many)).toEqual(rankPlan(many).slice(0, PLAN_PREVIEW_ROWS));
    expect(() => planPreview(plan, -1)).toThrow("count must be an integer >= 0, got -1");
  });
});

describe("planByAction", () => {
  it("totals the plan per action in order of first appearance, and is empty for an empty plan", () => {
    const plan = [row("A", 10), { ...row("B", 4), action: "retention_call", cost: 15, clv: 100 }, row("C", 20)];
    expect(planByAction(plan)).toEqual([
      { action: "discount_offer", customers: 2, spend: 120, expectedValue: 30, meanProbability: 0.036, meanClv: 812.345, meanExpectedValue: 15 },
      { action: "retention_call", customers: 1, spend: 15, expectedValue: 4, meanProbability: 0.036, meanClv: 100, meanExpectedValue: 4 },
    ]);
    expect(planByAction([])).toEqual([]);
  });
});
