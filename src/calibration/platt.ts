import { checkFinite, checkProbabilities } from "../evaluation/checks.js";
import { checkCalibrationInput, checkClipEps, checkJsonHeader, checkMaxIterations, jsonNumber } from "./checks.js";
import { clippedLogit, sigmoid } from "../util/logistic.js";
import { fitLogistic } from "./logistic.js";

/**
 * What the Platt sigmoid is fitted on: `"logit"` = ln(p / (1 − p)) of a probability clipped to
 * [clipEps, 1 − clipEps] (recommended for probabilities: the sigmoid then contains the identity map);
 * `"raw"` = the score itself, any finite number (scikit-learn feeds `predict_proba` or
 * `decision_function` output in raw).
 */
export type PlattInput = "logit" | "raw";

/** Options of {@link PlattCalibrator}. */
export interface PlattOptions {
  /** Input transform; default `"logit"`. */
  readonly input?: PlattInput;
  /** Probability clipping before the logit; default 1e-15 (0 and 1 map to ∓34.5). */
  readonly clipEps?: number;
  /** Newton iterations before giving up; default 100 (about 10 are used). */
  readonly maxIterations?: number;
}

/** Serialized {@link PlattCalibrator}: options plus the fitted Platt parameters (A, B). */
export interface PlattCalibratorJSON {
  readonly kind: "PlattCalibrator";
  readonly version: 1;
  readonly options: Required<PlattOptions>;
  readonly a: number;
  readonly b: number;
}

/**
 * Platt scaling (Platt 1999): p̂ = 1 / (1 + exp(A·f + B)) with f the (logit of the) score, fitted
 * by maximum likelihood against Platt's smoothed targets t₊ = (N₊ + 1)/(N₊ + 2), t₋ = 1/(N₋ + 2)
 * (weighted counts with weights) — the objective of scikit-learn's `_sigmoid_calibration`, with the
 * same sign convention (A < 0 for an informative score) and start (A = 0, B = ln((N₋ + 1)/(N₊ + 1))),
 * but solved by Newton's method to machine precision instead of BFGS with gtol 1e-5. Fit it on
 * out-of-fold predictions only. Configure → `fit` → `transform`; `toJSON`/`fromJSON` round-trip exactly.
 */
export class PlattCalibrator {
  /** Configuration, fixed at construction (checked at fit time). */
  readonly options: Required<PlattOptions>;
  private fitted: { a: number; b: number } | undefined;

  /** Stores the options; nothing is validated or computed until {@link PlattCalibrator.fit}. */
  constructor(options: PlattOptions = {}) {
    this.options = { input: options.input ?? "logit", clipEps: options.clipEps ?? 1e-15, maxIterations: options.maxIterations ?? 100 };
  }

  /**
   * Fits A, B on scores `p` (probabilities in [0, 1] for `"logit"` input, finite numbers for
   * `"raw"`), 0/1 labels `y` and optional non-negative `weights`. Throws on empty input, length
   * mismatch, invalid values (index and value quoted) or non-convergence. Returns `this`. O(n) per
   * Newton iteration.
   */
  fit(p: Float64Array, y: Uint8Array, weights?: Float64Array): this {
    const name = "PlattCalibrator.fit";
    const { input, clipEps, maxIterations } = this.options;
    if (input !== "logit" && input !== "raw") throw new RangeError(`${name}: input must be "logit" or "raw", got ${JSON.stringify(input)}`);
    checkClipEps(name, clipEps);
    checkMaxIterations(name, maxIterations);
    const totals = checkCalibrationInput(name, p, y, weights, input === "logit");
    const f = this.features(p);
    // Platt's notation: prior1 = N₊, prior0 = N₋ (weighted), targets smoothed towards 1/2.
    const prior1 = totals.positive;
    const prior0 = totals.negative;
    const hiTarget = (prior1 + 1) / (prior1 + 2);
    const loTarget = 1 / (prior0 + 2);
    const t = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) t[i] = y[i] === 1 ? hiTarget : loTarget;
    // Our z = β f + c is −(A f + B).
    const init = Float64Array.of(0, -Math.log((prior0 + 1) / (prior1 + 1)));
    const { coef } = fitLogistic([f], t, weights, init, { maxIterations, name });
    this.fitted = { a: -coef[0]!, b: -coef[1]! };
    return this;
  }

  /** Fitted slope A (negative when higher scores mean higher risk); throws before `fit`. */
  get a(): number {
    return this.state().a;
  }

  /** Fitted intercept B; throws before `fit`. */
  get b(): number {
    return this.state().b;
  }

  /** Calibrated probabilities 1 / (1 + exp(A·f + B)) for scores `p` (validated as in `fit`, empty input throws); a new array. */
  transform(p: Float64Array): Float64Array {
    const { a, b } = this.state();
    if (p.length === 0) throw new RangeError("PlattCalibrator.transform: empty input (p has length 0)");
    if (this.options.input === "logit") checkProbabilities("PlattCalibrator.transform", "p", p);
    else checkFinite("PlattCalibrator.transform", "p", p);
    const f = this.features(p);
    for (let i = 0; i < f.length; i++) f[i] = sigmoid(-(a * f[i]! + b));
    return f;
  }

  /** Alias of {@link PlattCalibrator.transform} (scikit-learn naming). */
  predict(p: Float64Array): Float64Array {
    return this.transform(p);
  }

  /** Plain JSON of options and fitted parameters; throws before `fit`. */
  toJSON(): PlattCalibratorJSON {
    const { a, b } = this.state();
    return { kind: "PlattCalibrator", version: 1, options: { ...this.options }, a, b };
  }

  /** Rebuilds a fitted calibrator from {@link PlattCalibrator.toJSON} output (validated); predictions are identical. */
  static fromJSON(json: unknown): PlattCalibrator {
    const name = "PlattCalibrator.fromJSON";
    const obj = checkJsonHeader(name, json, "PlattCalibrator", 1);
    const options = obj["options"] as Record<string, unknown> | undefined;
    if (typeof options !== "object" || options === null) throw new RangeError(`${name}: JSON "options" must be an object`);
    const input = options["input"];
    if (input !== "logit" && input !== "raw") throw new RangeError(`${name}: options.input must be "logit" or "raw", got ${JSON.stringify(input)}`);
    const clipEps = jsonNumber(name, options, "clipEps");
    const maxIterations = jsonNumber(name, options, "maxIterations");
    checkClipEps(name, clipEps);
    checkMaxIterations(name, maxIterations);
    const calibrator = new PlattCalibrator({ input, clipEps, maxIterations });
    calibrator.fitted = { a: jsonNumber(name, obj, "a"), b: jsonNumber(name, obj, "b") };
    return calibrator;
  }

  private features(p: Float64Array): Float64Array {
    const f = Float64Array.from(p);
    if (this.options.input === "logit") for (let i = 0; i < f.length; i++) f[i] = clippedLogit(f[i]!, this.options.clipEps);
    return f;
  }

  private state(): { a: number; b: number } {
    if (this.fitted === undefined) throw new Error("PlattCalibrator: not fitted; call fit() first");
    return this.fitted;
  }
}
