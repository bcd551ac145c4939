import type { Config, RetentionAction } from "../config/config.js";
import { NOT_CHURNED, type ChurnHistory } from "../data/history.js";
import { actionPlanCsv, planPreview, type PlanRow } from "../decision/actionPlan.js";
import { greedyPlan, optimalPlan, unconstrainedPlan, type BudgetPlan } from "../decision/budget.js";
import { customerLifetimeValue, monthlyFromHorizon, windowProbability } from "../decision/clv.js";
import { actionEligibility, expectedValues } from "../decision/expectedValue.js";
import { oracleValues, realisedValue, trueWindowProbability } from "../decision/oracle.js";
import { profitCurve, type ProfitCurve } from "../decision/profitCurve.js";
import { histogram, type Histogram } from "../evaluation/histogram.js";
import type { FeatureFrame } from "../features/frame.js";
import type { Panel } from "../panel/panel.js";
import { gather } from "../util/gather.js";
import { streamSeed } from "../util/streams.js";
import type { Evaluation } from "./evaluate.js";
import type { ScoredCustomers } from "./score.js";

/** Totals of one targeting mode. */
export interface PlanSummary {
  readonly targeted: number;
  readonly spend: number;
  /** Σ EV of the targeted customers (dollars). */
  readonly expectedProfit: number;
  /** expectedProfit / spend (NaN when nothing is spent). */
  readonly roi: number;
  readonly byAction: Readonly<Record<string, number>>;
}

/** Realised backtest profit of our plans and the oracle's, summed over the replayed months. */
export interface RealisedComparison {
  readonly months: readonly number[];
  readonly production: number;
  readonly unconstrained: number;
  readonly oracleProduction: number;
  readonly oracleUnconstrained: number;
  readonly productionRatio: number;
  readonly unconstrainedRatio: number;
}

/** Everything the decision stage produces, JSON-ready apart from `planCsv`. */
export interface Decisions {
  readonly activeCustomers: number;
  readonly effectMonths: number;
  /** Mean calibrated monthly churn probability of the active base (the CLV hazard in "portfolio" mode). */
  readonly portfolioHazard: number;
  readonly meanClv: number;
  /** Calibrated P(churn within the effect window) of the active customers: counts inside the brief's band and the configured band. */
  readonly band: { readonly brief: { readonly min: number; readonly max: number; readonly count: number }; readonly configured: { readonly min: number; readonly max: number; readonly count: number }; readonly maxProbability: number; readonly meanProbability: number };
  readonly unconstrained: PlanSummary;
  readonly production: PlanSummary & { readonly exact: boolean; readonly upperBound: number; readonly gap: number };
  readonly greedy: PlanSummary;
  /** Best EV per active customer (−Infinity where no action is eligible). */
  readonly bestEv: Float64Array;
  /** The distribution of {@link Decisions.bestEv}: its histogram (customers with no eligible action counted as non-finite). */
  readonly evHistogram: Histogram;
  readonly plan: readonly PlanRow[];
  /** The first rows of the plan by rank (EV descending, ties by id): what the report previews. */
  readonly planPreview: readonly PlanRow[];
  readonly backtest: {
    readonly rows: number;
    readonly curve: ProfitCurve;
    readonly oracleCurve: ProfitCurve | null;
    readonly realised: RealisedComparison | null;
    /** Why the oracle is absent, when it is. */
    readonly note: string;
  };
}

/** Monthly charges at each of `rows` (the monthly signal if the source has one, else the static attribute). */
function chargesAt(history: ChurnHistory, rows: Uint32Array): Float64Array {
  const monthly = history.months.numeric.MonthlyCharges;
  const fixed = history.customers.numeric.MonthlyCharges;
  if (!monthly && !fixed) throw new RangeError("decide: the source has no MonthlyCharges column");
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = monthly ? monthly[rows[i]!]! : fixed![history.months.customer[rows[i]!]!]!;
  return out;
}

