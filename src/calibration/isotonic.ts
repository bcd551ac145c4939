import { checkFinite, checkLength, classTotals } from "../evaluation/checks.js";
import { checkJsonHeader } from "./checks.js";

/**
 * What {@link IsotonicCalibrator.transform} does with scores outside the training range:
 * `"clip"` (default) clamps them to [min, max] first, `"nan"` returns NaN, `"raise"` throws —
 * as scikit-learn `IsotonicRegression(out_of_bounds=...)`.
 */
export type OutOfBounds = "clip" | "nan" | "raise";

/** Options of {@link IsotonicCalibrator}. */
export interface IsotonicOptions {
  /** Out-of-range handling at transform time; default `"clip"`. */
  readonly outOfBounds?: OutOfBounds;
}

/** Serialized {@link IsotonicCalibrator}: options plus the fitted step knots. */
export interface IsotonicCalibratorJSON {
  readonly kind: "IsotonicCalibrator";
  readonly version: 1;
  readonly options: Required<IsotonicOptions>;
  /** Knot positions, strictly increasing (first = training min, last = training max). */
  readonly xThresholds: number[];
  /** Fitted values at the knots, non-decreasing. */
  readonly yThresholds: number[];
}

/**
 * Scores closer than this to the first score of a run of near-equal scores are treated as tied and
 * merged (scikit-learn's `_make_unique` uses numpy's float64 `resolution`, 1e-15).
 */
export const ISOTONIC_TIE_RESOLUTION = 1e-15;

/**
 * Isotonic calibration (Zadrozny & Elkan 2002): the weighted least-squares non-decreasing step
 * function of the score, fitted by pool-adjacent-violators (Ayer et al. 1955) and evaluated by
 * linear interpolation between knots, replicating scikit-learn
 * `IsotonicRegression(increasing=True, out_of_bounds="clip")`: zero-weight rows dropped, tied
 * scores merged into one point with the weighted mean label first, redundant interior knots
 * trimmed. Fit on out-of-fold predictions only. Fit O(n log n), transform O(m log knots).
 */
export class IsotonicCalibrator {
  /** Configuration, fixed at construction. */
  readonly options: Required<IsotonicOptions>;
  private fitted: { x: Float64Array; y: Float64Array } | undefined;

  /** Stores the options; nothing is validated or computed until {@link IsotonicCalibrator.fit}. */
  constructor(options: IsotonicOptions = {}) {
    this.options = { outOfBounds: options.outOfBounds ?? "clip" };
  }

