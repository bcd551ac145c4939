/**
 * The backtest of the decisions on past rows whose effect window is observed: the realised profit
 * curve of our ranking, and, where the synthetic truth is known, the oracle's curve (true hazard,
 * true action effects) and month-by-month campaign replays of our plans and the oracle's, all
 * scored the same way on realised labels. Pure functions of plain arrays and the `decision`
 * config section.
 */
import type { DecisionConfig } from "../config/config.js";
import type { RowClusters } from "../evaluation/bootstrap.js";
import { gather } from "../util/gather.js";
import { campaignConstraints, customerValues, type CustomerInputs } from "./campaign.js";
import { bestActions, churnerGain, type ActionEconomics } from "./expectedValue.js";
import { oracleValues, realisedValue, trueWindowProbability } from "./oracle.js";
import { profitCurve, type ProfitCurve, type ProfitCurveOptions } from "./profitCurve.js";
import { optimalPlan, unconstrainedPlan, type BudgetPlan } from "./budget.js";

/** What the synthetic truth says about the backtest rows. */
export interface BacktestTruth {
  /** True monthly churn hazard per row, in [0, 1]. */
  readonly hazard: Float64Array;
  /** True effect per row and configured action (n × A, in [0, 1]); null when a configured action is not in the truth. */
  readonly effect: Float64Array | null;
}

/** The backtest rows: the decision inputs of each row, its realised outcome and calendar month, and the truth where known. */
export interface BacktestRows extends CustomerInputs {
  /** 1 when the customer churned within the effect window after the row's month, else 0. */
  readonly churned: Uint8Array;
  /** Calendar month of each row. */
  readonly month: ArrayLike<number>;
  /** The synthetic truth at these rows; null on real data. */
  readonly truth: BacktestTruth | null;
  /** The customer of each row: the profit-curve bands resample customers with all their months (rows when absent). */
  readonly customers?: RowClusters;
}

/** Realised backtest profit of our plans and the oracle's, summed over the replayed months (money). */
export interface RealisedComparison {
  /** The replayed calendar months, ascending (the latest `decision.backtestMonths`). */
  readonly months: readonly number[];
  readonly production: number;
  readonly unconstrained: number;
  readonly oracleProduction: number;
  readonly oracleUnconstrained: number;
  /** production / oracleProduction. */
  readonly productionRatio: number;
  /** unconstrained / oracleUnconstrained. */
  readonly unconstrainedRatio: number;
}

/** What the backtest produces. */
export interface Backtest {
  readonly rows: number;
  /** Realised profit of targeting the top N rows by calibrated P(churn within the effect window). */
  readonly curve: ProfitCurve;
  /** The same for the oracle's ranking by true probability; null without the truth. */
  readonly oracleCurve: ProfitCurve | null;
  readonly realised: RealisedComparison | null;
  /** Why the oracle is absent, when it is ("" otherwise). */
  readonly note: string;
}

/** The replay outcome of contacting each row with its action: what a churner earns, what a stayer costs, the outlay (money). */
export interface ContactOutcomes {
  /** s·CLV − C_tp ({@link churnerGain}), s the true effect where known, else the assumed success rate. */
  readonly gain: Float64Array;
  /** C_fp. */
  readonly loss: Float64Array;
  /** The action's budget outlay. */
  readonly spend: Float64Array;
}

/**
 * The action each row is replayed with on a profit curve: its best action whatever the value
 * ({@link bestActions} with floor −Infinity, so ties go to the lower index), or the first action
 * when none is eligible. `values` is n × A row-major.
 */
export function replayedActions(values: Float64Array, A: number): Int16Array {
  const best = bestActions(values, A, { floor: Number.NEGATIVE_INFINITY });
  for (let i = 0; i < best.length; i++) if (best[i]! < 0) best[i] = 0;
  return best;
}

/**
 * Per row, the outcome of contacting it with `action[i]` (an index into `actions`): the gain if
 * it churns, the loss if it stays and the outlay, with the row's true effect (`effect`, n × A)
 * where known, else the action's assumed success rate. These are the gain and loss of
 * `profitCurve`. O(n).
 */
export function contactOutcomes(action: Int16Array, clv: Float64Array, effect: Float64Array | null, actions: readonly (ActionEconomics & { readonly cost: number })[]): ContactOutcomes {
  const n = action.length;
  const A = actions.length;
  const gain = new Float64Array(n);
  const loss = new Float64Array(n);
  const spend = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = action[k]!;
    const act = actions[a]!;
    gain[k] = churnerGain(effect ? effect[k * A + a]! : act.successRate, clv[k]!, act.costIfChurner);
    loss[k] = act.costIfStayer;
    spend[k] = act.cost;
  }
  return { gain, loss, spend };
}

