/**
 * Pure functions from precomputed results to Plotly figures for the report and the notebooks: ROC
 * and PR curves with bootstrap bands (from `curveSummary`), reliability diagrams, the fold (Gantt)
 * diagram, the label timeline, the leakage ladder, histograms (from `histogram`), the profit
 * curve, and the model's own views: boosting learning curves, feature importance, the SHAP summary
 * (beeswarm) and one customer's waterfall. They draw and label; they compute no metric, sort no data and draw no random number.
 * Inputs are the run's own values or the run document's JSON form alike (numbers may be null
 * where a value was not finite). Every data string is escaped for Plotly ({@link plotlyText});
 * each model keeps one colour across figures ({@link modelColor}); numbers are written by
 * `src/util/format.ts`.
 */
import type { ProfitCurve } from "../decision/profitCurve.js";
import type { CurveBand, CurveSummary } from "../evaluation/curveSummary.js";
import { downsampleCurve, toDrawingPrecision } from "../evaluation/downsample.js";
import type { FoldLearningCurve } from "../evaluation/crossValidate.js";
import type { FoldRow } from "../evaluation/foldTable.js";
import { histogram, type Histogram, type HistogramOptions } from "../evaluation/histogram.js";
import type { LadderRung } from "../evaluation/leakageLadder.js";
import type { reliabilityPoints } from "../evaluation/metricSummary.js";
import { formatFeatureValue, OTHER_FEATURES, type ExplanationSummary, type Waterfall } from "../models/explain.js";
import type { PanelCounts } from "../panel/panel.js";
import type { Readable } from "../pipeline/metricsDocument.js";
import { formatCount, formatFixed, formatLevel, formatPercent } from "../util/format.js";
import {
  plotlyLines,
  plotlyMarkup,
  plotlyText,
  type BarTrace,
  type PlotlyLine,
  type Datum,
  type PlotlyAxis,
  type PlotlyFigure,
  type PlotlyLayout,
  type PlotlyShape,
  type PlotlyText,
  type PlotlyTrace,
  type ScatterTrace,
} from "./plotly.js";

/** A number as the run document holds it: null where the computed value was not finite. */
export type Num = number | null;
/** Numbers as a typed array of the run or an array of the run document. */
export type Nums = ArrayLike<Num>;

/** Colours of the pipeline's models (Okabe–Ito, colour-blind safe) and of reference curves. */
const MODEL_COLORS: Readonly<Record<string, string>> = {
  logistic: "#0072B2",
  forest: "#D55E00",
  baseline: "#009E73",
  truth: "#000000",
  oracle: "#000000",
};
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#7F7F7F"] as const;
const GREY = "#7F7F7F";

/**
 * The colour of a model in every figure: fixed for the pipeline's models (`logistic` blue, `forest`
 * vermillion, `baseline` green, `truth`/`oracle` black), otherwise picked from an 8-colour
 * Okabe–Ito palette by an FNV-1a hash of the name, so the same name always gets the same colour.
 */
