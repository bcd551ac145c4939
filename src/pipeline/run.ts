import type { Config } from "../config/config.js";
import type { DataQualitySummary } from "../data/quality.js";
import type { ChurnHistory } from "../data/history.js";
import type { PopulationSource } from "../data/population.js";
import { foldRunner } from "../evaluation/foldTasks.js";
import { buildFeatureFrame } from "../features/build.js";
import { featureCatalogue, type FeatureFrame, type FeatureInfo } from "../features/frame.js";
import { buildPanel, type Panel } from "../panel/panel.js";
import { summarizePanel, type PanelSummary } from "../panel/summary.js";
import { formatFixed, formatMoney } from "../util/format.js";
import { resolveWorkerCount } from "../util/workerPool.js";
import { crossSectionalCheck, type CrossSectionalCheck } from "./crossSection.js";
import { decide, type Decisions } from "./decide.js";
import { explainModels, type Explanations } from "./explain.js";
import { evaluateModels, foldContext, recipeFor, type Evaluation } from "./evaluate.js";
import { activeEffectShares, experimentSkipReason, experimentStage, type ExperimentResult } from "./experiment.js";
import { monitor, type Monitoring } from "./monitor.js";
import { populationStage, type PopulationResult, type PopulationSummary } from "./population.js";
import { scoreActiveCustomers, type ScoredCustomers } from "./score.js";

/** The stages of a run, in order (progress lines and manifest timings use these names). */
export const STAGES = ["panel", "features", "evaluate", "score", "decide", "population", "experiment", "explain", "monitor"] as const;
/** One of {@link STAGES}. */
export type Stage = (typeof STAGES)[number];

/** The data a run starts from: a loaded source (the CLI or the notebook loads it; see `src/io/loadSource`). */
export interface RunInput {
  readonly history: ChurnHistory;
  /** Present for a CSV source: what the loader did to it. */
  readonly quality?: DataQualitySummary;
  /** A scaled run: `history` is a uniform customer sample to train and evaluate on, and every active customer of this population is scored and planned (in chunks). */
  readonly population?: PopulationSource;
}

/** Everything a run computes. The notebooks, the report and the tests all read from here. */
export interface PipelineResult {
  readonly config: Config;
  readonly source: RunInput;
  readonly panel: Panel;
  readonly panelSummary: PanelSummary;
  readonly frame: FeatureFrame;
  readonly catalogue: readonly FeatureInfo[];
  readonly evaluation: Evaluation;
  /** Telco only: the cross-sectional sanity check. */
  readonly crossSection: CrossSectionalCheck | null;
  readonly scored: ScoredCustomers;
  /** A scaled run: how the training sample relates to the population whose active customers were all scored and planned; null otherwise. */
  readonly population: PopulationSummary | null;
  /** The explainable models' contribution summaries and the top plan customer's waterfall. */
  readonly explanations: Explanations;
  readonly decisions: Decisions;
  /** Drift per feature and month, estimated and realised performance per month, the retraining rule. */
  readonly monitoring: Monitoring;
  /** The randomised experiment, the uplift learners and the policy comparison; null when it cannot run (see `experimentNote`). */
  readonly experiment: ExperimentResult | null;
  /** Why there is no experiment ("" when there is one). */
  readonly experimentNote: string;
  /** Milliseconds per stage (the only clock readings of a run). */
  readonly timings: Readonly<Record<Stage, number>>;
}

/** Progress callbacks and the worker count of {@link runPipeline}. */
export interface RunOptions {
  readonly onStageStart?: (stage: Stage) => void;
  readonly onStageDone?: (stage: Stage, detail: string) => void;
  /** The share done (0..1) of a slow stage (for example "population"), for a progress bar with an ETA. */
  readonly onShare?: (stage: Stage, share: number) => void;
  /** A finer step inside a stage (for example "leakage ladder"). */
  readonly onStep?: (stage: Stage, step: string) => void;
  /** Worker threads for fits; default `config.compute.workers`. The result is the same for any count. */
  readonly workers?: number | "auto";
}

/** Times each stage (the run's only clock readings) and reports its start and its one-line detail. */
function stageRunner(options: RunOptions, timings: Partial<Record<Stage, number>>) {
  return async <T>(name: Stage, work: () => T | Promise<T>, detail: (value: T) => string): Promise<T> => {
    options.onStageStart?.(name);
    const t0 = performance.now();
    const value = await work();
    timings[name] = Math.round(performance.now() - t0);
    options.onStageDone?.(name, detail(value));
    return value;
  };
}

/** The population stage's progress detail. */
function populationDetail(p: PopulationResult | null): string {
  return p ? `${p.summary.activeCustomers} active of ${p.summary.populationCustomers} customers in ${p.summary.chunks} chunks; ${p.campaign.production.targeted} to contact` : "the panel holds every customer";
}

