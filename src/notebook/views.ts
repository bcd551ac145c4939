import { formatReason } from "../models/explain.js";
/**
 * Row builders for the notebooks' tables: pure functions from the pipeline's results to arrays of
 * plain records (one per table row), for `tableHtml` or a danfojs DataFrame. They reshape and
 * label; every number is computed elsewhere in `src/`, except the simple descriptive statistics
 * of {@link featureContrastRows}.
 */
import { NOT_CHURNED, type ChurnHistory } from "../data/history.js";
import type { DataQualitySummary } from "../data/quality.js";
import { planByAction, planPreview, type ActionTotals, type PlanRow } from "../decision/actionPlan.js";
import type { FoldRow } from "../evaluation/foldTable.js";
import type { FeatureFrame } from "../features/frame.js";
import { RowStatus, type Panel } from "../panel/panel.js";
import type { PlanSummary } from "../decision/campaign.js";
import type { Decisions } from "../pipeline/decide.js";
import type { LadderRung } from "../evaluation/leakageLadder.js";
import type { ModelEvaluation } from "../evaluation/modelEvaluation.js";
import type { Evaluation } from "../pipeline/evaluate.js";
import type { MetricSummary } from "../evaluation/metricSummary.js";
import { formatFixed, formatLevel } from "../util/format.js";

// The "which model decides" rows are the report's own, so the notebook and the report show the same table.
export { modelComparisonRows, type ModelComparisonRow } from "../report/modelComparison.js";

/** A column of values for a DataFrame: numbers or strings. */
export type Column = number[] | string[];

/**
 * At most `count` row indices spread evenly over `rows` (every ⌈n / count⌉-th, starting at the
 * first), in order: a deterministic sample for describing a large table. `rows` is a list of row
 * indices or a row count n (meaning 0 … n − 1). All rows when count ≥ n. Throws when `count` is
 * not a positive integer.
 */
export function strideSample(rows: ArrayLike<number> | number, count: number): Uint32Array {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`strideSample: count must be a positive integer, got ${count}`);
  const n = typeof rows === "number" ? rows : rows.length;
  const step = Math.max(1, Math.ceil(n / count));
  const out: number[] = [];
  for (let i = 0; i < n; i += step) out.push(typeof rows === "number" ? i : rows[i]!);
  return Uint32Array.from(out);
}

/**
 * The customer table as columns: `customerId`, `startMonth` (first month of service, negative when
 * before the window), `monthsObserved` (month rows in the data), `churned` (0/1), then every
 * categorical attribute as its level text and every numeric attribute. One entry per customer; for
 * `new dfd.DataFrame(…)`.
 */
export function customerColumns(history: ChurnHistory): Record<string, Column> {
  const c = history.customers;
  const out: Record<string, Column> = {
    customerId: [...c.ids],
    startMonth: Array.from(c.start),
    monthsObserved: Array.from({ length: c.count }, (_, k) => c.rowStart[k + 1]! - c.rowStart[k]!),
    churned: Array.from(c.churnPeriod, (p) => (p === NOT_CHURNED ? 0 : 1)),
  };
  for (const [name, col] of Object.entries(c.categorical)) out[name] = Array.from(col.codes, (k) => col.levels[k]!);
  for (const [name, values] of Object.entries(c.numeric)) out[name] = Array.from(values);
  return out;
}

/**
 * Month rows `rows` as columns: `customerId`, `month`, `tenure`, every monthly categorical signal
 * as text and every monthly numeric signal, plus, where the panel is given, `status`
 * ("labelled"/"censored") and `label` (NaN when censored).
 */
export function monthColumns(history: ChurnHistory, rows: ArrayLike<number>, panel?: Panel): Record<string, Column> {
  const m = history.months;
  const idx = Array.from({ length: rows.length }, (_, i) => rows[i]!);
  const out: Record<string, Column> = {
    customerId: idx.map((r) => history.customers.ids[m.customer[r]!]!),
    month: idx.map((r) => m.period[r]!),
    tenure: idx.map((r) => m.tenure[r]!),
  };
  for (const [name, col] of Object.entries(m.categorical)) out[name] = idx.map((r) => col.levels[col.codes[r]!]!);
  for (const [name, values] of Object.entries(m.numeric)) out[name] = idx.map((r) => values[r]!);
  if (panel) {
    out.status = idx.map((r) => (panel.status[r] === RowStatus.Labelled ? "labelled" : "censored"));
    out.label = idx.map((r) => (panel.status[r] === RowStatus.Labelled ? panel.label[r]! : Number.NaN));
  }
  return out;
}

/** Feature values at `rows` as columns (numeric features as numbers, categorical as level text), named as in the catalogue. */
export function featureColumns(frame: FeatureFrame, rows: ArrayLike<number>): Record<string, Column> {
  const idx = Array.from({ length: rows.length }, (_, i) => rows[i]!);
  const out: Record<string, Column> = {};
  for (const f of frame.numeric) out[f.info.name] = idx.map((r) => f.values[r]!);
  for (const f of frame.categorical) out[f.info.name] = idx.map((r) => f.levels[f.codes[r]!]!);
  return out;
}

