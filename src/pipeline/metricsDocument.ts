import type { Config } from "../config/config.js";
import type { DataQualitySummary } from "../data/quality.js";
import type { DecisionModelChoice } from "../evaluation/decisionModel.js";
import type { FoldRow } from "../evaluation/foldTable.js";
import type { LadderRung } from "../evaluation/leakageLadder.js";
import type { MetricSummary } from "../evaluation/metricSummary.js";
import type { ModelEvaluation } from "../evaluation/modelEvaluation.js";
import type { FeatureInfo } from "../features/frame.js";
import type { PanelCounts } from "../panel/panel.js";
import type { PanelSummary } from "../panel/summary.js";
import type { CrossSectionalCheck } from "./crossSection.js";
import type { Decisions } from "./decide.js";
import type { Explanations } from "./explain.js";
import type { ExperimentResult } from "./experiment.js";
import type { Monitoring } from "./monitor.js";
import type { PopulationSummary } from "./population.js";
import type { PipelineResult } from "./run.js";

/** A JSON value (what `metrics.json` holds). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * The type of `toJson(value, omit)` for a value of type T whose keys in `Skip` are left out:
 * numbers become `number | null` (non-finite ones are null), typed arrays arrays of them,
 * `undefined` null; Maps and functions are dropped. Arrays and objects keep their shape (mutable,
 * like any {@link Json}). So a document typed this way is also the type of `JSON.parse` of its text.
 */
export type JsonOf<T, Skip extends string = never> = T extends number
  ? number | null
  : T extends string | boolean | null
    ? T
    : T extends undefined
      ? null
      : T extends ArrayBufferView
        ? (number | null)[]
        : T extends ReadonlyMap<unknown, unknown> | ((...args: never[]) => unknown)
          ? never
          : T extends readonly unknown[]
            ? { -readonly [K in keyof T]: JsonOf<T[K], Skip> }
            : { -readonly [K in keyof T as K extends Skip ? never : T[K] extends ReadonlyMap<unknown, unknown> | ((...args: never[]) => unknown) ? never : K]: JsonOf<T[K], Skip> };

/**
 * A value as the run has it (type T) or as its run document holds it ({@link JsonOf}), read-only:
 * what a renderer (the report's figure builders, the notebooks) accepts, so that it draws the same
 * from either. Numbers may be null, typed arrays are any `ArrayLike` of them.
 */
export type Readable<T> = T extends number
  ? number | null
  : T extends string | boolean | null
    ? T
    : T extends undefined
      ? null | undefined
      : T extends ArrayBufferView
        ? ArrayLike<number | null>
        : T extends readonly unknown[]
          ? { readonly [K in keyof T]: Readable<T[K]> }
          : { readonly [K in keyof T]: Readable<T[K]> };

/**
 * Converts a computed value to plain JSON: typed arrays become arrays, Maps and functions are
 * dropped, non-finite numbers become null (JSON has no NaN or Infinity), and keys named in `omit`
 * (timings) are left out, so two runs of the same config compare equal.
 */
export function toJson(value: unknown, omit: ReadonlySet<string> = new Set()): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (Array.isArray(value)) return value.map((v) => toJson(v, omit));
  if (value instanceof Map || typeof value === "function") return null;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (omit.has(k) || v instanceof Map || typeof v === "function") continue;
    out[k] = toJson(v, omit);
  }
  return out;
}

/** The experiment as the document keeps it: everything but the per-customer arrays. */
function experimentSummary(x: ExperimentResult): Omit<ExperimentResult, "rows" | "arm" | "churned"> {
  const { rows: _rows, arm: _arm, churned: _churned, ...rest } = x;
  return rest;
}

/** Keys of clock readings, left out of the document so that two runs compare equal. */
const TIMING_KEYS = ["fitSeconds", "timings"] as const;

/** The decision results the document keeps (the plan itself is in action_plan.csv; `planRows` counts it). */
type DocumentDecisions = Pick<Decisions, "activeCustomers" | "effectMonths" | "portfolioHazard" | "meanClv" | "band" | "unconstrained" | "production" | "greedy" | "evHistogram" | "planPreview" | "backtest"> & { readonly planRows: number };

