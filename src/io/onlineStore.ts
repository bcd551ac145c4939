/**
 * The online feature store: one SQLite file (better-sqlite3) holding the latest feature vector of
 * every customer active at the materialized month, for low-latency lookups by customer id, as
 * Feast's `materialize` fills its online store from the offline one. Unlike Feast, every read says
 * how old its features are and whether they are stale.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { featureAge } from "../store/staleness.js";
import type { OnlineLookup } from "../store/featureRows.js";
import { categoricalColumns, checkStoreSchema, numericColumns, type StoreColumn, type StoreSchema } from "../store/schema.js";
import { InputError, quoteValue } from "../util/errors.js";
import { readManifestWithHash, readMonth } from "./offlineStore.js";
import { writeOutputFile } from "./outputDir.js";
import { assertReplaceableOutput } from "./safeTarget.js";

/** The writer named in the online store's marker. */
export const ONLINE_STORE_WRITER = "materialize --online";

/** Version of the online store's tables; a reader refuses any other. */
export const ONLINE_STORE_FORMAT = 1;

/** The column holding the month each customer's features are as of. */
const AS_OF_COLUMN = "as_of_month";

/** What {@link materializeOnlineStore} wrote. */
export interface OnlineStoreSummary {
  readonly file: string;
  /** The month materialized: the store's current month. */
  readonly currentMonth: number;
  /** Customers in the store. */
  readonly count: number;
  /** SHA-256 of the offline manifest it was materialized from. */
  readonly manifestSha256: string;
  /** Size of the SQLite file in bytes. */
  readonly bytes: number;
}

/** A quoted SQLite identifier. */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The features table's columns in order: key, as-of month, numeric (REAL), categorical (TEXT), charges (REAL). */
function tableColumns(schema: StoreSchema): { name: string; sql: string }[] {
  const charges = schema.columns[schema.columns.length - 1]!;
  return [
    { name: schema.columns[0]!.name, sql: "TEXT PRIMARY KEY" },
    { name: AS_OF_COLUMN, sql: "INTEGER NOT NULL" },
    ...numericColumns(schema).map((c) => ({ name: c.name, sql: "REAL" })),
    ...categoricalColumns(schema).map((c) => ({ name: c.name, sql: "TEXT NOT NULL" })),
    { name: charges.name, sql: "REAL" },
  ];
}

/**
 * Materializes the online store `file` from the offline store in `offlineDir` (Feast's
 * `materialize`): one row per customer active at calendar month `asOf` (default: the manifest's
 * last month) with its feature vector as of that month, `as_of_month`, one REAL column per numeric
 * feature (SQLite stores NaN as NULL; lookups map it back), one TEXT column per categorical feature
 * (the level), `monthly_charges`; and a `meta` table (format, current month, the manifest's
 * SHA-256 and source, the schema, the time of materialization). Built in memory and written with
 * `writeOutputFile` (temporary file, then rename, after `assertReplaceableOutput`), so a failure
 * leaves the previous file byte-identical. Throws an `InputError` for a bad offline store or
 * target, a RangeError when the store has no partition for `asOf`.
 */
