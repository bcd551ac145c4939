/**
 * What a feature-store read returns: one row per requested entity, its features as a
 * `FeatureFrame` with the store's levels (so codes compare with the original frame's), the month
 * each row is as of and its monthly charges. Offline retrieval, batch scoring and online lookups all
 * produce this one shape, so a scorer has one code path.
 */
import type { CategoricalFeature, FeatureFrame, FeatureInfo, NumericFeature } from "../features/frame.js";
import type { PartitionData } from "./partitions.js";
import type { PointInTimeSelection } from "./pointInTime.js";
import { categoricalColumns, numericColumns, type StoreSchema } from "./schema.js";

/** Feature rows read from a store, one per entity row asked for. */
export interface FeatureRows {
  readonly customerIds: readonly string[];
  /** The calendar month each row's features are as of (≤ the entity row's asOf), −1 where the customer has no row at or before asOf. */
  readonly month: Int16Array;
  /** The features of these rows as a FeatureFrame (rowCount = entities), categorical levels exactly as in the manifest / the original frame, so codes are comparable. NaN / code 0 where month = −1. */
  readonly frame: FeatureFrame;
  /** Monthly charges (dollars) per row; NaN where month = −1. */
  readonly monthlyCharges: Float64Array;
}

/** The features of one customer from the online store, in schema order. */
export interface OnlineFeatures {
  /** Numeric features in schema order (NaN where undefined). */
  readonly numeric: Float64Array;
  /** Categorical codes in schema order, indexing the schema's levels. */
  readonly codes: Uint8Array;
  /** Monthly charges (dollars). */
  readonly monthlyCharges: number;
}

/** An online-store answer for one customer: the latest features, the month they are as of, and how old they are. */
export interface OnlineLookup {
  readonly customerId: string;
  readonly features: OnlineFeatures;
  /** The calendar month the features are as of. */
  readonly asOfMonth: number;
  /** Months between the caller's current month and `asOfMonth` (≥ 0). */
  readonly ageMonths: number;
  /** True when `ageMonths` exceeds the store's allowed feature age (`store.maxFeatureAgeMonths`). */
  readonly stale: boolean;
}

/** The frame of `schema` over `rowCount` rows from per-feature arrays (schema order). */
function frameOf(schema: StoreSchema, rowCount: number, numeric: readonly Float64Array[], codes: readonly Uint8Array[]): FeatureFrame {
  const info = new Map<string, FeatureInfo>(schema.features.map((f) => [f.name, f]));
  const num: NumericFeature[] = numericColumns(schema).map((c, k) => ({ info: info.get(c.name)!, values: numeric[k]! }));
  const cat: CategoricalFeature[] = categoricalColumns(schema).map((c, k) => ({ info: info.get(c.name)!, levels: c.levels!, codes: codes[k]! }));
  return { rowCount, numeric: num, categorical: cat };
}

/**
 * The feature rows of a point-in-time selection: entity row i takes row `selection.row[i]` of
 * partition `partitions[selection.partition[i]]`; rows with partition −1 get NaN, code 0 and NaN
 * charges. Every partition a row selects must be present (RangeError otherwise); the others may be
 * undefined (never read). O(entities × features).
 */
export function assembleFeatureRows(schema: StoreSchema, customerIds: readonly string[], selection: PointInTimeSelection, partitions: readonly (PartitionData | undefined)[]): FeatureRows {
  const n = customerIds.length;
  const { partition, row } = selection;
  for (let i = 0; i < n; i++) {
    if (partition[i]! >= 0 && partitions[partition[i]!] === undefined) throw new RangeError(`assembleFeatureRows: entity row ${i} selects partition ${partition[i]}, which was not read`);
  }
  const take = <T extends Float64Array | Uint8Array>(out: T, column: (d: PartitionData) => T): T => {
    const columns = partitions.map((d) => (d === undefined ? undefined : column(d)));
    for (let i = 0; i < n; i++) if (partition[i]! >= 0) out[i] = columns[partition[i]!]![row[i]!]!;
    return out;
  };
  const numeric = numericColumns(schema).map((_, k) => take(new Float64Array(n).fill(NaN), (d) => d.numeric[k]!));
  const codes = categoricalColumns(schema).map((_, k) => take(new Uint8Array(n), (d) => d.codes[k]!));
  return {
    customerIds: [...customerIds],
    month: Int16Array.from(selection.month),
    frame: frameOf(schema, n, numeric, codes),
    monthlyCharges: take(new Float64Array(n).fill(NaN), (d) => d.monthlyCharges),
  };
}

/** The feature rows of a whole partition (every customer active in its month), sharing its arrays. */
export function partitionFeatureRows(schema: StoreSchema, data: PartitionData): FeatureRows {
  const n = data.customerIds.length;
  return {
    customerIds: data.customerIds,
    month: new Int16Array(n).fill(data.month),
    frame: frameOf(schema, n, data.numeric, data.codes),
    monthlyCharges: data.monthlyCharges,
  };
}

/**
 * Online lookups as {@link FeatureRows} (one row per lookup, in order, month = its `asOfMonth`), so
 * a scorer reads online and offline features through one code path. `schema` is the store's
 * (`OnlineStore.schema` or the manifest's). Throws on no lookups or a lookup whose feature counts
 * do not match the schema.
 */
export function toFeatureRows(lookups: readonly OnlineLookup[], schema: StoreSchema): FeatureRows {
  const n = lookups.length;
  if (n === 0) throw new RangeError("toFeatureRows: no lookups");
  const nNum = numericColumns(schema).length;
  const nCat = categoricalColumns(schema).length;
  const numeric = Array.from({ length: nNum }, () => new Float64Array(n));
  const codes = Array.from({ length: nCat }, () => new Uint8Array(n));
  const month = new Int16Array(n);
  const monthlyCharges = new Float64Array(n);
  lookups.forEach((l, i) => {
    const f = l.features;
    if (f.numeric.length !== nNum || f.codes.length !== nCat) throw new RangeError(`toFeatureRows: lookup ${i} (${JSON.stringify(l.customerId)}) has ${f.numeric.length} numeric and ${f.codes.length} categorical features, the schema ${nNum} and ${nCat}`);
    for (let k = 0; k < nNum; k++) numeric[k]![i] = f.numeric[k]!;
    for (let k = 0; k < nCat; k++) codes[k]![i] = f.codes[k]!;
    month[i] = l.asOfMonth;
    monthlyCharges[i] = f.monthlyCharges;
  });
  return { customerIds: lookups.map((l) => l.customerId), month, frame: frameOf(schema, n, numeric, codes), monthlyCharges };
}
