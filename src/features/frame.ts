/**
 * A feature frame: raw (untransformed) features for every month row of a history, computed
 * once, each row from its own customer's rows up to and including that month only.
 * Fitted transforms (imputation, scaling, encoding) come later, per training fold.
 */

/** Where a feature comes from, for the catalogue shown in the report and notebooks. */
export type FeatureGroup = "attribute" | "signal" | "derived" | "rolling";

/** One catalogue entry: what a feature is, how it is computed and from which source column. */
export interface FeatureInfo {
  readonly name: string;
  readonly group: FeatureGroup;
  readonly kind: "numeric" | "categorical";
  readonly description: string;
  /** Rolling window or lag in months, or null. */
  readonly window: number | null;
  /** Source column(s) in the history. */
  readonly source: string;
}

/** A numeric feature: one value per month row, NaN where undefined (for example no month t − lag yet). */
export interface NumericFeature {
  readonly info: FeatureInfo;
  readonly values: Float64Array;
}

/** A categorical feature: one code per month row indexing `levels`. */
export interface CategoricalFeature {
  readonly info: FeatureInfo;
  readonly levels: readonly string[];
  readonly codes: Uint8Array;
}

/** Raw features for all `rowCount` month rows of a history. */
export interface FeatureFrame {
  readonly rowCount: number;
  readonly numeric: readonly NumericFeature[];
  readonly categorical: readonly CategoricalFeature[];
}

/** The catalogue of a frame: every feature's description, in frame order (numeric first). */
export function featureCatalogue(frame: FeatureFrame): FeatureInfo[] {
  return [...frame.numeric.map((f) => f.info), ...frame.categorical.map((f) => f.info)];
}

/** The frame's feature names (numeric, then categorical), the value of feature f at `rows[i]` (a number, NaN = missing, or a categorical level), and each feature's levels (null for numeric). */
export function frameFeatureValues(frame: FeatureFrame, rows: Uint32Array): {
  readonly features: readonly string[];
  readonly valueOf: (row: number, feature: number) => number | string;
  readonly levels: readonly (readonly string[] | null)[];
} {
  const nNumeric = frame.numeric.length;
  return {
    features: [...frame.numeric.map((f) => f.info.name), ...frame.categorical.map((f) => f.info.name)],
    valueOf: (i, f) => {
      const row = rows[i]!;
      if (f < nNumeric) return frame.numeric[f]!.values[row]!;
      const c = frame.categorical[f - nNumeric]!;
      return c.levels[c.codes[row]!]!;
    },
    levels: [...frame.numeric.map(() => null), ...frame.categorical.map((c) => c.levels)],
  };
}
