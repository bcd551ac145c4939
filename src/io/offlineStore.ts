/**
 * The offline feature store on disk: one Parquet file per calendar month
 * (`month=0042/part-0.parquet`, Hive-style partitions as Feast, Spark and DuckDB read them) plus
 * `manifest.json`, written all or nothing; and the reads that serve training (point-in-time
 * retrieval) and batch scoring (one month). Parquet through hyparquet-writer / hyparquet (pure
 * JavaScript); every numeric value is written PLAIN so its 8 bytes come back unchanged (the
 * writer's default dictionary encoding keys doubles by value and folds −0 into 0).
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parquetMetadata, parquetRead, parquetSchema, type ColumnData, type DecodedArray, type FileMetaData } from "hyparquet";
import { parquetWriteBuffer, type ColumnSource } from "hyparquet-writer";
import type { ChurnHistory } from "../data/history.js";
import type { FeatureFrame } from "../features/frame.js";
import { assembleFeatureRows, partitionFeatureRows, type FeatureRows } from "../store/featureRows.js";
import { storePartitions, type PartitionData } from "../store/partitions.js";
import { latestAsOf, selectPointInTime, type EntityRows, type PartitionKeys } from "../store/pointInTime.js";
import {
  categoricalColumns,
  checkManifest,
  KEY_COLUMN,
  MONTH_COLUMN,
  numericColumns,
  partitionFile,
  partitionFolder,
  STORE_FORMAT,
  storeSchema,
  type StoreColumn,
  type StoreManifest,
  type StorePartition,
  type StoreSchema,
} from "../store/schema.js";
import { InputError, quoteValue } from "../util/errors.js";
import { swapFolder, writeOutputDir } from "./outputDir.js";
import { assertReplaceableOutput, OUTPUT_MARKER, outputMarkerText, readOutputMarker, sha256Hex } from "./safeTarget.js";

/** The writer named in the store's `.churn-output.json` markers. */
export const OFFLINE_STORE_WRITER = "materialize --offline";

/** The manifest's file name inside the store folder. */
export const MANIFEST_FILE = "manifest.json";

/** What the caller says about the data a store is built from. */
export interface OfflineStoreMeta {
  /** Identity of the source (a hash of the input, seed and feature config), recorded in the manifest. */
  readonly source: string;
}

const PARTITION_NAME = /^month=\d{4}$/;

/** Null when `dir` is a previous offline store that may be replaced, undefined when it is not a store at all, else why not. */
function storeReplaceReason(dir: string): string | null | undefined {
  let isDir: boolean;
  try {
    isDir = lstatSync(dir).isDirectory();
  } catch {
    return undefined;
  }
  const marker = isDir ? readOutputMarker(dir) : null;
  if (marker === null || marker.writer !== OFFLINE_STORE_WRITER) return undefined;
  if (realpathSync(dir) === realpathSync(process.cwd())) return "the working folder, which is never replaced";
  for (const entry of readdirSync(dir).sort()) {
    if (entry === OUTPUT_MARKER) continue;
    if (entry === MANIFEST_FILE) {
      if (!lstatSync(join(dir, entry)).isFile() || sha256Hex(readFileSync(join(dir, entry))) !== marker.files[MANIFEST_FILE]) return `a previous offline store whose ${MANIFEST_FILE} changed since this tool wrote it`;
      continue;
    }
    if (!PARTITION_NAME.test(entry)) return `a previous offline store holding an entry this tool did not write: ${quoteValue(entry)}`;
    const sub = join(dir, entry);
    try {
      assertReplaceableOutput(sub);
    } catch (err) {
      if (err instanceof InputError) return `a previous offline store whose partition ${entry} is ${err.got ?? "not replaceable"}`;
      throw err;
    }
    const own = readOutputMarker(sub);
    if (own !== null && own.writer !== OFFLINE_STORE_WRITER) return `a previous offline store whose partition ${entry} was written by ${quoteValue(own.writer)}`;
  }
  return null;
}

/**
 * The replace rule of `assertReplaceableOutput`, extended to the store's two-level layout: `dir`
 * may be replaced when it is absent, empty, or a previous offline store (its marker names
 * {@link OFFLINE_STORE_WRITER}, `manifest.json` is unchanged, and every other entry is a
 * `month=NNNN` folder that is itself an unchanged output of the store). Otherwise an `InputError`
 * naming `dir` (and `key`, the flag it came from) and why, before anything is written.
 */