/** One customer's month rows in a panel: month, tenure, status, label, and whether the row is the customer's scoring row. */
export function customerTimelineRows(panel: Panel, customer: number): { month: number; tenure: number; status: string; label: number | null; scoring: boolean }[] {
  const { customers, months } = panel.history;
  if (!Number.isInteger(customer) || customer < 0 || customer >= customers.count) throw new RangeError(`customerTimelineRows: customer must be an index in 0..${customers.count - 1}, got ${customer}`);
  const scoring = new Set(panel.scoring);
  const out = [];
  for (let r = customers.rowStart[customer]!; r < customers.rowStart[customer + 1]!; r++) {
    const labelled = panel.status[r] === RowStatus.Labelled;
    out.push({ month: months.period[r]!, tenure: months.tenure[r]!, status: labelled ? "labelled" : "censored", label: labelled ? panel.label[r]! : null, scoring: scoring.has(r) });
  }
  return out;
}

/**
 * Index of the first customer who churns in month `month` or later and has at least `minRows`
 * month rows (a good example for a timeline), or -1 when there is none.
 */
export function exampleChurner(history: ChurnHistory, minRows: number, month = 0): number {
  const c = history.customers;
  for (let k = 0; k < c.count; k++) {
    const churn = c.churnPeriod[k]!;
    if (churn !== NOT_CHURNED && churn >= month && c.rowStart[k + 1]! - c.rowStart[k]! >= minRows) return k;
  }
  return -1;
}

/** A data-quality summary as rows: one per rejected, altered or flagged reason, with its count and first source lines. */
export function qualityRows(quality: DataQualitySummary): { kind: string; column: string; reason: string; rows: number; firstLines: string }[] {
  return [
    { kind: "read", column: "", reason: `rows read from ${quality.file}`, rows: quality.rowsRead, firstLines: "" },
    { kind: "accepted", column: "", reason: "rows accepted", rows: quality.rowsAccepted, firstLines: "" },
    ...quality.rejected.map((q) => ({ kind: "rejected", column: "", reason: q.reason, rows: q.count, firstLines: q.firstLines.join(", ") })),
    ...quality.altered.map((q) => ({ kind: "altered", column: q.column, reason: q.reason, rows: q.count, firstLines: q.firstLines.join(", ") })),
    ...quality.flagged.map((q) => ({ kind: "flagged", column: "", reason: q.reason, rows: q.count, firstLines: q.firstLines.join(", ") })),
  ];
}

/**
 * Per numeric feature, its mean over labelled churn rows (label 1) and non-churn rows (label 0)
 * among `rows`, and the standardised difference (mean₁ − mean₀) / pooled SD (Cohen's d; NaN values
 * skipped), sorted by |d| descending. Descriptive only: it ignores time and confounding.
 */
export function featureContrastRows(frame: FeatureFrame, panel: Panel, rows: ArrayLike<number>): { feature: string; group: string; meanChurn: number; meanStay: number; standardizedDifference: number }[] {
  const out = frame.numeric.map((f) => {
    const n = [0, 0];
    const s = [0, 0];
    const ss = [0, 0];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const v = f.values[r]!;
      if (panel.status[r] !== RowStatus.Labelled || Number.isNaN(v)) continue;
      const y = panel.label[r]!;
      n[y]!++;
      s[y]! += v;
      ss[y]! += v * v;
    }
    const mean = (y: number) => s[y]! / n[y]!;
    const variance = (y: number) => (ss[y]! - n[y]! * mean(y) ** 2) / (n[y]! - 1);
    const pooled = Math.sqrt(((n[0]! - 1) * variance(0) + (n[1]! - 1) * variance(1)) / (n[0]! + n[1]! - 2));
    return { feature: f.info.name, group: f.info.group, meanChurn: mean(1), meanStay: mean(0), standardizedDifference: (mean(1) - mean(0)) / pooled };
  });
  const key = (d: number) => (Number.isNaN(d) ? -1 : Math.abs(d));
  return out.sort((a, b) => key(b.standardizedDifference) - key(a.standardizedDifference));
}

/** Fold rows with month ranges as "first–last" text (for display; `foldTable` keeps them as pairs). */
export function foldRows(table: readonly FoldRow[]): { fold: number; trainMonths: string; testMonths: string; trainRows: number; trainPositives: number; testRows: number; testPositives: number; testPositiveRate: number | null; droppedForCustomer: number }[] {
  const range = (m: readonly [number, number] | null) => (m === null ? "" : `${m[0]}–${m[1]}`);
  return table.map((f) => ({
    fold: f.index,
    trainMonths: range(f.trainMonths),
    testMonths: range(f.testMonths),
    trainRows: f.trainRows,
    trainPositives: f.trainPositives,
    testRows: f.testRows,
    testPositives: f.testPositives,
    testPositiveRate: f.testPositiveRate,
    droppedForCustomer: f.droppedForCustomer,
  }));
}