export function modelColor(name: string): string {
  const fixed = MODEL_COLORS[name];
  if (fixed !== undefined) return fixed;
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

/** `#rrggbb` with opacity `alpha` as an `rgba(…)` string (for bands). */
function fade(hex: string, alpha: number): string {
  const v = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
}

/** `v` as a Float64Array, null as NaN (for index arithmetic and thinning). */
function numbers(v: Nums): Float64Array {
  return Float64Array.from(v, (a) => a ?? Number.NaN);
}

/** `v` at the given indices as a plain array, rounded by {@link finite}. */
function pick(v: Nums, index: ArrayLike<number>): Datum[] {
  const out: Datum[] = new Array<Datum>(index.length);
  for (let k = 0; k < index.length; k++) out[k] = finite(v[index[k]!]!);
  return out;
}

function toData(v: Nums): Datum[] {
  return Array.from(v, finite);
}

/** A plotted coordinate: rounded by `toDrawingPrecision`; null, NaN and ±Infinity as null (a gap; JSON has no such numbers). */
/** A drawable number: finite values at drawing precision, anything else null (a gap). */
export function finite(a: Num): Datum {
  return a !== null && Number.isFinite(a) ? toDrawingPrecision(a) : null;
}

/** An axis with a title, automatic margin and the report's grid colour. */
export function axis(title: string, extra: PlotlyAxis = {}): PlotlyAxis {
  return { title: { text: plotlyText(title) }, automargin: true, zeroline: false, ...(extra.showgrid === false ? {} : { gridcolor: "#e5e7eb" }), ...extra };
}

/** The report's layout: a left-aligned title, margins, font, a horizontal legend below, white background. */
export function layout(title: string, extra: PlotlyLayout): PlotlyLayout {
  return {
    title: { text: plotlyText(title), x: 0, xanchor: "left" },
    margin: { l: 64, r: 24, t: 56, b: 56 },
    hovermode: "closest",
    font: { family: 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif', size: 13 },
    legend: { orientation: "h", x: 0, y: -0.18, yanchor: "top", traceorder: "normal" },
    plot_bgcolor: "#ffffff",
    paper_bgcolor: "#ffffff",
    ...extra,
  };
}

/** Band traces (lower edge, then upper edge filled down to it), hidden from legend and hover. */
function bandTraces(x: Datum[], lower: Datum[], upper: Datum[], color: string, group: string): ScatterTrace[] {
  const edge = { type: "scatter", mode: "lines", x, line: { width: 0, color }, showlegend: false, hoverinfo: "skip", legendgroup: group } as const;
  return [
    { ...edge, y: lower },
    { ...edge, y: upper, fill: "tonexty", fillcolor: fade(color, 0.18) },
  ];
}

/** A model's `curves` (`curveSummary`), in the run or in its document: what {@link rocFigure} and {@link prFigure} draw. */
export type CurvesLike = Readable<CurveSummary>;

/** One model of {@link rocFigure} / {@link prFigure}: its name and its precomputed curves. */
export interface CurveModel {
  readonly name: string;
  readonly curves: CurvesLike;
}

/** "… with 95% bootstrap bands" after `title` when some band is drawn, else `title`. */
function bandTitle(title: string, bands: readonly (Readable<CurveBand> | null)[]): string {
  const level = bands.find((b) => b !== null)?.level;
  return level === undefined ? title : `${title} with ${formatLevel(level)} bootstrap bands`;
}

/**
 * ROC curves of several models on one chart: per model its precomputed ROC points (hover: FPR,
 * TPR, threshold) named with its ROC-AUC, its pointwise bootstrap band when it has one (shaded;
 * the title names the band's level, e.g. "with 90% bootstrap bands"; no band, no such words),
 * and the chance diagonal. Axes 0–1, not forced square, so the chart fills the report's width.
 * Throws on no models.
 */
export function rocFigure(models: readonly CurveModel[], options: { readonly title?: string } = {}): PlotlyFigure {
  if (models.length === 0) throw new RangeError("rocFigure: no models");
  const data: PlotlyTrace[] = [];
  models.forEach((m, k) => {
    const group = `model-${k}`;
    const color = modelColor(m.name);
    const { roc, rocBand: band } = m.curves;
    if (band) data.push(...bandTraces(toData(band.grid), toData(band.lower), toData(band.upper), color, group));
    const hover = Array.from({ length: roc.fpr.length }, (_, i) => plotlyLines(`FPR ${formatFixed(roc.fpr[i]!, 3)}, TPR ${formatFixed(roc.tpr[i]!, 3)}`, i === 0 ? "nothing flagged" : `flag score ≥ ${formatFixed(roc.threshold[i]!, 4)}`));
    data.push({
      type: "scatter",
      mode: "lines",
      name: plotlyText(`${m.name} (ROC-AUC ${formatFixed(m.curves.rocAuc, 3)})`),
      legendgroup: group,
      x: toData(roc.fpr),
      y: toData(roc.tpr),
      line: { color, width: 2 },
      hovertext: hover,
      hoverinfo: "text+name",
      hoverlabel: { namelength: -1 },
    });
  });
  data.push({ type: "scatter", mode: "lines", name: plotlyText("chance"), x: [0, 1], y: [0, 1], line: { color: GREY, width: 1, dash: "dash" }, hoverinfo: "skip" });
  const title = options.title ?? bandTitle("ROC curves", models.map((m) => m.curves.rocBand));
  return {
    data,
    layout: layout(title, {
      xaxis: axis("False-positive rate (share of non-churners flagged)", { range: [0, 1], tickformat: ".1f" }),
      yaxis: axis("True-positive rate (share of churners caught)", { range: [0, 1.02], tickformat: ".1f" }),
      height: 520,
    }),
  };
}

/**
 * Precision–recall curves: per model its precomputed interpolated precision (best precision at
 * recall ≥ r, the quantity the PR band bands) by recall, named with its average precision (the
 * step-wise, non-interpolated PR-AUC), its bootstrap band when it has one (title as in
 * {@link rocFigure}), and the base rate (precision of flagging everyone) as a dotted line: one
 * line when every model has the same base rate, else one per model. Throws on no models.
 */
export function prFigure(models: readonly CurveModel[], options: { readonly title?: string } = {}): PlotlyFigure {
  if (models.length === 0) throw new RangeError("prFigure: no models");
  const data: PlotlyTrace[] = [];
  models.forEach((m, mi) => {
    const group = `model-${mi}`;
    const color = modelColor(m.name);
    const { pr, prBand: band } = m.curves;
    if (band) data.push(...bandTraces(toData(band.grid), toData(band.lower), toData(band.upper), color, group));
    const hover = Array.from({ length: pr.recall.length }, (_, i) => plotlyLines(`recall ${formatFixed(pr.recall[i]!, 3)}, precision ${formatFixed(pr.precision[i]!, 3)}`, `flag score ≥ ${formatFixed(pr.threshold[i]!, 4)}`));
    data.push({
      type: "scatter",
      mode: "lines",
      name: plotlyText(`${m.name} (AP ${formatFixed(m.curves.averagePrecision, 3)})`),
      legendgroup: group,
      x: toData(pr.recall),
      y: toData(pr.precision),
      line: { color, width: 2, shape: "hv" },
      hovertext: hover,
      hoverinfo: "text+name",
      hoverlabel: { namelength: -1 },
    });
  });
  const shared = models.every((m) => m.curves.baseRate === models[0]!.curves.baseRate);
  for (const m of shared ? models.slice(0, 1) : models) {
    const rate = m.curves.baseRate;
    const label = shared ? `base rate ${formatFixed(rate, 3)}` : `${m.name} base rate ${formatFixed(rate, 3)}`;
    data.push({
      type: "scatter",
      mode: "lines",
      name: plotlyText(label),
      x: [0, 1],
      y: [finite(rate), finite(rate)],
      line: { color: shared ? GREY : modelColor(m.name), width: 1, dash: "dot" },
      hovertext: plotlyText(label),
      hoverinfo: "text",
    });
  }
  const title = options.title ?? bandTitle("Precision–recall curves", models.map((m) => m.curves.prBand));
  return {
    data,
    layout: layout(title, {
      xaxis: axis("Recall (share of churners caught)", { range: [0, 1], tickformat: ".1f" }),
      yaxis: axis("Precision (interpolated: best at recall ≥ r)", { range: [0, 1.02], tickformat: ".1f" }),
      height: 480,
    }),
  };
}

/** Reliability points of one set of predictions (as `reliabilityPoints` returns them). */
export type ReliabilityPoints = Readable<ReturnType<typeof reliabilityPoints>>;

/**
 * Reliability diagram of one model: observed churn rate against mean predicted probability per
 * bin, uncalibrated (dashed, open markers) and calibrated (solid), marker diameter 6–16 px growing with √(rows in the bin),
 * with the diagonal of perfect calibration. Both axes span 0 to a little above the largest value
 * shown (the same range on both, so the diagonal runs corner to corner), so low monthly rates
 * are not squashed into a corner. Throws when a series' arrays differ in length or both series
 * are empty.
 */
export function reliabilityFigure(model: string, raw: ReliabilityPoints, calibrated: ReliabilityPoints | null): PlotlyFigure {
  const series: [string, { meanPredicted: Float64Array; observedRate: Float64Array; count: Float64Array }, boolean][] = [];
  for (const [label, s, solid] of [["uncalibrated", raw, false], ["calibrated", calibrated, true]] as const) {
    if (s) series.push([label, { meanPredicted: numbers(s.meanPredicted), observedRate: numbers(s.observedRate), count: numbers(s.count) }, solid]);
  }
  let top = 0;
  let maxCount = 0;
  for (const [label, s] of series) {
    if (s.meanPredicted.length !== s.observedRate.length || s.count.length !== s.observedRate.length) {
      throw new RangeError(`reliabilityFigure: ${label} arrays differ in length (meanPredicted ${s.meanPredicted.length}, observedRate ${s.observedRate.length}, count ${s.count.length})`);
    }
    for (let i = 0; i < s.count.length; i++) {
      top = Math.max(top, s.meanPredicted[i]!, s.observedRate[i]!);
      maxCount = Math.max(maxCount, s.count[i]!);
    }
  }
  if (series.every(([, s]) => s.count.length === 0)) throw new RangeError(`reliabilityFigure: no bins for model ${JSON.stringify(model)}`);
  const limit = Math.min(1, top * 1.08) || 1;
  const color = modelColor(model);
  const data: PlotlyTrace[] = [
    { type: "scatter", mode: "lines", name: plotlyText("perfect calibration"), x: [0, limit], y: [0, limit], line: { color: GREY, width: 1, dash: "dash" }, hoverinfo: "skip" },
  ];
  for (const [label, s, solid] of series) {
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: plotlyText(`${model}, ${label}`),
      x: toData(s.meanPredicted),
      y: toData(s.observedRate),
      line: { color, width: solid ? 2 : 1.5, dash: solid ? "solid" : "dash" },
      marker: {
        color: solid ? color : "#ffffff",
        size: Array.from(s.count, (c) => 6 + 10 * Math.sqrt(maxCount > 0 ? c / maxCount : 0)),
        line: { color, width: 1.5 },
      },
      hovertext: Array.from(s.count, (c, i) => plotlyLines(`${model}, ${label}`, `mean predicted ${formatFixed(s.meanPredicted[i]!, 4)}`, `observed rate ${formatFixed(s.observedRate[i]!, 4)}`, `${formatCount(c)} rows`)),
      hoverinfo: "text",
    });
  }
  return {
    data,
    layout: layout(`Reliability: ${model}`, {
      xaxis: axis("Mean predicted probability in bin", { range: [0, limit] }),
      yaxis: axis("Observed churn rate in bin", { range: [0, limit] }),
      height: 480,
    }),
  };
}

