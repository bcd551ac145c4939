/**
 * The decisions for one set of customers (the active base, or a backtest month): from calibrated
 * churn probabilities to expected values per action, the probability band rule, the three
 * targeting modes (unconstrained, production under budget and cap, greedy) and the plan rows.
 * Pure functions of plain arrays and the `decision` config section.
 */
import type { DecisionConfig, RetentionAction } from "../config/config.js";
import { histogram, type Histogram } from "../evaluation/histogram.js";
import type { Reason } from "../models/explain.js";
import { planPreview, type PlanRow } from "./actionPlan.js";
import { actionCostUnits, budgetUnitsFor, greedyPlan, optimalPlan, unconstrainedPlan, type BudgetOptions, type BudgetPlan } from "./budget.js";
import { customerLifetimeValue, monthlyFromHorizon, windowProbability } from "./clv.js";
import { expectedValues, type ExpectedValues } from "./expectedValue.js";

/** What the decisions need per customer: plain arrays of one length n (and n × A for `eligible`). */
export interface CustomerInputs {
  /** Calibrated P(churn within the label horizon), in [0, 1]. */
  readonly probability: Float64Array;
  /** The label horizon h of `probability`, in months (an integer ≥ 1). */
  readonly horizon: number;
  /** Monthly charges (money per month, ≥ 0). */
  readonly monthlyCharges: Float64Array;
  /** n × A row-major 0/1: which action each customer may receive (`actionEligibility`). */
  readonly eligible: Uint8Array;
}

/** Per-customer probabilities, lifetime values and action values, from {@link customerValues}. */
export interface CustomerValues {
  /** Calibrated monthly churn probability (`monthlyFromHorizon`; the input itself when h = 1). */
  readonly pMonth: Float64Array;
  /** Calibrated P(churn within the effect window `decision.effectMonths`): the p of the EV formula. */
  readonly pWindow: Float64Array;
  /** Mean of `pMonth` over these customers: the CLV hazard in "portfolio" mode. */
  readonly portfolioHazard: number;
  /** CLV per customer (money). */
  readonly clv: Float64Array;
  /** EV per customer and action (−Infinity where not eligible) and the best action per customer. */
  readonly ev: ExpectedValues;
  /** `ev.ev` after the probability band rule: every action of a customer outside `decision.probabilityBand` is −Infinity. */
  readonly values: Float64Array;
}

/**
 * Probabilities, CLV and action values of n customers: the monthly probability from the
 * horizon's (constant hazard), P(churn within the effect window), CLV with the hazard of
 * `decision.clvHazard` ("portfolio": every customer at the mean monthly probability of these
 * customers, since a saved customer returns to ordinary risk and the elevated current risk is
 * what the action removes; "customer": each at its own), EV per eligible action, and the band
 * rule. `portfolioHazard` fixes the portfolio hazard instead of taking it from these customers (a
 * served model scores one customer at a time with the hazard of the base it was registered on).
 * Throws (through the functions it calls) on empty input, length mismatch or values out of range.
 * O(n·A).
 */
export function customerValues(inputs: CustomerInputs, d: DecisionConfig, portfolioHazard?: number): CustomerValues {
  const pMonth = monthlyProbability(inputs);
  const pWindow = windowProbability(pMonth, d.effectMonths);
  if (portfolioHazard !== undefined && !(portfolioHazard >= 0 && portfolioHazard <= 1)) throw new RangeError(`customerValues: portfolioHazard must be a probability in [0, 1], got ${portfolioHazard}`);
  const hazardOfBase = portfolioHazard ?? mean(pMonth);
  const hazard = d.clvHazard === "customer" ? pMonth : new Float64Array(pMonth.length).fill(hazardOfBase);
  const clv = customerLifetimeValue(inputs.monthlyCharges, hazard, { marginRate: d.marginRate, annualDiscountRate: d.annualDiscountRate, horizonMonths: d.clvHorizonMonths });
  const ev = expectedValues(pWindow, clv, d.actions, inputs.eligible);
  return { pMonth, pWindow, portfolioHazard: hazardOfBase, clv, ev, values: bandedValues(ev.ev, pWindow, d.actions.length, d.probabilityBand) };
}

