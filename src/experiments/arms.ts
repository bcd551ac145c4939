import { assertFiniteMatrix, type DenseMatrix } from "../models/matrix.js";
import { gather } from "../util/gather.js";
import { armCounts } from "./checks.js";

/** The rows of one arm of an experiment. */
export interface ArmRows {
  /** The arm's rows of X, in their original order. */
  readonly X: DenseMatrix;
  /** Their outcomes (0/1). */
  readonly y: Uint8Array;
  /** Their row indices in the full data, increasing. */
  readonly index: Uint32Array;
}

/** Training data of an uplift learner split by arm. */
export interface ArmSplit {
  /** Rows with treatment = 0. */
  readonly control: ArmRows;
  /** Rows with treatment = 1. */
  readonly treated: ArmRows;
  /** Share of rows treated, treated.y.length / n. */
  readonly treatedShare: number;
}

/** Rows `index` of X, y as an {@link ArmRows}. */
function armRows(X: DenseMatrix, y: Uint8Array, index: Uint32Array): ArmRows {
  return { X: { data: gather(X.data, index, X.cols), rows: index.length, cols: X.cols }, y: gather(y, index), index };
}

/**
 * Validates the training data of an uplift learner — `X` (`n × p`, finite), outcome `y` and
 * `treatment` (n values each 0/1) — and splits it by arm. Each arm must hold both outcome classes,
 * since a classifier is fitted per arm; messages quote the caller and the counts. O(n·p).
 */
export function splitByArm(caller: string, X: DenseMatrix, y: Uint8Array, treatment: Uint8Array): ArmSplit {
  assertFiniteMatrix(X, caller);
  if (y.length !== X.rows) throw new RangeError(`${caller}: y.length=${y.length} does not match X.rows=${X.rows}`);
  const counts = armCounts(caller, y, treatment, "y");
  for (const [arm, n, events] of [["control", counts.controlN, counts.controlEvents], ["treated", counts.treatedN, counts.treatedEvents]] as const) {
    if (events === 0 || events === n) throw new RangeError(`${caller}: the ${arm} arm's outcomes are all ${events === 0 ? 0 : 1} (${n} rows); each arm needs both classes`);
  }
  const controlIndex = new Uint32Array(counts.controlN);
  const treatedIndex = new Uint32Array(counts.treatedN);
  let c = 0;
  let t = 0;
  for (let i = 0; i < treatment.length; i++) {
    if (treatment[i] === 1) treatedIndex[t++] = i;
    else controlIndex[c++] = i;
  }
  return {
    control: armRows(X, y, controlIndex),
    treated: armRows(X, y, treatedIndex),
    treatedShare: counts.treatedN / treatment.length,
  };
}
