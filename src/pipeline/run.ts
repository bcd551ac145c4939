import type { Config } from "../config/config.js";
import { buildFeatureFrame } from "../features/build.js";
import { featureCatalogue, type FeatureFrame, type FeatureInfo } from "../features/frame.js";
import { loadSource, type LoadedSource } from "../io/loadSource.js";
import { buildPanel, type Panel } from "../panel/panel.js";
import { summarizePanel, type PanelSummary } from "../panel/summary.js";
import { crossSectionalCheck, type CrossSectionalCheck } from "./crossSection.js";
import { decide, type Decisions } from "./decide.js";
import { evaluateModels, type Evaluation } from "./evaluate.js";
import { scoreActiveCustomers, type ScoredCustomers } from "./score.js";

/** The stages of a run, in order (progress lines and manifest timings use these names). */
export const STAGES = ["load", "panel", "features", "evaluate", "score", "decide"] as const;
/** One of {@link STAGES}. */
export type Stage = (typeof STAGES)[number];

/** Everything a run computes. The notebooks, the report and the tests all read from here. */
export interface PipelineResult {
  readonly config: Config;
  readonly source: LoadedSource;
  readonly panel: Panel;
  readonly panelSummary: PanelSummary;
  readonly frame: FeatureFrame;
  readonly catalogue: readonly FeatureInfo[];
  readonly evaluation: Evaluation;
  /** Telco only: the cross-sectional sanity check. */
  readonly crossSection: CrossSectionalCheck | null;
  readonly scored: ScoredCustomers;
  readonly decisions: Decisions;
  /** Milliseconds per stage. */
  readonly timings: Readonly<Record<Stage, number>>;
}

/** Progress callbacks of {@link runPipeline}. */
export interface RunHooks {
  readonly onStageStart?: (stage: Stage) => void;
  readonly onStageDone?: (stage: Stage, detail: string) => void;
  /** A finer step inside a stage (for example "cross-validating forest"). */
  readonly onStep?: (stage: Stage, step: string) => void;
}

/**
 * Runs the whole pipeline on `config`: load and validate the source, build the point-in-time
 * panel and the feature frame, cross-validate and calibrate every configured model (with the
 * leakage ladder), score the active customers with the first configured model, and decide whom to
 * contact. Pure apart from reading the source file; deterministic for a config and its seed.
 */
export function runPipeline(config: Config, hooks: RunHooks = {}): PipelineResult {
  const timings: Partial<Record<Stage, number>> = {};
  const stage = <T>(name: Stage, work: () => T, detail: (value: T) => string): T => {
    hooks.onStageStart?.(name);
    const t0 = performance.now();
    const value = work();
    timings[name] = Math.round(performance.now() - t0);
    hooks.onStageDone?.(name, detail(value));
    return value;
  };
  const source = stage("load", () => loadSource(config), (s) => `${s.history.customers.count} customers, ${s.history.months.count} month rows`);
  const panel = stage("panel", () => buildPanel(source.history, { horizon: config.panel.horizon }), (p) => `${p.counts.labelled} labelled rows, ${p.counts.positives} positive, ${p.counts.scoring} to score`);
  const frame = stage("features", () => buildFeatureFrame(source.history, config.features), (f) => `${f.numeric.length + f.categorical.length} features`);
  const models = config.evaluation.models;
  const { evaluation, crossSection } = stage(
    "evaluate",
    () => ({
      evaluation: evaluateModels(panel, frame, config, models, { onStep: (s) => hooks.onStep?.("evaluate", s) }),
      crossSection: source.history.kind === "telco" ? crossSectionalCheck(source.history, frame, config) : null,
    }),
    (e) => e.evaluation.models.map((m) => `${m.model} AUC ${m.raw.rocAuc.toFixed(3)}`).join(", "),
  );
  const decisionModel = models[0]!;
  const scored = stage(
    "score",
    () => {
      const { oof, calibrated } = evaluation.outOfFold.get(decisionModel)!;
      return scoreActiveCustomers(panel, frame, config, decisionModel, calibrated.final, config.decision.reasons, oof.lastModel);
    },
    (s) => `${s.rows.length} active customers`,
  );
  const decisions = stage("decide", () => decide(panel, frame, config, evaluation, scored), (d) => `${d.production.targeted} to contact, expected profit ${d.production.expectedProfit.toFixed(0)}`);
  return { config, source, panel, panelSummary: summarizePanel(panel), frame, catalogue: featureCatalogue(frame), evaluation, crossSection, scored, decisions, timings: timings as Record<Stage, number> };
}