/**
 * Gantt-style diagram of evaluation folds, one horizontal bar row per fold (fold 0 on top) over
 * calendar months 0 … periods − 1: training months (blue), the gap between the last training month
 * and the test window (grey, when there is one), and the test months (orange). Months are
 * inclusive, so a bar spans [first, last + 1). For splits by customer, where both sides cover the
 * same months, the test bar is drawn narrower on top of the training bar. Hover gives rows,
 * positives and rates. Folds with unknown months (`null`) get no bar on that side. Throws on an
 * empty table or a non-positive `periods`.
 */
export function foldDiagram(table: readonly Readable<FoldRow>[], periods: number): PlotlyFigure {
  if (table.length === 0) throw new RangeError("foldDiagram: empty fold table");
  if (!Number.isInteger(periods) || periods < 1) throw new RangeError(`foldDiagram: periods must be a positive integer, got ${periods}`);
  const labels = table.map((r) => plotlyText(`fold ${r.index}`));
  const bar = (name: string, color: string, width: number, rows: { label: PlotlyText; start: number; end: number; hover: PlotlyText }[]): BarTrace => ({
    type: "bar",
    orientation: "h",
    name: plotlyText(name),
    y: rows.map((r) => r.label),
    x: rows.map((r) => r.end - r.start),
    base: rows.map((r) => r.start),
    width,
    marker: { color, line: { color: "#ffffff", width: 1 } },
    hovertext: rows.map((r) => r.hover),
    hoverinfo: "text",
  });
  const rate = (v: Num): string => formatPercent(v, 2);
  const span = (m: Nums | null): readonly [number, number] | null => (m === null ? null : [m[0] ?? Number.NaN, m[1] ?? Number.NaN]);
  const months = (m: readonly [number, number]): string => (m[0] === m[1] ? `month ${m[0]}` : `months ${m[0]}–${m[1]}`);
  const train: { label: PlotlyText; start: number; end: number; hover: PlotlyText }[] = [];
  const gap: typeof train = [];
  const test: typeof train = [];
  let overlapping = false;
  table.forEach((r, k) => {
    const label = labels[k]!;
    const trainMonths = span(r.trainMonths);
    const testMonths = span(r.testMonths);
    const dropped = r.droppedForCustomer ?? 0;
    if (trainMonths) {
      train.push({ label, start: trainMonths[0], end: trainMonths[1] + 1, hover: plotlyLines(`fold ${r.index} training: ${months(trainMonths)}`, `${formatCount(r.trainRows)} rows, ${formatCount(r.trainPositives)} positives (${rate(r.trainPositiveRate)})`, dropped > 0 ? `${formatCount(dropped)} rows dropped (customer in test)` : "") });
    }
    if (testMonths) {
      test.push({ label, start: testMonths[0], end: testMonths[1] + 1, hover: plotlyLines(`fold ${r.index} test: ${months(testMonths)}`, `${formatCount(r.testRows)} rows, ${formatCount(r.testPositives)} positives (${rate(r.testPositiveRate)})`) });
    }
    if (trainMonths && testMonths) {
      if (testMonths[0] > trainMonths[1] + 1) {
        const g = testMonths[0] - trainMonths[1] - 1;
        gap.push({ label, start: trainMonths[1] + 1, end: testMonths[0], hover: plotlyText(`fold ${r.index} gap: ${g} month${g === 1 ? "" : "s"} between training and test`) });
      }
      if (testMonths[0] <= trainMonths[1]) overlapping = true;
    }
  });
  const data: PlotlyTrace[] = [bar("training months", "#0072B2", 0.7, train)];
  if (gap.length > 0) data.push(bar("gap", "#BDBDBD", 0.7, gap));
  data.push(bar("test months", "#E69F00", overlapping ? 0.35 : 0.7, test));
  return {
    data,
    layout: layout("Evaluation folds: training, gap and test months", {
      barmode: "overlay",
      xaxis: axis("Calendar month", { range: [0, periods], dtick: periods > 24 ? 6 : 1 }),
      yaxis: { autorange: "reversed", automargin: true, type: "category" },
      height: Math.max(220, 90 + 34 * table.length),
      legend: { orientation: "h", x: 0, y: 1.02, yanchor: "bottom", traceorder: "normal" },
      margin: { l: 64, r: 24, t: 72, b: 48 },
    }),
  };
}