export async function materializeOnlineStore(offlineDir: string, file: string, options: { readonly asOf?: number } = {}): Promise<OnlineStoreSummary> {
  assertReplaceableOutput(file, { kind: "file" });
  const { manifest, sha256 } = readManifestWithHash(offlineDir);
  const month = options.asOf ?? manifest.asOf.last;
  const rows = await readMonth(offlineDir, month);
  const { schema } = manifest;
  const columns = tableColumns(schema);
  const db = new Database(":memory:");
  try {
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`);
    db.exec(`CREATE TABLE features (${columns.map((c) => `${ident(c.name)} ${c.sql}`).join(", ")}) WITHOUT ROWID`);
    const insert = db.prepare(`INSERT INTO features VALUES (${columns.map(() => "?").join(", ")})`);
    const { numeric, categorical } = rows.frame;
    const values: unknown[] = new Array<unknown>(columns.length);
    db.transaction(() => {
      for (let i = 0; i < rows.customerIds.length; i++) {
        let k = 0;
        values[k++] = rows.customerIds[i];
        values[k++] = rows.month[i];
        for (const f of numeric) values[k++] = f.values[i];
        for (const f of categorical) values[k++] = f.levels[f.codes[i]!];
        values[k++] = rows.monthlyCharges[i];
        insert.run(values);
      }
      const meta = db.prepare("INSERT INTO meta VALUES (?, ?)");
      const entries: Record<string, string> = {
        format: String(ONLINE_STORE_FORMAT),
        current_month: String(month),
        manifest_sha256: sha256,
        source: manifest.source,
        materialized_at: new Date().toISOString(),
        schema: JSON.stringify(schema),
      };
      for (const [key, value] of Object.entries(entries)) meta.run(key, value);
    })();
    const bytes = db.serialize();
    writeOutputFile(file, bytes, { writer: ONLINE_STORE_WRITER });
    return { file: resolve(file), currentMonth: month, count: rows.customerIds.length, manifestSha256: sha256, bytes: bytes.length };
  } finally {
    db.close();
  }
}

/** Options of {@link openOnlineStore}. */
export interface OnlineStoreOptions {
  /** A lookup older than this many months (currentMonth − as-of month) is stale (`store.maxFeatureAgeMonths`). */
  readonly maxFeatureAgeMonths: number;
  /** The caller's current calendar month; default the store's own (the month it was materialized at). */
  readonly currentMonth?: number;
}

/** An open online store. */
export interface OnlineStore {
  readonly file: string;
  /** The store's schema and feature definitions (as in the offline manifest), for `toFeatureRows`. */
  readonly schema: StoreSchema;
  /** The month the store was materialized at. */
  readonly storeMonth: number;
  /** The month ages are measured from: the caller's, or {@link storeMonth}. */
  readonly currentMonth: number;
  /** Customers in the store. */
  readonly count: number;
  /** SHA-256 of the offline manifest the store was materialized from. */
  readonly manifestSha256: string;
  /** The customer's latest features with their age and staleness, or null for an unknown id. One primary-key read. */
  lookup(customerId: string): OnlineLookup | null;
  /** Closes the database; lookups after it throw. */
  close(): void;
}

function metaValue(file: string, meta: Map<string, string>, key: string): string {
  const value = meta.get(key);
  if (value === undefined) throw new InputError({ file, key: `meta.${key}` }, "a value (the file is not a complete online store: rerun npm run materialize)", "no such key");
  return value;
}

function metaMonth(file: string, meta: Map<string, string>, key: string): number {
  const text = metaValue(file, meta, key);
  if (!/^\d+$/.test(text)) throw new InputError({ file, key: `meta.${key}` }, "a whole number", quoteValue(text));
  return Number(text);
}

/**
 * Opens the online store `file` read-only and prepares its one lookup statement. `lookup(id)`
 * returns the customer's features (numeric, NULL read back as NaN; categorical as codes into the
 * schema's levels; monthly charges), `asOfMonth`, `ageMonths` = currentMonth − asOfMonth and
 * `stale` = ageMonths > maxFeatureAgeMonths (`featureAge`), or null for an id not in the store.
 * SQLite REAL keeps every finite double and ±Infinity exactly but reads −0 back as +0, and every
 * NaN comes back as the canonical NaN: equal for any comparison or arithmetic a model does.
 * Throws an `InputError` naming the file when it is missing or not an online store of this
 * format, a RangeError when `currentMonth` is before the store's month (its features would be
 * from the caller's future) or the options are not whole numbers.
 */
export function openOnlineStore(file: string, options: OnlineStoreOptions): OnlineStore {
  const path = resolve(file);
  if (!existsSync(path)) throw new InputError({ file: path }, "an online feature store (npm run materialize)", "no such file");
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new InputError({ file: path }, "an online feature store (npm run materialize)", quoteValue((err as Error).message));
  }
  try {
    let meta: Map<string, string>;
    try {
      meta = new Map((db.prepare("SELECT key, value FROM meta").raw(true).all() as [string, string][]).map(([k, v]) => [k, v]));
    } catch (err) {
      throw new InputError({ file: path, key: "meta" }, "an online feature store (npm run materialize)", quoteValue((err as Error).message));
    }
    const format = metaValue(path, meta, "format");
    if (format !== String(ONLINE_STORE_FORMAT)) throw new InputError({ file: path, key: "meta.format" }, `online store format ${ONLINE_STORE_FORMAT}`, quoteValue(format));
    let parsed: unknown;
    try {
      parsed = JSON.parse(metaValue(path, meta, "schema"));
    } catch (err) {
      throw new InputError({ file: path, key: "meta.schema" }, "the store schema as JSON", `invalid JSON (${(err as Error).message})`);
    }
    const schema = checkStoreSchema(parsed);
    if ("key" in schema) throw new InputError({ file: path, key: `meta.schema.${schema.key}` }, schema.expected, schema.got);
    const expected = tableColumns(schema).map((c) => c.name);
    const found = (db.prepare("SELECT name FROM pragma_table_info('features') ORDER BY cid").pluck(true).all() as string[]);
    if (found.join("\u0000") !== expected.join("\u0000")) throw new InputError({ file: path, key: "features" }, `the ${expected.length} columns of meta.schema`, `${found.length} columns (${found.slice(0, 3).join(", ")}${found.length > 3 ? ", ..." : ""})`);
    const storeMonth = metaMonth(path, meta, "current_month");
    const currentMonth = options.currentMonth ?? storeMonth;
    featureAge(currentMonth, storeMonth, options.maxFeatureAgeMonths);
    const count = db.prepare("SELECT count(*) FROM features").pluck(true).get() as number;
    const select = db.prepare(`SELECT * FROM features WHERE ${ident(expected[0]!)} = ?`).raw(true);
    const lookup = lookupFunction(path, schema, select, currentMonth, options.maxFeatureAgeMonths);
    return { file: path, schema, storeMonth, currentMonth, count, manifestSha256: metaValue(path, meta, "manifest_sha256"), lookup, close: () => db.close() };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The lookup of an open store: one prepared primary-key read, NULL → NaN, levels → codes. */
function lookupFunction(file: string, schema: StoreSchema, select: Database.Statement, currentMonth: number, maxFeatureAgeMonths: number): (customerId: string) => OnlineLookup | null {
  const nNum = numericColumns(schema).length;
  const categorical = categoricalColumns(schema);
  const levelCodes = categorical.map((c: StoreColumn) => new Map(c.levels!.map((level, k) => [level, k])));
  return (customerId) => {
    const row = select.get(customerId) as unknown[] | undefined;
    if (row === undefined) return null;
    const numeric = new Float64Array(nNum);
    for (let k = 0; k < nNum; k++) {
      const v = row[2 + k];
      numeric[k] = v === null ? NaN : (v as number);
    }
    const codes = new Uint8Array(categorical.length);
    for (let k = 0; k < categorical.length; k++) {
      const code = levelCodes[k]!.get(row[2 + nNum + k] as string);
      if (code === undefined) throw new InputError({ file, column: categorical[k]!.name }, "one of the levels in meta.schema", quoteValue(String(row[2 + nNum + k])));
      codes[k] = code;
    }
    const charges = row[row.length - 1];
    const asOfMonth = row[1] as number;
    return { customerId, features: { numeric, codes, monthlyCharges: charges === null ? NaN : (charges as number) }, asOfMonth, ...featureAge(currentMonth, asOfMonth, maxFeatureAgeMonths) };
  };
}
