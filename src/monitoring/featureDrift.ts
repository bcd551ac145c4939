import { chiSquareTest } from "./chiSquareTest.js";
import { categoryBins, DEFAULT_DRIFT_BINS, quantileBins, valueBins, type CodeArray, type DriftBins } from "./driftBins.js";
import { checkLevel, type DriftMethod, type DriftTestResult } from "./driftResult.js";
import { DEFAULT_JENSEN_SHANNON_THRESHOLD, jensenShannon } from "./jensenShannon.js";
import { ksTest } from "./ksTest.js";
import { psi, type PsiOptions } from "./psi.js";
import { DEFAULT_WASSERSTEIN_THRESHOLD, normalizedWasserstein } from "./wasserstein.js";
import { zTest } from "./zTest.js";

/** How a feature's values are compared: numbers (NaN = missing) or category codes. */
export type FeatureKind = "numeric" | "categorical";

/** Evidently's defaults for the test choice: the reference size above which distances replace tests, and the distinct-value count up to which a numeric feature counts as discrete. */
export const DRIFT_SELECTION_DEFAULTS = { largeReference: 1000, maxDiscreteValues: 5 } as const;

/** Options of {@link featureDrift}; every number has Evidently's default. */
export interface FeatureDriftOptions {
  /** Level of the p-value tests (KS, chi-square, Z) and of PSI's critical value; default 0.05. */
  readonly alpha?: number;
  /** Normalised Wasserstein threshold; default 0.1. */
  readonly wassersteinThreshold?: number;
  /** Jensen–Shannon distance threshold; default 0.1. */
  readonly jensenShannonThreshold?: number;
  /** Reference rows (non-missing) above which the distances are used; default 1000. */
  readonly largeReference?: number;
  /** Numeric features with at most this many distinct values are compared as categories; default 5. */
  readonly maxDiscreteValues?: number;
  /** Run this test instead of the default choice (PSI included; KS and Wasserstein need a numeric feature). */
  readonly method?: DriftMethod;
  /** Quantile bins of PSI on numeric features; default 10. */
  readonly psiBins?: number;
  /** PSI's smoothing, floor and fixed bands (its level is `alpha`). */
  readonly psi?: Omit<PsiOptions, "alpha">;
}

/** Result of {@link featureDrift}: the test's result and what the choice was based on. */
export type FeatureDriftResult = DriftTestResult & {
  readonly kind: FeatureKind;
  /** Non-missing reference rows (the size the choice looks at). */
  readonly referenceRows: number;
  /** Non-missing current rows. */
  readonly currentRows: number;
  /** NaN rows left out (numeric features; PSI bins them instead). */
  readonly missing: { readonly reference: number; readonly current: number };
  /** Distinct non-missing values (numeric) or levels (categorical) over both samples. */
  readonly distinctValues: number;
  /** Why this test ran, e.g. "reference 800 <= 1000 rows, numeric with 37 distinct values > 5". */
  readonly reason: string;
};

function withoutNaN(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  if (n === values.length) return values;
  const out = new Float64Array(n);
  for (let i = 0, k = 0; i < values.length; i++) if (values[i] === values[i]) out[k++] = values[i]!;
  return out;
}

/** Distinct values of two NaN-free samples together (one sort of their concatenation). */
function countDistinct(a: Float64Array, b: Float64Array): number {
  const all = new Float64Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) n++;
  return n;
}

function distinctCount(bins: DriftBins): number {
  return bins.missingBin ? bins.reference.length - 1 : bins.reference.length;
}

/**
 * Drift of one feature between a reference and a current sample, with the test chosen as
 * Evidently's default data-drift algorithm does (docs-old.evidentlyai.com/reference/data-drift-algorithm,
 * and `_get_default_stattest` in its stattests registry): with at most `largeReference` (1000)
 * non-missing reference rows, the two-sample KS test for numeric features with more than
 * `maxDiscreteValues` (5) distinct values, otherwise the chi-square test, or the two-proportion Z-test
 * when there are at most 2 distinct values, all at level `alpha` (0.05); with a larger reference,
 * the normalised Wasserstein distance (threshold 0.1) for those numeric features and the
 * Jensen–Shannon distance (0.1) for the rest. Distinct values are counted over both samples.
 * NaN rows of a numeric feature are left out of every test but PSI, which bins them (the counts
 * are reported). Categorical codes are compared level by level (our chi-square is the 2 × k
 * contingency test; see {@link chiSquareTest}). Throws when a test needs values a sample lacks, or
 * when KS or Wasserstein is forced on a categorical feature.
 */
