/**
 * K-fold cross-validation by group (customer): every row of a group is on the same side of every
 * fold. The cross-sectional check used where calendar-time splits are impossible (the Telco
 * reconstruction).
 */
import { Rng } from "../util/rng.js";
import { ImpossibleSplitError, type Fold, type KFoldOptions } from "./fold.js";
import { checkKFoldOptions, checkRows, countPositives, dealUnits, denseIds, foldsFromAssignment } from "./splitInput.js";

const FN = "groupKFold";

/**
 * Shuffled K-fold over the distinct groups `group[r]` of the candidate `rows` (ascending; `group`
 * row-aligned, e.g. `history.months.customer`): all rows of a group are tested in the same fold and
 * trained on in the others, and every candidate row is tested exactly once. Groups are ordered by
 * id, shuffled with `Rng(seed)` (Fisher–Yates) and dealt round-robin, so each fold gets ⌊G/K⌋ or
 * ⌈G/K⌉ groups (row counts vary with group sizes). With `label`, a group is positive when any of its
 * candidate rows is, and positive and negative groups are dealt in turn, so each fold gets ⌊P/K⌋ or
 * ⌈P/K⌉ positive groups (scikit-learn's StratifiedGroupKFold balances greedily instead). Month
 * fields are {@link NO_MONTHS}. A cross-sectional check, not a forecast backtest: a customer's
 * months stay together, but training still holds other customers' later months.
 *
 * Throws a RangeError on bad input (value quoted) or when K exceeds the number of groups, and an
 * {@link ImpossibleSplitError} when, stratified, either class has fewer than K groups. Same rows,
 * groups, labels and seed give the same folds. O(rows log rows + rows × folds).
 */
export function groupKFold(rows: Uint32Array, group: Uint32Array, options: KFoldOptions): Fold[] {
  const { folds, seed, label } = options;
  checkKFoldOptions(FN, folds, seed);
  const aligned: [string, ArrayLike<number>][] = [["group", group]];
  if (label !== undefined) aligned.push(["label", label]);
  checkRows(FN, rows, aligned);
  const { id, count } = denseIds(rows, group);
  if (folds > count) throw new RangeError(`${FN}: cannot have folds=${folds} greater than the number of groups=${count}`);
  let positive: Uint8Array | undefined;
  if (label !== undefined) {
    countPositives(FN, label, rows);
    positive = new Uint8Array(count);
    for (let i = 0; i < rows.length; i++) if (label[rows[i]!] === 1) positive[id[i]!] = 1;
    let positiveGroups = 0;
    for (let g = 0; g < count; g++) positiveGroups += positive[g]!;
    const fewest = Math.min(positiveGroups, count - positiveGroups);
    if (fewest < folds) {
      const which = positiveGroups < count - positiveGroups ? "positive" : "negative";
      throw new ImpossibleSplitError(
        `${FN}: stratified folds=${folds} need at least ${folds} ${which} groups, got ${fewest} of ${count} groups, so some fold would test on no ${which} group`,
      );
    }
  }
  return foldsFromAssignment(rows, dealUnits(count, folds, new Rng(seed), positive), folds, id);
}
