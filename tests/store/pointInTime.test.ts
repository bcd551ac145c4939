import { describe, expect, it } from "vitest";
import type { FeatureFrame } from "../../src/features/frame.js";
import {
  assembleFeatureRows,
  checkManifest,
  featureAge,
  latestAsOf,
  monthPartitions,
  partitionFile,
  selectPointInTime,
  storeSchema,
  toFeatureRows,
  type OnlineLookup,
  type PartitionData,
  type PartitionKeys,
} from "../../src/store/index.js";
import { literalHistory } from "../helpers/history.js";

/** Three partitions: a is in every month, b joins at 3, c leaves after 1. */
const partitions: readonly PartitionKeys[] = Object.freeze([
  { month: 1, customerIds: Object.freeze(["a", "c"]) },
  { month: 3, customerIds: Object.freeze(["b", "a"]) },
  { month: 4, customerIds: Object.freeze(["a", "b"]) },
]);

/** The rule by brute force: the latest partition with month ≤ asOf holding the customer. */
function bruteForce(id: string, asOf: number): { month: number; partition: number; row: number } {
  for (let p = partitions.length - 1; p >= 0; p--) {
    const row = partitions[p]!.customerIds.indexOf(id);
    if (partitions[p]!.month <= asOf && row >= 0) return { month: partitions[p]!.month, partition: p, row };
  }
  return { month: -1, partition: -1, row: -1 };
}

const info = (name: string, kind: "numeric" | "categorical") => ({ name, group: "signal" as const, kind, description: name, window: null, source: name });
const tinyFrame: FeatureFrame = {
  rowCount: 0,
  numeric: [{ info: info("x", "numeric"), values: new Float64Array(0) }],
  categorical: [{ info: info("plan", "categorical"), levels: ["basic", "pro"], codes: new Uint8Array(0) }],
};
const schema = storeSchema(tinyFrame);

describe("selectPointInTime: the latest row at or before each entity's as-of month (Feast's rule)", () => {
  it("matches brute force for every customer and as-of month, in any entity order, with repeats", () => {
    const ids: string[] = [];
    const asOf: number[] = [];
    for (const id of ["c", "a", "zz", "b", "a"]) for (let t = 6; t >= -2; t--) (ids.push(id), asOf.push(t));
    const frozenIds = Object.freeze([...ids]);
    const asOfArray = Int32Array.from(asOf);
    const s = selectPointInTime(partitions, { customerIds: frozenIds, asOf: asOfArray });
    ids.forEach((id, i) => {
      expect({ month: s.month[i], partition: s.partition[i], row: s.row[i] }, `${id}@${asOf[i]}`).toEqual(bruteForce(id, asOf[i]!));
    });
    expect(Array.from(asOfArray)).toEqual(asOf); // input not mutated
  });

  it("never looks forward: before the first row → −1, after the last → the last row", () => {
    const s = selectPointInTime(partitions, { customerIds: ["b", "b", "c", "c"], asOf: [2, 100, 0, 100] });
    expect(Array.from(s.month)).toEqual([-1, 4, -1, 1]);
  });

  it("throws on no entity rows, mismatched lengths, a non-integer month, unordered partitions", () => {
    expect(() => selectPointInTime(partitions, { customerIds: [], asOf: [] })).toThrow(/no entity rows/);
    expect(() => selectPointInTime(partitions, { customerIds: ["a"], asOf: [1, 2] })).toThrow(/1 customer ids but 2/);
    expect(() => latestAsOf({ customerIds: ["a"], asOf: [1.5] })).toThrow(/as-of month 1.5/);
    expect(() => selectPointInTime([partitions[1]!, partitions[0]!], { customerIds: ["a"], asOf: [1] })).toThrow(/month 1 after 3/);
  });
});

