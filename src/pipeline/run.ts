import type { Config } from "../config/config.js";
import type { DataQualitySummary } from "../data/quality.js";
import type { ChurnHistory } from "../data/history.js";
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
import { scoreActiveCustomers, type ScoredCustomers } from "./score.js";

/** The stages of a run, in order (progress lines and manifest timings use these names). */
export const STAGES = ["panel", "features", "evaluate", "score", "decide", "experiment", "explain", "monitor"] as const;
/** One of {@link STAGES}. */
export type Stage = (typeof STAGES)[number];

/** The data a run starts from: a loaded source (the CLI or the notebook loads it; see `src/io/loadSource`). */
export interface RunInput {
  readonly history: ChurnHistory;
  /** Present for a CSV source: what the loader did to it. */
  readonly quality?: DataQualitySummary;
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
  /** A finer step inside a stage (for example "leakage ladder"). */
  readonly onStep?: (stage: Stage, step: string) => void;
  /** Worker threads for fits; default `config.compute.workers`. The result is the same for any count. */
  readonly workers?: number | "auto";
}

/**
 * Runs the pipeline on already-loaded data: the point-in-time panel and feature frame, the
 * evaluation of every configured model (folds and ladder rungs on a worker pool), scoring of the
 * active customers with the first configured model, and the decisions. Deterministic for a config,
 * its seed and the data, whatever the number of workers; only this runner reads the clock.
 */
export async function runPipeline(input: RunInput, config: Config, options: RunOptions = {}): Promise<PipelineResult> {
  const timings: Partial<Record<Stage, number>> = {};
  const stage = async <T>(name: Stage, work: () => T | Promise<T>, detail: (value: T) => string): Promise<T> => {
    options.onStageStart?.(name);
    const t0 = performance.now();
    const value = await work();
    timings[name] = Math.round(performance.now() - t0);
    options.onStageDone?.(name, detail(value));
    return value;
  };
  const { history } = input;
  const panel = await stage("panel", () => buildPanel(history, { horizon: config.panel.horizon }), (p) => `${p.counts.labelled} labelled rows, ${p.counts.positives} positive, ${p.counts.scoring} to score`);
  const frame = await stage("features", () => buildFeatureFrame(history, config.features), (f) => `${f.numeric.length + f.categorical.length} features`);
  const runner = foldRunner(foldContext(panel, frame), resolveWorkerCount(options.workers ?? config.compute.workers));
  try {
    const models = config.evaluation.models;
    const onStep = (s: string): void => options.onStep?.("evaluate", s);
    const [evaluation, crossSection] = await stage(
      "evaluate",
      () => Promise.all([evaluateModels(panel, frame, config, models, { runner, onStep }), history.kind === "telco" ? crossSectionalCheck(history, frame, config) : null]),
      ([e]) => e.models.map((m) => `${m.model} AUC ${formatFixed(m.raw.rocAuc, 3)}`).join(", "),
    );
    const decisionModel = evaluation.decisionModel.model;
    const { oof, calibrated } = evaluation.outOfFold.get(decisionModel)!;
    const start = oof.starts[oof.starts.length - 1];
    const recipe = { ...recipeFor(decisionModel, config, evaluation.split), ...(start ? { warmStart: start } : {}) };
    const scored = await stage("score", () => scoreActiveCustomers(runner, panel, frame, recipe, calibrated.final, config.decision), (s) => `${s.model}: ${s.rows.length} active customers`);
    const constantDecisions = await stage("decide", () => decide(panel, frame, config, evaluation, scored), (d) => `${d.production.targeted} to contact, expected profit ${formatMoney(d.production.expectedProfit)}`);
    const experimentNote = experimentSkipReason(panel, config) ?? "";
    const experiment = await stage("experiment", () => (experimentNote === "" ? experimentStage(panel, frame, config, evaluation, scored) : null), (x) => (x ? `uplift policy ${formatFixed(x.policy.uplift.productionRatio, 2)} of the oracle, constant effects ${formatFixed(x.policy.constant.productionRatio, 2)}` : `skipped: ${experimentNote}`));
    // decision.policy "uplift": the live plan optimises the values with the effects learned from the experiment.
    const upliftPolicy = config.decision.policy === "uplift" && experiment !== null;
    const decisions = upliftPolicy ? decide(panel, frame, config, evaluation, scored, activeEffectShares(panel, frame, config, experiment)) : constantDecisions;
    const explanations = await stage("explain", () => explainModels(panel, frame, config, evaluation, scored, decisions), (e) => e.models.map((m) => `${m.model} (${m.method})`).join(", "));
    const monitoring = await stage("monitor", () => monitor(panel, frame, config, evaluation), (mo) => `${mo.retrain.filter((r) => r.retrain).length} of ${mo.retrain.length} months would retrain`);
    return { config, source: input, panel, panelSummary: summarizePanel(panel), frame, catalogue: featureCatalogue(frame), evaluation, crossSection, scored, decisions, explanations, monitoring, experiment, experimentNote, timings: timings as Record<Stage, number> };
  } finally {
    await runner.close();
  }
}
