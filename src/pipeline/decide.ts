import type { Config } from "../config/config.js";
import { actionPlanCsv } from "../decision/actionPlan.js";
import { backtest, type Backtest } from "../decision/backtest.js";
import { campaign, type Campaign, type CustomerValues } from "../decision/campaign.js";
import { upliftPolicyValues } from "../decision/upliftPolicy.js";
import { backtestInputs, decisionInputs } from "../decision/inputs.js";
import type { ProfitCurveOptions } from "../decision/profitCurve.js";
import type { FeatureFrame } from "../features/frame.js";
import type { Panel } from "../panel/panel.js";
import { streamSeed } from "../util/streams.js";
import type { Evaluation } from "./evaluate.js";
import type { ScoredCustomers } from "./score.js";

/** Everything the decision stage produces, JSON-ready apart from the typed arrays: the active customers' campaign and the backtest. */
export interface Decisions extends Campaign {
  readonly backtest: Backtest;
}

/** Points on the backtest's profit-curve grid (a display resolution, not a method parameter). */
const PROFIT_CURVE_GRID_POINTS = 200;

/** The profit curves' bootstrap band: the config's replicates (0 = none) and level, on the `profitCurve` random stream. */
export function profitCurveOptions(config: Config): ProfitCurveOptions {
  const e = config.evaluation;
  return { replicates: e.bootstrapReplicates, seed: streamSeed(config.seed, "profitCurve"), level: e.confidenceLevel, gridPoints: PROFIT_CURVE_GRID_POINTS };
}

/**
 * The decision stage. For the active customers (the scored set), the campaign of
 * `src/decision/campaign.ts`: P(churn within the effect window) from the calibrated probability,
 * CLV, EV per eligible action, the unconstrained, production (exact under the budget and the
 * contact cap) and greedy plans, and the plan rows. For the backtest (`src/decision/backtest.ts`):
 * the same quantities on the decision model's calibrated out-of-fold rows whose effect window is
 * observed, the realised profit curve, and on synthetic data the oracle and the campaign replays.
 * With `upliftEffect` (the active customers' estimated effect shares, customers × actions), the
 * campaign's plans optimise the uplift policy's values instead (`upliftPolicyValues`).
 */
export function decide(panel: Panel, frame: FeatureFrame, config: Config, evaluation: Evaluation, scored: ScoredCustomers, upliftEffect?: Float64Array): Decisions {
  const d = config.decision;
  const predictions = evaluation.outOfFold.get(scored.model);
  if (!predictions) throw new RangeError(`decide: no out-of-fold predictions for model "${scored.model}"`);
  const valuesOf = upliftEffect ? (v: CustomerValues) => upliftPolicyValues(v.pWindow, v.clv, upliftEffect, d.actions, v.values) : undefined;
  const active = campaign(decisionInputs(panel, frame, scored.rows, scored.calibrated, d.actions), { ids: scored.customerIds, reasons: scored.reasons }, d, undefined, valuesOf);
  const past = backtestInputs(panel, frame, { rows: predictions.oof.rows, ...predictions.calibrated }, d.actions, d.effectMonths);
  return { ...active, backtest: backtest(past, d, profitCurveOptions(config)) };
}

/** The action plan CSV of a decision result (production mode). */
export function decisionPlanCsv(decisions: Decisions): string {
  return actionPlanCsv(decisions.plan);
}
