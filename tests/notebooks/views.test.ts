// src/notebook/views.ts, figures.ts and config.ts: row builders, the EV figure and where a notebook
// finds its config, on tiny literal inputs.
import { describe, expect, it } from "vitest";
import type { RetentionAction } from "../../src/config/config.js";
import { expectedValues } from "../../src/decision/expectedValue.js";
import type { PlanRow } from "../../src/decision/actionPlan.js";
import type { FeatureFrame } from "../../src/features/frame.js";
import { PATHS, fromRoot } from "../../src/io/paths.js";
import { notebookConfig, notebookConfigPath, telcoCsvPath } from "../../src/notebook/config.js";
import { breakEvenProbability, breakEvenRows, evByProbabilityFigure, explanationFigures, learningCurveFigures } from "../../src/notebook/figures.js";
import { beeswarmFigure, importanceFigure, learningCurveFigure, waterfallFigure } from "../../src/report/charts.js";
import { customerColumns, customerTimelineRows, exampleChurner, featureContrastRows, foldRows, ladderRows, monthColumns, planByActionRows, strideSample, topPlanRows } from "../../src/notebook/views.js";
import { buildPanel } from "../../src/panel/panel.js";
import { literalHistory } from "../helpers/history.js";

// Months 0..5; A joins at 0 and churns in month 3 (rows 0..2); B joined before the window and stays.
const HISTORY = literalHistory(6, [
  { id: "A", start: 0, churn: 3 },
  { id: "B", start: -2 },
]);
const PANEL = buildPanel(HISTORY, { horizon: 1 });

describe("strideSample", () => {
  it("takes every ceil(n / count)-th row, from a list or a count", () => {
    expect(Array.from(strideSample([10, 11, 12, 13, 14, 15, 16], 3))).toEqual([10, 13, 16]);
    expect(Array.from(strideSample(5, 2))).toEqual([0, 3]);
    expect(Array.from(strideSample(3, 10))).toEqual([0, 1, 2]);
    expect(() => strideSample(3, 0)).toThrow(/count must be a positive integer, got 0/);
  });
});

describe("customer and month columns", () => {
  it("lists customers with their rows and churn flag", () => {
    expect(customerColumns(HISTORY)).toEqual({ customerId: ["A", "B"], startMonth: [0, -2], monthsObserved: [3, 6], churned: [1, 0] });
  });

  it("lists month rows with the panel's status and label (NaN when censored)", () => {
    const cols = monthColumns(HISTORY, [2, 8], PANEL);
    expect(cols.customerId).toEqual(["A", "B"]);
    expect(cols.month).toEqual([2, 5]);
    expect(cols.tenure).toEqual([3, 8]);
    expect(cols.Signal).toEqual([23, 58]);
    expect(cols.status).toEqual(["labelled", "censored"]);
    expect(cols.label).toEqual([1, Number.NaN]);
  });

  it("shows one customer's timeline: label 1 only in the month before churn, the last row of a stayer censored and scored", () => {
    expect(customerTimelineRows(PANEL, 0)).toEqual([
      { month: 0, tenure: 1, status: "labelled", label: 0, scoring: false },
      { month: 1, tenure: 2, status: "labelled", label: 0, scoring: false },
      { month: 2, tenure: 3, status: "labelled", label: 1, scoring: false },
    ]);
    expect(customerTimelineRows(PANEL, 1).slice(-2)).toEqual([
      { month: 4, tenure: 7, status: "labelled", label: 0, scoring: false },
      { month: 5, tenure: 8, status: "censored", label: null, scoring: true },
    ]);
    expect(() => customerTimelineRows(PANEL, 2)).toThrow(/customer must be an index in 0\.\.1, got 2/);
  });

  it("finds an example churner with enough rows", () => {
    expect(exampleChurner(HISTORY, 3)).toBe(0);
    expect(exampleChurner(HISTORY, 4)).toBe(-1);
  });
});

