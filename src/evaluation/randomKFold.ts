/**
 * Row-level shuffled K-fold: the leaky comparison. It ignores customers and calendar time, so it is
 * kept only to measure the optimism that honest splits remove.
 */
import { Rng } from "../util/rng.js";
import { ImpossibleSplitError, type Fold, type KFoldOptions } from "./fold.js";
import { checkKFoldOptions, checkRows, countPositives, dealUnits, foldsFromAssignment } from "./splitInput.js";

const FN = "randomKFold";

/**
 * Shuffled K-fold over the candidate `rows` themselves (ascending), optionally stratified on the
 * row `label` (0/1, row-aligned): rows are shuffled with `Rng(seed)` (Fisher–Yates) and dealt
 * round-robin, positives first, so each fold tests ⌊n/K⌋ or ⌈n/K⌉ rows and, with `label`, ⌊P/K⌋ or
 * ⌈P/K⌉ positives: the scheme of scikit-learn's KFold / StratifiedKFold with shuffle=True, not its
 * random stream. Month fields are {@link NO_MONTHS}.
 *
 * For comparison only: it puts a customer's neighbouring months on both sides (their features and
 * labels overlap) and trains on months after the test rows, i.e. on the future. The optimism this
 * creates over {@link timeSeriesSplits} and {@link groupKFold} is what the leakage ladder measures;
 * never report it as an estimate of deployed performance.
 *
 * Throws a RangeError on bad input (value quoted) or when K exceeds the number of rows, and an
 * {@link ImpossibleSplitError} when, stratified, either class has fewer than K rows. Deterministic in
 * the seed. O(rows × folds).
 */
export function randomKFold(rows: Uint32Array, options: KFoldOptions): Fold[] {
  const { folds, seed, label } = options;
  checkKFoldOptions(FN, folds, seed);
  checkRows(FN, rows, label === undefined ? [] : [["label", label]]);
  const n = rows.length;
  if (folds > n) throw new RangeError(`${FN}: cannot have folds=${folds} greater than the number of rows=${n}`);
  let positive: Uint8Array | undefined;
  if (label !== undefined) {
    const positives = countPositives(FN, label, rows);
    const fewest = Math.min(positives, n - positives);
    if (fewest < folds) {
      const which = positives < n - positives ? "positive" : "negative";
      throw new ImpossibleSplitError(`${FN}: stratified folds=${folds} need at least ${folds} ${which} rows, got ${fewest} of ${n} rows`);
    }
    positive = new Uint8Array(n);
    for (let i = 0; i < n; i++) positive[i] = label[rows[i]!]!;
  }
  return foldsFromAssignment(rows, dealUnits(n, folds, new Rng(seed), positive), folds);
}