export function assertReplaceableStore(dir: string, options: { readonly key?: string } = {}): void {
  const why = storeReplaceReason(dir);
  if (why === undefined) return assertReplaceableOutput(dir, options);
  if (why !== null) throw new InputError({ file: resolve(dir), ...(options.key === undefined ? {} : { key: options.key }) }, "a folder that is absent, empty or a previous output of this tool", why);
}

/** One partition's Parquet bytes: key, month, numeric features (DOUBLE, PLAIN), categorical features (STRING levels), charges. */
function partitionParquet(schema: StoreSchema, data: PartitionData): Uint8Array {
  const rows = data.customerIds.length;
  const double = (name: string, values: Float64Array): ColumnSource => ({ name, data: values, type: "DOUBLE", nullable: false, encoding: "PLAIN" });
  const columnData: ColumnSource[] = [
    { name: KEY_COLUMN, data: [...data.customerIds], type: "STRING", nullable: false },
    { name: MONTH_COLUMN, data: new Int32Array(rows).fill(data.month), type: "INT32", nullable: false },
    ...numericColumns(schema).map((c, k) => double(c.name, data.numeric[k]!)),
    ...categoricalColumns(schema).map((c, k): ColumnSource => ({ name: c.name, data: Array.from(data.codes[k]!, (code) => c.levels![code]!), type: "STRING", nullable: false })),
    double(schema.columns[schema.columns.length - 1]!.name, data.monthlyCharges),
  ];
  return new Uint8Array(parquetWriteBuffer({ columnData, codec: "SNAPPY", rowGroupSize: rows, statistics: false, createdBy: "churn-workspace offline feature store" }));
}

/**
 * Writes the offline feature store of `history` / `frame` to `dir`: one partition per calendar
 * month with a row per customer active at its end (`customer_id`, `month`, every numeric feature
 * as DOUBLE bit for bit, NaN included, every categorical feature as its level, `monthly_charges`),
 * and `manifest.json` (format, schema with levels in frame order, the feature catalogue,
 * `meta.source`, the as-of month range, rows and SHA-256 per partition). All or nothing: after
 * {@link assertReplaceableStore}, everything goes into a temporary folder beside `dir`, each
 * partition through `writeOutputDir`, and that folder replaces `dir` by renames; a failure leaves
 * the previous store as it was. Returns the manifest. Throws when the frame does not match the
 * history or the history has no month rows.
 */
