import type { DenseMatrix } from "./matrix.js";

/** One reason behind a score: a design column, its value for the customer, and its contribution to the log-odds. */
export interface Reason {
  readonly feature: string;
  /** The column's value in the design matrix (standardised for numeric features, 0/1 for one-hot columns). */
  readonly value: number;
  /** Contribution to the score in log-odds, relative to the training average. */
  readonly contribution: number;
}

/**
 * Exact additive explanations of a linear score: contribution_j = coef_j × (x_j − mean_j), so that
 * Σ_j contribution_j = z(x) − z(mean row) in log-odds. Returns, per row of `X`, the `count` largest
 * positive contributions (ties broken by column order); a row with none has an empty list.
 */
export function linearReasons(coef: Float64Array, X: DenseMatrix, means: Float64Array, names: readonly string[], count: number): Reason[][] {
  const { rows, cols, data } = X;
  if (coef.length !== cols || means.length !== cols || names.length !== cols) throw new RangeError(`linearReasons: coef ${coef.length}, means ${means.length}, names ${names.length} and X.cols ${cols} must agree`);
  const contribution = new Float64Array(cols);
  const order = new Uint32Array(cols);
  const out: Reason[][] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      contribution[j] = coef[j]! * (data[i * cols + j]! - means[j]!);
      order[j] = j;
    }
    order.sort((a, b) => contribution[b]! - contribution[a]! || a - b);
    const top: Reason[] = [];
    for (let k = 0; k < cols && top.length < count; k++) {
      const j = order[k]!;
      if (contribution[j]! <= 0) break;
      top.push({ feature: names[j]!, value: data[i * cols + j]!, contribution: contribution[j]! });
    }
    out.push(top);
  }
  return out;
}

/** Column means of a row-major matrix (length `X.cols`); throws on no rows. */
export function columnMeans(X: DenseMatrix): Float64Array {
  if (X.rows === 0) throw new RangeError("columnMeans: no rows");
  const means = new Float64Array(X.cols);
  for (let i = 0; i < X.rows; i++) for (let j = 0; j < X.cols; j++) means[j] += X.data[i * X.cols + j]!;
  for (let j = 0; j < X.cols; j++) means[j] /= X.rows;
  return means;
}

/** A reason as the action plan and the report print it: `Feature (+0.84)` (contribution to two decimals). */
export function formatReason(reason: Reason): string {
  return `${reason.feature} (${reason.contribution >= 0 ? "+" : ""}${reason.contribution.toFixed(2)})`;
}