  /**
   * Fits on scores `x` (any finite numbers, typically probabilities), targets `y` (0/1 labels as a
   * Uint8Array, or finite values as a Float64Array) and optional non-negative `weights`. Throws on
   * empty input, length mismatch, non-finite values (index and value quoted), negative or all-zero
   * weights. Returns `this`.
   */
  fit(x: Float64Array, y: Uint8Array | Float64Array, weights?: Float64Array): this {
    const name = "IsotonicCalibrator.fit";
    const oob = this.options.outOfBounds;
    if (oob !== "clip" && oob !== "nan" && oob !== "raise") {
      throw new RangeError(`${name}: outOfBounds must be "clip", "nan" or "raise", got ${JSON.stringify(oob)}`);
    }
    if (y.length === 0) throw new RangeError(`${name}: empty input (y has length 0)`);
    checkLength(name, "x", x.length, y.length);
    checkFinite(name, "x", x);
    if (y instanceof Float64Array) checkFinite(name, "y", y);
    if (weights !== undefined) classTotals(name, new Uint8Array(y.length), weights);

    // Rows with positive weight, sorted by (x, y, index) like numpy lexsort((y, X)).
    let m = 0;
    for (let i = 0; i < y.length; i++) if (weights === undefined || weights[i]! > 0) m++;
    const order = new Uint32Array(m);
    for (let i = 0, j = 0; i < y.length; i++) if (weights === undefined || weights[i]! > 0) order[j++] = i;
    order.sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]! || a - b);

    // Merge (near-)tied x into one point: weighted mean of y, summed weight (sklearn _make_unique).
    const ux = new Float64Array(m);
    const uy = new Float64Array(m);
    const uw = new Float64Array(m);
    let u = 0;
    let currentX = x[order[0]!]!;
    let sumWy = 0;
    let sumW = 0;
    for (let k = 0; k < m; k++) {
      const i = order[k]!;
      const w = weights === undefined ? 1 : weights[i]!;
      if (x[i]! - currentX >= ISOTONIC_TIE_RESOLUTION) {
        ux[u] = currentX;
        uy[u] = sumWy / sumW;
        uw[u] = sumW;
        u++;
        currentX = x[i]!;
        sumWy = 0;
        sumW = 0;
      }
      sumWy += y[i]! * w;
      sumW += w;
    }
    ux[u] = currentX;
    uy[u] = sumWy / sumW;
    uw[u] = sumW;
    u++;
    const xs = ux.subarray(0, u);
    const ys = uy.subarray(0, u);
    poolAdjacentViolators(ys, uw.subarray(0, u));

    // Keep the end points and every point whose value differs from a neighbour.
    let kept = 0;
    for (let k = 0; k < u; k++) if (keepKnot(ys, k)) kept++;
    const kx = new Float64Array(kept);
    const ky = new Float64Array(kept);
    for (let k = 0, j = 0; k < u; k++) {
      if (!keepKnot(ys, k)) continue;
      kx[j] = xs[k]!;
      ky[j] = ys[k]!;
      j++;
    }
    this.fitted = { x: kx, y: ky };
    return this;
  }

  /** Knot positions of the fitted function (a copy); throws before `fit`. */
  get xThresholds(): Float64Array {
    return this.state().x.slice();
  }

  /** Fitted values at the knots, non-decreasing (a copy); throws before `fit`. */
  get yThresholds(): Float64Array {
    return this.state().y.slice();
  }

  /**
   * Calibrated values for scores `x`: linear interpolation between knots (numpy `interp`, exact at
   * knots), out-of-range scores handled per `outOfBounds`. Throws on empty input or NaN/infinite
   * scores (index and value quoted). Returns a new array; O(m log knots).
   */
  transform(x: Float64Array): Float64Array {
    const name = "IsotonicCalibrator.transform";
    const { x: kx, y: ky } = this.state();
    if (x.length === 0) throw new RangeError(`${name}: empty input (x has length 0)`);
    checkFinite(name, "x", x);
    const last = kx.length - 1;
    const lo = kx[0]!;
    const hi = kx[last]!;
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      let v = x[i]!;
      if (v < lo || v > hi) {
        if (this.options.outOfBounds === "nan") {
          out[i] = Number.NaN;
          continue;
        }
        if (this.options.outOfBounds === "raise") throw new RangeError(`${name}: x[${i}] = ${v} is outside the training range [${lo}, ${hi}]`);
        v = v < lo ? lo : hi;
      }
      if (last === 0 || v >= hi) {
        out[i] = ky[last]!;
        continue;
      }
      // Largest j with kx[j] <= v (j < last).
      let a = 0;
      let b = last;
      while (b - a > 1) {
        const mid = (a + b) >>> 1;
        if (kx[mid]! <= v) a = mid;
        else b = mid;
      }
      if (v === kx[a]!) out[i] = ky[a]!;
      else out[i] = ((ky[a + 1]! - ky[a]!) / (kx[a + 1]! - kx[a]!)) * (v - kx[a]!) + ky[a]!;
    }
    return out;
  }

  /** Alias of {@link IsotonicCalibrator.transform} (scikit-learn naming). */
  predict(x: Float64Array): Float64Array {
    return this.transform(x);
  }

  /** Plain JSON of options and knots; throws before `fit`. */
  toJSON(): IsotonicCalibratorJSON {
    const { x, y } = this.state();
    return { kind: "IsotonicCalibrator", version: 1, options: { ...this.options }, xThresholds: Array.from(x), yThresholds: Array.from(y) };
  }

  /** Rebuilds a fitted calibrator from {@link IsotonicCalibrator.toJSON} output (validated); predictions are identical. */
  static fromJSON(json: unknown): IsotonicCalibrator {
    const name = "IsotonicCalibrator.fromJSON";
    const obj = checkJsonHeader(name, json, "IsotonicCalibrator", 1);
    const options = obj["options"] as Record<string, unknown> | undefined;
    const oob = typeof options === "object" && options !== null ? options["outOfBounds"] : undefined;
    if (oob !== "clip" && oob !== "nan" && oob !== "raise") throw new RangeError(`${name}: options.outOfBounds must be "clip", "nan" or "raise", got ${JSON.stringify(oob)}`);
    const x = numberArray(name, obj, "xThresholds");
    const y = numberArray(name, obj, "yThresholds");
    if (x.length === 0 || x.length !== y.length) throw new RangeError(`${name}: xThresholds and yThresholds must be non-empty and of equal length (${x.length}, ${y.length})`);
    for (let k = 1; k < x.length; k++) {
      if (!(x[k]! > x[k - 1]!)) throw new RangeError(`${name}: xThresholds must increase strictly, got ${x[k - 1]} then ${x[k]} at index ${k}`);
      if (!(y[k]! >= y[k - 1]!)) throw new RangeError(`${name}: yThresholds must not decrease, got ${y[k - 1]} then ${y[k]} at index ${k}`);
    }
    const calibrator = new IsotonicCalibrator({ outOfBounds: oob });
    calibrator.fitted = { x, y };
    return calibrator;
  }

  private state(): { x: Float64Array; y: Float64Array } {
    if (this.fitted === undefined) throw new Error("IsotonicCalibrator: not fitted; call fit() first");
    return this.fitted;
  }
}

