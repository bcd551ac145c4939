/**
 * Per-customer explanations of a score, in log-odds, the same shape for every model: exact linear
 * contributions for the logistic model, TreeSHAP for gradient-boosted trees; design columns of one
 * original feature (one-hot levels, missing indicators) are summed back to that feature.
 */
import { GradientBoosting } from "./gbm/gradientBoosting.js";
import { meanAbsShap, sumShapByFeature, treeShap } from "./gbm/treeShap.js";
import { LogisticRegression } from "./logisticRegression.js";
import type { DenseMatrix } from "./matrix.js";
import type { BinaryClassifier, ModelJSON } from "./types.js";
import { sigmoid } from "../util/logistic.js";

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
 * `GradientBoosting` JSON (or the loaded models themselves, which skips the load); null for models without additive contributions (e.g. the segment baseline).
 */
export function contributionsOf(model: ModelJSON | BinaryClassifier, X: DenseMatrix, means: () => Float64Array): Contributions | null {
  const linear = model instanceof LogisticRegression ? model : isJson(model, "LogisticRegression") ? LogisticRegression.load(model) : null;
  if (linear) {
    const s = linear.state;
    const mu = means();
    const { rows, cols, data } = X;
    if (s.coef.length !== cols || mu.length !== cols) throw new RangeError(`contributionsOf: ${s.coef.length} coefficients, ${mu.length} means and ${cols} columns must agree`);
    const out = new Float64Array(rows * cols);
    let base = s.intercept;
    for (let j = 0; j < cols; j++) base += s.coef[j]! * mu[j]!;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = s.coef[j]! * (data[i * cols + j]! - mu[j]!);
    return { method: "linear", values: { data: out, rows, cols }, base };
  }
  const trees = model instanceof GradientBoosting ? model : isJson(model, "GradientBoosting") ? GradientBoosting.load(model) : null;
  if (trees) {
    const shap = treeShap(trees.ensemble, X);
    return { method: "treeshap", values: shap.values, base: shap.expectedValue };
  }
  return null;
}

function isJson(model: ModelJSON | BinaryClassifier, kind: string): model is ModelJSON {
  return "kind" in model && (model as ModelJSON).kind === kind && typeof (model as Partial<BinaryClassifier>).predictProba !== "function";
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

/** A feature's value as reasons print it: a level as is, a number to 4 significant digits, NaN or null (the run document's NaN) as "missing". */
export function formatFeatureValue(value: number | string | null): string {
  if (typeof value === "string") return value;
  return value !== null && Number.isFinite(value) ? String(Number(value.toPrecision(4))) : "missing";
}

/** A reason as the action plan and the report print it: `Feature=value (+0.84)` (contribution to two decimals). */
export function formatReason(reason: Reason): string {
  return `${reason.feature}=${formatFeatureValue(reason.value)} (${reason.contribution >= 0 ? "+" : ""}${reason.contribution.toFixed(2)})`;
}

/** What the report and the notebooks draw of one model's explanations (plain data, small). */
export interface ExplanationSummary {
  readonly model: string;
  readonly method: Contributions["method"];
  /** "final": the model fitted on every labelled row (the decision model); "last fold": the last cross-validation fold's model. */
  readonly fittedOn: "final" | "last fold";
  /** base + Σ contributions = margin (log-odds). */
  readonly base: number;
  /** Mean |contribution| per feature over the explained customers, descending. */
  readonly importance: readonly { readonly feature: string; readonly meanAbsContribution: number }[];
  /**
   * The SHAP summary ("beeswarm") of the `features` with the largest importance, on a systematic
   * sample of customers: per feature, each sampled customer's contribution and its feature value
   * as a colour in [0, 1] (numeric: rank among the sample; categorical: level index; null = missing).
   */
  readonly beeswarm: { readonly features: readonly string[]; readonly contribution: readonly (readonly number[])[]; readonly colour: readonly (readonly (number | null)[])[] };
}

/** The name of a waterfall's last step, which sums the contributions of the features not shown. */
export const OTHER_FEATURES = "other features";

/** One customer's score as a waterfall: from the base through the largest contributions (the rest summed) to the margin. */
export interface Waterfall {
  readonly customerId: string;
  readonly model: string;
  readonly base: number;
  /** The largest |contributions| first; a last entry "other features" sums the rest (absent when nothing is left). */
  readonly steps: readonly Reason[];
  /** base + Σ steps = the model's margin (log-odds); probability = σ(margin), uncalibrated. */
  readonly margin: number;
  readonly probability: number;
}

/**
 * Summarises per-feature contributions (`byFeature`, rows × features) for display: importance, and a
 * beeswarm of the `top` most important features on every k-th row (at most `sample` rows).
 * `valueOf(row, feature)` gives the feature's value (number, NaN = missing, or a level) for colouring;
 * `levels[f]` lists a categorical feature's levels in code order (null for a numeric feature).
 */
export function summarizeExplanation(
  byFeature: DenseMatrix, features: readonly string[], valueOf: (row: number, feature: number) => number | string, levels: readonly (readonly string[] | null)[],
  options: { readonly top: number; readonly sample: number },
): Pick<ExplanationSummary, "importance" | "beeswarm"> {
  const importance = featureImportance(byFeature, features);
  const top = importance.slice(0, options.top).map((r) => features.indexOf(r.feature));
  const stride = Math.max(1, Math.ceil(byFeature.rows / options.sample));
  const rows: number[] = [];
  for (let i = 0; i < byFeature.rows; i += stride) rows.push(i);
  // Display data: 4 significant digits are what a chart can show.
  const contribution = top.map((f) => rows.map((i) => Number(byFeature.data[i * byFeature.cols + f]!.toPrecision(4))));
  const colour = top.map((f) => {
    const values = rows.map((i) => valueOf(i, f));
    const names = levels[f];
    if (names) return values.map((v) => (typeof v === "string" && names.length > 1 ? Number((Math.max(0, names.indexOf(v)) / (names.length - 1)).toPrecision(4)) : null));
    const order = rows.map((_, k) => k).filter((k) => typeof values[k] === "number" && Number.isFinite(values[k])).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
    const out: (number | null)[] = rows.map(() => null);
    order.forEach((k, r) => (out[k] = order.length > 1 ? Number((r / (order.length - 1)).toPrecision(4)) : 0.5));
    return out;
  });
  return { importance, beeswarm: { features: top.map((f) => features[f]!), contribution, colour } };
}

/**
 * One row's waterfall from `base` through its per-feature contributions (row `row` of `byFeature`):
 * the `steps` largest by |contribution| (ties by feature order), then "other features" with the rest.
 */
export function waterfall(byFeature: DenseMatrix, row: number, features: readonly string[], base: number, valueOf: (row: number, feature: number) => number | string, steps: number, labels: { readonly customerId: string; readonly model: string }): Waterfall {
  const off = row * byFeature.cols;
  const order = features.map((_, f) => f).sort((a, b) => Math.abs(byFeature.data[off + b]!) - Math.abs(byFeature.data[off + a]!) || a - b);
  const shown = order.slice(0, steps).map((f) => ({ feature: features[f]!, value: valueOf(row, f), contribution: byFeature.data[off + f]! }));
  let rest = 0;
  for (const f of order.slice(steps)) rest += byFeature.data[off + f]!;
  let margin = base;
  for (let f = 0; f < byFeature.cols; f++) margin += byFeature.data[off + f]!;
  const all = order.length > steps ? [...shown, { feature: OTHER_FEATURES, value: Number.NaN, contribution: rest }] : shown;
  return { ...labels, base, steps: all, margin, probability: sigmoid(margin) };
}