export function writeOfflineStore(dir: string, history: ChurnHistory, frame: FeatureFrame, meta: OfflineStoreMeta): StoreManifest {
  if (frame.rowCount !== history.months.count) throw new RangeError(`writeOfflineStore: the frame has ${frame.rowCount} rows, the history ${history.months.count} month rows`);
  const schema = storeSchema(frame);
  if (history.months.count === 0) throw new RangeError(`writeOfflineStore: ${history.name} has no month rows`);
  assertReplaceableStore(dir);
  const parts = storePartitions(history, frame);
  const parent = dirname(resolve(dir));
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const tmp = join(parent, `.${basename(dir)}.tmp-${stamp}`);
  mkdirSync(tmp);
  try {
    const partitions: StorePartition[] = parts.map((part) => {
      const bytes = partitionParquet(schema, part);
      writeOutputDir(join(tmp, partitionFolder(part.month)), { "part-0.parquet": bytes }, { writer: OFFLINE_STORE_WRITER });
      return { month: part.month, file: partitionFile(part.month), rows: part.customerIds.length, sha256: sha256Hex(bytes) };
    });
    const manifest: StoreManifest = { format: STORE_FORMAT, source: meta.source, asOf: { first: parts[0]!.month, last: parts[parts.length - 1]!.month }, schema, partitions };
    const text = `${JSON.stringify(manifest, null, 1)}\n`;
    writeFileSync(join(tmp, MANIFEST_FILE), text);
    writeFileSync(join(tmp, OUTPUT_MARKER), outputMarkerText(OFFLINE_STORE_WRITER, { [MANIFEST_FILE]: text }));
    swapFolder(tmp, dir, join(parent, `.${basename(dir)}.old-${stamp}`));
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** A manifest and the SHA-256 of its bytes (what the online store records as its lineage). */
export interface ManifestRead {
  readonly manifest: StoreManifest;
  readonly sha256: string;
}

/**
 * Reads and validates `dir/manifest.json`, returning it with the SHA-256 of its bytes. A missing
 * file, invalid JSON or a manifest that fails `checkManifest` throws an `InputError` naming the
 * file (and the key, e.g. `partitions[3].sha256`).
 */
export function readManifestWithHash(dir: string): ManifestRead {
  const file = resolve(dir, MANIFEST_FILE);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InputError({ file }, "the manifest of an offline feature store (npm run materialize)", (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String((err as Error).message));
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new InputError({ file }, "a JSON manifest", `invalid JSON (${(err as Error).message})`);
  }
  const checked = checkManifest(value);
  if ("key" in checked) throw new InputError({ file, key: checked.key }, checked.expected, checked.got);
  return { manifest: checked, sha256: sha256Hex(bytes) };
}

/** {@link readManifestWithHash} without the hash: the validated manifest of the store in `dir`. */
export function readManifest(dir: string): StoreManifest {
  return readManifestWithHash(dir).manifest;
}

/** A partition file read and checked: bytes match the manifest's SHA-256, the footer parses, the columns are the schema's. */
interface PartitionFile {
  readonly path: string;
  readonly partition: StorePartition;
  readonly buffer: ArrayBuffer;
  readonly metadata: FileMetaData;
}

function parquetType(c: StoreColumn): string {
  return c.type === "STRING" ? "BYTE_ARRAY" : c.type;
}

function openPartition(dir: string, schema: StoreSchema, partition: StorePartition): PartitionFile {
  const path = resolve(dir, partition.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError({ file: path }, `the partition file listed in ${MANIFEST_FILE}`, (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String((err as Error).message));
  }
  const hash = sha256Hex(bytes);
  if (hash !== partition.sha256) throw new InputError({ file: path }, `SHA-256 ${partition.sha256} as recorded in ${MANIFEST_FILE}`, `${hash} (the file changed since the store was written)`);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(buffer);
  } catch (err) {
    throw new InputError({ file: path }, "a Parquet file", quoteValue((err as Error).message));
  }
  const found = parquetSchema(metadata).children.map((c) => ({ name: c.element.name, type: c.element.type }));
  schema.columns.forEach((c, i) => {
    const f = found[i];
    if (f?.name !== c.name || f.type !== parquetType(c)) throw new InputError({ file: path, column: c.name }, `column ${i + 1} to be ${c.name} (${parquetType(c)}) as in ${MANIFEST_FILE}`, f ? `${f.name} (${f.type})` : "no such column");
  });
  if (found.length !== schema.columns.length) throw new InputError({ file: path }, `${schema.columns.length} columns as in ${MANIFEST_FILE}`, String(found.length));
  if (Number(metadata.num_rows) !== partition.rows) throw new InputError({ file: path }, `${partition.rows} rows as in ${MANIFEST_FILE}`, String(metadata.num_rows));
  return { path, partition, buffer, metadata };
}

/** The named columns of a partition, each as one array of `rows` values. */
async function readColumns(file: PartitionFile, columns: readonly string[]): Promise<Map<string, DecodedArray>> {
  const chunks = new Map<string, ColumnData[]>(columns.map((c) => [c, []]));
  try {
    await parquetRead({ file: file.buffer, metadata: file.metadata, columns: [...columns], onChunk: (c) => chunks.get(c.columnName)?.push(c) });
  } catch (err) {
    throw new InputError({ file: file.path }, "a readable Parquet file", quoteValue((err as Error).message));
  }
  const rows = file.partition.rows;
  const out = new Map<string, DecodedArray>();
  for (const [name, parts] of chunks) {
    const first = parts[0];
    if (parts.length === 1 && first!.rowStart === 0 && first!.columnData.length === rows) {
      out.set(name, first!.columnData);
      continue;
    }
    const joined: unknown[] = new Array<unknown>(rows);
    let filled = 0;
    for (const c of parts) {
      for (let i = 0; i < c.columnData.length && c.rowStart + i < rows; i++) joined[c.rowStart + i] = c.columnData[i];
      filled += c.columnData.length;
    }
    if (filled !== rows) throw new InputError({ file: file.path, column: name }, `${rows} values`, String(filled));
    out.set(name, joined as DecodedArray);
  }
  return out;
}

/** The customer ids of a partition, checked to be strings, each once. */
async function partitionKeys(file: PartitionFile): Promise<PartitionKeys> {
  const ids = (await readColumns(file, [KEY_COLUMN])).get(KEY_COLUMN)!;
  const seen = new Set<string>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as unknown;
    if (typeof id !== "string" || seen.has(id)) throw new InputError({ file: file.path, column: KEY_COLUMN }, "one row per customer", `${typeof id === "string" ? "a repeated id" : "a missing id"} ${quoteValue(String(id))} at row ${i + 1}`);
    seen.add(id);
  }
  return { month: file.partition.month, customerIds: ids as string[] };
}

/** A DOUBLE column as a Float64Array (as read when written PLAIN without nulls; a null from another writer becomes NaN). */
function float64Column(file: PartitionFile, name: string, values: DecodedArray): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as unknown;
    if (v === null || v === undefined) out[i] = NaN;
    else if (typeof v === "number") out[i] = v;
    else throw new InputError({ file: file.path, column: name }, "numbers", `${typeof v} at row ${i + 1}`);
  }
  return out;
}

