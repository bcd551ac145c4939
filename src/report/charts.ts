/**
 * Pure functions from the pipeline's results to Plotly figures for the HTML report: ROC and PR
 * curves with bootstrap bands, reliability diagrams, the fold (Gantt) diagram, the label
 * timeline, the leakage ladder, histograms and the profit curve. Every data string is escaped
 * for Plotly ({@link plotlyText}); each model keeps one colour across figures ({@link modelColor});
 * long curves are thinned to at most {@link MAX_CURVE_POINTS} points ({@link downsampleCurve}).
 */
import type { PrBand, RocBand } from "../evaluation/curveBands.js";
import type { FoldRow } from "../evaluation/foldTable.js";
import { precisionRecallCurve, averagePrecision } from "../evaluation/precisionRecall.js";
import { rocAuc, rocCurve } from "../evaluation/rocAuc.js";
import type { PanelCounts } from "../panel/panel.js";
import type { LadderRung } from "../evaluation/leakageLadder.js";
import {
  plotlyLines,
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

/**
 * Most points a curve trace carries: enough for a smooth line at report width, small enough
 * that a report with a dozen curves stays light (about 10 KB of JSON per curve).
 */
export const MAX_CURVE_POINTS = 500;

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

/**
 * Indices of at most `maxPoints` (≥ 3) points of the polyline (x[i], y[i]) that keep its shape:
 * the first and last points always, and interior points spaced at least L/(maxPoints − 2) apart
 * in arc length, where L is the polyline's length with each axis scaled to its own range (so a
 * steep ROC start keeps its points). All indices when the curve is short enough. O(n).
 */
export function downsampleCurve(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number = MAX_CURVE_POINTS): Uint32Array {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`downsampleCurve: x and y lengths differ (x ${n}, y ${y.length})`);
  if (!Number.isInteger(maxPoints) || maxPoints < 3) throw new RangeError(`downsampleCurve: maxPoints must be an integer >= 3, got ${maxPoints}`);
  if (n === 0) throw new RangeError("downsampleCurve: empty input");
  if (n <= maxPoints) return Uint32Array.from({ length: n }, (_, i) => i);
  const spanX = range(x) || 1;
  const spanY = range(y) || 1;
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const dx = (x[i]! - x[i - 1]!) / spanX;
    const dy = (y[i]! - y[i - 1]!) / spanY;
    const d = Math.hypot(dx, dy);
    cum[i] = cum[i - 1]! + (Number.isFinite(d) ? d : 0);
  }
  const step = cum[n - 1]! / (maxPoints - 2);
  const keep: number[] = [0];
  let next = step;
  for (let i = 1; i < n - 1; i++) {
    if (step > 0 && cum[i]! >= next) {
      keep.push(i);
      next = cum[i]! + step;
    }
  }
  keep.push(n - 1);
  return Uint32Array.from(keep);
}

function range(v: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const a = v[i]!;
    if (!Number.isFinite(a)) continue;
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  return hi > lo ? hi - lo : 0;
}

/** `v` at the given indices as a plain array, rounded by {@link finite}. */
function pick(v: ArrayLike<number>, index: ArrayLike<number>): Datum[] {
  const out: Datum[] = new Array<Datum>(index.length);
  for (let k = 0; k < index.length; k++) out[k] = finite(v[index[k]!]!);
  return out;
}

function toData(v: ArrayLike<number>): Datum[] {
  return Array.from(v, finite);
}

/**
 * A plotted coordinate: rounded to 6 significant digits (far below a pixel, and half the JSON of
 * full doubles); NaN and ±Infinity as null (a gap; JSON has no such numbers).
 */
function finite(a: number): Datum {
  return Number.isFinite(a) ? Number(a.toPrecision(6)) : null;
}

function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "n/a";
}

/** Money (or any large amount) rounded to a whole number with thousands separators. */
function money(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "n/a";
}

function count(v: number): string {
  return Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "n/a";
}

