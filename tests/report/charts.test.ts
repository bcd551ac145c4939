import { describe, expect, it } from "vitest";
import { curveSummary } from "../../src/evaluation/curveSummary.js";
import { MAX_CURVE_POINTS } from "../../src/evaluation/downsample.js";
import type { FoldRow } from "../../src/evaluation/foldTable.js";
import { histogram } from "../../src/evaluation/histogram.js";
import { averagePrecision } from "../../src/evaluation/precisionRecall.js";
import { rocAuc } from "../../src/evaluation/rocAuc.js";
import { toJson } from "../../src/pipeline/metricsDocument.js";
import {
  beeswarmFigure,
  foldDiagram,
  histogramFigure,
  importanceFigure,
  labelTimeline,
  ladderFigure,
  learningCurveFigure,
  modelColor,
  prFigure,
  profitFigure,
  reliabilityFigure,
  rocFigure,
  waterfallFigure,
  type CurvesLike,
  type ExplanationLike,
  type WaterfallLike,
} from "../../src/report/charts.js";
import { jsonForHtml, type BarTrace, type PlotlyFigure, type PlotlyTrace, type ScatterTrace } from "../../src/report/plotly.js";
import { Rng } from "../../src/util/rng.js";

const EVIL = "</script><script>alert(1)</script> <img src=x onerror=alert(1)>";

function predictions(n: number, seed: number, rate: number): { y: Uint8Array; p: Float64Array } {
  const rng = new Rng(seed);
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.bernoulli(rate) ? 1 : 0;
    p[i] = (0.8 * y[i]! + rng.uniform()) / 1.8;
  }
  return { y, p };
}

/** Every string in the figure (names, hover, text, titles, annotations), recursively. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Asserts no string of the figure holds markup other than Plotly's `<br>` line break. */
function expectNoDataMarkup(fig: PlotlyFigure): void {
  for (const s of strings(fig)) expect(s.replace(/<br>/g, "")).not.toMatch(/[<>]/);
}

/** Asserts every number in the figure is finite (JSON would turn NaN and ±Infinity into null silently). */
function expectFiniteNumbers(fig: PlotlyFigure): void {
  const bad: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === "number" && !Number.isFinite(v)) bad.push(`${path} = ${v}`);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(fig, "figure");
  expect(bad).toEqual([]);
  expect(() => JSON.parse(jsonForHtml(fig))).not.toThrow();
}

const scatter = (t: PlotlyTrace): ScatterTrace => {
  if (t.type !== "scatter") throw new Error(`expected scatter, got ${t.type}`);
  return t;
};
const bar = (t: PlotlyTrace): BarTrace => {
  if (t.type !== "bar") throw new Error(`expected bar, got ${t.type}`);
  return t;
};

