import { BetaCalibrator } from "./beta.js";
import { IsotonicCalibrator } from "./isotonic.js";
import { PlattCalibrator } from "./platt.js";
import { gather } from "../util/gather.js";
import type { OutOfFold } from "../evaluation/crossValidate.js";

/** Calibration methods the config may name. */
export type CalibrationMethod = "isotonic" | "platt" | "beta";

/** The contract every calibrator follows: fit on (score, label), map scores to probabilities, persist as JSON. */
export interface Calibrator {
  fit(p: Float64Array, y: Uint8Array): unknown;
  transform(p: Float64Array): Float64Array;
  toJSON(): CalibratorJSON;
}

/** A fitted calibrator as plain data (`kind` names the method's class). */
export interface CalibratorJSON {
  readonly kind: string;
}

/** Rebuilds a calibrator from its `toJSON()` output (isotonic, Platt or beta); throws TypeError on an unknown kind. */
export function loadCalibrator(json: CalibratorJSON): Calibrator {
  switch (json.kind) {
    case "IsotonicCalibrator":
      return IsotonicCalibrator.fromJSON(json);
    case "PlattCalibrator":
      return PlattCalibrator.fromJSON(json);
    case "BetaCalibrator":
      return BetaCalibrator.fromJSON(json);
    default:
      throw new TypeError(`loadCalibrator: unknown calibrator kind ${JSON.stringify(json.kind)}`);
  }
}

/** A fresh calibrator: isotonic = PAV (Zadrozny & Elkan 2002), platt = sigmoid on the logit (Platt 1999), beta (Kull et al. 2017). */
export function createCalibrator(method: CalibrationMethod): Calibrator {
  switch (method) {
    case "isotonic":
      return new IsotonicCalibrator({ outOfBounds: "clip" });
    case "platt":
      return new PlattCalibrator({ input: "logit" });
    case "beta":
      return new BetaCalibrator();
  }
}

/** Calibrated out-of-fold predictions and the calibrator to apply to new scores. */
export interface CalibratedOutOfFold {
  readonly method: CalibrationMethod;
  /** "prequential": fold k is calibrated on folds before k (time splits); "cross-fitted": on all other folds. */
  readonly mode: "prequential" | "cross-fitted";
  /** Indices into the out-of-fold arrays that have a calibrated prediction (prequential: all folds but the first). */
  readonly evaluated: Uint32Array;
  /** Calibrated probability per out-of-fold entry; NaN where none (the first fold, prequentially). */
  readonly proba: Float64Array;
  /** The calibrator fitted on every out-of-fold prediction, as data (see {@link loadCalibrator}): the one used to score new rows. */
  readonly final: CalibratorJSON;
}


/**
 * The out-of-fold calibration protocol of a split: "prequential" for calendar (time) splits, where
 * a fold may only be calibrated on earlier folds, "cross-fitted" for customer splits, whose folds
 * have no order.
 */
export function calibrationMode(splitKind: "time" | "customer"): CalibratedOutOfFold["mode"] {
  return splitKind === "time" ? "prequential" : "cross-fitted";
}

/**
 * Calibrates out-of-fold predictions without ever fitting a calibrator on the rows it is scored on:
 * with time splits each fold is calibrated by a calibrator fitted on the earlier folds' out-of-fold
 * predictions only (the first fold has none and is left out of calibrated metrics); otherwise
 * (grouped or random folds) each fold is calibrated on all the other folds. The `final`
 * calibrator, fitted on every out-of-fold prediction, is the one applied to the scoring set.
 */
export function calibrateOutOfFold(oof: OutOfFold, method: CalibrationMethod, mode: CalibratedOutOfFold["mode"]): CalibratedOutOfFold {
  const n = oof.proba.length;
  const proba = new Float64Array(n).fill(Number.NaN);
  const folds = Array.from(new Set(oof.fold)).sort((a, b) => a - b);
  const evaluated: number[] = [];
  for (const k of folds) {
    const fitIdx: number[] = [];
    const scoreIdx: number[] = [];
    for (let i = 0; i < n; i++) {
      const f = oof.fold[i]!;
      if (f === k) scoreIdx.push(i);
      else if (mode === "cross-fitted" || f < k) fitIdx.push(i);
    }
    if (fitIdx.length === 0) continue;
    const fitIndex = Uint32Array.from(fitIdx);
    const scoreIndex = Uint32Array.from(scoreIdx);
    const cal = createCalibrator(method);
    cal.fit(gather(oof.proba, fitIndex), gather(oof.label, fitIndex));
    const out = cal.transform(gather(oof.proba, scoreIndex));
    for (let i = 0; i < scoreIndex.length; i++) proba[scoreIndex[i]!] = out[i]!;
    for (const i of scoreIdx) evaluated.push(i);
  }
  evaluated.sort((a, b) => a - b);
  const final = createCalibrator(method);
  final.fit(oof.proba, oof.label);
  return { method, mode, evaluated: Uint32Array.from(evaluated), proba, final: final.toJSON() };
}

/** Picks entries `index` of parallel label/probability arrays (for metrics on a subset). */
export function subset(label: Uint8Array, proba: Float64Array, index: Uint32Array): { label: Uint8Array; proba: Float64Array } {
  return { label: gather(label, index), proba: gather(proba, index) };
}