describe("featureContrastRows", () => {
  it("gives the means by label and Cohen's d with the pooled SD, skipping NaN and censored rows, sorted by |d|", () => {
    // A and B churn in month 2 (rows 0-1 and 2-3, positives at rows 1 and 3); C stays (rows 4-7, row 7 censored).
    const history = literalHistory(4, [{ id: "A", start: 0, churn: 2 }, { id: "B", start: 0, churn: 2 }, { id: "C", start: 0 }]);
    const panel = buildPanel(history, { horizon: 1 });
    const info = (name: string) => ({ name, group: "signal" as const, kind: "numeric" as const, description: "", window: null, source: "" });
    // x: churners 4, 6 (mean 5, var 2); stayers 1, 2, 3, 6 (mean 3, var 14/3), NaN at row 5, 100 at the censored row.
    // pooled SD = sqrt((1·2 + 3·14/3) / 4) = 2, so d = (5 − 3) / 2 = 1.
    const x = Float64Array.of(1, 4, 2, 6, 3, Number.NaN, 6, 100);
    // w = row index: churners 1, 3; stayers 0, 2, 4, 5, 6 → d = (2 − 3.4) / sqrt((2 + 4·5.8) / 5).
    const w = Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7);
    const frame: FeatureFrame = { rowCount: 8, numeric: [{ info: info("w"), values: w }, { info: info("x"), values: x }], categorical: [] };
    const rows = featureContrastRows(frame, panel, Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7));
    expect(rows.map((r) => r.feature)).toEqual(["x", "w"]);
    expect(rows[0]).toMatchObject({ meanChurn: 5, meanStay: 3 });
    expect(rows[0]!.standardizedDifference).toBeCloseTo(1, 14);
    expect(rows[1]!.meanStay).toBeCloseTo(3.4, 14);
    expect(rows[1]!.standardizedDifference).toBeCloseTo((2 - 3.4) / Math.sqrt((2 + 4 * 5.8) / 5), 14);
  });
});

describe("table rows from pipeline results", () => {
  it("formats fold month ranges", () => {
    const rows = foldRows([{ index: 0, trainMonths: [0, 27], testMonths: [29, 34], trainRows: 10, trainPositives: 1, trainPositiveRate: 0.1, testRows: 5, testPositives: 0, testPositiveRate: 0, droppedForCustomer: 0 }]);
    expect(rows[0]).toMatchObject({ fold: 0, trainMonths: "0–27", testMonths: "29–34" });
  });

  it("measures every ladder rung against the honest (second) rung", () => {
    const rows = ladderRows([
      { name: "random", description: "r", rocAuc: 0.75, averagePrecision: 0.1, truthRocAuc: null },
      { name: "honest", description: "h", rocAuc: 0.5, averagePrecision: 0.1, truthRocAuc: null },
      { name: "leaky", description: "l", rocAuc: 1, averagePrecision: 0.9, truthRocAuc: null },
    ]);
    expect(rows.map((r) => r.aucMinusHonest)).toEqual([0.25, 0, 0.5]);
  });

  const plan: PlanRow[] = [
    { customerId: "c2", churnProbabilityMonth: 0.1, churnProbabilityWindow: 0.25, clv: 1000, action: "call", cost: 15, expectedValue: 20, reasons: [{ feature: "a", value: 1, contribution: 0.5 }, { feature: "b", value: 1, contribution: 0.25 }] },
    { customerId: "c1", churnProbabilityMonth: 0.2, churnProbabilityWindow: 0.5, clv: 2000, action: "call", cost: 15, expectedValue: 20, reasons: [] },
    { customerId: "c3", churnProbabilityMonth: 0.3, churnProbabilityWindow: 0.75, clv: 500, action: "offer", cost: 60, expectedValue: 5, reasons: [{ feature: "z", value: 1, contribution: 1 }] },
  ];

  it("groups the plan by action", () => {
    expect(planByActionRows(plan)).toEqual([
      { action: "call", customers: 2, spend: 30, expectedValue: 40, meanProbability: 0.375, meanClv: 1500, meanExpectedValue: 20 },
      { action: "offer", customers: 1, spend: 60, expectedValue: 5, meanProbability: 0.75, meanClv: 500, meanExpectedValue: 5 },
    ]);
  });

  it("lists the top plan rows by EV, ties by customer id, without mutating the plan", () => {
    const before = plan.map((r) => r.customerId);
    expect(topPlanRows(plan, 2).map((r) => [r.customerId, r.reasons])).toEqual([["c1", ""], ["c2", "a=1 (+0.50); b=1 (+0.25)"]]);
    expect(plan.map((r) => r.customerId)).toEqual(before);
  });
});

const ACTIONS: RetentionAction[] = [
  { name: "offer", cost: 60, successRate: 0.3, costIfChurner: 50, costIfStayer: 300, eligible: [] },
  { name: "useless", cost: 10, successRate: 0.01, costIfChurner: 20, costIfStayer: 10, eligible: [] },
];

