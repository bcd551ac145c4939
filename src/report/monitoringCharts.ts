/**
 * The monitoring charts: the drift heat map (feature × month), CBPE's estimated ROC-AUC against
 * the realised one, and the score distribution over time against the realised churn rate.
 */
import type { MonthlyDrift } from "../monitoring/monthlyDrift.js";
import type { MonthPerformance } from "../monitoring/monthlyPerformance.js";
import type { Readable } from "../pipeline/metricsDocument.js";
import { formatFixed, formatPercent } from "../util/format.js";
import { axis, finite, layout, type Num } from "./charts.js";
import { plotlyLines, plotlyText, type PlotlyFigure, type ScatterTrace } from "./plotly.js";

/** Drift of each feature-month as its statistic over its threshold: ≥ 1 means drifted (for p-value tests, α over p). */
function severity(statistic: Num, threshold: Num, method: string): number | null {
  if (statistic === null || threshold === null || !Number.isFinite(statistic) || !Number.isFinite(threshold)) return null;
  return method === "ks" || method === "chi-square" || method === "z" ? null : threshold > 0 ? statistic / threshold : null;
}

/**
 * The drift heat map: one row per feature, one column per monitored month, coloured by the test's
 * statistic over its threshold on a log scale clipped to [1/8, 8] (white at 1: the drift line),
 * hover with the method, statistic, threshold and verdict. Throws on no months or features.
 */
export function driftHeatmapFigure(drift: Readable<MonthlyDrift>): PlotlyFigure {
  const T = drift.months.length;
  const F = drift.features.length;
  if (T === 0 || F === 0) throw new RangeError("driftHeatmapFigure: no months or no features");
  const z: (number | null)[][] = [];
  const text: ReturnType<typeof plotlyText>[][] = [];
  for (let f = 0; f < F; f++) {
    const row: (number | null)[] = [];
    const hover: ReturnType<typeof plotlyText>[] = [];
    for (let m = 0; m < T; m++) {
      const k = f * T + m;
      const ratio = severity(drift.statistic[k] ?? null, drift.threshold[k] ?? null, drift.methods[f] ?? "");
      row.push(ratio === null ? (drift.drifted[k] ? 3 : -3) : Math.max(-3, Math.min(3, Math.log2(Math.max(ratio, 1e-9)))));
      hover.push(plotlyLines(`${drift.features[f]!.name}, month ${drift.months[m]}`, `${drift.methods[f]} ${formatFixed(drift.statistic[k] ?? null, 4)} (threshold ${formatFixed(drift.threshold[k] ?? null, 4)})`, drift.drifted[k] ? "drifted" : "no drift"));
    }
    z.push(row);
    text.push(hover);
  }
  return {
    data: [
      {
        type: "heatmap",
        x: drift.months.map((t) => finite(t)),
        y: drift.features.map((f) => plotlyText(f.name)),
        z,
        text,
        hoverinfo: "text",
        zmin: -3,
        zmax: 3,
        // Below the threshold: white to pale blue; at and above it: orange to dark red, a visible break at 1.
        colorscale: [[0, "#ffffff"], [0.5, "#9ecae1"], [0.5001, "#fc9272"], [1, "#99000d"]],
        colorbar: { title: { text: plotlyText("statistic / threshold"), side: "right" }, tickvals: [-3, -2, -1, 0, 1, 2, 3], ticktext: ["1/8", "1/4", "1/2", "1", "2", "4", "8"].map(plotlyText), thickness: 14 },
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: layout("Feature drift by month (red: drifted, the statistic above its threshold; blue: below it)", {
      xaxis: axis("Calendar month", { type: "linear", dtick: 2 }),
      yaxis: { automargin: true, type: "category", autorange: "reversed" },
      height: Math.max(420, 16 * F + 140),
      margin: { l: 170, r: 24, t: 56, b: 56 },
      // No legend: plotly.js 4.1 fails on legend attributes in a figure whose only trace is a heat map.
      legend: undefined,
      showlegend: false,
    }),
  };
}

/** Estimated (CBPE, from calibrated probabilities alone) and realised ROC-AUC per month, with the mean absolute gap in the title. */
export function performanceFigure(performance: readonly Readable<MonthPerformance>[], meanAbsError: Num): PlotlyFigure {
  if (performance.length === 0) throw new RangeError("performanceFigure: no months");
  const x = performance.map((p) => finite(p.month));
  const line = (name: string, y: Num[], color: string, dash: "solid" | "dash"): ScatterTrace => ({ type: "scatter", mode: "lines+markers", name: plotlyText(name), x, y: y.map(finite), line: { color, width: 2, dash }, marker: { size: 6 } });
  return {
    data: [line("estimated (CBPE, no labels)", performance.map((p) => p.estimatedRocAuc), "#0072B2", "dash"), line("realised (labels)", performance.map((p) => p.realisedRocAuc), "#D55E00", "solid")],
    layout: layout(`ROC-AUC by month: estimated before the labels, realised after (mean |gap| ${formatFixed(meanAbsError, 3)})`, {
      xaxis: axis("Calendar month"),
      yaxis: axis("ROC-AUC", { tickformat: ".2f" }),
      height: 380,
    }),
  };
}

/** The calibrated score's 10th, 50th and 90th percentiles per month, with the expected (mean score) and realised churn rates. */
export function scoreDriftFigure(performance: readonly Readable<MonthPerformance>[]): PlotlyFigure {
  if (performance.length === 0) throw new RangeError("scoreDriftFigure: no months");
  const x = performance.map((p) => finite(p.month));
  const trace = (name: string, y: Num[], color: string, dash: "solid" | "dash" | "dot", width = 2): ScatterTrace => ({ type: "scatter", mode: "lines", name: plotlyText(name), x, y: y.map(finite), line: { color, width, dash } });
  return {
    data: [
      trace("90th percentile of the score", performance.map((p) => p.quantiles[2]), "#999999", "dot", 1),
      trace("median score", performance.map((p) => p.quantiles[1]), "#555555", "solid", 1),
      trace("10th percentile of the score", performance.map((p) => p.quantiles[0]), "#999999", "dot", 1),
      trace("expected churn rate (mean score)", performance.map((p) => p.expectedRate), "#0072B2", "dash"),
      trace("realised churn rate", performance.map((p) => p.realisedRate), "#D55E00", "solid"),
    ],
    layout: layout(`Calibrated scores over time (rates ${performance.length > 0 ? formatPercent(performance[performance.length - 1]!.expectedRate ?? null) : ""} expected in the last month)`, {
      xaxis: axis("Calendar month"),
      yaxis: axis("Probability of churn next month", { tickformat: ".1%" }),
      height: 380,
    }),
  };
}