describe("assembleFeatureRows and toFeatureRows", () => {
  const data = (month: number, x: number[], plan: number[]): PartitionData => ({
    month,
    customerIds: x.map((_, i) => `id${i}`),
    numeric: [Float64Array.from(x)],
    codes: [Uint8Array.from(plan)],
    monthlyCharges: Float64Array.from(x, (v) => v * 10),
  });

  it("takes the selected rows, NaN / code 0 / NaN charges where there is none, levels from the schema", () => {
    const parts = [data(1, [1, 2], [1, 0]), undefined, data(4, [7, -0], [0, 1])];
    const rows = assembleFeatureRows(schema, ["p", "q", "r"], { month: Int16Array.from([1, -1, 4]), partition: Int32Array.from([0, -1, 2]), row: Int32Array.from([0, -1, 1]) }, parts);
    expect(Array.from(rows.month)).toEqual([1, -1, 4]);
    expect(Array.from(rows.frame.numeric[0]!.values)).toEqual([1, NaN, -0]);
    expect(Object.is(rows.frame.numeric[0]!.values[2], -0)).toBe(true);
    expect(Array.from(rows.frame.categorical[0]!.codes)).toEqual([1, 0, 1]);
    expect(rows.frame.categorical[0]!.levels).toEqual(["basic", "pro"]);
    expect(Array.from(rows.monthlyCharges)).toEqual([10, NaN, -0]);
    expect(() => assembleFeatureRows(schema, ["p"], { month: Int16Array.from([3]), partition: Int32Array.from([1]), row: Int32Array.from([0]) }, parts)).toThrow(/not read/);
  });

  it("turns online lookups into the same FeatureRows shape", () => {
    const lookup = (customerId: string, x: number, code: number, asOfMonth: number): OnlineLookup => ({
      customerId,
      features: { numeric: Float64Array.of(x), codes: Uint8Array.of(code), monthlyCharges: x * 10 },
      asOfMonth,
      ageMonths: 0,
      stale: false,
    });
    const rows = toFeatureRows([lookup("u", 2, 1, 5), lookup("v", NaN, 0, 4)], schema);
    expect(rows.customerIds).toEqual(["u", "v"]);
    expect(Array.from(rows.month)).toEqual([5, 4]);
    expect(Array.from(rows.frame.numeric[0]!.values)).toEqual([2, NaN]);
    expect(Array.from(rows.frame.categorical[0]!.codes)).toEqual([1, 0]);
    expect(rows.frame.numeric[0]!.info.name).toBe("x");
    expect(() => toFeatureRows([], schema)).toThrow(/no lookups/);
  });
});

describe("featureAge: staleness of an online read", () => {
  it("is stale only beyond the allowed age, and refuses features from the caller's future", () => {
    expect(featureAge(10, 10, 1)).toEqual({ ageMonths: 0, stale: false });
    expect(featureAge(11, 10, 1)).toEqual({ ageMonths: 1, stale: false });
    expect(featureAge(12, 10, 1)).toEqual({ ageMonths: 2, stale: true });
    expect(featureAge(10, 10, 0)).toEqual({ ageMonths: 0, stale: false });
    expect(() => featureAge(9, 10, 1)).toThrow(/after the current month 9/);
    expect(() => featureAge(10, 10, -1)).toThrow(/whole number, got -1/);
  });
});

describe("store schema and manifest", () => {
  it("orders the columns key, month, numeric, categorical, charges and refuses clashing names", () => {
    expect(schema.columns.map((c) => `${c.name}:${c.type}`)).toEqual(["customer_id:STRING", "month:INT32", "x:DOUBLE", "plan:STRING", "monthly_charges:DOUBLE"]);
    const clash = (name: string): FeatureFrame => ({ ...tinyFrame, numeric: [{ info: info(name, "numeric"), values: new Float64Array(0) }] });
    expect(() => storeSchema(clash("month"))).toThrow(/fixed column/);
    expect(() => storeSchema(clash("Plan"))).toThrow(/"plan" clashes with column "Plan"/);
    expect(partitionFile(42)).toBe("month=0042/part-0.parquet");
    expect(() => partitionFile(10000)).toThrow(/\[0, 9999\], got 10000/);
  });

  it("checkManifest names the key, what was expected and what was found", () => {
    const good = { format: 1, source: "h", asOf: { first: 1, last: 2 }, schema, partitions: [1, 2].map((m) => ({ month: m, file: partitionFile(m), rows: 3, sha256: "a".repeat(64) })) };
    expect(checkManifest(good)).toEqual(good);
    const bad = (patch: (m: typeof good) => unknown) => checkManifest(patch(structuredClone(good)));
    expect(bad((m) => ({ ...m, format: 2 }))).toMatchObject({ key: "format", got: "2" });
    expect(bad((m) => ((m.partitions[1]!.sha256 = "xyz"), m))).toMatchObject({ key: "partitions[1].sha256", expected: "64 lowercase hex digits" });
    expect(bad((m) => ((m.partitions[0]!.file = "../../etc/passwd"), m))).toMatchObject({ key: "partitions[0].file", expected: '"month=0001/part-0.parquet"' });
    expect(bad((m) => ((m.partitions[1]!.month = 1), m))).toMatchObject({ key: "partitions[1].month" });
    expect(bad((m) => ({ ...m, asOf: { first: 0, last: 2 } }))).toMatchObject({ key: "asOf" });
    expect(bad((m) => (((m.schema.columns[2] as { name: string }).name = "PLAN"), m))).toMatchObject({ key: "schema.columns[3].name", got: '"plan"' });
  });
});

describe("monthPartitions: the rows of each calendar month, customers in order", () => {
  it("groups a literal history by month and leaves empty months out", () => {
    const h = literalHistory(5, [
      { id: "a", start: -3, churn: 2 },
      { id: "b", start: 1 },
      { id: "c", start: 4 },
    ]);
    const parts = monthPartitions(h);
    expect(parts.map((p) => [p.month, Array.from(p.rows, (r) => h.customers.ids[h.months.customer[r]!])])).toEqual([
      [0, ["a"]],
      [1, ["a", "b"]],
      [2, ["b"]],
      [3, ["b"]],
      [4, ["b", "c"]],
    ]);
  });
});