/** Calibrated monthly churn probabilities of the inputs (`monthlyFromHorizon`; the input itself when h = 1). */
function monthlyProbability(inputs: Pick<CustomerInputs, "probability" | "horizon">): Float64Array {
  return inputs.horizon === 1 ? inputs.probability : monthlyFromHorizon(inputs.probability, inputs.horizon);
}

/** The CLV hazard of "portfolio" mode for these customers: the mean of their calibrated monthly churn probabilities (only `probability` and `horizon` are read). */
export function portfolioHazardOf(inputs: Pick<CustomerInputs, "probability" | "horizon">): number {
  if (inputs.probability.length === 0) throw new RangeError("portfolioHazardOf: no customers");
  return mean(monthlyProbability(inputs));
}

/** The arithmetic mean of a non-empty array. */
function mean(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

/** EV per row and action after the probability band rule: rows with pWindow outside [band.min, band.max] get −Infinity for every action. */
function bandedValues(ev: Float64Array, pWindow: Float64Array, actions: number, band: { readonly min: number; readonly max: number }): Float64Array {
  const out = Float64Array.from(ev);
  for (let i = 0; i < pWindow.length; i++) {
    if (pWindow[i]! < band.min || pWindow[i]! > band.max) out.fill(Number.NEGATIVE_INFINITY, i * actions, (i + 1) * actions);
  }
  return out;
}

/** A campaign's constraints in budget units: the actions' costs and the budget and contact cap (`decision.budget`, `budgetUnit`, `maxContacts`). */
export function campaignConstraints(d: DecisionConfig): { readonly costs: Int32Array; readonly options: BudgetOptions } {
  return { costs: actionCostUnits(d.actions, d.budgetUnit), options: { budgetUnits: budgetUnitsFor(d.budget, d.budgetUnit), maxCount: d.maxContacts } };
}

/** The three targeting modes of one campaign. */
export interface CampaignPlans {
  /** Every customer with a positive best value gets that action (no budget, no cap). */
  readonly unconstrained: BudgetPlan;
  /** Maximum total value under the budget and the contact cap, solved exactly (`optimalPlan`). */
  readonly production: BudgetPlan;
  /** The greedy heuristic under the same constraints, for comparison. */
  readonly greedy: BudgetPlan;
}

/** The unconstrained, production and greedy plans of n × A `values` under the config's budget and contact cap. */
export function campaignPlans(values: Float64Array, d: DecisionConfig): CampaignPlans {
  const { costs, options } = campaignConstraints(d);
  return { unconstrained: unconstrainedPlan(values, d.actions.length, costs), production: optimalPlan(values, costs, options), greedy: greedyPlan(values, costs, options) };
}

/** Totals of one targeting mode. */
export interface PlanSummary {
  readonly targeted: number;
  /** Σ cost of the chosen actions (money). */
  readonly spend: number;
  /** Σ EV of the targeted customers (money). */
  readonly expectedProfit: number;
  /** expectedProfit / spend (NaN when nothing is spent). */
  readonly roi: number;
  /** Customers per action name, in catalogue order (0 for an unused action). */
  readonly byAction: Readonly<Record<string, number>>;
}

/** The totals of `plan` over n × A `values` (Σ EV in customer order, spend in money, count per action). */
export function summarizePlan(plan: BudgetPlan, values: Float64Array, actions: readonly RetentionAction[]): PlanSummary {
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

/** How the calibrated P(churn within the effect window) of the customers falls in the brief's band and the configured one. */
export interface ProbabilityBand {
  readonly brief: { readonly min: number; readonly max: number; readonly count: number };
  readonly configured: { readonly min: number; readonly max: number; readonly count: number };
  readonly maxProbability: number;
  readonly meanProbability: number;
}

/** Counts of `pWindow` inside `decision.briefBand` and `decision.probabilityBand` (bounds included), with the largest and mean probability. */
export function probabilityBand(pWindow: Float64Array, d: DecisionConfig): ProbabilityBand {
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
  return { brief: { ...d.briefBand, count: inBrief }, configured: { ...d.probabilityBand, count: inBand }, maxProbability: maxP, meanProbability: sumP / pWindow.length };
}

/** Who the customers are: id and the reasons behind each score (customer order of the inputs). */
export interface CustomerLabels {
  readonly ids: readonly string[];
  readonly reasons: readonly (readonly Reason[])[];
}

/** One row per customer `plan` contacts, in customer order: probabilities, CLV, action, cost, EV (from `values.values`) and reasons. */
export function planRows(plan: BudgetPlan, values: CustomerValues, customers: CustomerLabels, actions: readonly RetentionAction[]): PlanRow[] {
  const A = actions.length;
  const rows: PlanRow[] = [];
  for (let i = 0; i < plan.action.length; i++) {
    const a = plan.action[i]!;
    if (a < 0) continue;
    rows.push({
      customerId: customers.ids[i]!,
      churnProbabilityMonth: values.pMonth[i]!,
      churnProbabilityWindow: values.pWindow[i]!,
      clv: values.clv[i]!,
      action: actions[a]!.name,
      cost: actions[a]!.cost,
      expectedValue: values.values[i * A + a]!,
      reasons: customers.reasons[i] ?? [],
    });
  }
  return rows;
}

/** The decisions for the active customers, JSON-ready apart from the typed arrays. */
export interface Campaign {
  readonly activeCustomers: number;
  readonly effectMonths: number;
  /** Mean calibrated monthly churn probability of the active base (the CLV hazard in "portfolio" mode). */
  readonly portfolioHazard: number;
  readonly meanClv: number;
  /** Calibrated P(churn within the effect window) of the active customers: counts inside the brief's band and the configured band. */
  readonly band: ProbabilityBand;
  readonly unconstrained: PlanSummary;
  readonly production: PlanSummary & { readonly exact: boolean; readonly upperBound: number; readonly gap: number };
  readonly greedy: PlanSummary;
  /** Best EV per active customer (−Infinity where no action is eligible). */
  readonly bestEv: Float64Array;
  /** The distribution of {@link Campaign.bestEv}: its histogram (customers with no eligible action counted as non-finite). */
  readonly evHistogram: Histogram;
  /** The production plan, one row per contacted customer in customer order. */
  readonly plan: readonly PlanRow[];
  /** The first rows of the plan by rank (EV descending, ties by id): what the report previews. */
  readonly planPreview: readonly PlanRow[];
}

/**
 * The campaign for the active customers: {@link customerValues}, the three targeting modes
 * ({@link campaignPlans}), their totals, the probability band counts, the EV distribution and the
 * production plan's rows. Throws on empty input (through {@link customerValues}). `portfolioHazard`
 * as in {@link customerValues} (default: from these customers). `valuesOf` replaces the values the
 * plans optimise (e.g. the uplift policy's); the EV distribution stays the constant-effect one.
 */
export function campaign(inputs: CustomerInputs, customers: CustomerLabels, d: DecisionConfig, portfolioHazard?: number, valuesOf?: (values: CustomerValues) => Float64Array): Campaign {
  const base = customerValues(inputs, d, portfolioHazard);
  const values = valuesOf ? { ...base, values: valuesOf(base) } : base;
  const plans = campaignPlans(values.values, d);
  const plan = planRows(plans.production, values, customers, d.actions);
  const { exact, upperBound, gap } = plans.production;
  return {
    activeCustomers: inputs.probability.length,
    effectMonths: d.effectMonths,
    portfolioHazard: values.portfolioHazard,
    meanClv: mean(values.clv),
    band: probabilityBand(values.pWindow, d),
    unconstrained: summarizePlan(plans.unconstrained, values.values, d.actions),
    production: { ...summarizePlan(plans.production, values.values, d.actions), exact, upperBound, gap },
    greedy: summarizePlan(plans.greedy, values.values, d.actions),
    bestEv: values.ev.bestEv,
    evHistogram: histogram(values.ev.bestEv),
    plan,
    planPreview: planPreview(plan),
  };
}