describe("modelColor", () => {
  it("fixes the pipeline's models and hashes other names deterministically", () => {
    expect(modelColor("logistic")).toBe("#0072B2");
    expect(modelColor("forest")).toBe("#D55E00");
    expect(modelColor("baseline")).toBe("#009E73");
    expect(modelColor("gbm")).toBe(modelColor("gbm"));
    expect(modelColor("gbm")).toMatch(/^#[0-9A-F]{6}$/);
  });
});

describe("rocFigure and prFigure", () => {
  const a = predictions(20_000, 1, 0.1);
  const b = predictions(20_000, 2, 0.1);
  const bandOpts = { replicates: 50, seed: 3, level: 0.9, gridPoints: 51 };
  const curvesA = curveSummary(a.y, a.p, bandOpts);
  const curvesB = curveSummary(b.y, b.p, bandOpts);
  const roc = rocFigure([
    { name: "logistic", curves: curvesA },
    { name: EVIL, curves: curvesB },
  ]);

  it("draws band (lower, upper filled), the precomputed curve from (0,0) to (1,1), and the diagonal", () => {
    expect(roc.data).toHaveLength(7);
    const [lower, upper, curve] = roc.data.slice(0, 3).map(scatter);
    expect(lower!.y).toHaveLength(51);
    expect(upper!.fill).toBe("tonexty");
    expect(upper!.showlegend).toBe(false);
    expect(curve!.x).toHaveLength(curvesA.roc.fpr.length);
    expect(curve!.x.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(curve!.x.length).toBeGreaterThan(400); // 20,000 distinct scores, thinned by curveSummary
    expect([curve!.x[0], curve!.y[0]]).toEqual([0, 0]);
    expect([curve!.x.at(-1), curve!.y.at(-1)]).toEqual([1, 1]);
    expect(curve!.name).toBe(`logistic (ROC-AUC ${rocAuc(a.y, a.p).toFixed(3)})`);
    expect(curve!.hovertext).toHaveLength(curve!.x.length);
    expect(scatter(roc.data[6]!).x).toEqual([0, 1]);
    expect(roc.layout.title?.text).toBe("ROC curves with 90% bootstrap bands");
    expect(roc.layout.xaxis?.range).toEqual([0, 1]);
  });

  it("escapes data strings for Plotly and stays small and JSON-serialisable", () => {
    expectNoDataMarkup(roc);
    expect(scatter(roc.data[5]!).name).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;");
    const json = jsonForHtml(roc);
    expect(json.length).toBeLessThan(80_000); // two curves of ≤ 500 points with hover text, two 51-point bands
  });

  it("draws the same figure from the run document's JSON form of the curves (nulls for non-finite numbers)", () => {
    const parsed = JSON.parse(JSON.stringify(toJson(curvesA))) as CurvesLike;
    expect(parsed.roc.threshold[0]).toBeNull(); // +Infinity: "nothing flagged"
    expect(rocFigure([{ name: "logistic", curves: parsed }])).toEqual(rocFigure([{ name: "logistic", curves: curvesA }]));
    expect(prFigure([{ name: "logistic", curves: parsed }])).toEqual(prFigure([{ name: "logistic", curves: curvesA }]));
  });

  it("names the band's level in the title, and without bands has neither band traces nor band wording", () => {
    const at80 = curveSummary(a.y, a.p, { ...bandOpts, level: 0.8 });
    expect(rocFigure([{ name: "logistic", curves: at80 }]).layout.title?.text).toBe("ROC curves with 80% bootstrap bands");
    expect(prFigure([{ name: "logistic", curves: at80 }]).layout.title?.text).toBe("Precision–recall curves with 80% bootstrap bands");
    const none = curveSummary(a.y, a.p, { ...bandOpts, replicates: 0 });
    expect([none.rocBand, none.prBand]).toEqual([null, null]);
    const bare = rocFigure([{ name: "logistic", curves: none }]);
    expect(bare.layout.title?.text).toBe("ROC curves");
    expect(bare.data.map((t) => t.name)).toEqual([`logistic (ROC-AUC ${rocAuc(a.y, a.p).toFixed(3)})`, "chance"]);
    expect(prFigure([{ name: "logistic", curves: none }]).layout.title?.text).toBe("Precision–recall curves");
  });

  it("keeps each model's colour across ROC, PR and reliability figures", () => {
    const pr = prFigure([
      { name: "logistic", curves: curvesA },
      { name: "forest", curves: curveSummary(b.y, b.p, { ...bandOpts, replicates: 0 }) },
    ]);
    const rel = reliabilityFigure("logistic", { meanPredicted: [0.1, 0.3], observedRate: [0.12, 0.27], count: [10, 40] }, null);
    const colorOf = (fig: PlotlyFigure, prefix: string): string | undefined =>
      fig.data.map(scatter).find((t) => t.name?.startsWith(prefix) && t.line?.width === 2 || (t.name?.startsWith(prefix) && t.mode === "lines+markers"))?.line?.color;
    expect(colorOf(roc, "logistic")).toBe("#0072B2");
    expect(colorOf(pr, "logistic")).toBe("#0072B2");
    expect(colorOf(pr, "forest")).toBe("#D55E00");
    expect(colorOf(rel, "logistic")).toBe("#0072B2");
  });

  it("PR curve: interpolated precision non-increasing in recall, AP in the name, base-rate line", () => {
    const pr = prFigure([{ name: "logistic", curves: curveSummary(a.y, a.p, { ...bandOpts, replicates: 0 }) }]);
    expect(pr.data).toHaveLength(2);
    const curve = scatter(pr.data[0]!);
    expect(curve.name).toBe(`logistic (AP ${averagePrecision(a.y, a.p).toFixed(3)})`);
    for (let k = 1; k < curve.y.length; k++) {
      expect(curve.x[k]!).toBeGreaterThanOrEqual(curve.x[k - 1]!);
      expect(curve.y[k]!).toBeLessThanOrEqual(curve.y[k - 1]!);
    }
    expect(curve.x.at(-1)).toBe(1);
    let positives = 0;
    for (const v of a.y) positives += v;
    expect(scatter(pr.data[1]!).y).toEqual([positives / a.y.length, positives / a.y.length]);
    expect(() => prFigure([])).toThrow("no models");
    expect(() => rocFigure([])).toThrow("no models");
  });

  it("PR curve: one base-rate line per model when their base rates differ", () => {
    const c = predictions(2_000, 4, 0.3);
    const pr = prFigure([
      { name: "logistic", curves: curveSummary(a.y, a.p, { ...bandOpts, replicates: 0 }) },
      { name: "forest", curves: curveSummary(c.y, c.p, { ...bandOpts, replicates: 0 }) },
    ]);
    expect(pr.data.slice(2).map((t) => t.name?.replace(/[\d.]+$/, "#"))).toEqual(["logistic base rate #", "forest base rate #"]);
  });
});

describe("reliabilityFigure", () => {
  it("draws the diagonal, raw dashed and calibrated solid, marker size by count, zoomed to the data", () => {
    const raw = { meanPredicted: [0.01, 0.05, 0.2], observedRate: [0.02, 0.04, 0.1], count: [900, 100, 25] };
    const cal = { meanPredicted: [0.02, 0.04, 0.1], observedRate: [0.02, 0.04, 0.11], count: [900, 100, 25] };
    const fig = reliabilityFigure("forest", raw, cal);
    const [diag, r, c] = fig.data.map(scatter);
    expect(diag!.name).toBe("perfect calibration");
    expect(diag!.x).toEqual([0, 0.2 * 1.08]);
    expect(r!.line?.dash).toBe("dash");
    expect(c!.line?.dash).toBe("solid");
    expect(c!.marker?.size).toEqual([16, 6 + 10 * Math.sqrt(100 / 900), 6 + 10 * Math.sqrt(25 / 900)]);
    expect(fig.layout.xaxis?.range).toEqual([0, 0.2 * 1.08]);
    expect(() => reliabilityFigure("x", { meanPredicted: [0.1], observedRate: [], count: [1] }, null)).toThrow("uncalibrated arrays differ in length");
  });
});

describe("foldDiagram", () => {
  const row = (index: number, train: [number, number] | null, test: [number, number] | null): FoldRow => ({
    index,
    trainMonths: train,
    testMonths: test,
    trainRows: 1000 * (index + 1),
    trainPositives: 20,
    trainPositiveRate: 20 / (1000 * (index + 1)),
    testRows: 300,
    testPositives: 9,
    testPositiveRate: 0.03,
    droppedForCustomer: 0,
  });

  it("draws training, gap and test bars with month-inclusive spans per fold", () => {
    const fig = foldDiagram([row(0, [0, 9], [12, 14]), row(1, [0, 12], [15, 17])], 24);
    const [train, gap, test] = fig.data.map(bar);
    expect(train!.base).toEqual([0, 0]);
    expect(train!.x).toEqual([10, 13]);
    expect(gap!.base).toEqual([10, 13]);
    expect(gap!.x).toEqual([2, 2]);
    expect(test!.base).toEqual([12, 15]);
    expect(test!.x).toEqual([3, 3]);
    expect(test!.y).toEqual(["fold 0", "fold 1"]);
    expect(test!.width).toBe(0.7);
    expect(train!.hovertext).toEqual(["fold 0 training: months 0–9<br>1,000 rows, 20 positives (2.00 %)<br>", "fold 1 training: months 0–12<br>2,000 rows, 20 positives (1.00 %)<br>"]);
    expect(fig.layout.xaxis?.range).toEqual([0, 24]);
    expect(fig.layout.yaxis?.autorange).toBe("reversed");
  });

  it("customer splits: no gap, the test bar drawn narrower over the training bar; unknown months give no bar", () => {
    const fig = foldDiagram([row(0, [0, 23], [0, 23]), row(1, null, null)], 24);
    expect(fig.data).toHaveLength(2);
    const [train, test] = fig.data.map(bar);
    expect(train!.y).toEqual(["fold 0"]);
    expect(test!.width).toBe(0.35);
    expect(() => foldDiagram([], 24)).toThrow("empty fold table");
    expect(() => foldDiagram([row(0, [0, 1], [2, 2])], 0)).toThrow("periods must be a positive integer, got 0");
  });
});

describe("labelTimeline", () => {
  it("plots rows and censored as bars and positives on the second axis, per month", () => {
    const byPeriod = {
      rows: Uint32Array.from([100, 110, 120]),
      labelled: Uint32Array.from([100, 110, 0]),
      positives: Uint32Array.from([3, 5, 0]),
      censored: Uint32Array.from([0, 0, 120]),
    };
    const fig = labelTimeline(byPeriod);
    const [rows, censored, positives] = fig.data;
    expect(bar(rows!).y).toEqual([100, 110, 120]);
    expect(bar(censored!).y).toEqual([0, 0, 120]);
    expect(scatter(positives!).y).toEqual([3, 5, 0]);
    expect(positives!.yaxis).toBe("y2");
    expect(fig.layout.yaxis2?.overlaying).toBe("y");
    expect(bar(rows!).hovertext![1]).toBe("month 1<br>110 active rows, 110 labelled, 0 censored<br>5 positives (4.55 % of labelled)");
    expect(() => labelTimeline({ ...byPeriod, censored: new Uint32Array(2) })).toThrow("censored has 2 periods, rows has 3");
  });
});

describe("ladderFigure", () => {
  const rungs = [
    { name: "random row K-fold", description: "rows split at random", rocAuc: 0.91, averagePrecision: 0.6, truthRocAuc: null },
    { name: "time-aware", description: EVIL, rocAuc: 0.78, averagePrecision: 0.31, truthRocAuc: null },
  ];

  it("draws grouped labelled bars of ROC-AUC and AP, the chance line and each rung's own ceiling", () => {
    const fig = ladderFigure(rungs.map((r, k) => ({ ...r, truthRocAuc: [0.83, 0.85][k]! })));
    const [auc, ap] = fig.data.slice(0, 2).map(bar);
    expect(auc!.y).toEqual([0.91, 0.78]);
    expect(auc!.text).toEqual(["0.910", "0.780"]);
    expect(ap!.y).toEqual([0.6, 0.31]);
    expect(fig.layout.barmode).toBe("group");
    expect(fig.layout.shapes?.map((s) => [s.xref, s.y0])).toEqual([["paper", 0.5], ["x", 0.83], ["x", 0.85]]);
    expect(fig.layout.shapes?.slice(1).map((s) => [s.x0, s.x1])).toEqual([[-0.4, 0.4], [0.6, 1.4]]);
    expect(fig.data.slice(2).map((t) => t.name)).toEqual(["chance (ROC-AUC 0.5)", "true hazard on the rung's test rows (its ceiling)"]);
    expectNoDataMarkup(fig);
    expect(ladderFigure(rungs).layout.shapes).toHaveLength(1);
    expect(ladderFigure(rungs).data).toHaveLength(3);
  });
});

describe("histogramFigure", () => {
  it("bins values into equal-width bars, leaving out non-finite values and saying so", () => {
    const fig = histogramFigure([0, 1, 2, 3, 4, 5, 6, 7, Number.NaN], "EV per customer", "expected value ($)", { bins: 4 });
    const h = bar(fig.data[0]!);
    expect(h.y).toEqual([2, 2, 2, 2]);
    expect(h.x).toEqual([0.875, 2.625, 4.375, 6.125]);
    expect(fig.layout.annotations?.[0]?.text).toBe("n = 8, mean 3.500, 1 non-finite left out");
    expect(() => histogramFigure([Number.NaN], "t", "x")).toThrow("histogram: no finite values among 1");
  });

  it("draws a precomputed histogram (a run's evHistogram, or its JSON form) as it is", () => {
    const h = histogram([0, 1, 2, 3, 4, 5, 6, 7, Number.NaN, -Infinity], { bins: 4 });
    const fig = histogramFigure(h, "EV per customer", "expected value ($)", { unit: "customers" });
    expect(bar(fig.data[0]!).y).toEqual([2, 2, 2, 2]);
    expect(bar(fig.data[0]!).hovertext![0]).toBe("[0.00, 1.75)<br>2 customers");
    expect(fig.layout.annotations?.[0]?.text).toBe("n = 8, mean 3.500, 2 non-finite left out");
    expect(histogramFigure(JSON.parse(JSON.stringify(toJson(h))), "EV per customer", "expected value ($)", { unit: "customers" })).toEqual(fig);
    expect(() => histogramFigure({ edges: [0, 1], counts: [1, 2], n: 3, mean: 0.5, nonFinite: 0 }, "t", "x")).toThrow('2 bins need 3 edges, got 2 for "t"');
  });

  it("picks the bin count by Freedman–Diaconis and keeps every value", () => {
    const rng = new Rng(5);
    const v = Float64Array.from({ length: 5000 }, () => rng.normal());
    const h = bar(histogramFigure(v, "t", "x").data[0]!);
    const total = (h.y as number[]).reduce((s, c) => s + c, 0);
    expect(total).toBe(5000);
    expect(h.y.length).toBeGreaterThan(20);
    expect(h.y.length).toBeLessThanOrEqual(100);
    expect(bar(histogramFigure([3, 3, 3], "t", "x").data[0]!).y).toEqual([3]);
  });
});

describe("profitFigure", () => {
  const n = 2001;
  const count = Uint32Array.from({ length: n }, (_, i) => i * 5);
  const profit = Float64Array.from(count, (c) => 4000 * Math.sin((Math.PI * c) / 10000) - 0.05 * c);
  const curve = { count, profit, lower: profit.map((v) => v - 300), upper: profit.map((v) => v + 300), nStar: 4995, level: 0.95 };

  it("draws band, curve (≤ 500 points, N* kept), N* marker and line, zero line and the oracle", () => {
    const star = Number(profit[999]!.toPrecision(6));
    const oracle = { name: "oracle (true probabilities)", count, profit: profit.map((v) => v * 1.3) };
    const fig = profitFigure(curve, oracle, { moneyLabel: "profit ($)" });
    const names = fig.data.map((t) => t.name ?? "");
    expect(names).toEqual(["", "", "95% bootstrap band", "model ranking", "oracle (true probabilities)", "N* (best number to target)"]);
    const main = scatter(fig.data[3]!);
    expect(main.x.length).toBeLessThanOrEqual(MAX_CURVE_POINTS + 1);
    expect(main.x).toContain(4995);
    expect(main.y[main.x.indexOf(4995)]).toBe(star);
    const marker = scatter(fig.data[5]!);
    expect([marker.x[0], marker.y[0]]).toEqual([4995, star]);
    expect(fig.layout.shapes?.[1]).toMatchObject({ x0: 4995, x1: 4995 });
    expect(scatter(fig.data[4]!).line).toMatchObject({ color: "#000000", dash: "dash" });
    expect(fig.layout.annotations?.[0]?.text).toBe(`N* = 4,995, profit ($) ${Math.round(star).toLocaleString("en-US")}`);
    expect(fig.layout.yaxis?.title?.text).toBe("Profit ($)");
  });

  it("draws no band and no band legend entry for a curve without one (0 replicates)", () => {
    const fig = profitFigure({ ...curve, lower: null, upper: null });
    expect(fig.data.map((t) => t.name ?? "")).toEqual(["model ranking", "N* (best number to target)"]);
    expect(scatter(fig.data[0]!).hovertext![0]).toBe("target top 0<br>profit 0<br>");
  });

  it("throws on mismatched arrays and on N* off the grid without maxProfit", () => {
    expect(() => profitFigure({ ...curve, lower: new Float64Array(3) })).toThrow("lower has 3 points, count has 2001");
    expect(() => profitFigure({ ...curve, nStar: 7 })).toThrow("N* = 7 is not on the count grid");
    expect(scatter(profitFigure({ ...curve, nStar: 7, maxProfit: 12 }).data.at(-1)!).y).toEqual([12]);
  });
});

describe("learningCurveFigure", () => {
  const curves = [
    { train: [0.5, 0.4, 0.3, 0.25], validation: [0.52, 0.45, 0.44, 0.46], bestIteration: 2, stopReason: "earlyStopping" },
    { train: Float64Array.of(0.5, 0.35, 0.3), validation: null, bestIteration: 2, stopReason: "maxIter" },
  ];

  it("draws training (dashed) and validation (solid) per fold by number of trees, and marks the trees kept", () => {
    const fig = learningCurveFigure("gbm", curves);
    expect(fig.data.map((t) => t.name)).toEqual([
      "fold 0 training",
      "fold 0 validation",
      "fold 0: 2 trees kept (early stopping)",
      "fold 1 training",
      "fold 1: 2 trees kept (every round used)",
    ]);
    const [train, validation, kept] = fig.data.map(scatter);
    expect(train!.x).toEqual([0, 1, 2, 3]);
    expect(train!.line?.dash).toBe("dash");
    expect(validation!.y).toEqual([0.52, 0.45, 0.44, 0.46]);
    expect(validation!.line?.dash).toBe("solid");
    expect([kept!.x, kept!.y]).toEqual([[2], [0.44]]);
    // Without a validation tail the marker sits on the training curve.
    expect(scatter(fig.data[4]!).y).toEqual([0.3]);
    expect(fig.layout.shapes?.map((s) => [s.x0, s.line?.color])).toEqual([[2, train!.line?.color], [2, scatter(fig.data[3]!).line?.color]]);
    expect(train!.line?.color).not.toBe(scatter(fig.data[3]!).line?.color);
    expectFiniteNumbers(fig);
    expectNoDataMarkup(fig);
  });

  it("escapes the model name and throws on no curves or mismatched lengths", () => {
    expectNoDataMarkup(learningCurveFigure(EVIL, curves));
    expect(() => learningCurveFigure("gbm", [])).toThrow('no learning curves for model "gbm"');
    expect(() => learningCurveFigure("gbm", [{ ...curves[0]!, validation: [0.5] }])).toThrow("fold 0 of \"gbm\" has 4 training and 1 validation points");
    expect(() => learningCurveFigure("gbm", [{ ...curves[0]!, train: [], validation: null }])).toThrow("empty training curve");
  });
});

describe("explanation figures", () => {
  const summary: ExplanationLike = {
    model: "gbm",
    method: "treeshap",
    fittedOn: "last fold",
    base: -3,
    importance: Array.from({ length: 20 }, (_, f) => ({ feature: f === 1 ? EVIL : `f${f}`, meanAbsContribution: 1 - f / 20 })),
    beeswarm: {
      features: ["f0", EVIL],
      contribution: [
        [0.5, 0.5, 0.5, -1, null],
        [0.1, -0.2, 0.3, 0, 0],
      ],
      colour: [
        [0, 1, null, 0.5, 0.2],
        [null, null, 0.25, 1, 0],
      ],
    },
  };

  it("importance: the top 15 as horizontal bars, the largest on top, labelled", () => {
    const fig = importanceFigure(summary);
    const b = bar(fig.data[0]!);
    expect(fig.data).toHaveLength(1);
    expect(b.orientation).toBe("h");
    expect(b.y).toHaveLength(15);
    expect(b.y.slice(0, 3)).toEqual(["f0", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;", "f2"]);
    expect(b.x.slice(0, 2)).toEqual([1, 0.95]);
    expect(b.text?.[0]).toBe("1.000");
    expect(b.marker?.color).toBe(modelColor("gbm"));
    expect(fig.layout.yaxis?.autorange).toBe("reversed");
    expect(fig.layout.title?.text).toBe("Importance: gbm (TreeSHAP)");
    expect(importanceFigure(summary, { top: 3 }).data[0]!.y).toHaveLength(3);
    expectFiniteNumbers(fig);
    expectNoDataMarkup(fig);
    expect(() => importanceFigure({ ...summary, importance: [] })).toThrow('no features for model "gbm"');
    expect(() => importanceFigure(summary, { top: 0 })).toThrow("top must be a positive integer, got 0");
  });

  it("beeswarm: a row per feature, coloured values on a 0–1 scale with one colour bar, missing values grey, jitter without randomness", () => {
    const fig = beeswarmFigure(summary);
    expect(fig.data.map((t) => t.name)).toEqual(["f0", EVIL.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"), "value missing"]);
    const [f0, f1, missing] = fig.data.map(scatter);
    // f0: the null contribution is left out; the value-less third customer goes to the grey trace.
    expect(f0!.x).toEqual([0.5, 0.5, -1]);
    expect(f0!.marker?.color).toEqual([0, 1, 0.5]);
    expect(f0!.customdata).toEqual(f0!.marker?.color);
    expect(f0!.marker?.showscale).toBe(true);
    expect(f1!.marker?.showscale).toBeUndefined();
    expect([f0!.marker?.cmin, f0!.marker?.cmax]).toEqual([0, 1]);
    // Three dots at 0.5 share a bin: on the row, one step to one side, one step to the other (the grey one).
    const step = f0!.y[1]!;
    expect(f0!.y[0]).toBe(0);
    expect(step).toBeLessThan(0);
    expect(missing!.x).toEqual([0.5, 0.1, -0.2]);
    expect(missing!.y[0]).toBeCloseTo(-step, 12);
    expect(missing!.marker?.color).toBe("#BDBDBD");
    // f1's rows sit around 1: the two dots at 0 share a bin.
    expect(f1!.y.every((y) => Math.abs(y! - 1) < 0.45)).toBe(true);
    expect(fig.layout.yaxis?.ticktext).toHaveLength(2);
    expect(fig.layout.yaxis?.range).toEqual([1.5, -0.5]);
    expect(fig.layout.showlegend).toBe(true);
    expect(beeswarmFigure(summary)).toEqual(fig);
    expectFiniteNumbers(fig);
    expectNoDataMarkup(fig);
  });

  it("beeswarm: no grey trace without missing values; throws on mismatched arrays", () => {
    const full = { ...summary, method: "linear" as const, beeswarm: { features: ["a"], contribution: [[1, 2]], colour: [[0, 1]] } };
    const fig = beeswarmFigure(full);
    expect(fig.data).toHaveLength(1);
    expect(fig.layout.showlegend).toBe(false);
    expect(fig.layout.title?.text).toBe("Linear contributions per customer: gbm");
    expect(() => beeswarmFigure({ ...full, beeswarm: { features: ["a"], contribution: [[1, 2]], colour: [[0]] } })).toThrow('feature "a" has 2 contributions and 1 colours');
    expect(() => beeswarmFigure({ ...full, beeswarm: { features: ["a", "b"], contribution: [[1]], colour: [[0]] } })).toThrow("2 features, 1 contribution rows and 1 colour rows must agree");
    expect(() => beeswarmFigure({ ...full, beeswarm: { features: [], contribution: [], colour: [] } })).toThrow("no features");
  });

  const waterfall: WaterfallLike = {
    customerId: EVIL,
    model: "logistic",
    base: -3,
    steps: [
      { feature: "Contract", value: "Month-to-month", contribution: 1.5 },
      { feature: "tenure", value: null, contribution: -0.5 },
      { feature: "MonthlyCharges", value: 95.6312, contribution: 0.25 },
      { feature: "other features", value: null, contribution: -0.05 },
    ],
    margin: -1.8,
    probability: 1 / (1 + Math.exp(1.8)),
  };

  it("waterfall: base, one bar per step from the running total, the score; the probability in the title", () => {
    const fig = waterfallFigure(waterfall);
    expect(fig.data).toHaveLength(3);
    const steps = bar(fig.data[0]!);
    const [base, score] = fig.data.slice(1).map(scatter);
    expect(steps.y).toEqual([1, 2, 3, 4]);
    expect(steps.x).toEqual([1.5, -0.5, 0.25, -0.05]);
    expect(steps.base).toEqual([-3, -1.5, -2, -1.75]);
    expect(steps.marker?.color).toEqual(["#D55E00", "#0072B2", "#D55E00", "#0072B2"]);
    expect(steps.text).toEqual(["+1.50", "-0.50", "+0.25", "-0.05"]);
    expect([base!.x, base!.y, score!.x, score!.y]).toEqual([[-3], [0], [-1.8], [5]]);
    expect(fig.layout.yaxis?.ticktext).toEqual(["base", "Contract = Month-to-month", "tenure = missing", "MonthlyCharges = 95.63", "other features", "score"]);
    expect(fig.layout.yaxis?.range).toEqual([5.5, -0.5]);
    expect(fig.layout.title?.text).toBe("Why customer &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; scores 14.2 % (logistic, before calibration)");
    expect(fig.layout.shapes?.map((s) => s.x0)).toEqual([-3, -1.8]);
    expectFiniteNumbers(fig);
    expectNoDataMarkup(fig);
    expect(() => waterfallFigure({ ...waterfall, steps: [] })).toThrow("no steps for customer");
  });
});
