import type { Config } from "../config/config.js";
import { frameFeatureValues, type FeatureFrame } from "../features/frame.js";
import { modelSpec, type ModelRecipe } from "../models/catalog.js";
import { columnMeans, contributionsByFeature, contributionsOf, summarizeExplanation, waterfall, type Contributions, type ExplanationSummary, type Waterfall } from "../models/explain.js";
import type { DenseMatrix } from "../models/matrix.js";
import type { ModelJSON } from "../models/types.js";
import type { Panel } from "../panel/panel.js";
import type { Decisions } from "./decide.js";
import { recipeFor, type Evaluation } from "./evaluate.js";
import type { ScoredCustomers } from "./score.js";

/** Per-feature contributions of some rows under one fitted model, with the features' values. */
export interface ExplainedRows {
  readonly method: Contributions["method"];
  readonly base: number;
  readonly features: readonly string[];
  /** rows × features, log-odds. */
  readonly byFeature: DenseMatrix;
  /** The value of feature f at explained row i: a number (NaN = missing) or a categorical level. */
  readonly valueOf: (row: number, feature: number) => number | string;
  /** The levels of each feature in code order, null for numeric features. */
  readonly levels: readonly (readonly string[] | null)[];
}

/**
 * Explains `model` (its JSON, fitted with `recipe`'s design on `trainRows`) at panel rows `rows`:
 * the design refitted on `trainRows` (deterministic, so identical to the fit's), contributions
 * per design column (linear or TreeSHAP), summed back to the frame's features. Null for a model
 * without additive contributions.
 */
export function explainRows(frame: FeatureFrame, rows: Uint32Array, trainRows: Uint32Array, recipe: ModelRecipe, model: ModelJSON): ExplainedRows | null {
  const design = modelSpec(recipe).design.fit(frame, trainRows);
  const contributions = contributionsOf(model, design.transform(rows), () => columnMeans(design.transform(trainRows)));
  if (!contributions) return null;
  const values = frameFeatureValues(frame, rows);
  return { method: contributions.method, base: contributions.base, byFeature: contributionsByFeature(contributions, design.columnNames, values.features), ...values };
}

/** What the explain stage produces: each explainable model's summary, and the top plan customer's waterfall. */
export interface Explanations {
  readonly models: readonly ExplanationSummary[];
  readonly waterfall: Waterfall | null;
}

/** Display sizes of the explanations (not config: they change no number the decisions use). */
const BEESWARM_FEATURES = 10;
const BEESWARM_CUSTOMERS = 300;
const WATERFALL_STEPS = 8;

/**
 * The explain stage: for the decision model, the summary of the contributions behind its scores
 * (fitted on every labelled row) and the waterfall of the first customer of the plan preview; for
 * every other explainable evaluated model, the same summary from its last fold's model on the active
 * customers. Pure; TreeSHAP of 7,000 customers takes well under a second.
 */
export function explainModels(panel: Panel, frame: FeatureFrame, config: Config, evaluation: Evaluation, scored: ScoredCustomers, decisions: Pick<Decisions, "planPreview">): Explanations {
  const options = { top: BEESWARM_FEATURES, sample: BEESWARM_CUSTOMERS };
  const models: ExplanationSummary[] = [];
  let chart: Waterfall | null = null;
  const lastTrain = evaluation.split.folds[evaluation.split.folds.length - 1]!.train;
  for (const m of evaluation.models) {
    const decisionModel = m.model === scored.model;
    const lastModel = evaluation.outOfFold.get(m.model)?.oof.lastModel;
    const explained = decisionModel ? scoredRows(scored, frame, panel) : lastModel ? explainRows(frame, panel.scoring, lastTrain, recipeFor(m.model, config, evaluation.split), lastModel) : null;
    if (!explained) continue;
    models.push({ model: m.model, method: explained.method, fittedOn: decisionModel ? "final" : "last fold", base: explained.base, ...summarizeExplanation(explained.byFeature, explained.features, explained.valueOf, explained.levels, options) });
    const first = decisions.planPreview[0];
    const row = decisionModel && first ? scored.customerIds.indexOf(first.customerId) : -1;
    if (row >= 0) chart = waterfall(explained.byFeature, row, explained.features, explained.base, explained.valueOf, WATERFALL_STEPS, { customerId: first!.customerId, model: m.model });
  }
  return { models, waterfall: chart };
}

/** The decision model's contributions as the score stage computed them, with the frame's values. */
function scoredRows(scored: ScoredCustomers, frame: FeatureFrame, panel: Panel): ExplainedRows | null {
  const e = scored.explanation;
  return e ? { ...frameFeatureValues(frame, panel.scoring), method: e.method, base: e.base, byFeature: e.byFeature } : null;
}
