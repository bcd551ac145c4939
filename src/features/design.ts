import type { CategoricalFeature, FeatureFrame } from "./frame.js";
import { FeaturePreprocessor, type PreprocessState } from "./preprocess.js";
import type { DenseMatrix } from "../models/matrix.js";

/** Turns frame rows into a model's design matrix after fitting whatever it needs on training rows only. */
export interface Design {
  /** Fits on `trainRows` of `frame` and returns the transform for any rows. */
  fit(frame: FeatureFrame, trainRows: Uint32Array): FittedDesign;
}

/** A design fitted on training rows: its columns, the transform of any rows of the frame it was fitted on, and its state as JSON. */
export interface FittedDesign {
  readonly columnNames: readonly string[];
  transform(rows: Uint32Array): DenseMatrix;
  /** What the fit learned, enough to transform another frame with the same features ({@link designTransform}). */
  readonly state: DesignState;
}

/**
 * A fitted design as plain JSON: the fitted {@link FeaturePreprocessor} (linear and tree models), or
 * the segment baseline's categorical features with the levels their codes index.
 */
export type DesignState =
  | { readonly kind: "preprocessed"; readonly preprocessor: PreprocessState }
  | { readonly kind: "segment"; readonly names: readonly string[]; readonly levels: readonly (readonly string[])[] };

/**
 * The design matrix of `rows` of any frame under a fitted design's `state`: the same code path as
 * the fit-time transform, so a model served from its state scores a row exactly as in training.
 * Throws when the frame lacks a feature of the state or a categorical feature's levels differ
 * (codes would index different levels).
 */
export function designTransform(state: DesignState, frame: FeatureFrame, rows: Uint32Array): DenseMatrix {
  if (state.kind === "preprocessed") {
    for (const c of state.preprocessor.categorical) assertSameLevels(frame, c.name, c.levels);
    return FeaturePreprocessor.fromJSON(state.preprocessor).transform(frame, rows);
  }
  state.names.forEach((name, k) => assertSameLevels(frame, name, state.levels[k]!));
  return segmentMatrix(state.names.map((name) => categoricalNamed(frame, name)), rows);
}

/** Column names of a fitted design's `state`, in order. */
export function designColumnNames(state: DesignState): readonly string[] {
  return state.kind === "preprocessed" ? state.preprocessor.columnNames : state.names;
}

function assertSameLevels(frame: FeatureFrame, name: string, levels: readonly string[]): void {
  const f = categoricalNamed(frame, name);
  if (f.levels.length !== levels.length || f.levels.some((l, k) => l !== levels[k])) {
    throw new RangeError(`designTransform: feature "${name}" has levels ${JSON.stringify(f.levels)}, the design was fitted on ${JSON.stringify(levels)}`);
  }
}

/** The design of the linear and tree models: {@link FeaturePreprocessor} fitted per fold (standardised, one-hot). */
export function preprocessedDesign(exclude: readonly string[] = []): Design {
  return {
    fit(frame, trainRows) {
      return preprocessorDesign(new FeaturePreprocessor({ standardize: true, exclude }).fit(frame, trainRows), frame);
    },
  };
}

/** The design of tree models: numeric features as they are (missing stays NaN, no scaling), categorical one-hot (fitted per fold). */
export function treeDesign(exclude: readonly string[] = []): Design {
  return {
    fit(frame, trainRows) {
      return preprocessorDesign(new FeaturePreprocessor({ standardize: false, keepMissing: true, exclude }).fit(frame, trainRows), frame);
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
      const features = names.map((name) => categoricalNamed(frame, name));
      return {
        columnNames: names,
        transform: (rows) => segmentMatrix(features, rows),
        state: { kind: "segment", names: [...names], levels: features.map((f) => [...f.levels]) },
      };
    },
  };
}

function preprocessorDesign(pre: FeaturePreprocessor, frame: FeatureFrame): FittedDesign {
  return { columnNames: pre.columnNames, transform: (rows) => pre.transform(frame, rows), state: { kind: "preprocessed", preprocessor: pre.toJSON() } };
}

function categoricalNamed(frame: FeatureFrame, name: string): CategoricalFeature {
  const f = frame.categorical.find((c) => c.info.name === name);
  if (!f) throw new RangeError(`segmentDesign: no categorical feature "${name}" (have: ${frame.categorical.map((c) => c.info.name).join(", ")})`);
  return f;
}

/** The raw codes of `features` at `rows`, one column per feature. */
function segmentMatrix(features: readonly CategoricalFeature[], rows: Uint32Array): DenseMatrix {
  const cols = features.length;
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = features[j]!.codes[rows[i]!]!;
  return { data, rows: rows.length, cols };
}
