/**
 * Per-customer explanations of a score, in log-odds, the same shape for every model: exact linear
 * contributions for the logistic model, TreeSHAP for gradient-boosted trees; design columns of one
 * original feature (one-hot levels, missing indicators) are summed back to that feature.
 */
import { GradientBoosting } from "./gbm/gradientBoosting.js";
import { meanAbsShap, sumShapByFeature, treeShap } from "./gbm/treeShap.js";
import { LogisticRegression } from "./logisticRegression.js";
import type { DenseMatrix } from "./matrix.js";
import type { ModelJSON } from "./types.js";

/** One reason behind a score: a feature, its value for the customer, and its contribution to the log-odds. */
export interface Reason {
  readonly feature: string;
  /** The feature's value for the customer: a number (NaN = missing) or a categorical level. */
  readonly value: number | string;
  /** Contribution to the score in log-odds (linear: relative to the training average; TreeSHAP: to the expected value). */
  readonly contribution: number;
}

/** Contributions per design column of a set of rows, and the base they add to. */
export interface Contributions {
  /** "linear": coef_j × (x_j − mean_j); "treeshap": exact path-dependent TreeSHAP (Lundberg et al. 2020). */
  readonly method: "linear" | "treeshap";
  /** rows × columns, log-odds. */
  readonly values: DenseMatrix;
  /** Linear: the score of the mean training row; TreeSHAP: E[margin] under the training cover. base + Σ_j values[i, j] = margin of row i. */
  readonly base: number;
}

/**
 * Exact additive contributions of a fitted model's margin for the rows of `X` (its design matrix):
 * linear for `LogisticRegression` JSON (needs the training column `means`), TreeSHAP for
 * `GradientBoosting` JSON; null for models without additive contributions (e.g. the segment baseline).
 */
export function contributionsOf(model: ModelJSON, X: DenseMatrix, means: () => Float64Array): Contributions | null {
  if (model.kind === "LogisticRegression") {
    const s = LogisticRegression.load(model).state;
    const mu = means();
    const { rows, cols, data } = X;
    if (s.coef.length !== cols || mu.length !== cols) throw new RangeError(`contributionsOf: ${s.coef.length} coefficients, ${mu.length} means and ${cols} columns must agree`);
    const out = new Float64Array(rows * cols);
    let base = s.intercept;
    for (let j = 0; j < cols; j++) base += s.coef[j]! * mu[j]!;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = s.coef[j]! * (data[i * cols + j]! - mu[j]!);
    return { method: "linear", values: { data: out, rows, cols }, base };
  }
  if (model.kind === "GradientBoosting") {
    const shap = treeShap(GradientBoosting.load(model).ensemble, X);
    return { method: "treeshap", values: shap.values, base: shap.expectedValue };
  }
  return null;
}

/**
 * The original feature of each design column, by the preprocessor's naming (`name`, `name=level`,
 * `name:missing`): an index into `features`. Throws on a column that matches no feature.
 */
export function columnFeatureMap(columnNames: readonly string[], features: readonly string[]): Int32Array {
  const at = new Map(features.map((f, k) => [f, k]));
  return Int32Array.from(columnNames, (name) => {
    const k = at.get(name) ?? at.get(name.replace(/:missing$/, "")) ?? at.get(name.slice(0, Math.max(0, name.indexOf("="))));
    if (k === undefined) throw new RangeError(`columnFeatureMap: design column "${name}" belongs to none of the features`);
    return k;
  });
}

/** Contributions per original feature (rows × features): the design columns of each feature summed (additivity is kept). */
export function contributionsByFeature(contributions: Contributions, columnNames: readonly string[], features: readonly string[]): DenseMatrix {
  return sumShapByFeature(contributions.values, columnFeatureMap(columnNames, features), features.length);
}

/**
 * Per row of `byFeature` (rows × features), the `count` largest positive contributions, ties broken
 * by feature order; `valueOf(i, f)` gives the feature's value for row i. A row with none gets [].
 */
export function topReasons(byFeature: DenseMatrix, features: readonly string[], valueOf: (row: number, feature: number) => number | string, count: number): Reason[][] {
  const { rows, cols, data } = byFeature;
  const order = new Uint32Array(cols);
  const out: Reason[][] = [];
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let f = 0; f < cols; f++) order[f] = f;
    order.sort((a, b) => data[off + b]! - data[off + a]! || a - b);
    const top: Reason[] = [];
    for (let k = 0; k < cols && top.length < count; k++) {
      const f = order[k]!;
      if (!(data[off + f]! > 0)) break;
      top.push({ feature: features[f]!, value: valueOf(i, f), contribution: data[off + f]! });
    }
    out.push(top);
  }
  return out;
}

/** Global importance per feature: mean |contribution| over the rows (log-odds), sorted descending (ties by feature order). */
export function featureImportance(byFeature: DenseMatrix, features: readonly string[]): { feature: string; meanAbsContribution: number }[] {
  const mean = meanAbsShap(byFeature);
  return features.map((feature, f) => ({ feature, meanAbsContribution: mean[f]! })).sort((a, b) => b.meanAbsContribution - a.meanAbsContribution || features.indexOf(a.feature) - features.indexOf(b.feature));
}

/** Column means of a row-major matrix (length `X.cols`); throws on no rows. */
export function columnMeans(X: DenseMatrix): Float64Array {
  if (X.rows === 0) throw new RangeError("columnMeans: no rows");
  const means = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) means[j] += X.data[i * X.cols + j]!;
  for (let j = 0; j < X.cols; j++) means[j] /= X.rows;
  return means;
}

/** A reason as the action plan and the report print it: `Feature=value (+0.84)` (contribution to two decimals). */
export function formatReason(reason: Reason): string {
  const v = reason.value;
  const value = typeof v === "string" ? v : Number.isFinite(v) ? String(Number(v.toPrecision(4))) : "missing";
  return `${reason.feature}=${value} (${reason.contribution >= 0 ? "+" : ""}${reason.contribution.toFixed(2)})`;
}