/** The leakage ladder as rows: rung, ROC-AUC, average precision, and the ROC-AUC gain over the honest rung (the second). */
export function ladderRows(ladder: readonly LadderRung[]): { rung: string; rocAuc: number; averagePrecision: number; aucMinusHonest: number; description: string }[] {
  const honest = ladder[1]?.rocAuc ?? Number.NaN;
  return ladder.map((r) => ({ rung: r.name, rocAuc: r.rocAuc, averagePrecision: r.averagePrecision, aucMinusHonest: r.rocAuc - honest, description: r.description }));
}

/** One row per model: out-of-fold discrimination (ROC-AUC with its bootstrap interval, average precision) and calibration before and after. */
export function modelRows(evaluation: Evaluation): { model: string; rows: number; positives: number; rocAuc: number; rocAucInterval: string; averagePrecision: number; eceRaw: number; eceCalibrated: number; brierRaw: number; brierCalibrated: number }[] {
  return evaluation.models.map((m) => ({
    model: m.model,
    rows: m.raw.rows,
    positives: m.raw.positives,
    rocAuc: m.raw.rocAuc,
    rocAucInterval: m.raw.rocAucInterval ? `${formatFixed(m.raw.rocAucInterval.lower, 3)}–${formatFixed(m.raw.rocAucInterval.upper, 3)} (${formatLevel(m.raw.rocAucInterval.level)})` : "",
    averagePrecision: m.raw.averagePrecision,
    eceRaw: m.compared.raw.ece,
    eceCalibrated: m.compared.calibrated.ece,
    brierRaw: m.compared.raw.brier,
    brierCalibrated: m.compared.calibrated.brier,
  }));
}

function calibrationRow(predictions: string, m: MetricSummary) {
  return {
    predictions,
    rows: m.rows,
    baseRate: m.baseRate,
    meanPredicted: m.meanPredicted,
    brier: m.brier,
    reliability: m.brierReliability,
    resolution: m.brierResolution,
    uncertainty: m.brierUncertainty,
    ece: m.ece,
    logLoss: m.logLoss,
  };
}

/**
 * Calibration of one model before and after, on the same rows (the ones with a calibrated
 * prediction): base rate, mean prediction, Brier score = reliability − resolution + uncertainty
 * (Murphy 1973, binned), ECE and log loss; with the true hazard's row when given (synthetic data).
 */
export function calibrationRows(model: ModelEvaluation, truth?: MetricSummary | null): ReturnType<typeof calibrationRow>[] {
  const rows = [calibrationRow(`${model.model} uncalibrated`, model.compared.raw), calibrationRow(`${model.model} ${model.calibration.method}`, model.compared.calibrated)];
  if (truth) rows.push(calibrationRow("true hazard", truth));
  return rows;
}

function modeRow(mode: string, s: PlanSummary) {
  return { mode, targeted: s.targeted, spend: s.spend, expectedProfit: s.expectedProfit, roi: s.roi, byAction: Object.entries(s.byAction).map(([a, n]) => `${a} ${n}`).join(", ") };
}

/** The targeting modes side by side: every EV > 0 (unconstrained), the exact budgeted plan (production), and greedy under the same budget. */
export function planModeRows(decisions: Decisions): ReturnType<typeof modeRow>[] {
  return [modeRow("unconstrained (every EV > 0)", decisions.unconstrained), modeRow("production (budget + cap, exact)", decisions.production), modeRow("greedy (budget + cap)", decisions.greedy)];
}

/** The production plan grouped by action (`planByAction`): customers, spend, Σ EV and mean p (within the effect window), CLV and EV. */
export function planByActionRows(plan: readonly PlanRow[]): ActionTotals[] {
  return planByAction(plan);
}

/** Plan rows for display (the first `count` in rank order, as `planPreview` picks them), reasons joined; the CSV (`decisionPlanCsv`) holds them all. */
export function topPlanRows(plan: readonly PlanRow[], count: number): { customerId: string; pMonth: number; pWindow: number; clv: number; action: string; cost: number; expectedValue: number; reasons: string }[] {
  return planPreview(plan, count).map((r) => ({ customerId: r.customerId, pMonth: r.churnProbabilityMonth, pWindow: r.churnProbabilityWindow, clv: r.clv, action: r.action, cost: r.cost, expectedValue: r.expectedValue, reasons: r.reasons.map(formatReason).join("; ") }));
}

/** The backtest's profit summary: N*, p*, profit, spend and ROI at N*, the marginal-zero point, and the oracle's N* and profit when there is one. */
export function profitRows(decisions: Decisions): { ranking: string; rows: number; nStar: number; pStar: number; maxProfit: number; spendAtStar: number; roiAtStar: number; marginalZero: number }[] {
  const { curve, oracleCurve, rows } = decisions.backtest;
  const row = (ranking: string, c: typeof curve) => ({ ranking, rows, nStar: c.nStar, pStar: c.pStar, maxProfit: c.maxProfit, spendAtStar: c.spendAtStar, roiAtStar: c.roiAtStar, marginalZero: c.marginalZero });
  return oracleCurve ? [row("model (calibrated p)", curve), row("oracle (true hazard and effects)", oracleCurve)] : [row("model (calibrated p)", curve)];
}
