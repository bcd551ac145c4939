/**
 * The fold shape every splitter in this area returns (scikit-learn style: index arrays only,
 * no knowledge of models), the options of the shuffled K-fold splitters, and the error thrown when
 * the data make a requested split impossible.
 */

/**
 * Month range of a fold from a splitter that ignores calendar time ({@link groupKFold},
 * {@link randomKFold}): `[-1, -1]`. `foldTable` can fill in the observed months from `period`.
 */
export const NO_MONTHS: readonly [number, number] = Object.freeze([-1, -1] as const);

/**
 * One cross-validation fold. `train` and `test` are disjoint, ascending row indices into the
 * row-aligned arrays the splitter was given (e.g. panel rows).
 */
export interface Fold {
  /** 0-based position of the fold in the returned array (time splits: 0 is the earliest test window). */
  readonly index: number;
  /** Training row indices, ascending. */
  readonly train: Uint32Array;
  /** Test row indices, ascending. */
  readonly test: Uint32Array;
  /** First and last calendar month of the training rows, or {@link NO_MONTHS} for splits that ignore time. */
  readonly trainMonths: readonly [number, number];
  /** The test window [s, s + testMonths − 1] in calendar months, or {@link NO_MONTHS} for splits that ignore time. */
  readonly testMonths: readonly [number, number];
  /** Training rows dropped because their customer has a row in this fold's test set (`customersOnOneSide`); 0 otherwise. */
  readonly droppedForCustomer: number;
}

/**
 * Thrown when valid options meet data that cannot support the requested split, e.g. a
 * calendar-time split of a source whose positives all sit in one month. The message says why
 * and what to use instead; callers may catch it to fall back to a grouped split.
 */
export class ImpossibleSplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImpossibleSplitError";
  }
}

/** Options shared by the shuffled K-fold splitters ({@link groupKFold}, {@link randomKFold}). */
export interface KFoldOptions {
  /** Number of folds K ≥ 2. */
  readonly folds: number;
  /** Seed of the shuffle (an integer in [0, 2^32 − 1], e.g. derived from the config seed with `deriveSeed`). */
  readonly seed: number;
  /** Label per row (0/1, row-aligned with the splitter's other arrays). When given, the folds are stratified on it. */
  readonly label?: Uint8Array;
}
