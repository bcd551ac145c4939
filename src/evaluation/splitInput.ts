/**
 * Input checks and building blocks shared by the splitters (`timeSeriesSplits`, `groupKFold`,
 * `randomKFold`, `foldTable`). Internal to the evaluation area: not meant for re-export.
 */
import { NO_MONTHS, type Fold } from "./fold.js";
import type { Rng } from "../util/rng.js";

/** Throws unless `value` is an integer ≥ `min`, quoting the key and the value. */
export function checkInteger(fn: string, key: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${fn}: ${key} must be an integer >= ${min}, got ${key}=${value}`);
}

/**
 * Throws unless `rows` is non-empty and strictly ascending and every index is inside each of the
 * row-aligned `arrays` (given as name/array pairs). O(rows).
 */
export function checkRows(fn: string, rows: Uint32Array, arrays: readonly (readonly [string, ArrayLike<number>])[]): void {
  if (rows.length === 0) throw new RangeError(`${fn}: rows is empty; need at least one candidate row`);
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]! <= rows[i - 1]!) {
      throw new RangeError(`${fn}: rows must be strictly ascending, got rows[${i}] = ${rows[i]} after rows[${i - 1}] = ${rows[i - 1]}`);
    }
  }
  const last = rows[rows.length - 1]!;
  for (const [name, array] of arrays) {
    if (last >= array.length) {
      throw new RangeError(`${fn}: rows[${rows.length - 1}] = ${last} is out of range for ${name} of length ${array.length}`);
    }
  }
}

/** Throws on the first candidate row whose label is not 0 or 1 (row and value quoted); returns the positive count. */
export function countPositives(fn: string, label: Uint8Array, rows: Uint32Array): number {
  let positives = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = label[rows[i]!]!;
    if (v > 1) throw new RangeError(`${fn}: label[${rows[i]}] = ${v} is not 0 or 1`);
    positives += v;
  }
  return positives;
}

/** Formats a count with thousands separators ("1,869"), independent of the locale. */
export function formatCount(n: number): string {
  const s = String(Math.abs(Math.trunc(n)));
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ",";
    out += s[i];
  }
  return (n < 0 ? "-" : "") + out;
}

/**
 * Dense ids for the values `key[rows[i]]`: returns, per position i of `rows`, the rank of its value
 * among the distinct values (ascending), and the number of distinct values. O(rows log rows):
 * one typed-array sort and a binary search per row.
 */
export function denseIds(rows: Uint32Array, key: Uint32Array): { readonly id: Uint32Array; readonly count: number } {
  const n = rows.length;
  const values = new Uint32Array(n);
  for (let i = 0; i < n; i++) values[i] = key[rows[i]!]!;
  const sorted = values.slice().sort();
  let count = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[count++] = sorted[i]!;
  const id = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    id[i] = lo;
  }
  return { id, count };
}

/**
 * Assigns `units` items to `folds` folds: the positive units (`positive[u] = 1`, all units when
 * `positive` is undefined) and then the others are each shuffled (Fisher–Yates with `rng`) and dealt
 * round-robin, the deal continuing from one stratum to the next. Each fold thus receives
 * ⌊P/K⌋ or ⌈P/K⌉ positive units, ⌊N/K⌋ or ⌈N/K⌉ other units and ⌊U/K⌋ or ⌈U/K⌉ units in all. O(units).
 */
export function dealUnits(units: number, folds: number, rng: Rng, positive?: Uint8Array): Uint32Array {
  const order = new Uint32Array(units);
  let p = 0;
  if (positive !== undefined) for (let u = 0; u < units; u++) if (positive[u] === 1) order[p++] = u;
  const positiveEnd = p;
  for (let u = 0; u < units; u++) if (positive === undefined || positive[u] !== 1) order[p++] = u;
  shuffleRange(order, 0, positiveEnd, rng);
  shuffleRange(order, positiveEnd, units, rng);
  const fold = new Uint32Array(units);
  for (let i = 0; i < units; i++) fold[order[i]!] = i % folds;
  return fold;
}

function shuffleRange(a: Uint32Array, from: number, to: number, rng: Rng): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + rng.int(i - from + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
}

/**
 * Builds K folds from a test-fold assignment per unit: row `rows[i]` is tested in fold
 * `foldOfUnit[unit[i]]` (`unit` undefined: unit i is position i) and trains in every other fold.
 * Index arrays are ascending because `rows` is. O(rows × folds), which is the output size.
 */
export function foldsFromAssignment(rows: Uint32Array, foldOfUnit: Uint32Array, folds: number, unit?: Uint32Array): Fold[] {
  const n = rows.length;
  const testCount = new Uint32Array(folds);
  for (let i = 0; i < n; i++) testCount[foldOfUnit[unit === undefined ? i : unit[i]!]!]++;
  const out: Fold[] = [];
  for (let k = 0; k < folds; k++) {
    const test = new Uint32Array(testCount[k]!);
    const train = new Uint32Array(n - testCount[k]!);
    let a = 0;
    let b = 0;
    for (let i = 0; i < n; i++) {
      if (foldOfUnit[unit === undefined ? i : unit[i]!] === k) test[a++] = rows[i]!;
      else train[b++] = rows[i]!;
    }
    out.push({ index: k, train, test, trainMonths: NO_MONTHS, testMonths: NO_MONTHS, droppedForCustomer: 0 });
  }
  return out;
}

/** Checks `folds` (integer ≥ 2) and `seed` (integer in [0, 2^32 − 1]) of a shuffled K-fold splitter. */
export function checkKFoldOptions(fn: string, folds: number, seed: number): void {
  checkInteger(fn, "folds", folds, 2);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`${fn}: seed must be an integer in [0, 2^32 - 1], got seed=${seed}`);
}
