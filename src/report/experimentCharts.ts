/**
 * The experiment charts: each arm's estimated effect with its interval beside the true effect, the
 * Qini curves of the learned and the true uplift, and the realised profit of the decision policies
 * as a share of the oracle's.
 */
import type { ExperimentResult } from "../pipeline/experiment.js";
import type { Readable } from "../pipeline/metricsDocument.js";
import { formatFixed, formatMoney } from "../util/format.js";
import { axis, finite, layout } from "./charts.js";
import { plotlyLines, plotlyText, type BarTrace, type PlotlyFigure, type ScatterTrace } from "./plotly.js";

type Experiment = Readable<Omit<ExperimentResult, "rows" | "arm" | "churned">>;

/** Per arm: the estimated reduction in churn rate with its interval (error bar drawn as a line), and the true reduction as a diamond. */
export function experimentFigure(x: Experiment): PlotlyFigure {
  if (x.arms.length === 0) throw new RangeError("experimentFigure: no arms");
  const names = x.arms.map((a) => plotlyText(a.name));
  const intervals: ScatterTrace[] = x.arms.map((a, k) => ({
    type: "scatter",
    mode: "lines",
    name: plotlyText("interval"),
    showlegend: k === 0,
    legendgroup: "interval",
    x: [finite(a.estimate.lower), finite(a.estimate.upper)],
    y: [k, k],
    line: { color: "#0072B2", width: 3 },
    hoverinfo: "skip",
  }));
  const point = (name: string, values: (number | null)[], color: string, symbol: "circle" | "diamond", hover: (k: number) => string): ScatterTrace => ({
    type: "scatter",
    mode: "markers",
    name: plotlyText(name),
    x: values.map(finite),
    y: x.arms.map((_, k) => k),
    marker: { color, size: 11, symbol },
    hovertext: x.arms.map((_, k) => plotlyText(hover(k))),
    hoverinfo: "text",
  });
  const estimate = point("estimated reduction in churn rate", x.arms.map((a) => a.estimate.effect), "#0072B2", "circle", (k) => {
    const a = x.arms[k]!;
    return `${a.name}: ${formatFixed(a.estimate.effect, 4)} [${formatFixed(a.estimate.lower, 4)}, ${formatFixed(a.estimate.upper, 4)}], p = ${formatFixed(a.estimate.pValue, 3)}`;
  });
  const truth = point("true reduction (the generator's effects)", x.arms.map((a) => a.trueEffect), "#D55E00", "diamond", (k) => `${x.arms[k]!.name}: true ${formatFixed(x.arms[k]!.trueEffect, 4)}, power at it ${formatFixed(x.arms[k]!.powerAtTrueEffect, 2)}`);
  const ends = x.arms.flatMap((a) => [a.estimate.lower ?? 0, a.estimate.upper ?? 0, a.trueEffect ?? 0]);
  const lo = Math.min(0, ...ends);
  const hi = Math.max(0, ...ends);
  const pad = 0.08 * (hi - lo || 1);
  return {
    data: [...intervals, estimate, truth],
    layout: layout(`A/B test at month ${x.month}: reduction in ${x.effectMonths}-month churn rate per action, ${Math.round((1 - (x.armShare ?? 0) * x.arms.length) * 100)} % control`, {
      xaxis: axis("Control churn rate − arm churn rate", { tickformat: ".1%", zeroline: true, range: [lo - pad, hi + pad] }),
      yaxis: { tickvals: x.arms.map((_, k) => k), ticktext: names, automargin: true, range: [-0.6, x.arms.length - 0.4] },
      legend: { orientation: "h", x: 0, y: -0.45, yanchor: "top" },
      margin: { l: 64, r: 24, t: 56, b: 110 },
      height: 220 + 70 * x.arms.length,
    }),
  };
}