/** A STRING column as codes into the manifest's levels. */
function codesColumn(file: PartitionFile, column: StoreColumn, values: DecodedArray): Uint8Array {
  const index = new Map(column.levels!.map((level, k) => [level, k]));
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const code = index.get(values[i] as string);
    if (code === undefined) throw new InputError({ file: file.path, column: column.name }, `one of the levels in ${MANIFEST_FILE}`, `${quoteValue(String(values[i]))} at row ${i + 1}`);
    out[i] = code;
  }
  return out;
}

/** Every column of a partition, decoded and checked against the manifest. */
async function readPartition(file: PartitionFile, schema: StoreSchema, keys: PartitionKeys): Promise<PartitionData> {
  const columns = await readColumns(
    file,
    schema.columns.filter((c) => c.name !== KEY_COLUMN).map((c) => c.name),
  );
  const month = columns.get(MONTH_COLUMN)!;
  for (let i = 0; i < month.length; i++) {
    if (month[i] !== file.partition.month) throw new InputError({ file: file.path, column: MONTH_COLUMN }, `month ${file.partition.month} on every row (the partition's month)`, `${String(month[i])} at row ${i + 1}`);
  }
  const charges = schema.columns[schema.columns.length - 1]!;
  return {
    month: file.partition.month,
    customerIds: keys.customerIds,
    numeric: numericColumns(schema).map((c) => float64Column(file, c.name, columns.get(c.name)!)),
    codes: categoricalColumns(schema).map((c) => codesColumn(file, c, columns.get(c.name)!)),
    monthlyCharges: float64Column(file, charges.name, columns.get(charges.name)!),
  };
}

/**
 * Point-in-time retrieval (the rule of Feast's `get_historical_features`): entity row i gets the
 * features of customer `customerIds[i]` from that customer's latest partition with month ≤
 * `asOf[i]`, never a later one; month −1 (NaN, code 0, NaN charges) when the customer has no row
 * by then. Partitions after max(asOf) are never opened; of the others, only the customer ids are
 * read until the rule has chosen, then only the partitions chosen rows are in. Every file read is
 * checked against its SHA-256 in the manifest. Bad entity rows throw a RangeError; a bad store an
 * `InputError` naming the file.
 */
export async function readPointInTime(dir: string, entities: EntityRows): Promise<FeatureRows> {
  const { schema, partitions } = readManifest(dir);
  const latest = latestAsOf(entities);
  const files = partitions.filter((p) => p.month <= latest).map((p) => openPartition(dir, schema, p));
  const keys = await Promise.all(files.map(partitionKeys));
  const selection = selectPointInTime(keys, entities);
  const used = new Set(selection.partition);
  const data = await Promise.all(files.map((f, p) => (used.has(p) ? readPartition(f, schema, keys[p]!) : undefined)));
  return assembleFeatureRows(schema, entities.customerIds, selection, data);
}

/**
 * Every customer active at the end of calendar month `month`, with the features as of that month:
 * the batch-scoring set for `--as-of`. Reads that month's partition only (SHA-256 checked).
 * Throws a RangeError naming the store's months when the store has no partition for `month`.
 */
export async function readMonth(dir: string, month: number): Promise<FeatureRows> {
  const { schema, partitions, asOf } = readManifest(dir);
  const partition = partitions.find((p) => p.month === month);
  if (partition === undefined) throw new RangeError(`readMonth: the store ${resolve(dir)} has no partition for month ${month} (months ${asOf.first}..${asOf.last})`);
  const file = openPartition(dir, schema, partition);
  return partitionFeatureRows(schema, await readPartition(file, schema, await partitionKeys(file)));
}
