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

/**
 * One shuffled holdout of the candidate `rows` (ascending): `testSize` rows drawn at random with
 * `Rng(seed)` are the test set and the rest train, stratified on `label` (0/1, row-aligned) so the
 * test set holds round(testSize · P / n) positives. The leakage ladder's random rung: the pool of an
 * honest fold split again at random with the same test size, so only the split's structure differs.
 *
 * Throws a RangeError unless 0 < testSize < rows.length. Deterministic in the seed. O(rows).
 */
export function randomHoldout(rows: Uint32Array, testSize: number, seed: number, label: Uint8Array): Fold {
  const fn = "randomHoldout";
  checkKFoldOptions(fn, 2, seed);
  checkRows(fn, rows, [["label", label]]);
  const n = rows.length;
  if (!Number.isSafeInteger(testSize) || testSize < 1 || testSize >= n) throw new RangeError(`${fn}: testSize must be an integer in [1, ${n - 1}], got ${testSize}`);
  const positives = countPositives(fn, label, rows);
  const testPositives = Math.round((testSize * positives) / n);
  const positive = new Uint8Array(n);
  for (let i = 0; i < n; i++) positive[i] = label[rows[i]!]!;
  const rng = new Rng(seed);
  const inTest = new Uint32Array(n).fill(1);
  drawInto(inTest, positive, 1, testPositives, rng);
  drawInto(inTest, positive, 0, testSize - testPositives, rng);
  return foldsFromAssignment(rows, inTest, 2)[0]!;
}

/** Marks `take` of the positions whose `positive` equals `stratum` with 0 in `inTest`, chosen uniformly by a partial Fisher–Yates shuffle. */
function drawInto(inTest: Uint32Array, positive: Uint8Array, stratum: number, take: number, rng: Rng): void {
  let size = 0;
  for (let i = 0; i < positive.length; i++) if (positive[i] === stratum) size++;
  const pool = new Uint32Array(size);
  for (let i = 0, at = 0; i < positive.length; i++) if (positive[i] === stratum) pool[at++] = i;
  if (take > pool.length) throw new RangeError(`randomHoldout: cannot draw ${take} rows of label ${stratum} from ${pool.length}`);
  for (let k = 0; k < take; k++) {
    const j = k + rng.int(pool.length - k);
    const t = pool[k]!;
    pool[k] = pool[j]!;
    pool[j] = t;
    inTest[pool[k]!] = 0;
  }
}