export function featureDrift(reference: Float64Array, current: Float64Array, kind: "numeric", options?: FeatureDriftOptions): FeatureDriftResult;
export function featureDrift(reference: CodeArray, current: CodeArray, kind: "categorical", options?: FeatureDriftOptions): FeatureDriftResult;
export function featureDrift(reference: Float64Array | CodeArray, current: Float64Array | CodeArray, kind: FeatureKind, options: FeatureDriftOptions = {}): FeatureDriftResult {
  const alpha = options.alpha ?? 0.05;
  const largeReference = options.largeReference ?? DRIFT_SELECTION_DEFAULTS.largeReference;
  const maxDiscrete = options.maxDiscreteValues ?? DRIFT_SELECTION_DEFAULTS.maxDiscreteValues;
  checkLevel("featureDrift", "alpha", alpha);
  if (!(largeReference >= 0)) throw new RangeError(`featureDrift: largeReference must be >= 0, got ${largeReference}`);
  if (!Number.isInteger(maxDiscrete) || maxDiscrete < 2) throw new RangeError(`featureDrift: maxDiscreteValues must be an integer >= 2, got ${maxDiscrete}`);
  const numeric = kind === "numeric";
  if (!numeric && kind !== "categorical") throw new RangeError(`featureDrift: kind must be "numeric" or "categorical", got ${JSON.stringify(kind)}`);
  if (numeric !== reference instanceof Float64Array || numeric !== current instanceof Float64Array) {
    throw new RangeError(`featureDrift: a ${kind} feature needs ${numeric ? "Float64Array values" : "unsigned integer codes"}`);
  }
  const refValues = numeric ? withoutNaN(reference as Float64Array) : null;
  const curValues = numeric ? withoutNaN(current as Float64Array) : null;
  const referenceRows = refValues?.length ?? reference.length;
  const currentRows = curValues?.length ?? current.length;
  const missing = { reference: reference.length - referenceRows, current: current.length - currentRows };
  if (referenceRows === 0 || currentRows === 0) {
    throw new RangeError(`featureDrift: both samples need non-missing rows, got reference ${referenceRows} of ${reference.length} and current ${currentRows} of ${current.length}`);
  }
  // Discrete bins are built only when a test reads them: a continuous feature's value bins cost a sort and a search per row.
  let bins: DriftBins | undefined;
  const discreteBins = (): DriftBins => (bins ??= numeric ? valueBins(refValues!, curValues!) : categoryBins(reference as CodeArray, current as CodeArray));
  const distinctValues = numeric ? countDistinct(refValues!, curValues!) : distinctCount(discreteBins());
  const continuous = numeric && distinctValues > maxDiscrete;
  const large = referenceRows > largeReference;
  const size = `reference ${referenceRows} ${large ? ">" : "<="} ${largeReference} rows`;
  const shape = numeric ? `numeric with ${distinctValues} distinct values ${continuous ? ">" : "<="} ${maxDiscrete}` : `categorical with ${distinctValues} levels`;
  let method: DriftMethod;
  let reason: string;
  if (options.method !== undefined) {
    method = options.method;
    reason = `method ${method} requested`;
  } else {
    method = large ? (continuous ? "wasserstein" : "jensen-shannon") : continuous ? "ks" : distinctValues > 2 ? "chi-square" : "z";
    reason = `${size}, ${shape}`;
  }
  if ((method === "ks" || method === "wasserstein") && !numeric) throw new RangeError(`featureDrift: method ${method} needs a numeric feature, got a categorical one`);
  const base = { kind, referenceRows, currentRows, missing, distinctValues, reason };
  switch (method) {
    case "ks":
      return { ...ksTest(refValues!, curValues!, { alpha }), ...base };
    case "wasserstein":
      return { ...normalizedWasserstein(refValues!, curValues!, { threshold: options.wassersteinThreshold ?? DEFAULT_WASSERSTEIN_THRESHOLD }), ...base };
    case "chi-square":
      return { ...chiSquareTest(discreteBins(), { alpha }), ...base };
    case "z":
      return { ...zTest(discreteBins(), { alpha }), ...base };
    case "jensen-shannon":
      return { ...jensenShannon(discreteBins(), { threshold: options.jensenShannonThreshold ?? DEFAULT_JENSEN_SHANNON_THRESHOLD }), ...base };
    case "psi": {
      const bins = numeric ? quantileBins(reference as Float64Array, current as Float64Array, { bins: options.psiBins ?? DEFAULT_DRIFT_BINS }) : discreteBins();
      return { ...psi(bins, { ...options.psi, alpha }), ...base };
    }
    default:
      throw new RangeError(`featureDrift: unknown method ${JSON.stringify(method)}`);
  }
}
