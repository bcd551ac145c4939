import type { Fold } from "../evaluation/fold.js";
import type { FeatureFrame } from "../features/frame.js";
import type { BinaryClassifier } from "../models/types.js";
import type { Design } from "./design.js";

/** A model to cross-validate: a factory (fresh, unfitted model per fold) and its design. */
export interface ModelSpec {
  readonly name: string;
  readonly create: (fold: number) => BinaryClassifier;
  readonly design: Design;
}

/** Out-of-fold predictions of one model: every test row of every fold, in fold order. */
export interface OutOfFold {
  readonly model: string;
  /** Panel row index of each prediction. */
  readonly rows: Uint32Array;
  /** Fold index of each prediction. */
  readonly fold: Uint8Array;
  readonly label: Uint8Array;
  /** Uncalibrated P(label = 1) from the model trained without that row's fold. */
  readonly proba: Float64Array;
  /** Seconds spent fitting, per fold. */
  readonly fitSeconds: readonly number[];
  /** Design-matrix column names of the last fold. */
  readonly columnNames: readonly string[];
  /** The model fitted on the last fold (a warm start for later fits of the same model). */
  readonly lastModel: BinaryClassifier | undefined;
}

/**
 * Fits `spec` on each fold's training rows (its design fitted on those rows only) and predicts the
 * fold's test rows, giving out-of-fold predictions. `label` is row-aligned with the frame.
 * `onFold` reports progress. Pure apart from the model's own seeded randomness.
 */
export function crossValidate(frame: FeatureFrame, label: Uint8Array, folds: readonly Fold[], spec: ModelSpec, onFold?: (done: number, total: number) => void): OutOfFold {
  let total = 0;
  for (const f of folds) total += f.test.length;
  const rows = new Uint32Array(total);
  const fold = new Uint8Array(total);
  const y = new Uint8Array(total);
  const proba = new Float64Array(total);
  const fitSeconds: number[] = [];
  let at = 0;
  let columnNames: readonly string[] = [];
  let lastModel: BinaryClassifier | undefined;
  for (const f of folds) {
    const t0 = performance.now();
    const design = spec.design.fit(frame, f.train);
    const yTrain = new Uint8Array(f.train.length);
    for (let i = 0; i < f.train.length; i++) yTrain[i] = label[f.train[i]!]!;
    const model = spec.create(f.index).fit(design.transform(f.train), yTrain);
    lastModel = model;
    fitSeconds.push((performance.now() - t0) / 1000);
    const p = model.predictProba(design.transform(f.test));
    rows.set(f.test, at);
    proba.set(p, at);
    fold.fill(f.index, at, at + f.test.length);
    for (let i = 0; i < f.test.length; i++) y[at + i] = label[f.test[i]!]!;
    at += f.test.length;
    columnNames = design.columnNames;
    onFold?.(f.index + 1, folds.length);
  }
  return { model: spec.name, rows, fold, label: y, proba, fitSeconds, columnNames, lastModel };
}
