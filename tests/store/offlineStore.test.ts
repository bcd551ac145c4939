import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { NOT_CHURNED } from "../../src/data/history.js";
import { monthlyChargesAt } from "../../src/decision/inputs.js";
import { buildFeatureFrame, featureCatalogue, type FeatureFrame } from "../../src/features/index.js";
import { MANIFEST_FILE, readManifest, readMonth, readPointInTime, writeOfflineStore } from "../../src/io/offlineStore.js";
import { sha256Hex } from "../../src/io/safeTarget.js";
import { partitionFile, type FeatureRows } from "../../src/store/index.js";
import { InputError } from "../../src/util/errors.js";
import { testConfig } from "../helpers/config.js";

const cfg = testConfig({ synthetic: { customers: 300, months: 24 } });
const history = generateSynthetic(cfg.synthetic, { seed: cfg.seed });
const frame = buildFeatureFrame(history, cfg.features);
const root = mkdtempSync(join(tmpdir(), "churn-offline-store-"));
const store = join(root, "store");
const manifest = writeOfflineStore(store, history, frame, { source: "test-source" });
const { months, customers } = history;
const allRows = Uint32Array.from({ length: months.count }, (_, r) => r);

/** Fails at the first value whose 8 bytes differ (so NaN payloads and the sign of zero count), naming it. */
function expectSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  const a = new BigUint64Array(Float64Array.from(actual).buffer);
  const b = new BigUint64Array(Float64Array.from(expected).buffer);
  const i = a.findIndex((x, k) => x !== b[k]);
  expect(i < 0 ? "same bits" : `${what} row ${i}: ${actual[i]} (0x${a[i]!.toString(16)}) vs ${expected[i]} (0x${b[i]!.toString(16)})`).toBe("same bits");
}

/** Retrieved rows equal frame rows `rows` bit for bit (features, levels, charges). */
function expectRowsOf(got: FeatureRows, f: FeatureFrame, rows: Uint32Array, what: string): void {
  f.numeric.forEach((feature, k) => expectSameBits(got.frame.numeric[k]!.values, Float64Array.from(rows, (r) => feature.values[r]!), `${what} ${feature.info.name}`));
  f.categorical.forEach((feature, k) => {
    const g = got.frame.categorical[k]!;
    expect(g.levels, feature.info.name).toEqual(feature.levels);
    expect(Array.from(g.codes, (c) => g.levels[c]), `${what} ${feature.info.name}`).toEqual(Array.from(rows, (r) => feature.levels[feature.codes[r]!]));
  });
  expectSameBits(got.monthlyCharges, monthlyChargesAt(history, rows), `${what} monthly_charges`);
}

/** A copy of the test store to damage. */
function copyStore(name: string): string {
  const dir = join(root, name);
  cpSync(store, dir, { recursive: true });
  return dir;
}

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error("expected an InputError");
}

async function asyncInputError(run: () => Promise<unknown>): Promise<InputError> {
  const err = await run().then(
    () => new Error("expected an InputError"),
    (e: unknown) => e,
  );
  if (err instanceof InputError) return err;
  throw err;
}

describe("offline store: layout and manifest", () => {
  it("writes month=NNNN partitions and a manifest with schema, features, source, range, rows and SHA-256", () => {
    expect(readManifest(store)).toEqual(manifest);
    expect(manifest.source).toBe("test-source");
    expect(manifest.asOf).toEqual({ first: 0, last: history.periods - 1 });
    expect(manifest.schema.features).toEqual(featureCatalogue(frame));
    for (const c of frame.categorical) expect(manifest.schema.columns.find((s) => s.name === c.info.name)?.levels).toEqual(c.levels);
    const counts = new Map<number, number>();
    for (const t of months.period) counts.set(t, (counts.get(t) ?? 0) + 1);
    expect(manifest.partitions.map((p) => [p.month, p.rows])).toEqual([...counts].sort((a, b) => a[0] - b[0]));
    for (const p of manifest.partitions) {
      expect(p.file).toBe(partitionFile(p.month));
      expect(sha256Hex(readFileSync(join(store, p.file)))).toBe(p.sha256);
    }
    expect(readdirSync(root).filter((e) => e.startsWith("."))).toEqual([]); // no temporary folder left
  });
});