function eligibilityAt(frame: FeatureFrame, actions: readonly RetentionAction[], rows: Uint32Array): Uint8Array {
  return actionEligibility(
    actions,
    (feature) => {
      const f = frame.categorical.find((c) => c.info.name === feature);
      if (!f) return undefined;
      const codes = new Uint8Array(rows.length);
      for (let i = 0; i < rows.length; i++) codes[i] = f.codes[rows[i]!]!;
      return { levels: f.levels, codes };
    },
    rows.length,
  );
}

/**
 * The monthly hazard used for the lifetime value of a customer who is kept: with "portfolio" every
 * customer gets the mean of `pMonth` over the active base (a saved customer returns to ordinary
 * risk: the elevated current risk is what the action removes); with "customer" each keeps its own.
 */
function clvHazard(pMonth: Float64Array, mode: "portfolio" | "customer", portfolioMean: number): Float64Array {
  return mode === "customer" ? pMonth : new Float64Array(pMonth.length).fill(portfolioMean);
}

function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** EV per row and action after the probability band rule: rows outside the band get −Infinity for every action. */
function bandedValues(ev: Float64Array, pWindow: Float64Array, actions: number, band: { min: number; max: number }): Float64Array {
  const out = Float64Array.from(ev);
  for (let i = 0; i < pWindow.length; i++) {
    if (pWindow[i]! < band.min || pWindow[i]! > band.max) out.fill(Number.NEGATIVE_INFINITY, i * actions, (i + 1) * actions);
  }
  return out;
}

function summarize(plan: BudgetPlan, values: Float64Array, actions: readonly RetentionAction[]): PlanSummary {
  const A = actions.length;
  let targeted = 0;
  let spend = 0;
  let profit = 0;
  const byAction: Record<string, number> = Object.fromEntries(actions.map((a) => [a.name, 0]));
  for (let i = 0; i < plan.action.length; i++) {
    const a = plan.action[i]!;
    if (a < 0) continue;
    targeted++;
    spend += actions[a]!.cost;
    profit += values[i * A + a]!;
    byAction[actions[a]!.name]!++;
  }
  return { targeted, spend, expectedProfit: profit, roi: spend > 0 ? profit / spend : Number.NaN, byAction };
}

function budgetInputs(config: Config): { costs: Int32Array; options: { budgetUnits: number; maxCount: number } } {
  const d = config.decision;
  return {
    costs: Int32Array.from(d.actions.map((a) => Math.round(a.cost / d.budgetUnit))),
    options: { budgetUnits: Math.floor(d.budget / d.budgetUnit), maxCount: d.maxContacts },
  };
}

/** The truth's effect of each configured action per row (n × A), or null when an action is not in the synthetic truth. */
function trueEffectAt(history: ChurnHistory, actions: readonly RetentionAction[], rows: Uint32Array): Float64Array | null {
  const truth = history.truth;
  if (!truth) return null;
  const index = actions.map((a) => truth.actionNames.indexOf(a.name));
  if (index.some((k) => k < 0)) return null;
  const T = truth.actionNames.length;
  const A = actions.length;
  const out = new Float64Array(rows.length * A);
  for (let i = 0; i < rows.length; i++) {
    const c = history.months.customer[rows[i]!]!;
    for (let a = 0; a < A; a++) out[i * A + a] = truth.actionEffect[c * T + index[a]!]!;
  }
  return out;
}

/**
 * Turns calibrated probabilities into decisions. For the active customers: P(churn within the
 * effect window) from the calibrated monthly probability, CLV, EV per eligible action, the
 * unconstrained plan (every EV > 0), the production plan (maximum total EV under the budget and the
 * contact cap, solved exactly on the budget grid, with the Lagrangian bound on the cap) and the
 * greedy plan it is compared with. For the backtest: the same quantities on out-of-fold rows
 * whose effect window is observed, the realised profit curve, and on synthetic data the oracle
 * (true hazard, true action effect) and the ratio of realised profits.
 */