function keepKnot(ys: Float64Array, k: number): boolean {
  if (k === 0 || k === ys.length - 1) return true;
  return ys[k]! !== ys[k - 1]! || ys[k]! !== ys[k + 1]!;
}

function numberArray(name: string, obj: Record<string, unknown>, key: string): Float64Array {
  const v = obj[key];
  if (!Array.isArray(v)) throw new RangeError(`${name}: JSON "${key}" must be an array of numbers`);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const e: unknown = v[i];
    if (typeof e !== "number" || !Number.isFinite(e)) throw new RangeError(`${name}: JSON "${key}"[${i}] must be a finite number, got ${JSON.stringify(e)}`);
    out[i] = e;
  }
  return out;
}

/**
 * In-place weighted pool-adjacent-violators for a non-decreasing fit (Ayer et al. 1955): a
 * single pass with backtracking over blocks, O(n). A port of scikit-learn's
 * `_inplace_contiguous_isotonic_regression`, so equal neighbours are pooled the same way and
 * rounding agrees. `w` is overwritten with block weights.
 */
export function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  // target[i] = last index of the block starting at i (and target[last] = first).
  const target = new Int32Array(n);
  for (let i = 0; i < n; i++) target[i] = i;
  let i = 0;
  while (i < n) {
    let k = target[i]! + 1;
    if (k === n) break;
    if (y[i]! < y[k]!) {
      i = k;
      continue;
    }
    let sumWy = w[i]! * y[i]!;
    let sumW = w[i]!;
    for (;;) {
      const prevY = y[k]!;
      sumWy += w[k]! * y[k]!;
      sumW += w[k]!;
      k = target[k]! + 1;
      if (k === n || prevY < y[k]!) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1]!;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i]! + 1;
    y.fill(y[i]!, i + 1, k);
    i = k;
  }
}
