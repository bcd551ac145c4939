/**
 * The point-in-time rule of the feature store, as Feast's `get_historical_features` defines it:
 * each entity row (customer, as-of month) gets that customer's latest feature row at or before its
 * as-of month, never a later one, and nothing when the customer has no row by then. Pure: it sees
 * only the customer ids of each partition, so the I/O can read ids first and only the partitions
 * (and never the months after the latest as-of) that the answer needs.
 */

/** Entity rows of a point-in-time retrieval: customer `customerIds[i]` as of calendar month `asOf[i]`. */
export interface EntityRows {
  readonly customerIds: readonly string[];
  /** Calendar months (integers); a month before the store's first gives no row. */
  readonly asOf: ArrayLike<number>;
}

/** The keys of one partition as the selection sees them: its month and the customer of each row. */
export interface PartitionKeys {
  readonly month: number;
  readonly customerIds: readonly string[];
}

/** Where each entity row's features are: month, partition index and row within it; −1 everywhere for no row. */
export interface PointInTimeSelection {
  /** The calendar month of the selected row (≤ the entity's as-of), or −1. */
  readonly month: Int16Array;
  /** Index into the partitions passed to {@link selectPointInTime}, or −1. */
  readonly partition: Int32Array;
  /** Row within that partition, or −1. */
  readonly row: Int32Array;
}

/**
 * Checks entity rows and returns the largest as-of month: throws a RangeError quoting the value
 * when there are no rows, the two arrays differ in length, or an as-of month is not an integer in
 * [−32768, 32767] (months are stored as Int16).
 */
export function latestAsOf(entities: EntityRows): number {
  const n = entities.customerIds.length;
  if (n === 0) throw new RangeError("point-in-time: no entity rows");
  if (entities.asOf.length !== n) throw new RangeError(`point-in-time: ${n} customer ids but ${entities.asOf.length} as-of months`);
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = entities.asOf[i]!;
    if (!Number.isInteger(t) || t < -32768 || t > 32767) throw new RangeError(`point-in-time: entity row ${i} (${JSON.stringify(entities.customerIds[i])}) has as-of month ${t}, expected an integer month`);
    if (t > max) max = t;
  }
  return max;
}

/**
 * Selects, for every entity row, its customer's latest partition row with month ≤ the row's as-of
 * month (Feast's point-in-time join, looking back only). `partitions` must be in strictly
 * ascending month order (RangeError otherwise) and hold each customer at most once; a customer in
 * no partition up to its as-of month gets −1. Entity rows may repeat a customer at several months.
 * One sweep over the partitions with the entity rows sorted by as-of month:
 * O(partition rows + E log E), memory O(distinct entity customers).
 */
export function selectPointInTime(partitions: readonly PartitionKeys[], entities: EntityRows): PointInTimeSelection {
  latestAsOf(entities);
  for (let p = 1; p < partitions.length; p++) {
    if (partitions[p]!.month <= partitions[p - 1]!.month) throw new RangeError(`selectPointInTime: partitions must be in ascending month order, got month ${partitions[p]!.month} after ${partitions[p - 1]!.month}`);
  }
  const n = entities.customerIds.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => entities.asOf[a]! - entities.asOf[b]!);
  const wanted = new Set(entities.customerIds);
  /** Customer id → latest (partition, row) seen so far, packed as partition · 2^32 + row. */
  const latest = new Map<string, number>();
  const month = new Int16Array(n).fill(-1);
  const partition = new Int32Array(n).fill(-1);
  const row = new Int32Array(n).fill(-1);
  let next = 0;
  const resolveBefore = (limit: number): void => {
    for (; next < n && entities.asOf[order[next]!]! < limit; next++) {
      const i = order[next]!;
      const at = latest.get(entities.customerIds[i]!);
      if (at === undefined) continue;
      const p = Math.floor(at / 2 ** 32);
      partition[i] = p;
      row[i] = at - p * 2 ** 32;
      month[i] = partitions[p]!.month;
    }
  };
  partitions.forEach((part, p) => {
    resolveBefore(part.month);
    const ids = part.customerIds;
    for (let r = 0; r < ids.length; r++) if (wanted.has(ids[r]!)) latest.set(ids[r]!, p * 2 ** 32 + r);
  });
  resolveBefore(Infinity);
  return { month, partition, row };
}