/**
 * The backtest: our values on the rows ({@link customerValues}: the same probabilities, CLV, EV
 * and band rule as the live decisions), the realised profit curve of ranking by calibrated
 * P(churn within the effect window), each row replayed with its best action. With the truth: the
 * oracle (true window probability, true effects, same eligibility) ranked and replayed the same
 * way, and the campaign replays of {@link campaignReplays}. Without it, `note` says why.
 */
export function backtest(rows: BacktestRows, d: DecisionConfig, curve: ProfitCurveOptions): Backtest {
  const A = d.actions.length;
  const ours = customerValues(rows, d);
  const effect = rows.truth?.effect ?? null;
  const outcome = contactOutcomes(replayedActions(ours.ev.ev, A), ours.clv, effect, d.actions);
  const options: ProfitCurveOptions = rows.customers ? { ...curve, clusters: rows.customers } : curve;
  const ourCurve = profitCurve(rows.churned, ours.pWindow, outcome.gain, outcome.loss, outcome.spend, options);
  const n = rows.churned.length;
  if (!rows.truth || !effect) {
    const note = rows.truth ? "the synthetic truth has no effect for some configured action" : "real data: the true hazard and action effects are unknown, so there is no oracle";
    return { rows: n, curve: ourCurve, oracleCurve: null, realised: null, note };
  }
  const pTrue = trueWindowProbability(rows.truth.hazard, d.effectMonths);
  // The oracle knows the truth but follows the same eligibility rules.
  const oracle = oracleValues(pTrue, ours.clv, effect, d.actions, rows.eligible);
  const o = contactOutcomes(replayedActions(oracle, A), ours.clv, effect, d.actions);
  const oracleCurve = profitCurve(rows.churned, pTrue, o.gain, o.loss, o.spend, options);
  const realised = campaignReplays({ month: rows.month, churned: rows.churned, clv: ours.clv, effect, ours: ours.values, oracle }, d);
  return { rows: n, curve: ourCurve, oracleCurve, realised, note: "" };
}

/** The per-row data of {@link campaignReplays}: n rows, values and effects n × A row-major. */
export interface ReplayRows {
  readonly month: ArrayLike<number>;
  readonly churned: Uint8Array;
  readonly clv: Float64Array;
  /** True effect per row and action. */
  readonly effect: Float64Array;
  /** Our values (EV after the band rule). */
  readonly ours: Float64Array;
  /** The oracle's values (true probability and effects). */
  readonly oracle: Float64Array;
}

/**
 * Campaign replays: for each of the latest `decision.backtestMonths` calendar months, one campaign
 * (budget and contact cap) on that month's rows, planned from our values and from the oracle's
 * (production = `optimalPlan`, unconstrained = every positive best action), each plan scored by
 * `realisedValue` on the realised labels with the true effects; the totals over the months and
 * our share of the oracle's profit.
 */
export function campaignReplays(rows: ReplayRows, d: DecisionConfig): RealisedComparison {
  const A = d.actions.length;
  const { costs, options } = campaignConstraints(d);
  const months = Array.from(new Set(Array.from(rows.month))).sort((a, b) => a - b).slice(-d.backtestMonths);
  const totals = { production: 0, unconstrained: 0, oracleProduction: 0, oracleUnconstrained: 0 };
  for (const m of months) {
    const sel: number[] = [];
    for (let k = 0; k < rows.month.length; k++) if (rows.month[k] === m) sel.push(k);
    const ours = gather(rows.ours, sel, A);
    const theirs = gather(rows.oracle, sel, A);
    const y = gather(rows.churned, sel);
    const clv = gather(rows.clv, sel);
    const effect = gather(rows.effect, sel, A);
    const score = (plan: BudgetPlan): number => realisedValue(plan.action, y, clv, effect, d.actions).profit;
    totals.production += score(optimalPlan(ours, costs, options));
    totals.unconstrained += score(unconstrainedPlan(ours, A));
    totals.oracleProduction += score(optimalPlan(theirs, costs, options));
    totals.oracleUnconstrained += score(unconstrainedPlan(theirs, A));
  }
  return { months, ...totals, productionRatio: totals.production / totals.oracleProduction, unconstrainedRatio: totals.unconstrained / totals.oracleUnconstrained };
}
