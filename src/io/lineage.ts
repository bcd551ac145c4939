import { sha256Hex } from "./safeTarget.js";
import { canonicalJson, inputIdentity, resultConfig } from "./runCache.js";
import type { PipelineResult } from "../pipeline/run.js";
import type { ModelLineage } from "./registeredModel.js";

/**
 * The lineage of a run's decision model for the registry: the model, the calendar months and rows it
 * was fitted on (every labelled row), hashes of the result-relevant config and of the input, the git
 * commit, its out-of-time metrics (raw ROC-AUC; calibrated log loss and Brier), the signature's size
 * and the source's name.
 */
export function modelLineage(result: PipelineResult, gitCommit: string | null): ModelLineage {
  const { config, panel, scored, evaluation } = result;
  const period = panel.history.months.period;
  let first = Infinity;
  let last = -Infinity;
  for (const r of panel.labelled) (first = Math.min(first, period[r]!)), (last = Math.max(last, period[r]!));
  const m = evaluation.models.find((e) => e.model === scored.model);
  if (!m) throw new RangeError(`modelLineage: no evaluation of the decision model "${scored.model}"`);
  return {
    model: scored.model,
    trainingWindow: { firstMonth: first, lastMonth: last, rows: panel.labelled.length },
    configHash: sha256Hex(canonicalJson(resultConfig(config))),
    dataHash: sha256Hex(inputIdentity(config) === "synthetic" ? canonicalJson({ synthetic: config.synthetic, seed: config.seed }) : inputIdentity(config)),
    gitCommit,
    metrics: { rocAuc: m.raw.rocAuc, logLoss: m.compared.calibrated.logLoss, brier: m.compared.calibrated.brier },
    signature: { numeric: scored.scoringModel.signature.numeric.length, categorical: scored.scoringModel.signature.categorical.length },
    source: panel.history.name,
  };
}
