/**
 * The feature store's schema and manifest: which columns a partition holds, the feature
 * definitions, the as-of month range, and each partition file with its row count and SHA-256.
 * Pure: building the schema from a frame and validating a parsed manifest; the files are read and
 * written in `src/io/offlineStore.ts`.
 */
import { describeValue, formatPath, int, list, obj, oneOf, refine, SchemaViolation, str, type Spec } from "../config/schema.js";
import type { FeatureFrame, FeatureInfo } from "../features/frame.js";
import { featureCatalogue } from "../features/frame.js";

/** Version of the store layout and manifest; a reader refuses any other. */
export const STORE_FORMAT = 1;

/** The entity key column: the customer id (Parquet STRING). */
export const KEY_COLUMN = "customer_id";
/** The time column: the calendar month the row's features are as of (Parquet INT32). */
export const MONTH_COLUMN = "month";
/** The monthly charges at the row (dollars, Parquet DOUBLE), the CLV input read by `monthlyChargesAt`. */
export const CHARGES_COLUMN = "monthly_charges";

/** The largest calendar month a store holds: partition folders have four digits (`month=9999`). */
export const MAX_STORE_MONTH = 9999;

/** Most levels a categorical feature may have: frame codes are `Uint8Array`. */
const MAX_LEVELS = 256;

/** What a column holds: the key, the month, a numeric or categorical feature, or the monthly charges. */
export type StoreColumnRole = "key" | "time" | "numeric" | "categorical" | "charges";

/** One column of every partition file, in file order. */
export interface StoreColumn {
  readonly name: string;
  /** Parquet type: STRING (UTF-8 byte array), INT32 or DOUBLE (IEEE 754 float64, bit-exact). */
  readonly type: "STRING" | "INT32" | "DOUBLE";
  readonly role: StoreColumnRole;
  /** A categorical feature's levels in frame order (frame code k is level k); null for other columns. */
  readonly levels: readonly string[] | null;
}

/** The columns of a store (key, month, numeric features, categorical features, charges) and the feature definitions. */
export interface StoreSchema {
  readonly columns: readonly StoreColumn[];
  /** The frame's feature catalogue (`featureCatalogue`), in frame order: numeric first, then categorical. */
  readonly features: readonly FeatureInfo[];
}

/** One partition: the rows of the customers active at the end of one calendar month. */
export interface StorePartition {
  readonly month: number;
  /** Path relative to the store folder, always {@link partitionFile}(month). */
  readonly file: string;
  readonly rows: number;
  /** SHA-256 (hex) of the partition file's bytes. */
  readonly sha256: string;
}

/** The content of `manifest.json`. */
export interface StoreManifest {
  readonly format: typeof STORE_FORMAT;
  /** Identity of the data the store was built from, as the caller hashed it (source, seed, feature config). */
  readonly source: string;
  /** First and last calendar month with a partition. */
  readonly asOf: { readonly first: number; readonly last: number };
  readonly schema: StoreSchema;
  /** One entry per month that has active customers, months strictly ascending. */
  readonly partitions: readonly StorePartition[];
}

/** The folder of a month's partition, Hive style: `month=0042`. Throws outside 0 ..{@link MAX_STORE_MONTH}. */
export function partitionFolder(month: number): string {
  if (!Number.isInteger(month) || month < 0 || month > MAX_STORE_MONTH) throw new RangeError(`partitionFolder: a month is an integer in [0, ${MAX_STORE_MONTH}], got ${month}`);
  return `${MONTH_COLUMN}=${String(month).padStart(4, "0")}`;
}

/** The single data file of a month's partition, relative to the store folder: `month=0042/part-0.parquet`. */
export function partitionFile(month: number): string {
  return `${partitionFolder(month)}/part-0.parquet`;
}

/** The columns with a numeric feature, in frame order. */
export function numericColumns(schema: StoreSchema): StoreColumn[] {
  return schema.columns.filter((c) => c.role === "numeric");
}

/** The columns with a categorical feature, in frame order. */
export function categoricalColumns(schema: StoreSchema): StoreColumn[] {
  return schema.columns.filter((c) => c.role === "categorical");
}

const RESERVED = new Set([KEY_COLUMN, MONTH_COLUMN, CHARGES_COLUMN, "as_of_month"]);