/**
 * Monthly label timeline of a panel: bars of active rows and of censored rows (label unknown,
 * horizon runs past the data) per calendar month on the left axis, and positives (churn within the
 * horizon) as a line on the right axis; hover adds the positive rate among labelled rows. Throws
 * when the four arrays differ in length or are empty.
 */
export function labelTimeline(byPeriod: Readable<PanelCounts["byPeriod"]>): PlotlyFigure {
  const n = byPeriod.rows.length;
  if (n === 0) throw new RangeError("labelTimeline: no periods");
  for (const [what, v] of [["labelled", byPeriod.labelled], ["positives", byPeriod.positives], ["censored", byPeriod.censored]] as const) {
    if (v.length !== n) throw new RangeError(`labelTimeline: ${what} has ${v.length} periods, rows has ${n}`);
  }
  const months = Array.from({ length: n }, (_, t) => t);
  const hover = months.map((t) => {
    const labelled = byPeriod.labelled[t] ?? Number.NaN;
    const positives = byPeriod.positives[t] ?? Number.NaN;
    return plotlyLines(
      `month ${t}`,
      `${formatCount(byPeriod.rows[t]!)} active rows, ${formatCount(labelled)} labelled, ${formatCount(byPeriod.censored[t]!)} censored`,
      `${formatCount(positives)} positives (${labelled > 0 ? `${formatPercent(positives / labelled, 2)} of labelled` : "no labelled rows"})`,
    );
  });
  return {
    data: [
      { type: "bar", name: plotlyText("active rows"), x: months, y: toData(byPeriod.rows), marker: { color: "#BFD7EA" }, hovertext: hover, hoverinfo: "text" },
      { type: "bar", name: plotlyText("censored rows"), x: months, y: toData(byPeriod.censored), marker: { color: "#9E9E9E" }, hovertext: hover, hoverinfo: "text" },
      { type: "scatter", mode: "lines+markers", name: plotlyText("positives (right axis)"), x: months, y: toData(byPeriod.positives), yaxis: "y2", line: { color: "#D55E00", width: 2 }, marker: { size: 5 }, hovertext: hover, hoverinfo: "text" },
    ],
    layout: layout("Labels by calendar month", {
      barmode: "overlay",
      xaxis: axis("Calendar month", { dtick: n > 24 ? 6 : 1 }),
      yaxis: axis("Rows", { rangemode: "tozero" }),
      yaxis2: axis("Positives", { overlaying: "y", side: "right", rangemode: "tozero", showgrid: false, tickmode: "auto", color: "#D55E00" }),
      margin: { l: 64, r: 64, t: 56, b: 56 },
      height: 420,
    }),
  };
}

/** Breaks `s` into lines of at most about `width` characters at spaces (long words kept whole). */
function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of s.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * The leakage ladder: per rung (evaluation scheme) grouped bars of ROC-AUC and average precision
 * labelled with their values, hover with the rung's description; a dotted line at ROC-AUC 0.5
 * (chance) and, on synthetic data, a black tick per rung at the ROC-AUC of the true hazard on that
 * rung's own test rows (its ceiling: the rungs score different rows), both named in the legend.
 * Throws on no rungs.
 */
export function ladderFigure(rungs: readonly Readable<LadderRung>[]): PlotlyFigure {
  if (rungs.length === 0) throw new RangeError("ladderFigure: no rungs");
  const x = rungs.map((r) => plotlyText(r.name));
  const hover = (metric: string, pick: (r: Readable<LadderRung>) => Num): PlotlyText[] =>
    rungs.map((r) => plotlyLines(r.name, `${metric} ${formatFixed(pick(r), 3)}`, ...wrap(r.description, 60)));
  const chance: PlotlyLine = { color: GREY, width: 1, dash: "dot" };
  const shapes: PlotlyShape[] = [{ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: 0.5, y1: 0.5, line: chance }];
  // Reference lines are shapes (they span the category axis); empty line traces give them legend entries.
  const legendOnly = (label: string, line: PlotlyLine): ScatterTrace => ({ type: "scatter", mode: "lines", name: plotlyText(label), x: [null], y: [null], line, hoverinfo: "skip" });
  const references: ScatterTrace[] = [legendOnly("chance (ROC-AUC 0.5)", chance)];
  const truth: PlotlyLine = { color: "#000000", width: 2.5 };
  rungs.forEach((r, k) => {
    // On a category axis a shape's x is the category's position (0, 1, …): a tick across the rung's bars.
    if (r.truthRocAuc !== null && Number.isFinite(r.truthRocAuc)) shapes.push({ type: "line", xref: "x", x0: k - 0.4, x1: k + 0.4, yref: "y", y0: r.truthRocAuc, y1: r.truthRocAuc, line: truth });
  });
  if (shapes.length > 1) references.push(legendOnly("true hazard on the rung's test rows (its ceiling)", truth));
  const bars = (name: string, color: string, values: Num[]): BarTrace => ({
    type: "bar",
    name: plotlyText(name),
    x,
    y: values.map(finite),
    marker: { color },
    text: values.map((v) => plotlyText(formatFixed(v, 3))),
    textposition: "outside",
    cliponaxis: false,
    hovertext: hover(name, (r) => (name === "ROC-AUC" ? r.rocAuc : r.averagePrecision)),
    hoverinfo: "text",
  });
  return {
    data: [bars("ROC-AUC", "#0072B2", rungs.map((r) => r.rocAuc)), bars("average precision", "#56B4E9", rungs.map((r) => r.averagePrecision)), ...references],
    layout: layout("Leakage ladder: the same model under different evaluations", {
      barmode: "group",
      xaxis: { type: "category", automargin: true },
      yaxis: axis("Score", { range: [0, 1.1], tickformat: ".1f" }),
      shapes,
      height: 440,
    }),
  };
}

