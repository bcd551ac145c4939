/**
 * Typed loaders for the scikit-learn reference fixtures written by
 * scripts/reference/sklearn_metrics.py (tests/fixtures/sklearn-metrics.json and
 * tests/fixtures/sklearn-calibration.json).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface FixtureMeta {
  readonly generator: string;
  readonly seed: number;
  readonly sklearn: string;
  readonly numpy: string;
  readonly scipy: string;
}

export interface MetricsCase {
  readonly name: string;
  readonly y: number[];
  readonly p: number[];
  readonly w: number[] | null;
  readonly positives: number;
  readonly roc_auc: number;
  readonly average_precision: number;
  readonly brier: number;
  readonly log_loss: number;
  readonly roc_curve?: { fpr: number[]; tpr: number[]; thresholds: number[] };
  readonly pr_curve?: { precision: number[]; recall: number[]; thresholds: number[] };
  readonly calibration_curve_10: Record<"uniform" | "quantile", { prob_true: number[]; prob_pred: number[] }>;
}

export interface SigmoidReference {
  readonly A: number;
  readonly B: number;
  readonly tight_A: number;
  readonly tight_B: number;
  readonly tight_max_grad: number;
  readonly clip_eps?: number;
}

export interface CalibrationCase {
  readonly name: string;
  readonly y: number[];
  readonly p: number[];
  readonly w: number[] | null;
  readonly p_test: number[];
  readonly isotonic: { x_thresholds: number[]; y_thresholds: number[]; predict_test: number[] };
  readonly sigmoid_raw: SigmoidReference;
  readonly sigmoid_logit: SigmoidReference & { clip_eps: number };
  readonly beta: { clip_eps: number; a: number; b: number; c: number };
}

function load<T>(file: string): { meta: FixtureMeta; cases: T[] } {
  const path = fileURLToPath(new URL(`../fixtures/${file}`, import.meta.url));
  return JSON.parse(readFileSync(path, "utf8")) as { meta: FixtureMeta; cases: T[] };
}

export const metricsFixture = load<MetricsCase>("sklearn-metrics.json");
export const calibrationFixture = load<CalibrationCase>("sklearn-calibration.json");

/** Typed-array views of a case's inputs. */
export function arrays(c: { y: number[]; p: number[]; w: number[] | null }): { y: Uint8Array; p: Float64Array; w: Float64Array | undefined } {
  return { y: Uint8Array.from(c.y), p: Float64Array.from(c.p), w: c.w === null ? undefined : Float64Array.from(c.w) };
}

/** Largest absolute elementwise difference; throws on length mismatch so a test cannot pass vacuously. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
