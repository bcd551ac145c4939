import type { CategoricalFeature, FeatureFrame } from "./frame.js";
import { FeaturePreprocessor } from "./preprocess.js";
import type { DenseMatrix } from "../models/matrix.js";

/** Turns frame rows into a model's design matrix after fitting whatever it needs on training rows only. */
export interface Design {
  /** Fits on `trainRows` of `frame` and returns the transform for any rows. */
  fit(frame: FeatureFrame, trainRows: Uint32Array): { readonly columnNames: readonly string[]; transform(rows: Uint32Array): DenseMatrix };
}

/** The design of the linear and tree models: {@link FeaturePreprocessor} fitted per fold (standardised, one-hot). */
export function preprocessedDesign(exclude: readonly string[] = []): Design {
  return {
    fit(frame, trainRows) {
      const pre = new FeaturePreprocessor({ standardize: true, exclude }).fit(frame, trainRows);
      return { columnNames: pre.columnNames, transform: (rows) => pre.transform(frame, rows) };
    },
  };
}

/** The design of tree models: numeric features as they are (missing stays NaN, no scaling), categorical one-hot (fitted per fold). */
export function treeDesign(exclude: readonly string[] = []): Design {
  return {
    fit(frame, trainRows) {
      const pre = new FeaturePreprocessor({ standardize: false, keepMissing: true, exclude }).fit(frame, trainRows);
      return { columnNames: pre.columnNames, transform: (rows) => pre.transform(frame, rows) };
    },
  };
}

/**
 * The design of the segment baseline: the raw codes of the named categorical features, one column
 * each (no fitting needed: a code is a segment label). Throws when a named feature is absent.
 */
export function segmentDesign(names: readonly string[]): Design {
  return {
    fit(frame) {
      const features: CategoricalFeature[] = names.map((name) => {
        const f = frame.categorical.find((c) => c.info.name === name);
        if (!f) throw new RangeError(`segmentDesign: no categorical feature "${name}" (have: ${frame.categorical.map((c) => c.info.name).join(", ")})`);
        return f;
      });
      return {
        columnNames: names,
        transform(rows) {
          const cols = features.length;
          const data = new Float64Array(rows.length * cols);
          for (let i = 0; i < rows.length; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = features[j]!.codes[rows[i]!]!;
          return { data, rows: rows.length, cols };
        },
      };
    },
  };
}