/** Options of {@link histogramFigure}. */
export interface HistogramFigureOptions extends HistogramOptions {
  readonly color?: string;
  /** Label of the counted things in hover and the y axis (default "rows"). */
  readonly unit?: string;
}

/** A histogram (`histogram`'s result, e.g. a run's `evHistogram`) in the run or in its document. */
export type HistogramLike = Readable<Histogram>;

/**
 * A histogram as bars, one per bin (hover: the bin's range and count), with n, the mean and the
 * number of non-finite values left out as a subtitle. `data` is a precomputed histogram (the run's
 * `evHistogram`), or raw values (exploration in a notebook), which are binned by `histogram` with
 * `options.bins` / `options.maxBins` — the one binning function of the workspace. Throws on no
 * bins, and as `histogram` does on raw values.
 */
export function histogramFigure(data: HistogramLike | ArrayLike<number>, title: string, xTitle: string, options: HistogramFigureOptions = {}): PlotlyFigure {
  const h: HistogramLike = "edges" in data ? data : histogram(data, options);
  const edges = numbers(h.edges);
  const bins = h.counts.length;
  if (bins === 0 || edges.length !== bins + 1) throw new RangeError(`histogramFigure: ${bins} bins need ${bins + 1} edges, got ${edges.length} for ${JSON.stringify(title)}`);
  const unit = options.unit ?? "rows";
  const centers = Array.from({ length: bins }, (_, b) => (edges[b]! + edges[b + 1]!) / 2);
  const width = edges[1]! - edges[0]!;
  const digits = Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(Math.max(Math.abs(edges[0]!), Math.abs(edges[bins]!), 1e-12)))));
  const dropped = h.nonFinite ?? 0;
  const subtitle = `n = ${formatCount(h.n)}, mean ${formatFixed(h.mean, digits + 1)}${dropped > 0 ? `, ${formatCount(dropped)} non-finite left out` : ""}`;
  return {
    data: [
      {
        type: "bar",
        name: plotlyText(xTitle),
        x: centers.map(finite),
        y: toData(h.counts),
        width: width * 0.98,
        marker: { color: options.color ?? "#0072B2" },
        hovertext: centers.map((_, b) => plotlyLines(`[${formatFixed(edges[b]!, digits)}, ${formatFixed(edges[b + 1]!, digits)})`, `${formatCount(h.counts[b]!)} ${unit}`)),
        hoverinfo: "text",
      },
    ],
    layout: layout(title, {
      xaxis: axis(xTitle),
      yaxis: axis(unit.charAt(0).toUpperCase() + unit.slice(1), { rangemode: "tozero" }),
      showlegend: false,
      legend: undefined,
      annotations: [{ text: plotlyText(subtitle), x: 1, y: 1.02, xref: "paper", yref: "paper", xanchor: "right", yanchor: "bottom", showarrow: false, font: { size: 12, color: "#5f6368" } }],
      height: 380,
    }),
  };
}

/**
 * The fields of a profit curve (`profitCurve` result, in the run or its document) that
 * {@link profitFigure} draws: counts, profit and the band (null without one); `maxProfit` (read
 * from the curve at N* when absent) and `level` (the band's legend entry) are optional.
 */
export type ProfitCurveLike = Readable<Pick<ProfitCurve, "count" | "profit" | "lower" | "upper" | "nStar">> & Partial<Readable<Pick<ProfitCurve, "maxProfit" | "level">>>;

/** A reference profit curve for {@link profitFigure}, e.g. targeting by the true probabilities. */
export type ReferenceProfitCurve = { readonly name: string } & Readable<Pick<ProfitCurve, "count" | "profit">>;

/**
 * Realised profit against the number of customers targeted (best-ranked first): the curve with
 * its pointwise bootstrap band when it has one (a legend entry names its level), a marker and
 * dotted vertical line at N* labelled with N* and its profit, a zero line, and an optional
 * reference curve (e.g. the oracle, dashed black). Curves longer than `MAX_CURVE_POINTS` are
 * thinned for drawing (N* is always kept). `moneyLabel` names the money unit on the y axis.
 * Throws when arrays differ in length, are empty, or N* is not on the curve's grid and
 * `maxProfit` is absent.
 */