/**
 * Runs the pipeline on already-loaded data: the point-in-time panel and feature frame, the
 * evaluation of every configured model (folds and ladder rungs on a worker pool), scoring of the
 * active customers with the first configured model, and the decisions. Deterministic for a config,
 * its seed and the data, whatever the number of workers; only this runner reads the clock.
 */
export async function runPipeline(input: RunInput, config: Config, options: RunOptions = {}): Promise<PipelineResult> {
  const timings: Partial<Record<Stage, number>> = {};
  const stage = stageRunner(options, timings);
  const { history } = input;
  const panel = await stage("panel", () => buildPanel(history, { horizon: config.panel.horizon }), (p) => `${p.counts.labelled} labelled rows, ${p.counts.positives} positive, ${p.counts.scoring} to score`);
  const frame = await stage("features", () => buildFeatureFrame(history, config.features), (f) => `${f.numeric.length + f.categorical.length} features`);
  const runner = foldRunner(foldContext(panel, frame), resolveWorkerCount(options.workers ?? config.compute.workers));
  try {
    const models = config.evaluation.models;
    const onStep = (s: string): void => options.onStep?.("evaluate", s);
    const onShareEvaluate = (share: number): void => options.onShare?.("evaluate", share);
    const [evaluation, crossSection] = await stage(
      "evaluate",
      () => Promise.all([evaluateModels(panel, frame, config, models, { runner, onStep, onShare: onShareEvaluate }), history.kind === "telco" ? crossSectionalCheck(history, frame, config) : null]),
      ([e]) => e.models.map((m) => `${m.model} AUC ${formatFixed(m.raw.rocAuc, 3)}`).join(", "),
    );
    const decisionModel = evaluation.decisionModel.model;
    const { oof, calibrated } = evaluation.outOfFold.get(decisionModel)!;
    const start = oof.starts[oof.starts.length - 1];
    const recipe = { ...recipeFor(decisionModel, config, evaluation.split), ...(start ? { warmStart: start } : {}) };
    const scored = await stage("score", () => scoreActiveCustomers(runner, panel, frame, recipe, calibrated.final, config.decision), (s) => `${s.model}: ${s.rows.length} active customers`);
    const sampleDecisions = await stage("decide", () => decide(panel, frame, config, evaluation, scored), (d) => `${d.production.targeted} to contact, expected profit ${formatMoney(d.production.expectedProfit)}`);
    const onShare = (share: number): void => options.onShare?.("population", share);
    const population = await stage("population", () => (input.population ? populationStage(input.population, scored.scoringModel, panel, scored.calibrated, config, onShare) : null), populationDetail);
    const constantDecisions = population ? { ...population.campaign, backtest: sampleDecisions.backtest } : sampleDecisions;
    // A scaled run serves the sample's model with the population's portfolio hazard (the plan's).
    const served = population ? { ...scored, scoringModel: population.scoringModel } : scored;
    const experimentNote = experimentSkipReason(panel, config) ?? "";
    const experiment = await stage("experiment", () => (experimentNote === "" ? experimentStage(panel, frame, config, evaluation, served, (share) => options.onShare?.("experiment", share)) : null), (x) => (x ? `uplift policy ${formatFixed(x.policy.uplift.productionRatio, 2)} of the oracle, constant effects ${formatFixed(x.policy.constant.productionRatio, 2)}` : `skipped: ${experimentNote}`));
    // decision.policy "uplift": the live plan optimises the values with the effects learned from the experiment.
    const upliftPolicy = config.decision.policy === "uplift" && experiment !== null;
    const decisions = upliftPolicy ? decide(panel, frame, config, evaluation, scored, activeEffectShares(panel, frame, config, experiment)) : constantDecisions;
    const explained = await stage("explain", () => explainModels(panel, frame, config, evaluation, served, decisions), (e) => e.models.map((m) => `${m.model} (${m.method})`).join(", "));
    const explanations = population ? { ...explained, waterfall: population.waterfall } : explained;
    const monitoring = await stage("monitor", () => monitor(panel, frame, config, evaluation, (share) => options.onShare?.("monitor", share)), (mo) => `${mo.retrain.filter((r) => r.retrain).length} of ${mo.retrain.length} months would retrain`);
    return { config, source: input, panel, panelSummary: summarizePanel(panel), frame, catalogue: featureCatalogue(frame), evaluation, crossSection, scored: served, decisions, population: population?.summary ?? null, explanations, monitoring, experiment, experimentNote, timings: timings as Record<Stage, number> };
  } finally {
    await runner.close();
  }
}