/** What the run document holds, in the run's own types (see {@link RunDocument} for its JSON form). */
export interface RunSummary {
  readonly seed: number;
  /** The resolved config the numbers come from, without `compute` and `output` (they change no number). */
  readonly config: Omit<Config, "compute" | "output">;
  readonly source: { readonly kind: PanelSummary["kind"]; readonly name: string; readonly quality: DataQualitySummary | null };
  readonly panel: PanelSummary & { readonly byPeriod: PanelCounts["byPeriod"] };
  readonly features: readonly FeatureInfo[];
  readonly split: { readonly kind: "time" | "customer"; readonly reason: string; readonly folds: readonly FoldRow[] };
  readonly models: readonly ModelEvaluation[];
  /** The model whose calibrated probabilities drive the decisions, and why. */
  readonly decisionModel: DecisionModelChoice;
  readonly truth: MetricSummary | null;
  readonly ladder: readonly LadderRung[];
  readonly crossSection: CrossSectionalCheck | null;
  readonly decisions: DocumentDecisions;
  /** A scaled run: the training sample against the population whose active customers were all scored; null otherwise. */
  readonly population: PopulationSummary | null;
  /** Per explainable model: importance and the SHAP summary; the top plan customer's waterfall. */
  readonly explanations: Explanations;
  /** Drift per feature and month, estimated and realised performance per month, the retraining rule. */
  readonly monitoring: Monitoring;
  /** The experiment without its per-customer arrays; null with `experimentNote` saying why. */
  readonly experiment: Omit<ExperimentResult, "rows" | "arm" | "churned"> | null;
  readonly experimentNote: string;
}

/**
 * The run document: every number the report and the notebooks show, as plain JSON (what
 * `metrics.json` holds, and what `JSON.parse` of that file gives back): non-finite numbers are
 * null, typed arrays plain arrays, timings left out.
 */
export type RunDocument = JsonOf<RunSummary, (typeof TIMING_KEYS)[number]>;

/**
 * The run document of a pipeline result (`metrics.json`): seed and resolved config, source and data
 * quality, panel counts and timeline, the feature catalogue, the folds, per-model and per-fold
 * metrics with the ROC/PR curves and their bands, the decision model, calibration, the truth comparison, the leakage
 * ladder, the cross-sectional check, and the decisions (band, both modes, greedy, EV histogram,
 * plan preview, backtest curves, oracle ratios). Timings are left out, so the same config, data
 * and seed give an identical document.
 */
export function metricsDocument(result: PipelineResult): RunDocument {
  const { source, panelSummary, panel, catalogue, evaluation, crossSection, decisions: d, config } = result;
  const { compute: _compute, output: _output, ...resolved } = config;
  const summary: RunSummary = {
    seed: config.seed,
    config: resolved,
    source: { kind: source.history.kind, name: source.history.name, quality: source.quality ?? null },
    panel: { ...panelSummary, byPeriod: panel.counts.byPeriod },
    features: catalogue,
    split: { kind: evaluation.split.kind, reason: evaluation.split.reason, folds: evaluation.split.table },
    models: evaluation.models,
    decisionModel: evaluation.decisionModel,
    truth: evaluation.truth,
    ladder: evaluation.ladder,
    crossSection,
    decisions: {
      activeCustomers: d.activeCustomers,
      effectMonths: d.effectMonths,
      portfolioHazard: d.portfolioHazard,
      meanClv: d.meanClv,
      band: d.band,
      unconstrained: d.unconstrained,
      production: d.production,
      greedy: d.greedy,
      evHistogram: d.evHistogram,
      planPreview: d.planPreview,
      planRows: d.plan.length,
      backtest: d.backtest,
    },
    population: result.population,
    explanations: result.explanations,
    monitoring: result.monitoring,
    experiment: result.experiment ? experimentSummary(result.experiment) : null,
    experimentNote: result.experimentNote,
  };
  return toJson(summary, new Set(TIMING_KEYS)) as unknown as RunDocument;
}