export function profitFigure(curve: ProfitCurveLike, oracle?: ReferenceProfitCurve | null, options: { readonly title?: string; readonly moneyLabel?: string; readonly name?: string } = {}): PlotlyFigure {
  const n = curve.count.length;
  if (n === 0) throw new RangeError("profitFigure: empty curve");
  for (const [what, v] of [["profit", curve.profit], ["lower", curve.lower], ["upper", curve.upper]] as const) {
    if (v !== null && v.length !== n) throw new RangeError(`profitFigure: ${what} has ${v.length} points, count has ${n}`);
  }
  const moneyLabel = options.moneyLabel ?? "profit";
  const name = options.name ?? "model ranking";
  const color = modelColor(name);
  const count = numbers(curve.count);
  const profit = numbers(curve.profit);
  const nStar = curve.nStar ?? Number.NaN;
  const starIndex = count.indexOf(nStar);
  const starProfit = curve.maxProfit ?? (starIndex >= 0 ? profit[starIndex]! : Number.NaN);
  if (!Number.isFinite(starProfit)) throw new RangeError(`profitFigure: N* = ${curve.nStar} is not on the count grid and maxProfit is absent`);
  const idx = withIndex(downsampleCurve(count, profit), starIndex);
  const x = pick(count, idx);
  const band = curve.lower !== null && curve.upper !== null ? { lower: curve.lower, upper: curve.upper } : null;
  const data: PlotlyTrace[] = [];
  if (band) {
    data.push(...bandTraces(x, pick(band.lower, idx), pick(band.upper, idx), color, "profit"));
    // A legend entry for the band (the band traces themselves are hidden from the legend).
    if (curve.level !== undefined) data.push({ type: "scatter", mode: "lines", name: plotlyText(`${formatLevel(curve.level)} bootstrap band`), x: [null], y: [null], line: { color: fade(color, 0.35), width: 10 }, hoverinfo: "skip" });
  }
  data.push({
    type: "scatter",
    mode: "lines",
    name: plotlyText(name),
    x,
    y: pick(profit, idx),
    line: { color, width: 2 },
    hovertext: Array.from(idx, (i) => plotlyLines(`target top ${formatCount(count[i]!)}`, `${moneyLabel} ${formatCount(profit[i]!)}`, band ? `band ${formatCount(band.lower[i]!)} … ${formatCount(band.upper[i]!)}` : "")),
    hoverinfo: "text",
  });
  if (oracle) {
    if (oracle.count.length !== oracle.profit.length || oracle.count.length === 0) throw new RangeError(`profitFigure: reference curve ${JSON.stringify(oracle.name)} has ${oracle.count.length} counts and ${oracle.profit.length} profits`);
    const o = downsampleCurve(numbers(oracle.count), numbers(oracle.profit));
    data.push({
      type: "scatter",
      mode: "lines",
      name: plotlyText(oracle.name),
      x: pick(oracle.count, o),
      y: pick(oracle.profit, o),
      line: { color: modelColor("oracle"), width: 1.5, dash: "dash" },
      hovertext: Array.from(o, (i) => plotlyLines(oracle.name, `target top ${formatCount(oracle.count[i]!)}`, `${moneyLabel} ${formatCount(oracle.profit[i]!)}`)),
      hoverinfo: "text",
    });
  }
  const star = plotlyText(`N* = ${formatCount(nStar)}, ${moneyLabel} ${formatCount(starProfit)}`);
  data.push({ type: "scatter", mode: "markers", name: plotlyText("N* (best number to target)"), x: [finite(nStar)], y: [finite(starProfit)], marker: { color, size: 11, symbol: "diamond", line: { color: "#ffffff", width: 1 } }, hovertext: [star], hoverinfo: "text" });
  const top = count[n - 1]!;
  return {
    data,
    layout: layout(options.title ?? "Profit by number of customers targeted", {
      xaxis: axis("Customers targeted (highest score first)", { range: [0, top] }),
      yaxis: axis(moneyLabel.charAt(0).toUpperCase() + moneyLabel.slice(1)),
      shapes: [
        { type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: 0, y1: 0, line: { color: GREY, width: 1 } },
        { type: "line", xref: "x", x0: nStar, x1: nStar, yref: "paper", y0: 0, y1: 1, line: { color, width: 1, dash: "dot" } },
      ],
      annotations: [{ text: star, x: nStar, y: starProfit, xref: "x", yref: "y", showarrow: true, arrowhead: 0, ax: 40, ay: -30, xanchor: "left", bgcolor: "rgba(255,255,255,0.85)", font: { size: 12 } }],
      height: 460,
    }),
  };
}

/** `idx` with `extra` inserted in order (when ≥ 0 and not already present). */
function withIndex(idx: Uint32Array, extra: number): Uint32Array {
  if (extra < 0 || idx.includes(extra)) return idx;
  const out = Uint32Array.from([...idx, extra]);
  return out.sort();
}

/** A boosted model's learning curve in one fold (`FoldLearningCurve`), in the run or in its document. */
export type LearningCurveLike = Readable<FoldLearningCurve>;

const STOP_REASONS: Readonly<Record<string, string>> = { earlyStopping: "early stopping", maxIter: "every round used", saturated: "margins saturated" };

/** Why boosting stopped (the gradient boosting's `StopReason`), in words; an unknown reason as given. */
export function stopReasonText(reason: string): string {
  return STOP_REASONS[reason] ?? reason;
}

/**
 * Learning curves of a boosted model, one colour per fold (in fold order): the weighted mean log
 * loss on the fold's training rows (dashed) and on its time-ordered validation tail (solid, when
 * the fold had one) against the number of trees (entry i = the first i trees; 0 = the base score
 * alone), with a diamond and a dotted vertical line at the trees kept (`bestIteration`: the
 * early-stopping point, or every round without a tail); its hover says why boosting stopped.
 * Throws on no curves, an empty training curve, or a validation curve of another length.
 */
export function learningCurveFigure(model: string, curves: readonly LearningCurveLike[]): PlotlyFigure {
  if (curves.length === 0) throw new RangeError(`learningCurveFigure: no learning curves for model ${JSON.stringify(model)}`);
  const data: PlotlyTrace[] = [];
  const shapes: PlotlyShape[] = [];
  curves.forEach((c, k) => {
    const n = c.train.length;
    if (n === 0) throw new RangeError(`learningCurveFigure: fold ${k} of ${JSON.stringify(model)} has an empty training curve`);
    if (c.validation !== null && c.validation.length !== n) throw new RangeError(`learningCurveFigure: fold ${k} of ${JSON.stringify(model)} has ${n} training and ${c.validation.length} validation points`);
    const color = PALETTE[k % PALETTE.length]!;
    const trees = Array.from({ length: n }, (_, i) => i);
    const line = (what: string, y: Nums, dash: "dash" | "solid"): ScatterTrace => ({
      type: "scatter",
      mode: "lines",
      name: plotlyText(`fold ${k} ${what}`),
      legendgroup: `fold-${k}`,
      x: trees,
      y: toData(y),
      line: { color, width: dash === "solid" ? 2 : 1.5, dash },
      hovertemplate: plotlyMarkup("%{x} trees: log loss %{y:.5f}"),
      hoverlabel: { namelength: -1 },
    });
    data.push(line("training", c.train, "dash"));
    if (c.validation !== null) data.push(line("validation", c.validation, "solid"));
    const best = Math.min(c.bestIteration ?? n - 1, n - 1);
    const on = c.validation ?? c.train;
    const kept = `fold ${k}: ${formatCount(best)} trees kept (${stopReasonText(c.stopReason)})`;
    data.push({
      type: "scatter",
      mode: "markers",
      name: plotlyText(kept),
      legendgroup: `fold-${k}`,
      showlegend: false,
      x: [best],
      y: [finite(on[best] ?? null)],
      marker: { color, size: 11, symbol: "diamond", line: { color: "#ffffff", width: 1 } },
      hovertext: [plotlyLines(kept, `${c.validation !== null ? "validation" : "training"} log loss ${formatFixed(on[best] ?? null, 5)}`)],
      hoverinfo: "text",
    });
    shapes.push({ type: "line", xref: "x", x0: best, x1: best, yref: "paper", y0: 0, y1: 1, line: { color, width: 1, dash: "dot" } });
  });
  return {
    data,
    layout: layout(`Learning curves: ${model}, log loss by number of trees (◆ = trees kept)`, {
      xaxis: axis("Trees (boosting rounds)", { rangemode: "tozero" }),
      yaxis: axis("Log loss (weighted mean)"),
      shapes,
      height: 460,
    }),
  };
}

