import { UndefinedMetricError } from "../evaluation/checks.js";
import { qiniAucScore, qiniCurve, type QiniCurve } from "./qini.js";
import { upliftAtK } from "./upliftAtK.js";

/** The scikit-uplift metrics of one uplift ranking on an experiment; a metric is null where it is undefined (see {@link upliftScores}). */
export interface UpliftScores {
  /** The Qini coefficient ({@link qiniAucScore}): 1 = the perfect ranking of these outcomes, ≈ 0 = random. */
  readonly qini: number | null;
  /** Uplift at the top fraction `k` ({@link upliftAtK}) with each strategy: retention rate of the treated minus that of the control units among the top. */
  readonly upliftAtK: { readonly overall: number | null; readonly byGroup: number | null };
  /** The fraction k targeted. */
  readonly k: number;
  /** The Qini curve ({@link qiniCurve}) of the ranking: x = units targeted, y = incremental retained customers. */
  readonly curve: QiniCurve;
}

/**
 * Scores a predicted churn reduction `uplift` (e.g. `TLearner.predictEffect`) on a randomised
 * experiment's churn outcomes `churned` (0/1) and arms `treatment` (0/1), with scikit-uplift's
 * definitions, whose response is the outcome the action should raise: y = retained = 1 − churned.
 * A metric the data leave undefined ({@link UndefinedMetricError}: no responders for the Qini
 * coefficient, an arm missing from the top k for uplift@k) is null; invalid input throws.
 * O(n log n), inputs not mutated.
 */
export function upliftScores(churned: Uint8Array, uplift: Float64Array, treatment: Uint8Array, k: number): UpliftScores {
  const retained = Uint8Array.from(churned, (c) => (c === 0 ? 1 : c === 1 ? 0 : c));
  return {
    qini: orNull(() => qiniAucScore(retained, uplift, treatment)),
    upliftAtK: { overall: orNull(() => upliftAtK(retained, uplift, treatment, "overall", k)), byGroup: orNull(() => upliftAtK(retained, uplift, treatment, "by_group", k)) },
    k,
    curve: qiniCurve(retained, uplift, treatment),
  };
}

/** `metric()`, or null when it throws {@link UndefinedMetricError}; other errors propagate. */
function orNull(metric: () => number): number | null {
  try {
    return metric();
  } catch (error) {
    if (error instanceof UndefinedMetricError) return null;
    throw error;
  }
}