/**
 * The store schema of a frame: `customer_id`, `month`, every numeric feature (DOUBLE), every
 * categorical feature (STRING, with its levels in frame order), `monthly_charges`, and the frame's
 * catalogue. Throws a RangeError when a feature is named like a fixed column (`customer_id`,
 * `month`, `monthly_charges`, `as_of_month`) or when two names differ only in case (the online
 * store's SQLite columns are case-insensitive).
 */
export function storeSchema(frame: FeatureFrame): StoreSchema {
  const columns: StoreColumn[] = [
    { name: KEY_COLUMN, type: "STRING", role: "key", levels: null },
    { name: MONTH_COLUMN, type: "INT32", role: "time", levels: null },
    ...frame.numeric.map((f): StoreColumn => ({ name: f.info.name, type: "DOUBLE", role: "numeric", levels: null })),
    ...frame.categorical.map((f): StoreColumn => ({ name: f.info.name, type: "STRING", role: "categorical", levels: [...f.levels] })),
    { name: CHARGES_COLUMN, type: "DOUBLE", role: "charges", levels: null },
  ];
  const seen = new Map<string, string>();
  for (const c of columns) {
    const folded = c.name.toLowerCase();
    if (RESERVED.has(folded) && (c.role === "numeric" || c.role === "categorical")) throw new RangeError(`storeSchema: a feature may not be named ${JSON.stringify(c.name)}, a fixed column of the store`);
    const before = seen.get(folded);
    if (before !== undefined) throw new RangeError(`storeSchema: feature ${JSON.stringify(c.name)} clashes with column ${JSON.stringify(before)} (names are compared without case)`);
    seen.set(folded, c.name);
  }
  return { columns, features: featureCatalogue(frame) };
}

// ---- manifest validation -------------------------------------------------------------------

/** A string, possibly empty (levels and descriptions). */
const text: Spec<string> = {
  expected: "a string",
  check(value, path) {
    if (typeof value !== "string") throw new SchemaViolation(path, "a string", describeValue(value));
    return value;
  },
};

/** `spec` or null. */
function orNull<T>(spec: Spec<T>): Spec<T | null> {
  return {
    expected: `${spec.expected} or null`,
    check: (value, path) => (value === null ? null : spec.check(value, path)),
  };
}

const month = int({ min: 0, max: MAX_STORE_MONTH });

const columnSpec = refine(
  obj({
    name: str(),
    type: oneOf(["STRING", "INT32", "DOUBLE"] as const),
    role: oneOf(["key", "time", "numeric", "categorical", "charges"] as const),
    levels: orNull(list(text, { minLength: 1 })),
  }),
  (c) => {
    const type = { key: "STRING", time: "INT32", numeric: "DOUBLE", categorical: "STRING", charges: "DOUBLE" }[c.role];
    if (c.type !== type) return { path: ["type"], expected: `"${type}" for a ${c.role} column`, got: JSON.stringify(c.type) };
    if ((c.role === "categorical") !== (c.levels !== null)) return { path: ["levels"], expected: c.role === "categorical" ? "the list of levels" : "null", got: c.levels === null ? "null" : `a list of ${c.levels.length}` };
    if (c.levels !== null && (c.levels.length > MAX_LEVELS || new Set(c.levels).size !== c.levels.length)) {
      return { path: ["levels"], expected: `at most ${MAX_LEVELS} distinct levels`, got: `${c.levels.length} levels, ${new Set(c.levels).size} distinct` };
    }
    return undefined;
  },
);

const featureSpec = obj({
  name: str(),
  group: oneOf(["attribute", "signal", "derived", "rolling"] as const),
  kind: oneOf(["numeric", "categorical"] as const),
  description: text,
  window: orNull(int({ min: 0 })),
  source: text,
});

const partitionSpec = obj({
  month,
  file: str(),
  rows: int({ min: 1 }),
  sha256: refine(str(), (h) => (/^[0-9a-f]{64}$/.test(h) ? undefined : { path: [], expected: "64 lowercase hex digits", got: JSON.stringify(h) })),
});

