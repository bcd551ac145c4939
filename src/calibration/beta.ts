import { checkProbabilities } from "../evaluation/checks.js";
import { checkCalibrationInput, checkClipEps, checkJsonHeader, checkMaxIterations, jsonNumber } from "./checks.js";
import { sigmoid } from "../util/logistic.js";
import { fitLogistic } from "./logistic.js";

/** Options of {@link BetaCalibrator}. */
export interface BetaOptions {
  /** Probability clipping before taking logs; default 1e-15. */
  readonly clipEps?: number;
  /** Newton iterations before giving up; default 100. */
  readonly maxIterations?: number;
}

/** Serialized {@link BetaCalibrator}: options plus the fitted (a, b, c). */
export interface BetaCalibratorJSON {
  readonly kind: "BetaCalibrator";
  readonly version: 1;
  readonly options: Required<BetaOptions>;
  readonly a: number;
  readonly b: number;
  readonly c: number;
}

/**
 * Three-parameter beta calibration (Kull, Silva Filho & Flach 2017): p̂ = σ(a·ln p − b·ln(1 − p) + c),
 * fitted by unregularised weighted logistic regression of the labels on [ln p, −ln(1 − p)] (p
 * clipped to [clipEps, 1 − clipEps]) with Newton's method. As in the authors' `betacal` package, if
 * the fit gives a < 0 the model is refitted with a = 0, else if b < 0 with b = 0, which keeps the
 * map monotone. Contains the identity (a = b = 1, c = 0). Fit on out-of-fold predictions only;
 * throws if the classes are separable (no finite maximum-likelihood fit).
 */
export class BetaCalibrator {
  /** Configuration, fixed at construction (checked at fit time). */
  readonly options: Required<BetaOptions>;
  private fitted: { a: number; b: number; c: number } | undefined;

  /** Stores the options; nothing is validated or computed until {@link BetaCalibrator.fit}. */
  constructor(options: BetaOptions = {}) {
    this.options = { clipEps: options.clipEps ?? 1e-15, maxIterations: options.maxIterations ?? 100 };
  }

  /**
   * Fits (a, b, c) on probabilities `p` in [0, 1], 0/1 labels `y` and optional non-negative
   * `weights`. Throws on empty input, length mismatch, invalid values (index and value quoted) or
   * non-convergence. Returns `this`.
   */
  fit(p: Float64Array, y: Uint8Array, weights?: Float64Array): this {
    const name = "BetaCalibrator.fit";
    const { clipEps, maxIterations } = this.options;
    checkClipEps(name, clipEps);
    checkMaxIterations(name, maxIterations);
    checkCalibrationInput(name, p, y, weights, true);
    const lnP = new Float64Array(p.length);
    const lnQ = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const c = Math.min(Math.max(p[i]!, clipEps), 1 - clipEps);
      lnP[i] = Math.log(c);
      lnQ[i] = -Math.log1p(-c);
    }
    const t = Float64Array.from(y);
    const opts = { maxIterations, name };
    const full = fitLogistic([lnP, lnQ], t, weights, new Float64Array(3), opts).coef;
    if (full[0]! < 0) {
      const refit = fitLogistic([lnQ], t, weights, new Float64Array(2), opts).coef;
      this.fitted = { a: 0, b: refit[0]!, c: refit[1]! };
    } else if (full[1]! < 0) {
      const refit = fitLogistic([lnP], t, weights, new Float64Array(2), opts).coef;
      this.fitted = { a: refit[0]!, b: 0, c: refit[1]! };
    } else {
      this.fitted = { a: full[0]!, b: full[1]!, c: full[2]! };
    }
    return this;
  }

  /** Fitted coefficient a of ln p; throws before `fit`. */
  get a(): number {
    return this.state().a;
  }

  /** Fitted coefficient b of −ln(1 − p); throws before `fit`. */
  get b(): number {
    return this.state().b;
  }

  /** Fitted intercept c; throws before `fit`. */
  get c(): number {
    return this.state().c;
  }

  /** Calibrated probabilities σ(a·ln p − b·ln(1 − p) + c) for `p` in [0, 1] (clipped as in fit); a new array. */
  transform(p: Float64Array): Float64Array {
    const { a, b, c } = this.state();
    if (p.length === 0) throw new RangeError("BetaCalibrator.transform: empty input (p has length 0)");
    checkProbabilities("BetaCalibrator.transform", "p", p);
    const eps = this.options.clipEps;
    const out = new Float64Array(p.length);
    for (let i = 0; i < p.length; i++) {
      const q = Math.min(Math.max(p[i]!, eps), 1 - eps);
      out[i] = sigmoid(a * Math.log(q) - b * Math.log1p(-q) + c);
    }
    return out;
  }

  /** Alias of {@link BetaCalibrator.transform} (scikit-learn naming). */
  predict(p: Float64Array): Float64Array {
    return this.transform(p);
  }

  /** Plain JSON of options and fitted parameters; throws before `fit`. */
  toJSON(): BetaCalibratorJSON {
    const { a, b, c } = this.state();
    return { kind: "BetaCalibrator", version: 1, options: { ...this.options }, a, b, c };
  }

  /** Rebuilds a fitted calibrator from {@link BetaCalibrator.toJSON} output (validated); predictions are identical. */
  static fromJSON(json: unknown): BetaCalibrator {
    const name = "BetaCalibrator.fromJSON";
    const obj = checkJsonHeader(name, json, "BetaCalibrator", 1);
    const options = obj["options"];
    if (typeof options !== "object" || options === null) throw new RangeError(`${name}: JSON "options" must be an object`);
    const opts = options as Record<string, unknown>;
    const clipEps = jsonNumber(name, opts, "clipEps");
    const maxIterations = jsonNumber(name, opts, "maxIterations");
    checkClipEps(name, clipEps);
    checkMaxIterations(name, maxIterations);
    const calibrator = new BetaCalibrator({ clipEps, maxIterations });
    calibrator.fitted = { a: jsonNumber(name, obj, "a"), b: jsonNumber(name, obj, "b"), c: jsonNumber(name, obj, "c") };
    return calibrator;
  }

  private state(): { a: number; b: number; c: number } {
    if (this.fitted === undefined) throw new Error("BetaCalibrator: not fitted; call fit() first");
    return this.fitted;
  }
}