/** The Qini curve of each arm's learned uplift (solid) and of the true uplift on the same customers (dotted), thinned to at most 200 points each. */
export function qiniFigure(x: Experiment): PlotlyFigure {
  const thin = (xs: ArrayLike<number | null>, ys: ArrayLike<number | null>): { x: (number | null)[]; y: (number | null)[] } => {
    const step = Math.max(1, Math.ceil(xs.length / 200));
    const ix: number[] = [];
    for (let i = 0; i < xs.length; i += step) ix.push(i);
    if (ix[ix.length - 1] !== xs.length - 1) ix.push(xs.length - 1);
    return { x: ix.map((i) => finite(xs[i] ?? null)), y: ix.map((i) => finite(ys[i] ?? null)) };
  };
  const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"];
  const traces: ScatterTrace[] = x.uplift.arms.flatMap((a, k) => {
    const color = palette[k % palette.length]!;
    const learned = thin(a.learned.curve.x, a.learned.curve.y);
    const truth = thin(a.truth.curve.x, a.truth.curve.y);
    return [
      { type: "scatter", mode: "lines", name: plotlyText(`${a.action}: learned (Qini ${formatFixed(a.learned.qini, 3)})`), ...learned, line: { color, width: 2 } },
      { type: "scatter", mode: "lines", name: plotlyText(`${a.action}: true uplift (Qini ${formatFixed(a.truth.qini, 3)})`), ...truth, line: { color, width: 1, dash: "dot" } },
    ] satisfies ScatterTrace[];
  });
  return {
    data: traces,
    layout: layout(`Qini curves on the held-out half (${x.uplift.holdoutCustomers} customers, ${x.uplift.learner.toUpperCase()}-learner)`, {
      xaxis: axis("Customers targeted, highest estimated uplift first"),
      yaxis: axis("Incremental customers retained"),
      legend: { orientation: "h", x: 0, y: -0.25, yanchor: "top" },
      margin: { l: 64, r: 24, t: 56, b: 120 },
      height: 480,
    }),
  };
}

/** Realised backtest profit of each policy as a share of the oracle's (production plans), with the oracle at 1 and the 0.85 aim. */
export function policyFigure(x: Experiment): PlotlyFigure {
  const p = x.policy;
  const rows: [string, Readable<typeof p.constant>][] = [
    ["constant effects (today)", p.constant],
    ["uplift policy (estimated risk and effects)", p.uplift],
    ["estimated risk, true effects", p.trueEffects],
    ["true risk, estimated effects", p.trueRisk],
    ["true risk, constant effects", p.trueRiskConstantEffects],
  ];
  const bars: BarTrace = {
    type: "bar",
    name: plotlyText("realised / oracle"),
    x: rows.map(([, o]) => finite(o.productionRatio)),
    y: rows.map(([n]) => plotlyText(n)),
    orientation: "h",
    marker: { color: rows.map(([, o]) => ((o.productionRatio ?? 0) < 0 ? "#D55E00" : "#0072B2")) },
    text: rows.map(([, o]) => plotlyText(`${formatFixed(o.productionRatio, 2)} (${formatMoney(o.production)})`)),
    textposition: "outside",
    cliponaxis: false,
    hovertext: rows.map(([n, o]) => plotlyLines(n, `realised ${formatMoney(o.production)} of the oracle's ${formatMoney(p.oracle.production)}`)),
    hoverinfo: "text",
  };
  return {
    data: [bars],
    layout: layout(`Backtest campaigns (months ${p.months[0]}–${p.months[p.months.length - 1]}): realised profit as a share of the oracle's`, {
      xaxis: axis("Realised profit / oracle's", { zeroline: true, range: [Math.min(0, ...rows.map(([, o]) => o.productionRatio ?? 0)) - 0.3, 1.15] }),
      yaxis: { automargin: true, type: "category", autorange: "reversed" },
      shapes: [
        { type: "line", yref: "paper", y0: 0, y1: 1, xref: "x", x0: 1, x1: 1, line: { color: "#000000", width: 1, dash: "dash" } },
        { type: "line", yref: "paper", y0: 0, y1: 1, xref: "x", x0: 0.85, x1: 0.85, line: { color: "#7F7F7F", width: 1, dash: "dot" } },
      ],
      // No legend (one trace): plotly.js 4.1's validator fails on legend attributes when nothing is in the legend.
      legend: undefined,
      showlegend: false,
      height: 360,
      margin: { l: 270, r: 90, t: 56, b: 56 },
    }),
  };
}
