/**
 * Scoring with a {@link ScoringRuntime}: feature rows → raw and calibrated churn probability,
 * P(churn next month) and within the action window, CLV, EV per action, best action and reasons.
 * The one code path of the report's scoring stage, `npm run score` and the scoring API.
 */
import { customerValues, type CustomerValues } from "../decision/campaign.js";
import { eligibilityAt } from "../decision/inputs.js";
import { designColumnNames, designTransform } from "../features/design.js";
import { frameFeatureValues, type FeatureFrame } from "../features/frame.js";
import { contributionsByFeature, contributionsOf, topReasons, type Contributions, type Reason } from "../models/explain.js";
import type { DenseMatrix } from "../models/matrix.js";
import type { ScoringRuntime } from "./scoringModel.js";

/** Feature rows to score: `rows` of `frame` (a frame whose categorical levels match the model's signature) and each row's monthly charges (dollars). */
export interface ScoringRows {
  readonly frame: FeatureFrame;
  readonly rows: Uint32Array;
  readonly monthlyCharges: Float64Array;
}

/** Per-feature contributions of the scored rows, in log-odds (base + Σ_f byFeature[i, f] = margin of row i). */
export interface RowExplanation {
  readonly method: Contributions["method"];
  readonly base: number;
  readonly features: readonly string[];
  /** rows × features, row-major. */
  readonly byFeature: DenseMatrix;
}

/** What {@link scoreRows} returns for n rows (typed arrays in row order). */
export interface RowScores {
  /** Uncalibrated model probability of churn within the horizon. */
  readonly raw: Float64Array;
  /** Calibrated P(churn within the horizon). */
  readonly calibrated: Float64Array;
  /** P(churn next month), P(churn within the action window), CLV, EV per action (band rule applied) and the best eligible action. */
  readonly values: CustomerValues;
  /** Per row, the `reasonCount` largest positive contributions (empty without additive contributions). */
  readonly reasons: readonly (readonly Reason[])[];
  /** The contributions behind the reasons; null for models without additive contributions. */
  readonly explanation: RowExplanation | null;
}

/**
 * Scores `input.rows` with `runtime`: the stored design's transform, the estimator's probability,
 * the stored calibrator, then the decision values with the model's stored decision settings and
 * portfolio hazard ({@link customerValues}), and the top `reasonCount` reasons (exact linear
 * contributions or TreeSHAP). Deterministic: the same rows give the same bits in any process.
 * Throws on no rows, a charges length mismatch, or a frame whose features or levels differ from
 * the model's design. With `explain` false (and no reasons asked for) the contributions are not
 * computed (`explanation` null): a large batch then pays for the scores only.
 */
export function scoreRows(runtime: ScoringRuntime, input: ScoringRows, reasonCount: number, explain = true): RowScores {
  const { json } = runtime;
  const { frame, rows, monthlyCharges } = input;
  if (rows.length === 0) throw new RangeError("scoreRows: no rows to score");
  if (monthlyCharges.length !== rows.length) throw new RangeError(`scoreRows: ${rows.length} rows but ${monthlyCharges.length} monthly charges`);
  const X = designTransform(json.design, frame, rows);
  const raw = runtime.estimator.predictProba(X);
  const calibrated = runtime.calibrator.transform(raw);
  const values = customerValues({ probability: calibrated, horizon: json.horizon, monthlyCharges, eligible: eligibilityAt(frame, json.decision.actions, rows) }, json.decision, json.portfolioHazard);
  const explanation = explain || reasonCount > 0 ? contributionsOfRows(runtime, X) : null;
  const shown = frameFeatureValues(frame, rows);
  const reasons = explanation && reasonCount > 0 ? topReasons(explanation.byFeature, explanation.features, shown.valueOf, reasonCount) : Array.from(rows, () => []);
  return { raw, calibrated, values, reasons, explanation };
}

function contributionsOfRows(runtime: ScoringRuntime, X: DenseMatrix): RowExplanation | null {
  const { json } = runtime;
  const contributions = contributionsOf(runtime.estimator, X, () => {
    if (!json.columnMeans) throw new RangeError(`scoreRows: the ${json.model} model has no stored column means for its linear reasons`);
    return Float64Array.from(json.columnMeans);
  });
  if (!contributions) return null;
  return { method: contributions.method, base: contributions.base, features: runtime.features, byFeature: contributionsByFeature(contributions, designColumnNames(json.design), runtime.features) };
}