export function decide(panel: Panel, frame: FeatureFrame, config: Config, evaluation: Evaluation, scored: ScoredCustomers): Decisions {
  const d = config.decision;
  const A = d.actions.length;
  const W = d.effectMonths;
  const history = panel.history;
  const { costs, options } = budgetInputs(config);

  // Active customers.
  const pMonth = panel.horizon === 1 ? scored.calibrated : monthlyFromHorizon(scored.calibrated, panel.horizon);
  const pWindow = windowProbability(pMonth, W);
  const portfolioHazard = mean(pMonth);
  const clv = customerLifetimeValue(chargesAt(history, scored.rows), clvHazard(pMonth, d.clvHazard, portfolioHazard), { marginRate: d.marginRate, annualDiscountRate: d.annualDiscountRate, horizonMonths: d.clvHorizonMonths });
  const ev = expectedValues(pWindow, clv, d.actions, eligibilityAt(frame, d.actions, scored.rows));
  const values = bandedValues(ev.ev, pWindow, A, d.probabilityBand);
  const unconstrained = unconstrainedPlan(values, A, costs);
  const production = optimalPlan(values, costs, options);
  const greedy = greedyPlan(values, costs, options);
  let inBrief = 0;
  let inBand = 0;
  let maxP = 0;
  let sumP = 0;
  for (let i = 0; i < pWindow.length; i++) {
    const p = pWindow[i]!;
    if (p >= d.briefBand.min && p <= d.briefBand.max) inBrief++;
    if (p >= d.probabilityBand.min && p <= d.probabilityBand.max) inBand++;
    maxP = Math.max(maxP, p);
    sumP += p;
  }
  const plan: PlanRow[] = [];
  for (let i = 0; i < production.action.length; i++) {
    const a = production.action[i]!;
    if (a < 0) continue;
    plan.push({
      customerId: scored.customerIds[i]!,
      churnProbabilityMonth: pMonth[i]!,
      churnProbabilityWindow: pWindow[i]!,
      clv: clv[i]!,
      action: d.actions[a]!.name,
      cost: d.actions[a]!.cost,
      expectedValue: values[i * A + a]!,
      reasons: scored.reasons[i] ?? [],
    });
  }

  // Backtest on out-of-fold rows of the decision model whose effect window is observed.
  const decisionModel = evaluation.outOfFold.get(scored.model);
  if (!decisionModel) throw new RangeError(`decide: no out-of-fold predictions for model "${scored.model}"`);
  const { oof, calibrated } = decisionModel;
  const last = history.periods - 1;
  const keep: number[] = [];
  for (const i of calibrated.evaluated) if (history.months.period[oof.rows[i]!]! + W <= last) keep.push(i);
  const idx = Uint32Array.from(keep);
  const rows = Uint32Array.from(keep, (i) => oof.rows[i]!);
  const n = rows.length;
  const yW = new Uint8Array(n);
  const pCal = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    const t = history.months.period[r]!;
    const churn = history.customers.churnPeriod[history.months.customer[r]!]!;
    yW[k] = churn !== NOT_CHURNED && churn > t && churn <= t + W ? 1 : 0;
    pCal[k] = calibrated.proba[idx[k]!]!;
  }
  const btMonth = panel.horizon === 1 ? pCal : monthlyFromHorizon(pCal, panel.horizon);
  const btWindow = windowProbability(btMonth, W);
  const btClv = customerLifetimeValue(chargesAt(history, rows), clvHazard(btMonth, d.clvHazard, mean(btMonth)), { marginRate: d.marginRate, annualDiscountRate: d.annualDiscountRate, horizonMonths: d.clvHorizonMonths });
  const btEligible = eligibilityAt(frame, d.actions, rows);
  const btEv = expectedValues(btWindow, btClv, d.actions, btEligible);
  const btValues = bandedValues(btEv.ev, btWindow, A, d.probabilityBand);
  const trueEffect = trueEffectAt(history, d.actions, rows);
  // Realised value per row of its best action: saved value uses the true effect where known, else the assumed success rate.
  const gain = new Float64Array(n);
  const loss = new Float64Array(n);
  const spend = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const a = Math.max(0, btEv.best[k]!);
    const s = trueEffect ? trueEffect[k * A + a]! : d.actions[a]!.successRate;
    gain[k] = s * btClv[k]! - d.actions[a]!.costIfChurner;
    loss[k] = d.actions[a]!.costIfStayer;
    spend[k] = d.actions[a]!.cost;
  }
  const curveOptions = { replicates: config.evaluation.bootstrapReplicates, seed: streamSeed(config.seed, "profitCurve"), level: config.evaluation.confidenceLevel, gridPoints: 200 };
  const curve = profitCurve(yW, btWindow, gain, loss, spend, curveOptions);

  let oracleCurve: ProfitCurve | null = null;
  let realised: RealisedComparison | null = null;
  let note = "";
  const truth = history.truth;
  if (truth && trueEffect) {
    const hazard = new Float64Array(n);
    for (let k = 0; k < n; k++) hazard[k] = truth.hazard[rows[k]!]!;
    const pTrue = trueWindowProbability(hazard, W);
    // The oracle knows the truth but follows the same eligibility rules.
    const oValues = oracleValues(pTrue, btClv, trueEffect, d.actions);
    for (let i = 0; i < oValues.length; i++) if (!btEligible[i]) oValues[i] = Number.NEGATIVE_INFINITY;
    const oBest = unconstrainedPlan(oValues, A);
    const oGain = new Float64Array(n);
    const oLoss = new Float64Array(n);
    const oSpend = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let a = oBest.action[k]!;
      if (a < 0) {
        a = 0;
        for (let b = 1; b < A; b++) if (oValues[k * A + b]! > oValues[k * A + a]!) a = b;
      }
      oGain[k] = trueEffect[k * A + a]! * btClv[k]! - d.actions[a]!.costIfChurner;
      oLoss[k] = d.actions[a]!.costIfStayer;
      oSpend[k] = d.actions[a]!.cost;
    }
    oracleCurve = profitCurve(yW, pTrue, oGain, oLoss, oSpend, curveOptions);
    // Campaign replays: the latest backtest months, one campaign (budget and cap) per month.
    const monthsAll = Array.from(new Set(Array.from(rows, (r) => history.months.period[r]!))).sort((a, b) => a - b);
    const months = monthsAll.slice(-d.backtestMonths);
    const totals = { production: 0, unconstrained: 0, oracleProduction: 0, oracleUnconstrained: 0 };
    for (const m of months) {
      const sel: number[] = [];
      for (let k = 0; k < n; k++) if (history.months.period[rows[k]!] === m) sel.push(k);
      const pick = <T extends Float64Array | Uint8Array>(src: T, width: number): T => gather(src, sel, width);
      const ours = pick(btValues, A);
      const theirs = pick(oValues, A);
      const y = pick(yW, 1);
      const c = pick(btClv, 1);
      const eff = pick(trueEffect, A);
      const score = (plan: BudgetPlan) => realisedValue(plan.action, y, c, eff, d.actions).profit;
      totals.production += score(optimalPlan(ours, costs, options));
      totals.unconstrained += score(unconstrainedPlan(ours, A));
      totals.oracleProduction += score(optimalPlan(theirs, costs, options));
      totals.oracleUnconstrained += score(unconstrainedPlan(theirs, A));
    }
    realised = {
      months,
      ...totals,
      productionRatio: totals.production / totals.oracleProduction,
      unconstrainedRatio: totals.unconstrained / totals.oracleUnconstrained,
    };
  } else {
    note = history.truth ? "the synthetic truth has no effect for some configured action" : "real data: the true hazard and action effects are unknown, so there is no oracle";
  }

  return {
    activeCustomers: scored.rows.length,
    effectMonths: W,
    portfolioHazard,
    meanClv: mean(clv),
    band: { brief: { ...d.briefBand, count: inBrief }, configured: { ...d.probabilityBand, count: inBand }, maxProbability: maxP, meanProbability: sumP / pWindow.length },
    unconstrained: summarize(unconstrained, values, d.actions),
    production: { ...summarize(production, values, d.actions), exact: production.exact, upperBound: production.upperBound, gap: production.gap },
    greedy: summarize(greedy, values, d.actions),
    bestEv: ev.bestEv,
    evHistogram: histogram(ev.bestEv),
    plan,
    planPreview: planPreview(plan),
    backtest: { rows: n, curve, oracleCurve, realised, note },
  };
}

/** The action plan CSV of a decision result (production mode). */
export function decisionPlanCsv(decisions: Decisions): string {
  return actionPlanCsv(decisions.plan);
}