describe("offline store: Parquet round trip is bit-exact", () => {
  it("every partition holds its month's rows: numeric bytes (NaN included), levels and charges equal the frame", async () => {
    let nan = 0;
    for (const f of frame.numeric) for (const v of f.values) if (Number.isNaN(v)) nan++;
    expect(nan).toBeGreaterThan(0); // the NaN path is exercised
    for (const p of manifest.partitions) {
      const got = await readMonth(store, p.month);
      const rows = allRows.filter((r) => months.period[r] === p.month);
      expect(got.customerIds).toEqual(Array.from(rows, (r) => customers.ids[months.customer[r]!]));
      expect(got.month.every((m) => m === p.month)).toBe(true);
      expectRowsOf(got, frame, rows, `month ${p.month}`);
    }
  });

  it("keeps −0, NaN payloads, ±Infinity and subnormals (written PLAIN, not dictionary-encoded)", async () => {
    const odd = Float64Array.from(frame.numeric[0]!.values);
    const raw = new BigUint64Array(odd.buffer);
    const specials = [0x8000000000000000n, 0xfff8000000000000n, 0x7ff0000000000001n, 0x7ff0000000000000n, 0xfff0000000000000n, 1n];
    for (let r = 0; r < odd.length; r++) raw[r] = specials[r % specials.length]!;
    const oddFrame: FeatureFrame = { ...frame, numeric: [{ ...frame.numeric[0]!, values: odd }, ...frame.numeric.slice(1)] };
    const dir = join(root, "odd");
    writeOfflineStore(dir, history, oddFrame, { source: "odd" });
    const got = await readPointInTime(dir, { customerIds: Array.from(months.customer, (c) => customers.ids[c]!), asOf: months.period });
    expectSameBits(got.frame.numeric[0]!.values, odd, "special values");
  });
});

describe("offline store: point-in-time retrieval", () => {
  it("returns every (customer, month) row of the history bit-exactly when asked as of that month", async () => {
    const got = await readPointInTime(store, { customerIds: Array.from(months.customer, (c) => customers.ids[c]!), asOf: months.period });
    expect(Array.from(got.month)).toEqual(Array.from(months.period));
    expectRowsOf(got, frame, allRows, "row");
  });

  it("gives month −1 before a customer's first row and the last row before churn after it", async () => {
    const late = Array.from({ length: customers.count }, (_, c) => c).find((c) => months.period[customers.rowStart[c]!]! > 2)!;
    const churned = Array.from({ length: customers.count }, (_, c) => c).find((c) => customers.churnPeriod[c]! !== NOT_CHURNED && customers.churnPeriod[c]! < history.periods - 3)!;
    const first = months.period[customers.rowStart[late]!]!;
    const lastRow = customers.rowStart[churned + 1]! - 1;
    const got = await readPointInTime(store, {
      customerIds: [customers.ids[late]!, customers.ids[late]!, customers.ids[churned]!, customers.ids[churned]!, "nobody"],
      asOf: [first - 1, -5, customers.churnPeriod[churned]! + 2, history.periods + 10, 5],
    });
    expect(Array.from(got.month)).toEqual([-1, -1, months.period[lastRow], months.period[lastRow], -1]);
    expect(months.period[lastRow]).toBe(customers.churnPeriod[churned]! - 1);
    for (const i of [0, 1, 4]) {
      expect(got.frame.numeric.every((f) => Number.isNaN(f.values[i]))).toBe(true);
      expect(got.frame.categorical.every((f) => f.codes[i] === 0)).toBe(true);
      expect(got.monthlyCharges[i]).toBeNaN();
    }
    const rows = Uint32Array.of(lastRow, lastRow);
    const pick = (k: number[]) => ({ ...got, frame: { ...got.frame, numeric: got.frame.numeric.map((f) => ({ ...f, values: Float64Array.from(k, (i) => f.values[i]!) })), categorical: got.frame.categorical.map((f) => ({ ...f, codes: Uint8Array.from(k, (i) => f.codes[i]!) })) }, monthlyCharges: Float64Array.from(k, (i) => got.monthlyCharges[i]!) });
    expectRowsOf(pick([2, 3]), frame, rows, "after churn");
  });

  it("never opens a partition after the latest as-of month", async () => {
    const dir = copyStore("future-damaged");
    const t = 10;
    for (const p of manifest.partitions) if (p.month > t) rmSync(join(dir, p.file));
    const ids = customers.ids.slice(0, 50);
    const got = await readPointInTime(dir, { customerIds: ids, asOf: ids.map(() => t) });
    const want = await readPointInTime(store, { customerIds: ids, asOf: ids.map(() => t) });
    expect(got).toEqual(want);
    const err = await asyncInputError(() => readPointInTime(dir, { customerIds: ids, asOf: ids.map(() => t + 1) }));
    expect(err.message).toContain(join(dir, partitionFile(t + 1)));
  });
});

