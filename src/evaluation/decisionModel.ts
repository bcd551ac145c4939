import type { ModelName } from "../models/catalog.js";
import type { ModelEvaluation } from "./modelEvaluation.js";

/** Which model drives the decisions, and why. */
export interface DecisionModelChoice {
  readonly model: ModelName;
  /** The config setting (`evaluation.decisionModel`). */
  readonly setting: "auto" | ModelName;
  readonly reason: string;
  /** Every evaluated model's calibrated out-of-fold log loss and raw ROC-AUC, in evaluation order. */
  readonly candidates: readonly { readonly model: ModelName; readonly calibratedLogLoss: number; readonly rocAuc: number }[];
}

/**
 * Picks the decision model: the named one, or with "auto" the model with the lowest out-of-time
 * log loss after calibration (ties: the earlier model), since the decisions use calibrated
 * probabilities as such, not only their ranking. Throws when the named model was not evaluated.
 */
export function chooseDecisionModel(models: readonly ModelEvaluation[], setting: "auto" | ModelName): DecisionModelChoice {
  if (models.length === 0) throw new RangeError("chooseDecisionModel: no evaluated model");
  const candidates = models.map((m) => ({ model: m.model, calibratedLogLoss: m.compared.calibrated.logLoss, rocAuc: m.raw.rocAuc }));
  if (setting !== "auto") {
    if (!candidates.some((c) => c.model === setting)) throw new RangeError(`chooseDecisionModel: "${setting}" was not evaluated (evaluated: ${candidates.map((c) => c.model).join(", ")})`);
    return { model: setting, setting, reason: `named in the config (evaluation.decisionModel: ${setting})`, candidates };
  }
  let best = candidates[0]!;
  for (const c of candidates) if (c.calibratedLogLoss < best.calibratedLogLoss) best = c;
  const others = candidates.filter((c) => c !== best).map((c) => `${c.model} ${c.calibratedLogLoss.toFixed(5)}`).join(", ");
  return { model: best.model, setting, reason: `lowest out-of-time log loss after calibration: ${best.model} ${best.calibratedLogLoss.toFixed(5)}${others ? ` (${others})` : ""}`, candidates };
}

/** The evaluation of the model `choice` names (the one whose calibrated probabilities drive the decisions); throws when it was not evaluated. */
export function decisionModelEvaluation(models: readonly ModelEvaluation[], choice: Pick<DecisionModelChoice, "model">): ModelEvaluation {
  const found = models.find((m) => m.model === choice.model);
  if (!found) throw new RangeError(`decisionModelEvaluation: "${choice.model}" was not evaluated (evaluated: ${models.map((m) => m.model).join(", ")})`);
  return found;
}
