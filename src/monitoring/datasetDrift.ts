import type { DriftTestResult } from "./driftResult.js";
import { adjustPValues, type PValueCorrection } from "./multipleTesting.js";

/** Evidently's default share of drifted features at which the dataset counts as drifted. */
export const DEFAULT_DRIFT_SHARE = 0.5;

/** Result of {@link datasetDrift}. */
export interface DatasetDrift {
  /** Features tested. */
  readonly features: number;
  /** Features that drifted (after the correction, if any). */
  readonly drifted: number;
  /** drifted / features. */
  readonly share: number;
  /** The configured share. */
  readonly threshold: number;
  /** share ≥ threshold. */
  readonly datasetDrift: boolean;
  /** Per feature, in the input order: 1 when it counts as drifted. */
  readonly featureDrifted: Uint8Array;
  /** Per feature: the corrected p-value of p-value tests, NaN for the others (or everywhere without a correction). */
  readonly adjustedPValues: Float64Array;
  readonly correction: PValueCorrection | "none";
}

/**
 * Dataset-level drift as Evidently decides it: the share of features whose test drifted, and
 * whether it is at least `share` (default 0.5; Evidently's `drift_share`, compared with ≥). With a
 * `correction` (`"bonferroni"` or `"fdr_bh"`, {@link adjustPValues}), the p-values of the tests
 * that decide by p-value (KS, chi-square, Z) are adjusted together and such a feature drifts when
 * its adjusted p-value is below its own level; PSI and the distances keep their verdicts. Throws on
 * no results or a share outside (0, 1].
 */
export function datasetDrift(
  results: readonly DriftTestResult[],
  share: number = DEFAULT_DRIFT_SHARE,
  options: { readonly correction?: PValueCorrection | "none" } = {},
): DatasetDrift {
  if (results.length === 0) throw new RangeError("datasetDrift: no feature results");
  if (!(share > 0 && share <= 1)) throw new RangeError(`datasetDrift: share must be in (0, 1], got ${share}`);
  const correction = options.correction ?? "none";
  const featureDrifted = Uint8Array.from(results, (r) => (r.drifted ? 1 : 0));
  const adjustedPValues = new Float64Array(results.length).fill(Number.NaN);
  if (correction !== "none") {
    const tested: number[] = [];
    results.forEach((r, i) => {
      if (r.driftWhen === "pValue < threshold" && r.pValue !== undefined) tested.push(i);
    });
    if (tested.length > 0) {
      const { adjusted } = adjustPValues(Float64Array.from(tested, (i) => results[i]!.pValue!), correction);
      tested.forEach((i, k) => {
        adjustedPValues[i] = adjusted[k]!;
        featureDrifted[i] = adjusted[k]! < results[i]!.threshold ? 1 : 0;
      });
    }
  }
  let drifted = 0;
  for (const flag of featureDrifted) drifted += flag;
  const fraction = drifted / results.length;
  return { features: results.length, drifted, share: fraction, threshold: share, datasetDrift: fraction >= share, featureDrifted, adjustedPValues, correction };
}
