/**
 * Inputs and figures the notebooks need beyond `src/report/charts.ts`: the precomputed model curves
 * of an evaluation in the shape `rocFigure`/`prFigure` take, the report's model figures (learning
 * curves, importance, SHAP summary, waterfall) picked from a run document, and the expected value
 * of each retention action as a function of the churn probability (with its break-even point).
 */
import type { RetentionAction } from "../config/config.js";
import { breakEvenProbability, expectedValues } from "../decision/expectedValue.js";
import type { Decisions } from "../pipeline/decide.js";
import type { Evaluation } from "../pipeline/evaluate.js";
import { beeswarmFigure, importanceFigure, learningCurveFigure, waterfallFigure, type CurveModel, type ExplanationLike, type LearningCurveLike, type ReferenceProfitCurve, type WaterfallLike } from "../report/charts.js";
import { plotlyLines, plotlyMarkup, plotlyText, type PlotlyFigure, type ScatterTrace } from "../report/plotly.js";
import { formatFixed, formatMoney } from "../util/format.js";

/** Okabe–Ito colours (colour-blind safe), one per action in catalogue order. */
const ACTION_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#8C564B", "#7F7F7F"] as const;

/** Every evaluated model with the ROC/PR curves and bands the evaluation stage computed (`curves`), for `rocFigure` / `prFigure`. */
export function curveModels(evaluation: Pick<Evaluation, "models">): CurveModel[] {
  return evaluation.models.map((m) => ({ name: m.model, curves: m.curves }));
}

/** The learning curves (`learningCurveFigure`) of every model that has them (gradient boosting), from the run document or the run's evaluation; [] when none. */
export function learningCurveFigures(doc: { readonly models: readonly { readonly model: string; readonly learningCurves: readonly LearningCurveLike[] }[] }): PlotlyFigure[] {
  return doc.models.filter((m) => m.learningCurves.length > 0).map((m) => learningCurveFigure(m.model, m.learningCurves));
}

/** The explanations of a run document (or a run) as figures: per explained model its importance and SHAP summary, and the first plan customer's waterfall (null without one). */
export interface ExplanationFigures {
  readonly models: readonly { readonly model: string; readonly importance: PlotlyFigure; readonly beeswarm: PlotlyFigure }[];
  readonly waterfall: PlotlyFigure | null;
}

/** {@link ExplanationFigures} drawn by `importanceFigure`, `beeswarmFigure` and `waterfallFigure`, as the report draws them. */
export function explanationFigures(doc: { readonly explanations: { readonly models: readonly ExplanationLike[]; readonly waterfall: WaterfallLike | null } }): ExplanationFigures {
  const { models, waterfall } = doc.explanations;
  return { models: models.map((x) => ({ model: x.model, importance: importanceFigure(x), beeswarm: beeswarmFigure(x) })), waterfall: waterfall ? waterfallFigure(waterfall) : null };
}

/** The backtest's oracle profit curve (synthetic data) as the reference curve of `profitFigure`, or null when there is no oracle. */
export function oracleReference(decisions: Decisions): ReferenceProfitCurve | null {
  const oracle = decisions.backtest.oracleCurve;
  return oracle ? { name: "oracle (true hazard and effects)", count: oracle.count, profit: oracle.profit } : null;
}

/** The break-even probability of an action (defined beside the EV formula in `src/decision/expectedValue.ts`), for the notebooks. */
export { breakEvenProbability };

/** Per action: s, C_tp, C_fp, cost, and the break-even probability for a customer worth `clv`. */
export function breakEvenRows(actions: readonly RetentionAction[], clv: number): { action: string; cost: number; successRate: number; costIfChurner: number; costIfStayer: number; clv: number; breakEvenProbability: number | null }[] {
  return actions.map((a) => ({ action: a.name, cost: a.cost, successRate: a.successRate, costIfChurner: a.costIfChurner, costIfStayer: a.costIfStayer, clv, breakEvenProbability: breakEvenProbability(a, clv) }));
}

/**
 * Expected value of each action (dollars) against P(churn within the effect window), for one
 * customer worth `clv`: lines computed by `expectedValues` on `points` evenly spaced p in [0, 1]
 * (default 101), a zero line, and a marker at each break-even p. Shows why a low-p customer is not
 * worth a discount and which action wins where.
 */
export function evByProbabilityFigure(actions: readonly RetentionAction[], clv: number, options: { readonly points?: number } = {}): PlotlyFigure {
  const points = options.points ?? 101;
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`evByProbabilityFigure: points must be an integer >= 2, got ${points}`);
  const p = Float64Array.from({ length: points }, (_, i) => i / (points - 1));
  const ev = expectedValues(p, new Float64Array(points).fill(clv), actions).ev;
  const A = actions.length;
  const data: ScatterTrace[] = actions.map((a, j) => ({
    type: "scatter",
    mode: "lines",
    name: plotlyText(a.name),
    x: Array.from(p),
    y: Array.from(p, (_, i) => ev[i * A + j]!),
    line: { color: ACTION_COLORS[j % ACTION_COLORS.length]!, width: 2 },
    hovertemplate: plotlyMarkup(`${plotlyText(a.name)}<br>p %{x:.2f}<br>EV $%{y:.2f}<extra></extra>`),
  }));
  const breakEven = actions.map((a) => breakEvenProbability(a, clv));
  data.push({
    type: "scatter",
    mode: "markers",
    name: plotlyText("break-even p"),
    x: breakEven.map((b) => b),
    y: breakEven.map((b) => (b === null ? null : 0)),
    marker: { color: "#000000", size: 9, symbol: "diamond" },
    hovertext: actions.map((a, j) => plotlyLines(a.name, breakEven[j] === null ? "never breaks even" : `break-even p ${formatFixed(breakEven[j]!, 3)}`)),
    hoverinfo: "text",
  });
  return {
    data,
    layout: {
      title: { text: plotlyText(`Expected value per action for a customer worth ${formatMoney(clv)} (CLV)`), x: 0, xanchor: "left" },
      xaxis: { title: { text: plotlyText("P(churn within the effect window)") }, range: [0, 1], tickformat: ".1f" },
      yaxis: { title: { text: plotlyText("Expected value (dollars)") }, zeroline: true },
      hovermode: "closest",
      height: 420,
      legend: { orientation: "h", x: 0, y: -0.2 },
    },
  };
}