describe("offline store: bad stores fail naming the file", () => {
  it("a manifest that is missing, not JSON, or wrong in one key", () => {
    const dir = copyStore("bad-manifest");
    const file = join(dir, MANIFEST_FILE);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, 100));
    expect(inputError(() => readManifest(dir)).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: expected a JSON manifest, got invalid JSON`));
    const broken = JSON.parse(text);
    broken.partitions[2].rows = -1;
    writeFileSync(file, JSON.stringify(broken));
    expect(inputError(() => readManifest(dir)).message).toContain(`${file}, key "partitions[2].rows": expected an integer >= 1`);
    rmSync(file);
    expect(inputError(() => readManifest(dir)).message).toContain(`${file}: expected the manifest of an offline feature store (npm run materialize), got no such file`);
  });

  it("a missing partition file", async () => {
    const dir = copyStore("missing-partition");
    rmSync(join(dir, partitionFile(3)));
    const err = await asyncInputError(() => readMonth(dir, 3));
    expect(err.message).toContain(`${join(dir, partitionFile(3))}: expected the partition file listed in manifest.json, got no such file`);
  });

  it("a partition whose bytes changed since the manifest recorded their SHA-256", async () => {
    const dir = copyStore("changed-partition");
    const file = join(dir, partitionFile(5));
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(file, bytes);
    const err = await asyncInputError(() => readPointInTime(dir, { customerIds: [customers.ids[0]!], asOf: [7] }));
    expect(err.message).toContain(`${file}: expected SHA-256 ${manifest.partitions.find((p) => p.month === 5)!.sha256} as recorded in manifest.json`);
  });
});

describe("offline store: replaces only its own previous output, all or nothing", () => {
  it("refuses a folder holding someone else's file and leaves it untouched", () => {
    const dir = join(root, "foreign");
    cpSync(store, dir, { recursive: true });
    writeFileSync(join(dir, "notes.txt"), "mine");
    expect(inputError(() => writeOfflineStore(dir, history, frame, { source: "x" })).message).toContain('entry this tool did not write: "notes.txt"');
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });

  it("refuses a store whose partition was edited since it was written", () => {
    const dir = copyStore("edited");
    writeFileSync(join(dir, partitionFile(2)), "edited by hand");
    expect(inputError(() => writeOfflineStore(dir, history, frame, { source: "x" })).message).toContain("partition month=0002");
  });

  it("replaces a previous store, and a failed write leaves the previous one byte-identical", () => {
    const dir = copyStore("replace");
    writeOfflineStore(dir, history, frame, { source: "second" });
    expect(readManifest(dir).source).toBe("second");
    const before = readFileSync(join(dir, MANIFEST_FILE));
    const badCodes = Uint8Array.from(frame.categorical[0]!.codes);
    badCodes[badCodes.length - 1] = 200; // no such level: the last partition fails to encode
    const bad: FeatureFrame = { ...frame, categorical: [{ ...frame.categorical[0]!, codes: badCodes }, ...frame.categorical.slice(1)] };
    expect(() => writeOfflineStore(dir, history, bad, { source: "third" })).toThrow();
    expect(readFileSync(join(dir, MANIFEST_FILE))).toEqual(before);
    expect(readdirSync(root).filter((e) => e.startsWith("."))).toEqual([]);
    writeOfflineStore(dir, history, frame, { source: "fourth" }); // still a replaceable store
  });
});
