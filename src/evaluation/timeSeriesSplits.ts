/**
 * Expanding-window cross-validation on calendar months, with the label horizon and a gap between
 * training labels and the test window, and the check that refuses a calendar split whose folds
 * would train or test on no positives.
 */
import { ImpossibleSplitError, NO_MONTHS, type Fold } from "./fold.js";
import { checkInteger, checkRows, countPositives, denseIds, formatCount } from "./splitInput.js";

/** Options of {@link timeSeriesSplits}. Every count is in calendar months. */
export interface TimeSeriesSplitOptions {
  /** Label horizon h ≥ 1 (the panel's `horizon`): a row at month t is labelled by months t + 1 .. t + h. */
  readonly horizon: number;
  /** g ≥ 0: every training label window ends in month s − g or earlier, s being the fold's first test month. */
  readonly gap: number;
  /** Number of folds K ≥ 1 (test windows). */
  readonly folds: number;
  /** Length of each test window, ≥ 1. Windows do not overlap. */
  readonly testMonths: number;
  /** Each fold must train on at least this many distinct calendar months (≥ 1). */
  readonly minTrainMonths: number;
  /** Customer per row (row-aligned like `period`, e.g. `history.months.customer`); required by `customersOnOneSide`. */
  readonly customer?: Uint32Array;
  /** Drop the training rows of every customer who has a row in the fold's test window (counted in `droppedForCustomer`). */
  readonly customersOnOneSide?: boolean;
  /** Label per row (0/1, row-aligned). When given, the folds are checked with {@link assertCalendarSplittable}. */
  readonly label?: Uint8Array;
}

const FN = "timeSeriesSplits";

/**
 * Expanding-window splits on calendar month (`period[r]`) of the candidate `rows` (ascending, e.g.
 * `panel.labelled`). Fold k tests the window [s_k, s_k + testMonths − 1]; the last window ends at
 * the last month present in `rows` and earlier windows step back by `testMonths`. Fold k trains on
 * every candidate row at a month t with t + horizon ≤ s_k − gap, so training sets only grow with k.
 *
 * What the gap guarantees: a training row's label window t + 1 .. t + horizon ends in month
 * s_k − gap or earlier, so every training outcome is known by the end of month s_k − gap and a model
 * fitted then has seen all of them. With gap = 0 the model could be fitted at the end of month s_k,
 * the moment the first test rows (features as of the end of s_k) are scored; training label windows
 * (≤ s_k) then never overlap test label windows (≥ s_k + 1). Each month of gap moves the fitting
 * moment one month earlier (deployment delay). In row months: t ≤ s_k − gap − horizon, i.e.
 * training and test rows are at least horizon + gap months apart.
 *
 * Throws a RangeError quoting the values when an option is not an integer in range, when the
 * candidate months cannot hold `folds` windows plus `minTrainMonths` training months (with gap and
 * horizon), when a window holds no row, or when a fold keeps no training row or fewer than
 * `minTrainMonths` distinct training months (after `customersOnOneSide`); with `label`, throws an
 * {@link ImpossibleSplitError} when a fold trains or tests on no positives. Windows are calendar
 * cut-offs, not row counts (unlike scikit-learn's TimeSeriesSplit). O(rows × folds), or
 * O(rows log rows + rows × folds) with `customersOnOneSide`; no per-row allocation.
 */
