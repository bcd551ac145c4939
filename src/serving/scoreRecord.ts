/**
 * One customer's score as the API and batch scoring report it: calibrated probabilities, CLV, EV
 * per action, the best action and the top reasons, as plain JSON (no NaN, no Infinity).
 */
import { bestActions } from "../decision/expectedValue.js";
import type { Reason } from "../models/explain.js";
import type { RowScores } from "./score.js";
import type { ScoringModel } from "./scoringModel.js";

/** How fresh the features behind a score are (null fields for a score from a request payload). */
export interface FeatureFreshness {
  /** Calendar month the features are as of, or null when they came with the request. */
  readonly asOfMonth: number | null;
  /** Months between the features and the store's current month, or null. */
  readonly ageMonths: number | null;
  /** True when the features are older than the configured maximum age: the score is answered but must not be trusted as current. */
  readonly stale: boolean;
}

/** A JSON-ready reason: a feature, its value (null = missing) and its contribution in log-odds. */
export interface ReasonRecord {
  readonly feature: string;
  readonly value: number | string | null;
  readonly contribution: number;
}

/** One customer's score (see the module comment). Probabilities are in [0, 1], money in dollars. */
export interface ScoreRecord {
  readonly customerId: string | null;
  readonly model: { readonly name: string; readonly version: number | null };
  /** Calibrated P(churn during the next month). */
  readonly churnProbabilityNextMonth: number;
  /** Calibrated P(churn within the action window of `actionWindowMonths` months): the p of the EV formula. */
  readonly churnProbabilityActionWindow: number;
  readonly actionWindowMonths: number;
  /** Customer lifetime value (dollars). */
  readonly clv: number;
  /** EV per action (dollars); null where the action is not eligible or the customer is outside the probability band. */
  readonly expectedValue: Readonly<Record<string, number | null>>;
  /** The eligible action with the highest positive EV, or null when no action pays. */
  readonly bestAction: string | null;
  readonly reasons: readonly ReasonRecord[];
  readonly features: FeatureFreshness;
}

/** The reason as JSON: a missing numeric value (NaN) becomes null. */
export function reasonRecord(reason: Reason): ReasonRecord {
  const value = typeof reason.value === "number" && Number.isNaN(reason.value) ? null : reason.value;
  return { feature: reason.feature, value, contribution: reason.contribution };
}

/** The JSON score of row `i` of `scores` under `model` (version `version`, null when unregistered). */
export function scoreRecord(model: ScoringModel, version: number | null, scores: RowScores, i: number, customerId: string | null, features: FeatureFreshness): ScoreRecord {
  const actions = model.decision.actions;
  const A = actions.length;
  const { values } = scores;
  const best = bestActions(values.values.subarray(i * A, (i + 1) * A), A, { floor: 0 })[0]!;
  const expectedValue: Record<string, number | null> = {};
  actions.forEach((a, j) => {
    const v = values.values[i * A + j]!;
    expectedValue[a.name] = Number.isFinite(v) ? v : null;
  });
  return {
    customerId,
    model: { name: model.model, version },
    churnProbabilityNextMonth: values.pMonth[i]!,
    churnProbabilityActionWindow: values.pWindow[i]!,
    actionWindowMonths: model.decision.effectMonths,
    clv: values.clv[i]!,
    expectedValue,
    bestAction: best >= 0 ? actions[best]!.name : null,
    reasons: (scores.reasons[i] ?? []).map(reasonRecord),
    features,
  };
}
