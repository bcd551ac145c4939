/** A JSON-ready per-fold summary of any splitter's folds, for notebooks and the report. */
import { NO_MONTHS, type Fold } from "./fold.js";

/** One row of {@link foldTable}. Month ranges are inclusive calendar months; `null` when unknown. */
export interface FoldRow {
  readonly index: number;
  /** First and last calendar month of the training rows. */
  readonly trainMonths: readonly [number, number] | null;
  /** The fold's test window (time splits) or the first and last month of its test rows. */
  readonly testMonths: readonly [number, number] | null;
  readonly trainRows: number;
  readonly trainPositives: number;
  /** trainPositives / trainRows, `null` for an empty side. */
  readonly trainPositiveRate: number | null;
  readonly testRows: number;
  readonly testPositives: number;
  /** testPositives / testRows, `null` for an empty side. */
  readonly testPositiveRate: number | null;
  /** Training rows dropped because their customer is in the test set. */
  readonly droppedForCustomer: number;
}

const FN = "foldTable";

/**
 * Summarises folds: per fold its index, train and test months, row and positive counts, positive
 * rates and dropped rows. `label` is the 0/1 label per row (offender quoted otherwise). A fold's own
 * month ranges are used when it has them; for folds from splitters that ignore time
 * ({@link NO_MONTHS}) the observed first and last month of each side is read from `period` when
 * given, else reported as `null`. Throws on no folds or an index outside `label`/`period`.
 * O(total fold size).
 */
export function foldTable(folds: readonly Fold[], label: Uint8Array, period?: Int16Array): FoldRow[] {
  if (folds.length === 0) throw new RangeError(`${FN}: folds is empty`);
  return folds.map((fold) => {
    const train = sideStats(fold, "train", label, period);
    const test = sideStats(fold, "test", label, period);
    return {
      index: fold.index,
      trainMonths: fold.trainMonths[0] === NO_MONTHS[0] ? train.months : [fold.trainMonths[0], fold.trainMonths[1]],
      testMonths: fold.testMonths[0] === NO_MONTHS[0] ? test.months : [fold.testMonths[0], fold.testMonths[1]],
      trainRows: fold.train.length,
      trainPositives: train.positives,
      trainPositiveRate: fold.train.length === 0 ? null : train.positives / fold.train.length,
      testRows: fold.test.length,
      testPositives: test.positives,
      testPositiveRate: fold.test.length === 0 ? null : test.positives / fold.test.length,
      droppedForCustomer: fold.droppedForCustomer,
    };
  });
}

function sideStats(
  fold: Fold,
  side: "train" | "test",
  label: Uint8Array,
  period: Int16Array | undefined,
): { positives: number; months: [number, number] | null } {
  const idx = fold[side];
  let positives = 0;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i]!;
    if (r >= label.length) throw new RangeError(`${FN}: fold ${fold.index} ${side}[${i}] = ${r} is out of range for label of length ${label.length}`);
    const v = label[r]!;
    if (v > 1) throw new RangeError(`${FN}: label[${r}] = ${v} is not 0 or 1`);
    positives += v;
    if (period !== undefined) {
      if (r >= period.length) throw new RangeError(`${FN}: fold ${fold.index} ${side}[${i}] = ${r} is out of range for period of length ${period.length}`);
      const t = period[r]!;
      if (t < first) first = t;
      if (t > last) last = t;
    }
  }
  return { positives, months: period === undefined || idx.length === 0 ? null : [first, last] };
}
