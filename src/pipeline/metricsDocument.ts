import type { PipelineResult } from "./run.js";

/** A JSON value (what `metrics.json` holds). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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

const TIMING_KEYS = new Set(["fitSeconds", "timings"]);

/**
 * Every figure the report shows, as one JSON document (`metrics.json`): source and data quality,
 * panel counts and timeline, the feature catalogue, the folds, per-model and per-fold metrics,
 * calibration, the truth comparison, the leakage ladder, the cross-sectional check, and the
 * decisions (band, both modes, greedy, backtest curves, oracle ratios). Timings are left out, so
 * the same config, data and seed give an identical document.
 */
export function metricsDocument(result: PipelineResult): Json {
  const { source, panelSummary, panel, catalogue, evaluation, crossSection, decisions, config } = result;
  return toJson(
    {
      seed: config.seed,
      source: { kind: source.history.kind, name: source.history.name, quality: source.quality ?? null },
      panel: { ...panelSummary, byPeriod: panel.counts.byPeriod },
      features: catalogue,
      split: { kind: evaluation.split.kind, reason: evaluation.split.reason, folds: evaluation.split.table },
      models: evaluation.models,
      truth: evaluation.truth,
      ladder: evaluation.ladder,
      crossSection,
      decisions: {
        activeCustomers: decisions.activeCustomers,
        effectMonths: decisions.effectMonths,
        portfolioHazard: decisions.portfolioHazard,
        meanClv: decisions.meanClv,
        band: decisions.band,
        unconstrained: decisions.unconstrained,
        production: decisions.production,
        greedy: decisions.greedy,
        planRows: decisions.plan.length,
        backtest: decisions.backtest,
      },
    },
    TIMING_KEYS,
  );
}
