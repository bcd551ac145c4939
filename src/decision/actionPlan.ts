import { formatReason, type Reason } from "../models/explain.js";
import { csvLine, neutraliseFormula } from "../util/csv.js";

/** One targeted customer of the action plan. */
export interface PlanRow {
  readonly customerId: string;
  /** Calibrated probability of churn next month. */
  readonly churnProbabilityMonth: number;
  /** Calibrated probability of churn within the action's effect window (the p of the EV formula). */
  readonly churnProbabilityWindow: number;
  readonly clv: number;
  readonly action: string;
  readonly cost: number;
  readonly expectedValue: number;
  /** The top reasons behind the score, as data (feature, value, contribution). */
  readonly reasons: readonly Reason[];
}

/** The action plan's columns, in file order. */
export const ACTION_PLAN_COLUMNS = [
  "rank",
  "customer_id",
  "churn_probability_month",
  "churn_probability_window",
  "clv",
  "action",
  "cost",
  "expected_value",
  "top_reasons",
] as const;

/** Rows of the action-plan preview (the report's table, the notebooks' default). */
export const PLAN_PREVIEW_ROWS = 20;

/** The plan in rank order: expected value descending, ties by customer id ascending (a new array; `rows` is not mutated). */
export function rankPlan(rows: readonly PlanRow[]): PlanRow[] {
  return [...rows].sort((a, b) => b.expectedValue - a.expectedValue || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/** The first `count` rows of the plan in rank order ({@link rankPlan}); all of them when there are fewer. Throws when `count` is not an integer >= 0. */
export function planPreview(rows: readonly PlanRow[], count: number = PLAN_PREVIEW_ROWS): PlanRow[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`planPreview: count must be an integer >= 0, got ${count}`);
  return rankPlan(rows).slice(0, count);
}

/**
 * The action plan as CSV text (LF line ends, header first): one row per targeted customer in rank
 * order ({@link rankPlan}: expected value descending, ties by customer id), ranked from 1.
 * Probabilities have 6 decimals and money 2, so the same inputs always give the same bytes; text
 * cells (id, action, reasons) are neutralised against spreadsheet formulas and quoted per RFC 4180.
 */
export function actionPlanCsv(rows: readonly PlanRow[]): string {
  const lines = [csvLine(ACTION_PLAN_COLUMNS)];
  rankPlan(rows).forEach((r, i) => {
    lines.push(
      csvLine([
        String(i + 1),
        neutraliseFormula(r.customerId),
        r.churnProbabilityMonth.toFixed(6),
        r.churnProbabilityWindow.toFixed(6),
        r.clv.toFixed(2),
        neutraliseFormula(r.action),
        r.cost.toFixed(2),
        r.expectedValue.toFixed(2),
        neutraliseFormula(r.reasons.map(formatReason).join("; ")),
      ]),
    );
  });
  return `${lines.join("\n")}\n`;
}

/** The plan's totals per action: customers, spend and Σ EV (money), and the means of p (within the effect window), CLV and EV. */
export interface ActionTotals {
  readonly action: string;
  readonly customers: number;
  readonly spend: number;
  readonly expectedValue: number;
  readonly meanProbability: number;
  readonly meanClv: number;
  readonly meanExpectedValue: number;
}

/** The plan grouped by action, actions in order of first appearance in `rows`; empty for an empty plan. O(n). */
export function planByAction(rows: readonly PlanRow[]): ActionTotals[] {
  const groups = new Map<string, PlanRow[]>();
  for (const r of rows) {
    const group = groups.get(r.action);
    if (group) group.push(r);
    else groups.set(r.action, [r]);
  }
  return [...groups.entries()].map(([action, group]) => {
    const sum = (f: (r: PlanRow) => number): number => group.reduce((s, r) => s + f(r), 0);
    const n = group.length;
    return { action, customers: n, spend: sum((r) => r.cost), expectedValue: sum((r) => r.expectedValue), meanProbability: sum((r) => r.churnProbabilityWindow) / n, meanClv: sum((r) => r.clv) / n, meanExpectedValue: sum((r) => r.expectedValue) / n };
  });
}