function axis(title: string, extra: PlotlyAxis = {}): PlotlyAxis {
  return { title: { text: plotlyText(title) }, automargin: true, zeroline: false, ...(extra.showgrid === false ? {} : { gridcolor: "#e5e7eb" }), ...extra };
}

function layout(title: string, extra: PlotlyLayout): PlotlyLayout {
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

/** One model's predictions for {@link rocFigure}; `band` from `rocBand` on the same rows. */
export interface RocModel {
  readonly name: string;
  readonly y: Uint8Array;
  readonly p: Float64Array;
  readonly band?: RocBand;
}

/**
 * ROC curves of several models on one chart: per model the exact `rocCurve` (thinned to
 * ≤ {@link MAX_CURVE_POINTS} points, hover: FPR, TPR, threshold) named with its ROC-AUC, its
 * pointwise bootstrap band when given (shaded, labelled with its level), and the chance diagonal.
 * Axes 0–1, not forced square, so the chart fills the report's width. Throws on no models and on
 * invalid predictions (as `rocCurve` does).
 */
export function rocFigure(models: readonly RocModel[], options: { readonly title?: string } = {}): PlotlyFigure {
  if (models.length === 0) throw new RangeError("rocFigure: no models");
  const data: PlotlyTrace[] = [];
  let bandLevel: number | null = null;
  models.forEach((m, k) => {
    const group = `model-${k}`;
    const color = modelColor(m.name);
    const curve = rocCurve(m.y, m.p);
    const auc = rocAuc(m.y, m.p);
    if (m.band) {
      bandLevel = m.band.level;
      data.push(...bandTraces(toData(m.band.fpr), toData(m.band.lower), toData(m.band.upper), color, group));
    }
    const idx = downsampleCurve(curve.fpr, curve.tpr);
    const hover = Array.from(idx, (i) => plotlyLines(`FPR ${fmt(curve.fpr[i]!, 3)}, TPR ${fmt(curve.tpr[i]!, 3)}`, i === 0 ? "nothing flagged" : `flag score ≥ ${fmt(curve.thresholds[i]!, 4)}`));
    data.push({
      type: "scatter",
      mode: "lines",
      name: plotlyText(`${m.name} (ROC-AUC ${fmt(auc, 3)})`),
      legendgroup: group,
      x: pick(curve.fpr, idx),
      y: pick(curve.tpr, idx),
      line: { color, width: 2 },
      hovertext: hover,
      hoverinfo: "text+name",
      hoverlabel: { namelength: -1 },
    });
  });
  data.push({ type: "scatter", mode: "lines", name: plotlyText("chance"), x: [0, 1], y: [0, 1], line: { color: GREY, width: 1, dash: "dash" }, hoverinfo: "skip" });
  const title = options.title ?? `ROC curves${bandLevel === null ? "" : ` with ${Math.round(bandLevel * 100)}% bootstrap bands`}`;
  return {
    data,
    layout: layout(title, {
      xaxis: axis("False-positive rate (share of non-churners flagged)", { range: [0, 1], tickformat: ".1f" }),
      yaxis: axis("True-positive rate (share of churners caught)", { range: [0, 1.02], tickformat: ".1f" }),
      height: 520,
    }),
  };
}

/** One model's predictions for {@link prFigure}; `band` from `prBand` on the same rows. */
export interface PrModel {
  readonly name: string;
  readonly y: Uint8Array;
  readonly p: Float64Array;
  readonly band?: PrBand;
}

/**
 * Precision–recall curves: per model the interpolated precision (best precision at recall ≥ r,
 * the quantity `prBand` bands) at every threshold of `precisionRecallCurve` (thinned to
 * ≤ {@link MAX_CURVE_POINTS}), named with its average precision (the step-wise, non-interpolated
 * PR-AUC), its bootstrap band when given, and the base rate (precision of flagging everyone) as a
 * dotted line. Throws on no models and on invalid predictions.
 */
export function prFigure(models: readonly PrModel[], options: { readonly title?: string } = {}): PlotlyFigure {
  if (models.length === 0) throw new RangeError("prFigure: no models");
  const data: PlotlyTrace[] = [];
  const baseRates = new Map<string, number>();
  let bandLevel: number | null = null;
  models.forEach((m, mi) => {
    const group = `model-${mi}`;
    const color = modelColor(m.name);
    const curve = precisionRecallCurve(m.y, m.p);
    const ap = averagePrecision(m.y, m.p);
    if (m.band) {
      bandLevel = m.band.level;
      data.push(...bandTraces(toData(m.band.recall), toData(m.band.lower), toData(m.band.upper), color, group));
    }
    // Thresholds by increasing score = recall non-increasing; drop the appended (0, 1) point,
    // reverse to increasing recall, and take the running max of precision from the high-recall end.
    const k = curve.thresholds.length;
    const recall = new Float64Array(k);
    const precision = new Float64Array(k);
    const threshold = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      recall[i] = curve.recall[k - 1 - i]!;
      precision[i] = curve.precision[k - 1 - i]!;
      threshold[i] = curve.thresholds[k - 1 - i]!;
    }
    for (let i = k - 2; i >= 0; i--) if (precision[i + 1]! > precision[i]!) precision[i] = precision[i + 1]!;
    // Thresholds with equal recall share one interpolated value (the first one's, which already
    // covers all of them): keep only the first point of each recall value.
    const first: number[] = [];
    for (let i = 0; i < k; i++) if (i === 0 || recall[i] !== recall[i - 1]) first.push(i);
    const r = Float64Array.from(first, (i) => recall[i]!);
    const pr = Float64Array.from(first, (i) => precision[i]!);
    const th = Float64Array.from(first, (i) => threshold[i]!);
    const idx = downsampleCurve(r, pr);
    const hover = Array.from(idx, (i) => plotlyLines(`recall ${fmt(r[i]!, 3)}, precision ${fmt(pr[i]!, 3)}`, `flag score ≥ ${fmt(th[i]!, 4)}`));
    data.push({
      type: "scatter",
      mode: "lines",
      name: plotlyText(`${m.name} (AP ${fmt(ap, 3)})`),
      legendgroup: group,
      x: pick(r, idx),
      y: pick(pr, idx),
      line: { color, width: 2, shape: "hv" },
      hovertext: hover,
      hoverinfo: "text+name",
      hoverlabel: { namelength: -1 },
    });
    let positives = 0;
    for (let i = 0; i < m.y.length; i++) positives += m.y[i]!;
    baseRates.set(m.name, positives / m.y.length);
  });
  const distinct = [...new Set(baseRates.values())];
  for (const [name, rate] of baseRates) {
    if (distinct.length === 1 && name !== models[0]!.name) continue;
    const label = distinct.length === 1 ? `base rate ${fmt(rate, 3)}` : `${name} base rate ${fmt(rate, 3)}`;
    data.push({
      type: "scatter",
      mode: "lines",
      name: plotlyText(label),
      x: [0, 1],
      y: [rate, rate],
      line: { color: distinct.length === 1 ? GREY : modelColor(name), width: 1, dash: "dot" },
      hovertext: plotlyText(label),
      hoverinfo: "text",
    });
  }
  const title = options.title ?? `Precision–recall curves${bandLevel === null ? "" : ` with ${Math.round(bandLevel * 100)}% bootstrap bands`}`;
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
export interface ReliabilityPoints {
  readonly meanPredicted: readonly number[];
  readonly observedRate: readonly number[];
  readonly count: readonly number[];
}

/**
 * Reliability diagram of one model: observed churn rate against mean predicted probability per
 * bin, uncalibrated (dashed, open markers) and calibrated (solid), marker diameter 6–16 px growing with √(rows in the bin),
 * with the diagonal of perfect calibration. Both axes span 0 to a little above the largest value
 * shown (the same range on both, so the diagonal runs corner to corner), so low monthly rates
 * are not squashed into a corner. Throws when a series' arrays differ in length or both series
 * are empty.
 */
export function reliabilityFigure(model: string, raw: ReliabilityPoints, calibrated: ReliabilityPoints | null): PlotlyFigure {
  const series: [string, ReliabilityPoints, boolean][] = [["uncalibrated", raw, false]];
  if (calibrated) series.push(["calibrated", calibrated, true]);
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
      x: s.meanPredicted.map(finite),
      y: s.observedRate.map(finite),
      line: { color, width: solid ? 2 : 1.5, dash: solid ? "solid" : "dash" },
      marker: {
        color: solid ? color : "#ffffff",
        size: s.count.map((c) => 6 + 10 * Math.sqrt(maxCount > 0 ? c / maxCount : 0)),
        line: { color, width: 1.5 },
      },
      hovertext: s.count.map((c, i) => plotlyLines(`${model}, ${label}`, `mean predicted ${fmt(s.meanPredicted[i]!, 4)}`, `observed rate ${fmt(s.observedRate[i]!, 4)}`, `${count(c)} rows`)),
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
export function foldDiagram(table: readonly FoldRow[], periods: number): PlotlyFigure {
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
  const rate = (v: number | null): string => (v === null ? "n/a" : `${(100 * v).toFixed(2)}%`);
  const months = (m: readonly [number, number]): string => (m[0] === m[1] ? `month ${m[0]}` : `months ${m[0]}–${m[1]}`);
  const train: { label: PlotlyText; start: number; end: number; hover: PlotlyText }[] = [];
  const gap: typeof train = [];
  const test: typeof train = [];
  let overlapping = false;
  table.forEach((r, k) => {
    const label = labels[k]!;
    if (r.trainMonths) {
      train.push({ label, start: r.trainMonths[0], end: r.trainMonths[1] + 1, hover: plotlyLines(`fold ${r.index} training: ${months(r.trainMonths)}`, `${count(r.trainRows)} rows, ${count(r.trainPositives)} positives (${rate(r.trainPositiveRate)})`, r.droppedForCustomer > 0 ? `${count(r.droppedForCustomer)} rows dropped (customer in test)` : "") });
    }
    if (r.testMonths) {
      test.push({ label, start: r.testMonths[0], end: r.testMonths[1] + 1, hover: plotlyLines(`fold ${r.index} test: ${months(r.testMonths)}`, `${count(r.testRows)} rows, ${count(r.testPositives)} positives (${rate(r.testPositiveRate)})`) });
    }
    if (r.trainMonths && r.testMonths) {
      if (r.testMonths[0] > r.trainMonths[1] + 1) {
        const g = r.testMonths[0] - r.trainMonths[1] - 1;
        gap.push({ label, start: r.trainMonths[1] + 1, end: r.testMonths[0], hover: plotlyText(`fold ${r.index} gap: ${g} month${g === 1 ? "" : "s"} between training and test`) });
      }
      if (r.testMonths[0] <= r.trainMonths[1]) overlapping = true;
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
export function labelTimeline(byPeriod: PanelCounts["byPeriod"]): PlotlyFigure {
  const n = byPeriod.rows.length;
  if (n === 0) throw new RangeError("labelTimeline: no periods");
  for (const [what, v] of [["labelled", byPeriod.labelled], ["positives", byPeriod.positives], ["censored", byPeriod.censored]] as const) {
    if (v.length !== n) throw new RangeError(`labelTimeline: ${what} has ${v.length} periods, rows has ${n}`);
  }
  const months = Array.from({ length: n }, (_, t) => t);
  const hover = months.map((t) => {
    const labelled = byPeriod.labelled[t]!;
    const positives = byPeriod.positives[t]!;
    return plotlyLines(
      `month ${t}`,
      `${count(byPeriod.rows[t]!)} active rows, ${count(labelled)} labelled, ${count(byPeriod.censored[t]!)} censored`,
      `${count(positives)} positives (${labelled > 0 ? `${((100 * positives) / labelled).toFixed(2)}% of labelled` : "no labelled rows"})`,
    );
  });
  return {
    data: [
      { type: "bar", name: plotlyText("active rows"), x: months, y: Array.from(byPeriod.rows), marker: { color: "#BFD7EA" }, hovertext: hover, hoverinfo: "text" },
      { type: "bar", name: plotlyText("censored rows"), x: months, y: Array.from(byPeriod.censored), marker: { color: "#9E9E9E" }, hovertext: hover, hoverinfo: "text" },
      { type: "scatter", mode: "lines+markers", name: plotlyText("positives (right axis)"), x: months, y: Array.from(byPeriod.positives), yaxis: "y2", line: { color: "#D55E00", width: 2 }, marker: { size: 5 }, hovertext: hover, hoverinfo: "text" },
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
 * (chance) and, when given, a dashed line at the ROC-AUC of the true hazard (the ceiling on
 * synthetic data), both named in the legend. Throws on no rungs.
 */
export function ladderFigure(rungs: readonly LadderRung[], truthAuc?: number | null): PlotlyFigure {
  if (rungs.length === 0) throw new RangeError("ladderFigure: no rungs");
  const x = rungs.map((r) => plotlyText(r.name));
  const hover = (metric: string, pick: (r: LadderRung) => number): PlotlyText[] =>
    rungs.map((r) => plotlyLines(r.name, `${metric} ${fmt(pick(r), 3)}`, ...wrap(r.description, 60)));
  const chance: PlotlyLine = { color: GREY, width: 1, dash: "dot" };
  const truth: PlotlyLine = { color: "#000000", width: 1.5, dash: "dash" };
  const shapes: PlotlyShape[] = [{ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: 0.5, y1: 0.5, line: chance }];
  // Reference lines are shapes (they span the category axis); empty line traces give them legend entries.
  const legendOnly = (label: string, line: PlotlyLine): ScatterTrace => ({ type: "scatter", mode: "lines", name: plotlyText(label), x: [null], y: [null], line, hoverinfo: "skip" });
  const references: ScatterTrace[] = [legendOnly("chance (ROC-AUC 0.5)", chance)];
  if (truthAuc !== undefined && truthAuc !== null && Number.isFinite(truthAuc)) {
    shapes.push({ type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: truthAuc, y1: truthAuc, line: truth });
    references.push(legendOnly(`true hazard (ROC-AUC ${fmt(truthAuc, 3)})`, truth));
  }
  const bars = (name: string, color: string, values: number[]): BarTrace => ({
    type: "bar",
    name: plotlyText(name),
    x,
    y: values.map(finite),
    marker: { color },
    text: values.map((v) => plotlyText(fmt(v, 3))),
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
export interface HistogramOptions {
  /** Number of bins; default: the Freedman–Diaconis rule, clamped to 1 … `maxBins`. */
  readonly bins?: number;
  /** Upper bound on the default bin count (default 100). */
  readonly maxBins?: number;
  readonly color?: string;
  /** Label of the counted things in hover and the y axis (default "rows"). */
  readonly unit?: string;
}

/**
 * Histogram of `values` (e.g. expected values per customer), binned here so the figure carries
 * one bar per bin instead of every value: equal-width bins over [min, max], by default as many as
 * the Freedman–Diaconis rule (width 2·IQR·n^(−1/3), Freedman & Diaconis 1981) gives, clamped to
 * 1 … maxBins (√n bins when the IQR is 0). Non-finite values are left out and counted in the
 * subtitle, with n and the mean. Throws when no value is finite or an option is invalid.
 */
export function histogramFigure(values: ArrayLike<number>, title: string, xTitle: string, options: HistogramOptions = {}): PlotlyFigure {
  const maxBins = options.maxBins ?? 100;
  if (!Number.isInteger(maxBins) || maxBins < 1) throw new RangeError(`histogramFigure: maxBins must be a positive integer, got ${maxBins}`);
  const finiteValues: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finiteValues.push(values[i]!);
  const n = finiteValues.length;
  if (n === 0) throw new RangeError(`histogramFigure: no finite values among ${values.length} for ${JSON.stringify(title)}`);
  const sorted = Float64Array.from(finiteValues).sort();
  const lo = sorted[0]!;
  const hi = sorted[n - 1]!;
  let bins = options.bins;
  if (bins !== undefined && (!Number.isInteger(bins) || bins < 1)) throw new RangeError(`histogramFigure: bins must be a positive integer, got ${bins}`);
  if (bins === undefined) {
    const iqr = sorted[Math.floor(0.75 * (n - 1))]! - sorted[Math.floor(0.25 * (n - 1))]!;
    const width = (2 * iqr) / Math.cbrt(n);
    bins = hi > lo ? (width > 0 ? Math.ceil((hi - lo) / width) : Math.ceil(Math.sqrt(n))) : 1;
    bins = Math.min(maxBins, Math.max(1, bins));
  }
  const start = hi > lo ? lo : lo - 0.5;
  const width = hi > lo ? (hi - lo) / bins : 1 / bins;
  const counts = new Float64Array(bins);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    sum += v;
    counts[Math.min(bins - 1, Math.floor((v - start) / width))]++;
  }
  const unit = options.unit ?? "rows";
  const centers = Array.from({ length: bins }, (_, b) => start + (b + 0.5) * width);
  const digits = Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(Math.max(Math.abs(lo), Math.abs(hi), 1e-12)))));
  const dropped = values.length - n;
  const subtitle = `n = ${count(n)}, mean ${fmt(sum / n, digits + 1)}${dropped > 0 ? `, ${count(dropped)} non-finite left out` : ""}`;
  return {
    data: [
      {
        type: "bar",
        name: plotlyText(xTitle),
        x: centers,
        y: Array.from(counts),
        width: width * 0.98,
        marker: { color: options.color ?? "#0072B2" },
        hovertext: centers.map((c, b) => plotlyLines(`[${fmt(c - width / 2, digits)}, ${fmt(c + width / 2, digits)})`, `${count(counts[b]!)} ${unit}`)),
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

/** The fields of a profit curve (`profitCurve` result) that {@link profitFigure} draws. */
export interface ProfitCurveLike {
  /** Targeted counts N, ascending. */
  readonly count: ArrayLike<number>;
  readonly profit: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  /** The profit-maximising N*. */
  readonly nStar: number;
  /** Profit at N*; read from the curve at N* when absent. */
  readonly maxProfit?: number;
  /** Coverage of the band (for its legend entry). */
  readonly level?: number;
}

/** A reference profit curve for {@link profitFigure}, e.g. targeting by the true probabilities. */
export interface ReferenceProfitCurve {
  readonly name: string;
  readonly count: ArrayLike<number>;
  readonly profit: ArrayLike<number>;
}

/**
 * Realised profit against the number of customers targeted (best-ranked first): the curve with
 * its pointwise bootstrap band, a marker and dotted vertical line at N* labelled with N* and its
 * profit, a zero line, and an optional reference curve (e.g. the oracle, dashed black). Curves
 * are thinned to ≤ {@link MAX_CURVE_POINTS} points (N* is always kept). `moneyLabel` names the
 * money unit on the y axis. Throws when arrays differ in length, are empty, or N* is not on the
 * curve's grid and `maxProfit` is absent.
 */
export function profitFigure(curve: ProfitCurveLike, oracle?: ReferenceProfitCurve | null, options: { readonly title?: string; readonly moneyLabel?: string; readonly name?: string } = {}): PlotlyFigure {
  const n = curve.count.length;
  if (n === 0) throw new RangeError("profitFigure: empty curve");
  for (const [what, v] of [["profit", curve.profit], ["lower", curve.lower], ["upper", curve.upper]] as const) {
    if (v.length !== n) throw new RangeError(`profitFigure: ${what} has ${v.length} points, count has ${n}`);
  }
  const moneyLabel = options.moneyLabel ?? "profit";
  const name = options.name ?? "model ranking";
  const color = modelColor(name);
  let starIndex = -1;
  for (let i = 0; i < n; i++) if (curve.count[i] === curve.nStar) starIndex = i;
  const starProfit = curve.maxProfit ?? (starIndex >= 0 ? curve.profit[starIndex]! : NaN);
  if (!Number.isFinite(starProfit)) throw new RangeError(`profitFigure: N* = ${curve.nStar} is not on the count grid and maxProfit is absent`);
  const idx = withIndex(downsampleCurve(curve.count, curve.profit), starIndex);
  const x = pick(curve.count, idx);
  const data: PlotlyTrace[] = [];
  const level = curve.level;
  data.push(...bandTraces(x, pick(curve.lower, idx), pick(curve.upper, idx), color, "profit"));
  if (level !== undefined) {
    // A legend entry for the band (the band traces themselves are hidden from the legend).
    data.push({ type: "scatter", mode: "lines", name: plotlyText(`${Math.round(level * 100)}% bootstrap band`), x: [null], y: [null], line: { color: fade(color, 0.35), width: 10 }, hoverinfo: "skip" });
  }
  data.push({
    type: "scatter",
    mode: "lines",
    name: plotlyText(name),
    x,
    y: pick(curve.profit, idx),
    line: { color, width: 2 },
    hovertext: Array.from(idx, (i) => plotlyLines(`target top ${count(curve.count[i]!)}`, `${moneyLabel} ${money(curve.profit[i]!)}`, `band ${money(curve.lower[i]!)} … ${money(curve.upper[i]!)}`)),
    hoverinfo: "text",
  });
  if (oracle) {
    if (oracle.count.length !== oracle.profit.length || oracle.count.length === 0) throw new RangeError(`profitFigure: reference curve ${JSON.stringify(oracle.name)} has ${oracle.count.length} counts and ${oracle.profit.length} profits`);
    const o = downsampleCurve(oracle.count, oracle.profit);
    data.push({
      type: "scatter",
      mode: "lines",
      name: plotlyText(oracle.name),
      x: pick(oracle.count, o),
      y: pick(oracle.profit, o),
      line: { color: modelColor("oracle"), width: 1.5, dash: "dash" },
      hovertext: Array.from(o, (i) => plotlyLines(oracle.name, `target top ${count(oracle.count[i]!)}`, `${moneyLabel} ${money(oracle.profit[i]!)}`)),
      hoverinfo: "text",
    });
  }
  const star = plotlyText(`N* = ${count(curve.nStar)}, ${moneyLabel} ${money(starProfit)}`);
  data.push({ type: "scatter", mode: "markers", name: plotlyText("N* (best number to target)"), x: [curve.nStar], y: [finite(starProfit)], marker: { color, size: 11, symbol: "diamond", line: { color: "#ffffff", width: 1 } }, hovertext: [star], hoverinfo: "text" });
  const top = curve.count[n - 1]!;
  return {
    data,
    layout: layout(options.title ?? "Profit by number of customers targeted", {
      xaxis: axis("Customers targeted (highest score first)", { range: [0, top] }),
      yaxis: axis(moneyLabel.charAt(0).toUpperCase() + moneyLabel.slice(1)),
      shapes: [
        { type: "line", xref: "paper", x0: 0, x1: 1, yref: "y", y0: 0, y1: 0, line: { color: GREY, width: 1 } },
        { type: "line", xref: "x", x0: curve.nStar, x1: curve.nStar, yref: "paper", y0: 0, y1: 1, line: { color, width: 1, dash: "dot" } },
      ],
      annotations: [{ text: star, x: curve.nStar, y: starProfit, xref: "x", yref: "y", showarrow: true, arrowhead: 0, ax: 40, ay: -30, xanchor: "left", bgcolor: "rgba(255,255,255,0.85)", font: { size: 12 } }],
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
