import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { buildFeatureFrame, type FeatureFrame } from "../../src/features/index.js";
import { readMonth, writeOfflineStore } from "../../src/io/offlineStore.js";
import { materializeOnlineStore, openOnlineStore } from "../../src/io/onlineStore.js";
import { partitionFile, toFeatureRows, type FeatureRows, type OnlineLookup } from "../../src/store/index.js";
import { testConfig } from "../helpers/config.js";

const cfg = testConfig({ synthetic: { customers: 300, months: 24 } });
const history = generateSynthetic(cfg.synthetic, { seed: cfg.seed });
const frame = buildFeatureFrame(history, cfg.features);
const root = mkdtempSync(join(tmpdir(), "churn-online-store-"));
const offline = join(root, "offline");
const manifest = writeOfflineStore(offline, history, frame, { source: "online-test" });
const last = manifest.asOf.last;

/** Each feature's values as hex of their bytes, NaN payloads included. */
function bitsOf(rows: FeatureRows): string[] {
  const hex = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
  return [...rows.frame.numeric.map((f) => `${f.info.name}:${hex(f.values)}`), ...rows.frame.categorical.map((f) => `${f.info.name}:${f.levels.join("/")}:${Array.from(f.codes).join(",")}`), `charges:${hex(rows.monthlyCharges)}`];
}

function lookupAll(file: string, ids: readonly string[], currentMonth?: number): OnlineLookup[] {
  const store = openOnlineStore(file, { maxFeatureAgeMonths: cfg.store.maxFeatureAgeMonths, ...(currentMonth === undefined ? {} : { currentMonth }) });
  try {
    return ids.map((id) => store.lookup(id)!);
  } finally {
    store.close();
  }
}

describe("online store: materialize, then look up", () => {
  it("holds every customer active at the last month; each lookup equals the offline readMonth row bit-exactly", async () => {
    const file = join(root, "latest.sqlite");
    const summary = await materializeOnlineStore(offline, file);
    const month = await readMonth(offline, last);
    expect(summary).toMatchObject({ currentMonth: last, count: month.customerIds.length });
    const store = openOnlineStore(file, { maxFeatureAgeMonths: 1 });
    expect({ count: store.count, currentMonth: store.currentMonth, storeMonth: store.storeMonth }).toEqual({ count: month.customerIds.length, currentMonth: last, storeMonth: last });
    expect(store.schema).toEqual(manifest.schema);
    const lookups = month.customerIds.map((id) => store.lookup(id)!);
    expect(lookups.every((l) => l.asOfMonth === last && l.ageMonths === 0 && !l.stale)).toBe(true);
    const online = toFeatureRows(lookups, store.schema);
    expect(online.customerIds).toEqual(month.customerIds);
    expect(Array.from(online.month)).toEqual(Array.from(month.month));
    expect(bitsOf(online)).toEqual(bitsOf(month));
    expect(store.lookup("SYN-9999999")).toBeNull();
    expect(store.lookup("")).toBeNull();
    store.close();
  });

  it("materializes an earlier month on request", async () => {
    const file = join(root, "month10.sqlite");
    await materializeOnlineStore(offline, file, { asOf: 10 });
    const month = await readMonth(offline, 10);
    const lookups = lookupAll(file, month.customerIds);
    expect(bitsOf(toFeatureRows(lookups, manifest.schema))).toEqual(bitsOf(month));
    await expect(materializeOnlineStore(offline, file, { asOf: last + 5 })).rejects.toThrow(`no partition for month ${last + 5} (months 0..${last})`);
  });

  it("flags a lookup stale when the caller's month is more than maxFeatureAgeMonths after the features", async () => {
    const file = join(root, "stale.sqlite");
    await materializeOnlineStore(offline, file, { asOf: 10 });
    const id = (await readMonth(offline, 10)).customerIds[0]!;
    const at = (currentMonth: number) => {
      const store = openOnlineStore(file, { maxFeatureAgeMonths: 1, currentMonth });
      const l = store.lookup(id)!;
      store.close();
      return { ageMonths: l.ageMonths, stale: l.stale };
    };
    expect(at(10)).toEqual({ ageMonths: 0, stale: false });
    expect(at(11)).toEqual({ ageMonths: 1, stale: false });
    expect(at(12)).toEqual({ ageMonths: 2, stale: true });
    expect(() => openOnlineStore(file, { maxFeatureAgeMonths: 1, currentMonth: 9 })).toThrow(/after the current month 9/);
  });

  it("a failed materialize leaves the previous file byte-identical and usable", async () => {
    const file = join(root, "kept.sqlite");
    await materializeOnlineStore(offline, file);
    const before = readFileSync(file);
    const damaged = join(root, "damaged");
    cpSync(offline, damaged, { recursive: true });
    writeFileSync(join(damaged, partitionFile(last)), "not parquet");
    await expect(materializeOnlineStore(damaged, file)).rejects.toThrow(join(damaged, partitionFile(last)));
    expect(readFileSync(file)).toEqual(before);
    const id = (await readMonth(offline, last)).customerIds[0]!;
    expect(lookupAll(file, [id])[0]!.asOfMonth).toBe(last);
  });

  it("refuses a target it did not write, and a file that is not an online store, naming the file", async () => {
    const foreign = join(root, "foreign.sqlite");
    writeFileSync(foreign, "someone's file");
    await expect(materializeOnlineStore(offline, foreign)).rejects.toThrow(`${foreign}: expected a file that is absent or a previous output of this tool`);
    expect(readFileSync(foreign, "utf8")).toBe("someone's file");
    expect(() => openOnlineStore(foreign, { maxFeatureAgeMonths: 1 })).toThrow(`${foreign}`);
    expect(() => openOnlineStore(join(root, "absent.sqlite"), { maxFeatureAgeMonths: 1 })).toThrow(/absent\.sqlite: expected an online feature store \(npm run materialize\), got no such file/);
  });

  it("SQLite REAL reads −0 back as +0 (documented; equal for every model), every other value exactly", async () => {
    const values = Float64Array.from(frame.numeric[0]!.values);
    values.fill(-0);
    const zeroFrame: FeatureFrame = { ...frame, numeric: [{ ...frame.numeric[0]!, values }, ...frame.numeric.slice(1)] };
    const dir = join(root, "zeros");
    writeOfflineStore(dir, history, zeroFrame, { source: "zeros" });
    const file = join(root, "zeros.sqlite");
    await materializeOnlineStore(dir, file);
    const month = await readMonth(dir, last);
    expect(Object.is(month.frame.numeric[0]!.values[0], -0)).toBe(true); // the offline store keeps the sign
    const online = toFeatureRows(lookupAll(file, month.customerIds), manifest.schema);
    expect(online.frame.numeric[0]!.values.every((v) => Object.is(v, 0))).toBe(true);
    expect(bitsOf(online).slice(1)).toEqual(bitsOf(month).slice(1));
  });
});