/** One model's explanation summary (`ExplanationSummary`), in the run or in its document. */
export type ExplanationLike = Readable<ExplanationSummary>;

/** The method of an explanation in a few words: "TreeSHAP" or "exact linear contributions". */
export function explanationMethodName(method: ExplanationLike["method"]): string {
  return method === "treeshap" ? "TreeSHAP" : "exact linear contributions";
}

/**
 * Global importance of one explained model: the mean |contribution| to the log-odds of the `top`
 * (default 15) most important features as horizontal bars, the largest on top (the summary lists
 * them in descending order already), each labelled with its value. Throws on no features or a
 * `top` that is not a positive integer.
 */
export function importanceFigure(summary: Readable<Pick<ExplanationSummary, "model" | "method" | "importance">>, options: { readonly top?: number } = {}): PlotlyFigure {
  const top = options.top ?? 15;
  if (!Number.isInteger(top) || top < 1) throw new RangeError(`importanceFigure: top must be a positive integer, got ${top}`);
  if (summary.importance.length === 0) throw new RangeError(`importanceFigure: no features for model ${JSON.stringify(summary.model)}`);
  const rows = summary.importance.slice(0, top);
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: plotlyText(summary.model),
        y: rows.map((r) => plotlyText(r.feature)),
        x: rows.map((r) => finite(r.meanAbsContribution)),
        marker: { color: modelColor(summary.model) },
        text: rows.map((r) => plotlyText(formatFixed(r.meanAbsContribution, 3))),
        textposition: "outside",
        cliponaxis: false,
        hovertext: rows.map((r) => plotlyLines(r.feature, `mean |contribution| ${formatFixed(r.meanAbsContribution, 4)} (log-odds)`)),
        hoverinfo: "text",
      },
    ],
    layout: layout(`Importance: ${summary.model} (${explanationMethodName(summary.method)})`, {
      xaxis: axis("Mean |contribution| to the log-odds", { rangemode: "tozero" }),
      yaxis: { type: "category", autorange: "reversed", automargin: true },
      showlegend: false,
      legend: undefined,
      margin: { l: 64, r: 48, t: 56, b: 56 },
      height: 130 + 26 * rows.length,
    }),
  };
}

/** Colours of feature values in {@link beeswarmFigure}: low (0) blue to high (1) red, as in shap's summary plot; missing values grey. */
const VALUE_SCALE = [[0, "#008BFB"], [1, "#FF0051"]] as const;
const MISSING_VALUE = "#BDBDBD";
/** Bins across the x range in which {@link beeswarmFigure} stacks points. */
const SWARM_BINS = 60;

/**
 * The SHAP summary ("beeswarm") of one explained model: one row per feature (the most important on
 * top), one dot per sampled customer at its contribution to the log-odds, coloured by the
 * feature's value (0 = lowest, 1 = highest: rank among the sample for numbers, level order for
 * categories) on a blue–red scale, grey where the value is missing. Dots are spread vertically
 * without randomness: the x range is cut into 60 bins and the k-th dot of a feature's bin (in
 * sample order) sits ⌈k/2⌉ steps above or below its row, so a row is as tall as it is crowded.
 * Throws on no features or arrays of different lengths.
 */
