import type { Config } from "../config/config.js";
import type { PopulationSource } from "../data/population.js";
import { campaign, portfolioHazardOf, type Campaign } from "../decision/campaign.js";
import { wilsonInterval } from "../evaluation/proportion.js";
import { waterfall, type Reason, type Waterfall } from "../models/explain.js";
import type { Panel } from "../panel/panel.js";
import { rescoreCustomers, scorePopulation, type PopulationScoringOptions } from "../serving/populationScores.js";
import { loadScoringModel, type ScoringModel } from "../serving/scoringModel.js";

/** A churn rate with its counts (labelled customer-months and churners among them). */
export interface ChurnRate {
  readonly rows: number;
  readonly churners: number;
  readonly rate: number;
}

/** How the training sample relates to the population it was drawn from. */
export interface PopulationSummary {
  readonly chunks: number;
  /** Customers in the population (churned or active), over all chunks. */
  readonly populationCustomers: number;
  /** Customers active at the end of the data: every one is scored and can be planned. */
  readonly activeCustomers: number;
  /** Customers in the training sample (its panel is what was evaluated). */
  readonly sampleCustomers: number;
  /** Inclusion probability of every customer in the sample. */
  readonly sampleShare: number;
  /** Monthly churn rate over every labelled customer-month of the population. */
  readonly population: ChurnRate;
  /** The same over the sample, with a Wilson interval at `level`. */
  readonly sample: ChurnRate & { readonly lower: number; readonly upper: number; readonly level: number };
  /**
   * Odds of churn in the population over odds in the sample: the factor a prior correction would
   * multiply the model's odds by (King & Zeng 2001, "Logistic regression in rare events data").
   * The sample is drawn independently of the label, so its expectation is 1 and no correction is
   * applied; the measured value is shown. Null when either group has no churners or only churners
   * (odds of 0 or ∞).
   */
  readonly priorOddsRatio: number | null;
  /** Mean calibrated probability (the panel horizon) over the population's active customers and over the sample's. */
  readonly meanCalibrated: { readonly population: number; readonly sample: number };
}

/** What the population stage returns: the served scoring document, the campaign over every active customer, the sample check, and the first plan customer's waterfall. */
export interface PopulationResult {
  readonly summary: PopulationSummary;
  /**
   * The scoring document to register and serve: the sample's, with the portfolio hazard of the
   * population's active customers (the customers the plan values), so the API, `npm run score`
   * and the exported SQL give every customer the plan's CLV and EVs.
   */
  readonly scoringModel: ScoringModel;
  readonly campaign: Campaign;
  /** The contributions behind the first previewed plan customer's score (null for models without them). */
  readonly waterfall: Waterfall | null;
}

/** Display size of the waterfall (as the explain stage's). */
const WATERFALL_STEPS = 8;

const mean = (x: Float64Array): number => x.reduce((s, v) => s + v, 0) / x.length;
/** The odds of churn of group 1 (k1 churners of n1) over those of group 0, or null where either odds is 0 or ∞ (no churners, or no stayers). */
export function oddsRatio(k1: number, n1: number, k0: number, n0: number): number | null {
  const ok = (k: number, n: number): boolean => k > 0 && k < n;
  return ok(k1, n1) && ok(k0, n0) ? k1 / (n1 - k1) / (k0 / (n0 - k0)) : null;
}

/** Churners among a panel's labelled rows. */
function churnersOf(panel: Panel): number {
  let k = 0;
  for (const r of panel.labelled) k += panel.label[r]!;
  return k;
}

/**
 * The population stage of a scaled run: scores every active customer of `population` in chunks
 * with the scoring document fitted on the sample, runs the campaign over all of them (the budget
 * knapsack stays exact through its shortlist), rescores the planned customers for their reasons and
 * the first one's waterfall, and compares the population's churn rate with the sample's. The
 * portfolio hazard behind every CLV is the mean over the population's active customers, as in a run
 * without sampling (where it is the mean over the panel's), and the returned scoring document
 * carries it.
 */
export function populationStage(population: PopulationSource, model: ScoringModel, sample: Panel, sampleCalibrated: Float64Array, config: Config, onShare?: (share: number) => void): PopulationResult {
  const runtime = loadScoringModel(model);
  const options: PopulationScoringOptions = { features: config.features, horizon: config.panel.horizon, actions: config.decision.actions };
  const all = scorePopulation(runtime, population, options, onShare);
  const portfolioHazard = portfolioHazardOf({ probability: all.calibrated, horizon: options.horizon });
  const served: ScoringModel = { ...model, portfolioHazard };
  const active = campaign({ probability: all.calibrated, horizon: options.horizon, monthlyCharges: all.monthlyCharges, eligible: all.eligible }, { ids: all.ids, reasons: [] }, served.decision, served.portfolioHazard);
  const planned = rescoreCustomers(runtime, population, active.plan.map((r) => r.customerId), options, config.decision.reasons);
  const reasons = new Map<string, readonly Reason[]>(planned ? planned.ids.map((id, i) => [id, planned.scores.reasons[i]!]) : []);
  const withReasons = <R extends { readonly customerId: string }>(r: R): R => ({ ...r, reasons: reasons.get(r.customerId) ?? [] });
  const first = active.planPreview[0]?.customerId;
  const row = planned && first !== undefined ? planned.ids.indexOf(first) : -1;
  const e = planned?.scores.explanation;
  const churners = churnersOf(sample);
  const n = sample.labelled.length;
  const level = config.evaluation.confidenceLevel;
  return {
    summary: {
      chunks: population.chunks,
      populationCustomers: all.customers,
      activeCustomers: all.ids.length,
      sampleCustomers: sample.history.customers.count,
      sampleShare: population.sampleShare,
      population: { rows: all.labelled, churners: all.churners, rate: all.churners / all.labelled },
      sample: { rows: n, churners, rate: churners / n, ...wilsonInterval(churners, n, level), level },
      priorOddsRatio: oddsRatio(all.churners, all.labelled, churners, n),
      meanCalibrated: { population: mean(all.calibrated), sample: mean(sampleCalibrated) },
    },
    scoringModel: served,
    campaign: { ...active, plan: active.plan.map(withReasons), planPreview: active.planPreview.map(withReasons) },
    waterfall: e && row >= 0 ? waterfall(e.byFeature, row, e.features, e.base, planned!.valueOf, WATERFALL_STEPS, { customerId: first!, model: model.model }) : null,
  };
}
