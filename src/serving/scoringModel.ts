/**
 * A scoring model: everything needed to turn feature rows into the numbers the report shows for
 * a customer (calibrated probabilities, CLV, EV per action, best action, reasons), as one plain JSON
 * document. It is what the registry stores and what batch scoring and the API load, so a customer
 * gets the same numbers from the report, `npm run score` and the scoring API.
 */
import { loadCalibrator, type Calibrator, type CalibratorJSON } from "../calibration/outOfFold.js";
import type { DecisionConfig } from "../config/config.js";
import { designColumnNames, type DesignState } from "../features/design.js";
import type { FeatureFrame } from "../features/frame.js";
import { loadModel, MODEL_NAMES, type ModelName } from "../models/catalog.js";
import type { BinaryClassifier, ModelJSON } from "../models/types.js";

/** The version of the {@link ScoringModel} layout; a loader refuses any other. */
export const SCORING_MODEL_FORMAT = 1;

/** The features a model reads, with their types and, for categorical features, the allowed levels in code order. */
export interface FeatureSignature {
  readonly numeric: readonly string[];
  readonly categorical: readonly { readonly name: string; readonly levels: readonly string[] }[];
}

/** The JSON document of a scoring model (see the module comment). */
export interface ScoringModel {
  readonly kind: "ChurnScoringModel";
  readonly format: typeof SCORING_MODEL_FORMAT;
  readonly model: ModelName;
  readonly signature: FeatureSignature;
  /** The fitted design (preprocessor) the estimator was trained on. */
  readonly design: DesignState;
  readonly estimator: ModelJSON;
  /** The calibrator fitted on the out-of-fold predictions. */
  readonly calibrator: CalibratorJSON;
  /** Label horizon h in months: the calibrated probability is P(churn within h months). */
  readonly horizon: number;
  /** The decision settings the EV and the best action follow (actions, CLV, band). */
  readonly decision: DecisionConfig;
  /** The CLV hazard of "portfolio" mode: the mean calibrated monthly churn probability of the active base at registration. */
  readonly portfolioHazard: number;
  /** Means of the design columns over the training rows (the reference point of linear reasons); null for other models. */
  readonly columnMeans: readonly number[] | null;
}

/** A loaded scoring model: the document plus its estimator and calibrator, ready to score. */
export interface ScoringRuntime {
  readonly json: ScoringModel;
  readonly estimator: BinaryClassifier;
  readonly calibrator: Calibrator;
  /** The frame's feature order (numeric, then categorical), as reasons name them. */
  readonly features: readonly string[];
}

/** The signature of a feature frame: its numeric features, then its categorical features with their levels. */
export function signatureOf(frame: FeatureFrame): FeatureSignature {
  return { numeric: frame.numeric.map((f) => f.info.name), categorical: frame.categorical.map((f) => ({ name: f.info.name, levels: [...f.levels] })) };
}

/** Loads a scoring model document (already validated by {@link parseScoringModel} or built in this process). */
export function loadScoringModel(json: ScoringModel): ScoringRuntime {
  return {
    json,
    estimator: loadModel(json.estimator),
    calibrator: loadCalibrator(json.calibrator),
    features: [...json.signature.numeric, ...json.signature.categorical.map((c) => c.name)],
  };
}

/**
 * Checks that `value` (e.g. `JSON.parse` of a registry file) is a scoring model document, naming
 * `source` and the first bad key in the error; the estimator and calibrator are then checked by
 * their own loaders (in {@link loadScoringModel}).
 */
export function parseScoringModel(value: unknown, source: string): ScoringModel {
  const fail = (key: string, expected: string, got: unknown): never => {
    throw new RangeError(`${source}, key "${key}": expected ${expected}, got ${JSON.stringify(got)?.slice(0, 80) ?? String(got)}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("(root)", "an object", value);
  const v = value as Record<string, unknown>;
  if (v.kind !== "ChurnScoringModel") fail("kind", '"ChurnScoringModel"', v.kind);
  if (v.format !== SCORING_MODEL_FORMAT) fail("format", String(SCORING_MODEL_FORMAT), v.format);
  if (typeof v.model !== "string" || !(MODEL_NAMES as readonly string[]).includes(v.model)) fail("model", `one of ${MODEL_NAMES.join(", ")}`, v.model);
  const sig = v.signature as Record<string, unknown> | null | undefined;
  if (typeof sig !== "object" || sig === null) return fail("signature", "an object", sig);
  if (!Array.isArray(sig.numeric) || !sig.numeric.every((n) => typeof n === "string")) fail("signature.numeric", "an array of feature names", sig.numeric);
  if (!Array.isArray(sig.categorical) || !sig.categorical.every((c) => typeof c === "object" && c !== null && typeof c.name === "string" && Array.isArray(c.levels) && c.levels.every((l: unknown) => typeof l === "string"))) {
    fail("signature.categorical", "an array of { name, levels }", sig.categorical);
  }
  const design = v.design as Record<string, unknown> | null | undefined;
  if (typeof design !== "object" || design === null || (design.kind !== "preprocessed" && design.kind !== "segment")) fail("design.kind", '"preprocessed" or "segment"', design?.kind);
  for (const key of ["estimator", "calibrator", "decision"]) if (typeof v[key] !== "object" || v[key] === null) fail(key, "an object", v[key]);
  if (!Number.isInteger(v.horizon) || (v.horizon as number) < 1) fail("horizon", "an integer >= 1", v.horizon);
  if (typeof v.portfolioHazard !== "number" || !(v.portfolioHazard >= 0 && v.portfolioHazard <= 1)) fail("portfolioHazard", "a probability", v.portfolioHazard);
  const means = v.columnMeans;
  if (means !== null && (!Array.isArray(means) || !means.every((m) => typeof m === "number" && Number.isFinite(m)))) fail("columnMeans", "null or an array of finite numbers", means);
  const model = value as ScoringModel;
  if (means !== null && (means as unknown[]).length !== designColumnNames(model.design).length) fail("columnMeans", `${designColumnNames(model.design).length} numbers (one per design column)`, `${(means as unknown[]).length} numbers`);
  return model;
}