export function beeswarmFigure(summary: Readable<Pick<ExplanationSummary, "model" | "method" | "beeswarm">>): PlotlyFigure {
  const { features, contribution, colour } = summary.beeswarm;
  const F = features.length;
  if (F === 0) throw new RangeError(`beeswarmFigure: no features for model ${JSON.stringify(summary.model)}`);
  if (contribution.length !== F || colour.length !== F) throw new RangeError(`beeswarmFigure: ${F} features, ${contribution.length} contribution rows and ${colour.length} colour rows must agree`);
  let lo = Infinity;
  let hi = -Infinity;
  contribution.forEach((row, f) => {
    if (row.length !== colour[f]!.length) throw new RangeError(`beeswarmFigure: feature ${JSON.stringify(features[f])} has ${row.length} contributions and ${colour[f]!.length} colours`);
    for (const v of row) if (v !== null && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  });
  const width = hi > lo ? (hi - lo) / SWARM_BINS : 1;
  const bin = (v: number): number => Math.min(SWARM_BINS - 1, Math.floor((v - lo) / width));
  let crowd = 1;
  const counts = contribution.map((row) => {
    const c = new Uint32Array(SWARM_BINS);
    for (const v of row) if (v !== null && Number.isFinite(v)) crowd = Math.max(crowd, ++c[bin(v)]!);
    return c;
  });
  const step = Math.min(0.08, 0.4 / Math.max(1, Math.ceil((crowd - 1) / 2)));
  const data: ScatterTrace[] = [];
  const missing: { x: Datum[]; y: Datum[]; hover: PlotlyText[] } = { x: [], y: [], hover: [] };
  features.forEach((name, f) => {
    const seen = new Uint32Array(counts[f]!.length);
    const x: Datum[] = [];
    const y: Datum[] = [];
    const value: number[] = [];
    contribution[f]!.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const k = seen[bin(v)]++;
      const row = toDrawingPrecision(f + (k % 2 === 1 ? -1 : 1) * Math.ceil(k / 2) * step);
      const c = colour[f]![i] ?? null;
      if (c === null || !Number.isFinite(c)) {
        missing.x.push(finite(v));
        missing.y.push(row);
        missing.hover.push(plotlyLines(name, `contribution ${formatFixed(v, 3)}`, "value missing"));
      } else {
        x.push(finite(v));
        y.push(row);
        value.push(c);
      }
    });
    data.push({
      type: "scatter",
      mode: "markers",
      name: plotlyText(name),
      showlegend: false,
      x,
      y,
      customdata: value,
      marker: {
        color: value,
        colorscale: VALUE_SCALE,
        cmin: 0,
        cmax: 1,
        size: 5,
        opacity: 0.85,
        ...(f === 0 ? { showscale: true, colorbar: { title: { text: plotlyText("feature value"), side: "right" }, tickvals: [0, 1], ticktext: [plotlyText("low"), plotlyText("high")], thickness: 12, len: 0.6, outlinewidth: 0 } } : {}),
      },
      hovertemplate: plotlyMarkup("contribution %{x:.3f}<br>value %{customdata:.2f} (0 = lowest, 1 = highest)"),
      hoverlabel: { namelength: -1 },
    });
  });
  if (missing.x.length > 0) data.push({ type: "scatter", mode: "markers", name: plotlyText("value missing"), x: missing.x, y: missing.y, marker: { color: MISSING_VALUE, size: 5, opacity: 0.85 }, hovertext: missing.hover, hoverinfo: "text" });
  const what = summary.method === "treeshap" ? "SHAP values" : "Linear contributions";
  return {
    data,
    layout: layout(`${what} per customer: ${summary.model}`, {
      xaxis: axis(`Contribution to the log-odds (${explanationMethodName(summary.method)})`),
      yaxis: { tickmode: "array", tickvals: features.map((_, f) => f), ticktext: features.map((name) => plotlyText(name)), range: [F - 0.5, -0.5], automargin: true, zeroline: false, gridcolor: "#e5e7eb" },
      shapes: [{ type: "line", xref: "x", x0: 0, x1: 0, yref: "paper", y0: 0, y1: 1, line: { color: GREY, width: 1 } }],
      showlegend: missing.x.length > 0,
      height: 150 + 40 * F,
    }),
  };
}

/** One customer's waterfall (`Waterfall`), in the run or in its document. */
export type WaterfallLike = Readable<Waterfall>;

/**
 * One customer's score as a waterfall in log-odds, top to bottom: the base (the model's expected
 * log-odds), one horizontal bar per step from the running total (red raises the score, blue
 * lowers it; the last step may sum the "other features"), and the score (the margin; base + Σ
 * steps), each labelled; the customer's probability σ(margin), before calibration, in the title.
 * Throws on no steps.
 */
export function waterfallFigure(w: WaterfallLike): PlotlyFigure {
  const S = w.steps.length;
  if (S === 0) throw new RangeError(`waterfallFigure: no steps for customer ${JSON.stringify(w.customerId)}`);
  const start: number[] = [];
  let total = w.base ?? Number.NaN;
  for (const s of w.steps) {
    start.push(total);
    total += s.contribution ?? Number.NaN;
  }
  const label = (s: WaterfallLike["steps"][number], i: number): string => (i === S - 1 && s.feature === OTHER_FEATURES ? s.feature : `${s.feature} = ${formatFeatureValue(s.value)}`);
  const signed = (v: Num): string => `${v !== null && v >= 0 ? "+" : ""}${formatFixed(v, 2)}`;
  const rows = Array.from({ length: S + 2 }, (_, i) => i);
  const ends = (what: string, y: number, x: Num, symbol: "diamond" | "square"): ScatterTrace => ({
    type: "scatter",
    mode: "markers",
    name: plotlyText(what),
    x: [finite(x)],
    y: [y],
    marker: { color: "#000000", size: 11, symbol },
    hovertext: [plotlyLines(what, `log-odds ${formatFixed(x, 3)}`)],
    hoverinfo: "text",
  });
  return {
    data: [
      {
        type: "bar",
        orientation: "h",
        name: plotlyText("contribution"),
        showlegend: false,
        y: rows.slice(1, S + 1),
        x: w.steps.map((s) => finite(s.contribution)),
        base: start.map(finite),
        width: 0.7,
        marker: { color: w.steps.map((s) => ((s.contribution ?? 0) >= 0 ? "#D55E00" : "#0072B2")) },
        text: w.steps.map((s) => plotlyText(signed(s.contribution))),
        textposition: "outside",
        cliponaxis: false,
        hovertext: w.steps.map((s, i) => plotlyLines(label(s, i), `contribution ${signed(s.contribution)} log-odds`)),
        hoverinfo: "text",
      },
      ends("base (expected log-odds)", 0, w.base, "diamond"),
      ends("score (log-odds)", S + 1, w.margin, "square"),
    ],
    layout: layout(`Why customer ${w.customerId} scores ${formatPercent(w.probability, 1)} (${w.model}, before calibration)`, {
      xaxis: axis("Log-odds of churn in the month"),
      yaxis: { tickmode: "array", tickvals: rows, ticktext: [plotlyText("base"), ...w.steps.map((s, i) => plotlyText(label(s, i))), plotlyText("score")], range: [S + 1.5, -0.5], automargin: true, zeroline: false, showgrid: false },
      shapes: [w.base, w.margin].map((x): PlotlyShape => ({ type: "line", xref: "x", x0: x ?? Number.NaN, x1: x ?? Number.NaN, yref: "paper", y0: 0, y1: 1, line: { color: GREY, width: 1, dash: "dot" } })),
      showlegend: false,
      legend: undefined,
      height: 170 + 34 * S,
    }),
  };
}