describe("break-even probability and the EV figure", () => {
  it("is where the library's EV formula crosses zero, and null when saving a churner does not pay", () => {
    const p0 = breakEvenProbability(ACTIONS[0]!, 1000)!;
    expect(p0).toBeCloseTo(300 / (0.3 * 1000 - 50 + 300), 15);
    const ev = expectedValues(Float64Array.of(p0), Float64Array.of(1000), [ACTIONS[0]!]).ev[0]!;
    expect(Math.abs(ev)).toBeLessThan(1e-9);
    expect(breakEvenProbability(ACTIONS[1]!, 1000)).toBeNull();
    expect(breakEvenRows(ACTIONS, 1000).map((r) => r.breakEvenProbability)).toEqual([p0, null]);
  });

  it("draws one EV line per action from -C_fp at p = 0 to s·CLV - C_tp at p = 1, plus the break-even markers", () => {
    const fig = evByProbabilityFigure(ACTIONS, 1000, { points: 5 });
    expect(fig.data).toHaveLength(3);
    const offer = fig.data[0]!;
    expect(offer.x).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(offer.y[0]).toBe(-300);
    expect(offer.y[4]).toBeCloseTo(250, 12);
    expect(fig.data[2]!.x).toEqual([breakEvenProbability(ACTIONS[0]!, 1000), null]);
    expect(() => evByProbabilityFigure(ACTIONS, 1000, { points: 1 })).toThrow(/points must be an integer >= 2, got 1/);
  });
});

describe("the report's model figures, picked from a run document", () => {
  const curve = { train: [0.5, 0.4, 0.35], validation: [0.5, 0.45, 0.46], bestIteration: 1, stopReason: "earlyStopping" };

  it("draws a learning-curve figure per model that has curves, as the report does", () => {
    const doc = { models: [{ model: "logistic", learningCurves: [] }, { model: "gbm", learningCurves: [curve, curve] }] };
    expect(learningCurveFigures(doc)).toEqual([learningCurveFigure("gbm", [curve, curve])]);
    expect(learningCurveFigures({ models: [{ model: "logistic", learningCurves: [] }] })).toEqual([]);
  });

  it("draws importance and SHAP summary per explained model, and the waterfall when there is one", () => {
    const summary = { model: "gbm", method: "treeshap" as const, fittedOn: "final" as const, base: -2, importance: [{ feature: "a", meanAbsContribution: 0.3 }], beeswarm: { features: ["a"], contribution: [[0.1, -0.2]], colour: [[1, null]] } };
    const waterfall = { customerId: "C1", model: "gbm", base: -2, steps: [{ feature: "a", value: 3, contribution: 0.1 }], margin: -1.9, probability: 0.13 };
    const figures = explanationFigures({ explanations: { models: [summary], waterfall } });
    expect(figures).toEqual({ models: [{ model: "gbm", importance: importanceFigure(summary), beeswarm: beeswarmFigure(summary) }], waterfall: waterfallFigure(waterfall) });
    expect(explanationFigures({ explanations: { models: [], waterfall: null } })).toEqual({ models: [], waterfall: null });
  });
});

describe("notebook config and data paths", () => {
  it("uses configs/default.yaml unless CHURN_CONFIG names a file, resolved from the project root", () => {
    expect(notebookConfigPath({})).toBe(PATHS.defaultConfig);
    expect(notebookConfigPath({ CHURN_CONFIG: "  " })).toBe(PATHS.defaultConfig);
    expect(notebookConfigPath({ CHURN_CONFIG: "configs/quick.yaml" })).toBe(fromRoot("configs", "quick.yaml"));
    expect(notebookConfigPath({ CHURN_CONFIG: "/abs/x.yaml" })).toBe("/abs/x.yaml");
  });

  it("lays the quick config over the default", () => {
    const quick = notebookConfig({ CHURN_CONFIG: "configs/quick.yaml" });
    const full = notebookConfig({});
    expect([quick.synthetic.customers, quick.synthetic.months, quick.cv.folds, quick.models.forest.nEstimators]).toEqual([2000, 48, 3, 5]);
    expect(quick.seed).toBe(full.seed);
    expect(full.synthetic.customers).toBe(7000);
  });

  it("names a missing config file in the error", () => {
    expect(() => notebookConfig({ CHURN_CONFIG: "configs/no-such.yaml" })).toThrow(/no-such\.yaml/);
  });

  it("returns null for a Telco path that does not exist", () => {
    expect(telcoCsvPath({ TELCO_CSV: "data/definitely-not-here.csv" })).toBeNull();
  });
});
