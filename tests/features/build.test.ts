import { describe, expect, it } from "vitest";
import { buildFeatureFrame, featureCatalogue, leakyFinalTenure } from "../../src/features/index.js";
import type { ChurnHistory } from "../../src/data/history.js";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { literalHistory } from "../helpers/history.js";
import { testConfig } from "../helpers/config.js";

const cfg = testConfig().features;

function column(frame: ReturnType<typeof buildFeatureFrame>, name: string): number[] {
  const f = frame.numeric.find((x) => x.info.name === name);
  if (!f) throw new Error(`no feature ${name}`);
  return Array.from(f.values);
}

describe("buildFeatureFrame", () => {
  // Customer A: months 0..5 (start −3, tenure 4..9); B: joins at 2, leaves during 5. Signal = 10·t + tenure.
  const h = literalHistory(6, [
    { id: "A", start: -3 },
    { id: "B", start: 2, churn: 5 },
  ]);

  it("computes rolling means over the customer's own past months only, fewer at the start", () => {
    const frame = buildFeatureFrame(h, { ...cfg, windows: [3] });
    // A's signal: 4, 15, 26, 37, 48, 59; B's (months 2..4, tenure 1..3): 21, 32, 43.
    const mean3 = column(frame, "SignalMean3");
    expect(mean3).toEqual([4, 9.5, 15, 26, 37, 48, 21, 26.5, 32]);
    expect(column(frame, "historyMonths")).toEqual([1, 2, 3, 3, 3, 3, 1, 2, 3]);
    expect(column(frame, "tenure")).toEqual([4, 5, 6, 7, 8, 9, 1, 2, 3]);
  });

  it("buckets tenure with the configured bounds", () => {
    const frame = buildFeatureFrame(h, { ...cfg, tenureBuckets: [2, 5] });
    const b = frame.categorical.find((f) => f.info.name === "tenureBucket")!;
    expect(b.levels).toEqual(["0-2", "3-5", "6+"]);
    expect(Array.from(b.codes, (c) => b.levels[c])).toEqual(["3-5", "3-5", "6+", "6+", "6+", "6+", "0-2", "0-2", "3-5"]);
  });

  it("counts months to contract renewal from the start of the contract run, with month-to-month always 1", () => {
    const base = literalHistory(8, [{ id: "A", start: 0 }]);
    // Month-to-month for tenure 1..3, then a one-year contract from tenure 4 (months 3..7).
    const contract: ChurnHistory = {
      ...base,
      months: { ...base.months, categorical: { Contract: { levels: ["Month-to-month", "One year", "Two year"], codes: Uint8Array.from([0, 0, 0, 1, 1, 1, 1, 1]) } } },
    };
    const frame = buildFeatureFrame(contract, { ...cfg, contractTermMonths: { "Month-to-month": 1, "One year": 4, "Two year": 24 } });
    // One-year run starts at tenure 3 (start of month 4): months into contract 1, 2, 3, 4(=renewed), 5 → 3, 2, 1, 4, 3.
    expect(column(frame, "monthsToRenewal")).toEqual([1, 1, 1, 3, 2, 1, 4, 3]);
  });

  it("computes the charge change against lag months earlier, missing before", () => {
    const base = literalHistory(5, [{ id: "A", start: 0 }]);
    const withCharges: ChurnHistory = { ...base, months: { ...base.months, numeric: { MonthlyCharges: Float64Array.from([50, 50, 60, 55, 66]) } } };
    const change = column(buildFeatureFrame(withCharges, { ...cfg, chargeChangeLag: 2 }), "chargeChange2");
    expect(change.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(change.slice(2)).toEqual([60 / 50 - 1, 55 / 50 - 1, 66 / 60 - 1]);
  });

  it("derives services and charges per service on the synthetic telco, and catalogues every feature", () => {
    const c = testConfig({ synthetic: { customers: 300, months: 12 } });
    const world = generateSynthetic(c.synthetic, { seed: 1 });
    const frame = buildFeatureFrame(world, c.features);
    const cat = featureCatalogue(frame);
    const names = cat.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["tenure", "tenureBucket", "serviceCount", "chargesPerService", "monthsToRenewal", "chargeChange3", "SupportTicketsMean12", "UsageIndexMean3", "LatePaymentMean6", "Contract"]));
    expect(names.some((n) => /total|churn|final/i.test(n))).toBe(false);
    expect(cat.every((f) => f.description.length > 10 && f.source.length > 0)).toBe(true);
    const count = column(frame, "serviceCount");
    expect(Math.min(...count)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...count)).toBeLessThanOrEqual(9);
  });

  it("keeps the deliberately leaky feature out of the frame and names it as leaky", () => {
    const leak = leakyFinalTenure(h);
    expect(leak.info.name).toMatch(/^LEAKY_/);
    expect(Array.from(leak.values)).toEqual([9, 9, 9, 9, 9, 9, 3, 3, 3]);
    expect(featureCatalogue(buildFeatureFrame(h, cfg)).some((f) => f.name.startsWith("LEAKY"))).toBe(false);
  });
});