/** The expected role sequence: key, time, numeric…, categorical…, charges. */
function columnOrderProblem(columns: readonly StoreColumn[]): { path: (string | number)[]; expected: string; got: string } | undefined {
  const n = columns.length;
  for (let i = 0; i < n; i++) {
    const c = columns[i]!;
    const prev = i === 0 ? null : columns[i - 1]!.role;
    const ok =
      i === 0 ? c.role === "key" && c.name === KEY_COLUMN
      : i === n - 1 ? c.role === "charges" && c.name === CHARGES_COLUMN
      : i === 1 ? c.role === "time" && c.name === MONTH_COLUMN
      : c.role === "numeric" ? prev === "time" || prev === "numeric"
      : c.role === "categorical";
    if (!ok) return { path: ["columns", i], expected: `the column order ${KEY_COLUMN}, ${MONTH_COLUMN}, numeric features, categorical features, ${CHARGES_COLUMN}`, got: `${c.role} column ${JSON.stringify(c.name)}` };
  }
  return undefined;
}

const schemaSpec = refine(obj({ columns: list(columnSpec, { minLength: 3 }), features: list(featureSpec) }), (s) => {
  const problem = columnOrderProblem(s.columns);
  if (problem) return problem;
  const names = s.columns.map((c) => c.name.toLowerCase());
  const repeated = names.findIndex((name, i) => names.indexOf(name) !== i);
  if (repeated >= 0) return { path: ["columns", repeated, "name"], expected: "a name no other column has (compared without case)", got: JSON.stringify(s.columns[repeated]!.name) };
  const featureColumns = s.columns.slice(2, -1);
  if (s.features.length !== featureColumns.length) return { path: ["features"], expected: `one definition per feature column (${featureColumns.length})`, got: `a list of ${s.features.length}` };
  for (let i = 0; i < featureColumns.length; i++) {
    const c = featureColumns[i]!;
    const f = s.features[i]!;
    if (f.name !== c.name || f.kind !== c.role) return { path: ["features", i], expected: `the ${c.role} feature ${JSON.stringify(c.name)} (columns and features in the same order)`, got: `the ${f.kind} feature ${JSON.stringify(f.name)}` };
  }
  return undefined;
});

const manifestSpec = refine(
  obj({
    format: int(),
    source: str(),
    asOf: obj({ first: month, last: month }),
    schema: schemaSpec,
    partitions: list(partitionSpec, { minLength: 1 }),
  }),
  (m) => {
    if (m.format !== STORE_FORMAT) return { path: ["format"], expected: `store format ${STORE_FORMAT}`, got: String(m.format) };
    const ps = m.partitions;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i]!;
      if (i > 0 && p.month <= ps[i - 1]!.month) return { path: ["partitions", i, "month"], expected: `a month after ${ps[i - 1]!.month} (partitions strictly ascending)`, got: String(p.month) };
      if (p.file !== partitionFile(p.month)) return { path: ["partitions", i, "file"], expected: JSON.stringify(partitionFile(p.month)), got: JSON.stringify(p.file) };
    }
    if (m.asOf.first !== ps[0]!.month || m.asOf.last !== ps[ps.length - 1]!.month) {
      return { path: ["asOf"], expected: `the first and last partition months (${ps[0]!.month}, ${ps[ps.length - 1]!.month})`, got: `${m.asOf.first}, ${m.asOf.last}` };
    }
    return undefined;
  },
);

/** A failed manifest check: the key path (`partitions[3].sha256`), what was expected and what was found. */
export interface ManifestProblem {
  readonly key: string;
  readonly expected: string;
  readonly got: string;
}

/** Runs a spec, turning its violation into a {@link ManifestProblem}. */
function runCheck<T>(spec: Spec<T>, value: unknown): T | ManifestProblem {
  try {
    return spec.check(value, []);
  } catch (err) {
    if (err instanceof SchemaViolation) return { key: formatPath(err.path), expected: err.expected, got: err.got };
    throw err;
  }
}

/**
 * Checks a parsed `manifest.json` and returns it typed, or the first problem: the key path, what
 * was expected and what was found. Checks the format version, the column order and types, that
 * the feature definitions match the feature columns, the levels (≤ 256, distinct), that partitions
 * are strictly ascending with the canonical file names (so a manifest cannot point outside the
 * store) and that `asOf` spans them.
 */
export function checkManifest(value: unknown): StoreManifest | ManifestProblem {
  return runCheck(manifestSpec, value) as StoreManifest | ManifestProblem;
}

/** Checks a parsed store schema (the manifest's `schema`, as the online store keeps it) like {@link checkManifest} does. */
export function checkStoreSchema(value: unknown): StoreSchema | ManifestProblem {
  return runCheck(schemaSpec, value);
}