export function timeSeriesSplits(rows: Uint32Array, period: Int16Array, options: TimeSeriesSplitOptions): Fold[] {
  const { horizon, gap, folds, testMonths, minTrainMonths, customer, label } = options;
  const oneSide = options.customersOnOneSide === true;
  checkInteger(FN, "horizon", horizon, 1);
  checkInteger(FN, "gap", gap, 0);
  checkInteger(FN, "folds", folds, 1);
  checkInteger(FN, "testMonths", testMonths, 1);
  checkInteger(FN, "minTrainMonths", minTrainMonths, 1);
  if (oneSide && customer === undefined) throw new RangeError(`${FN}: customersOnOneSide=true needs the customer per row (options.customer)`);
  const aligned: [string, ArrayLike<number>][] = [["period", period]];
  if (customer !== undefined) aligned.push(["customer", customer]);
  if (label !== undefined) aligned.push(["label", label]);
  checkRows(FN, rows, aligned);

  const n = rows.length;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = period[rows[i]!]!;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const span = last - first + 1;
  const needed = folds * testMonths + minTrainMonths + gap + horizon - 1;
  if (span < needed) {
    throw new RangeError(
      `${FN}: too many folds=${folds} for ${span} candidate months (${first}..${last}) with testMonths=${testMonths}, ` +
        `minTrainMonths=${minTrainMonths}, gap=${gap}, horizon=${horizon}: need at least ${needed} months ` +
        `(folds × testMonths + minTrainMonths + gap + horizon − 1)`,
    );
  }
  const perMonth = new Uint32Array(span);
  for (let i = 0; i < n; i++) perMonth[period[rows[i]!]! - first]++;
  // Stamps (fold + 1) avoid clearing per fold: a month seen in fold k's training set, a customer with a test row in fold k.
  const monthStamp = new Uint32Array(span);
  const cust = oneSide ? denseIds(rows, customer!) : undefined;
  const customerStamp = cust ? new Uint32Array(cust.count) : undefined;

  const out: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const s = last - (folds - k) * testMonths + 1;
    const e = s + testMonths - 1;
    const cutoff = s - gap - horizon;
    const where = `fold ${k} (test months ${s}..${e})`;
    let testCount = 0;
    for (let t = s; t <= e; t++) testCount += perMonth[t - first]!;
    if (testCount === 0) throw new RangeError(`${FN}: ${where} has no test rows: no candidate row falls in months ${s}..${e}`);
    let trainCount = 0;
    for (let t = first; t <= cutoff; t++) trainCount += perMonth[t - first]!;
    const stamp = k + 1;
    let dropped = 0;
    if (cust && customerStamp) {
      for (let i = 0; i < n; i++) {
        const t = period[rows[i]!]!;
        if (t >= s && t <= e) customerStamp[cust.id[i]!] = stamp;
      }
      for (let i = 0; i < n; i++) if (period[rows[i]!]! <= cutoff && customerStamp[cust.id[i]!] === stamp) dropped++;
    }
    const train = new Uint32Array(trainCount - dropped);
    const test = new Uint32Array(testCount);
    let a = 0;
    let b = 0;
    let months = 0;
    let firstTrain = Infinity;
    let lastTrain = -Infinity;
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      const t = period[r]!;
      if (t >= s && t <= e) {
        test[b++] = r;
      } else if (t <= cutoff && !(cust && customerStamp![cust.id[i]!] === stamp)) {
        train[a++] = r;
        if (monthStamp[t - first] !== stamp) {
          monthStamp[t - first] = stamp;
          months++;
          if (t < firstTrain) firstTrain = t;
          if (t > lastTrain) lastTrain = t;
        }
      }
    }
    const rule = `horizon=${horizon}, gap=${gap} allow training months up to ${cutoff}`;
    if (train.length === 0) {
      const why = dropped > 0 ? `all ${formatCount(dropped)} were dropped by customersOnOneSide` : `no candidate row is at months ${first}..${cutoff}`;
      throw new RangeError(`${FN}: ${where} has no training rows (${rule}; ${why})`);
    }
    if (months < minTrainMonths) {
      throw new RangeError(
        `${FN}: ${where} trains on ${months} distinct months (${firstTrain}..${lastTrain}), fewer than minTrainMonths=${minTrainMonths} (${rule})`,
      );
    }
    out.push({ index: k, train, test, trainMonths: [firstTrain, lastTrain], testMonths: [s, e], droppedForCustomer: dropped });
  }
  if (label !== undefined) assertCalendarSplittable(label, period, rows, out);
  return out;
}

/**
 * Refuses calendar-time folds that train or test on no positives, with an
 * {@link ImpossibleSplitError} that says where the positives of the candidate `rows` sit and what
 * to use instead, e.g. `time-aware split impossible: all 1,869 positives fall in calendar month 71,
 * so fold 0 (test months 42..47) trains on 0 positives; use groupKFold (by customer) for this source`
 * (the Telco reconstruction puts every positive in month E − h). `label` and `period` are
 * row-aligned; labels must be 0/1 (offender quoted). O(rows + total fold size).
 */
export function assertCalendarSplittable(label: Uint8Array, period: Int16Array, rows: Uint32Array, folds: readonly Fold[]): void {
  const fn = "assertCalendarSplittable";
  checkRows(fn, rows, [["label", label], ["period", period]]);
  if (folds.length === 0) throw new RangeError(`${fn}: folds is empty`);
  const total = countPositives(fn, label, rows);
  if (total === 0) {
    throw new ImpossibleSplitError(
      `time-aware split impossible: the ${formatCount(rows.length)} candidate rows hold no positives; no split can train or evaluate a churn model on them`,
    );
  }
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (label[r] !== 1) continue;
    const t = period[r]!;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  let positiveMonths = 0;
  if (first !== last) {
    const seen = new Uint8Array(last - first + 1);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      if (label[r] === 1 && seen[period[r]! - first] === 0) {
        seen[period[r]! - first] = 1;
        positiveMonths++;
      }
    }
  }
  for (const fold of folds) {
    const trainPositives = positivesIn(fn, label, fold.train, fold.index, "train");
    const testPositives = positivesIn(fn, label, fold.test, fold.index, "test");
    if (trainPositives > 0 && testPositives > 0) continue;
    const where =
      first === last
        ? `all ${formatCount(total)} positives fall in calendar month ${first}`
        : `the ${formatCount(total)} positives fall in ${positiveMonths} calendar months between ${first} and ${last}`;
    const months = fold.testMonths[0] === NO_MONTHS[0] ? "" : ` (test months ${fold.testMonths[0]}..${fold.testMonths[1]})`;
    const side = trainPositives === 0 ? "trains" : "tests";
    const advice =
      first === last
        ? "use groupKFold (by customer) for this source"
        : "use fewer folds or longer test windows, or groupKFold (by customer) for a cross-sectional check";
    throw new ImpossibleSplitError(`time-aware split impossible: ${where}, so fold ${fold.index}${months} ${side} on 0 positives; ${advice}`);
  }
}

function positivesIn(fn: string, label: Uint8Array, idx: Uint32Array, fold: number, side: string): number {
  let positives = 0;
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i]!;
    if (r >= label.length) throw new RangeError(`${fn}: fold ${fold} ${side}[${i}] = ${r} is out of range for label of length ${label.length}`);
    const v = label[r]!;
    if (v > 1) throw new RangeError(`${fn}: label[${r}] = ${v} is not 0 or 1`);
    positives += v;
  }
  return positives;
}
