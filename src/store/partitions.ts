/**
 * Which rows go into which partition of the offline store, and the values of one partition: the
 * month rows of a history grouped by calendar month (Hive-style `month=NNNN` partitions, as Feast
 * and Spark lay out an offline store), each gathered from the feature frame.
 */
import type { ChurnHistory } from "../data/history.js";
import { monthlyChargesAt } from "../decision/inputs.js";
import type { FeatureFrame } from "../features/frame.js";

/** The history rows of one calendar month: the customers active at its end, in customer order. */
export interface MonthRows {
  readonly month: number;
  /** History month-row indices, ascending. */
  readonly rows: Uint32Array;
}

/**
 * One partition's columns, decoded: what a partition file holds, with categorical features as
 * codes into the schema's levels. Row i is customer `customerIds[i]` as of `month`.
 */
export interface PartitionData {
  readonly month: number;
  readonly customerIds: readonly string[];
  /** One array per numeric feature, in schema order; NaN where the feature is undefined. */
  readonly numeric: readonly Float64Array[];
  /** One array per categorical feature, in schema order: codes into that column's levels. */
  readonly codes: readonly Uint8Array[];
  /** Monthly charges (dollars) per row. */
  readonly monthlyCharges: Float64Array;
}

/**
 * The month rows of `history` grouped by calendar month, months ascending, months without an
 * active customer left out. Within a month the rows keep history order, which is customer order
 * (the history is customer-major). A counting sort: O(rows + periods).
 */
export function monthPartitions(history: ChurnHistory): MonthRows[] {
  const { period, count } = history.months;
  const counts = new Uint32Array(history.periods);
  for (let r = 0; r < count; r++) {
    const t = period[r]!;
    if (t < 0 || t >= history.periods) throw new RangeError(`monthPartitions: row ${r} has month ${t}, outside 0..${history.periods - 1}`);
    counts[t]!++;
  }
  const parts: Uint32Array[] = Array.from(counts, (n) => new Uint32Array(n));
  const fill = new Uint32Array(history.periods);
  for (let r = 0; r < count; r++) {
    const t = period[r]!;
    parts[t]![fill[t]!++] = r;
  }
  const out: MonthRows[] = [];
  parts.forEach((rows, month) => {
    if (rows.length > 0) out.push({ month, rows });
  });
  return out;
}

/**
 * Every partition's columns (months as in {@link monthPartitions}): ids, every numeric feature,
 * every categorical feature's codes (frame order) and the monthly charges (`monthlyChargesAt`).
 * Scatters each frame column once in row order into its months' arrays (sequential reads: about 4×
 * faster than gathering month by month from the customer-major frame), so it holds one more copy
 * of the frame at its peak. Throws when the frame does not have one row per history month row.
 */
export function storePartitions(history: ChurnHistory, frame: FeatureFrame): PartitionData[] {
  const n = history.months.count;
  if (frame.rowCount !== n) throw new RangeError(`storePartitions: the frame has ${frame.rowCount} rows, the history ${n} month rows`);
  const parts = monthPartitions(history);
  const slot = new Int32Array(history.periods).fill(-1);
  parts.forEach((p, k) => (slot[p.month] = k));
  const period = history.months.period;
  const pos = new Uint32Array(n);
  const fill = new Uint32Array(parts.length);
  for (let r = 0; r < n; r++) pos[r] = fill[slot[period[r]!]!]!++;
  const scatter = <T extends Float64Array | Uint8Array>(values: T, make: (size: number) => T): T[] => {
    const outs = parts.map((p) => make(p.rows.length));
    for (let r = 0; r < n; r++) outs[slot[period[r]!]!]![pos[r]!] = values[r]!;
    return outs;
  };
  const numeric = frame.numeric.map((f) => scatter(f.values, (k) => new Float64Array(k)));
  const codes = frame.categorical.map((f) => scatter(f.codes, (k) => new Uint8Array(k)));
  const charges = scatter(monthlyChargesAt(history, Uint32Array.from({ length: n }, (_, r) => r)), (k) => new Float64Array(k));
  const { ids } = history.customers;
  const customer = history.months.customer;
  return parts.map((p, k) => ({
    month: p.month,
    customerIds: Array.from(p.rows, (r) => ids[customer[r]!]!),
    numeric: numeric.map((columns) => columns[k]!),
    codes: codes.map((columns) => columns[k]!),
    monthlyCharges: charges[k]!,
  }));
}
