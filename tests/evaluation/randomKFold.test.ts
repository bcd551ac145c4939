import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { ImpossibleSplitError, NO_MONTHS } from "../../src/evaluation/fold.js";
import { randomHoldout, randomKFold } from "../../src/evaluation/randomKFold.js";
import { buildPanel } from "../../src/panel/panel.js";
import { testConfig } from "../helpers/config.js";

describe("randomKFold on literal rows", () => {
  const rows = Uint32Array.of(0, 2, 3, 5, 6, 7, 8, 11, 12, 13, 14);
  const label = new Uint8Array(15);
  for (const r of [2, 6, 8, 13]) label[r] = 1;

  it("tests every candidate row exactly once, ⌊n/K⌋ or ⌈n/K⌉ per fold, train the complement", () => {
    const folds = randomKFold(rows, { folds: 3, seed: 7 });
    const tested = folds.flatMap((f) => Array.from(f.test)).sort((a, b) => a - b);
    expect(tested).toEqual(Array.from(rows));
    expect(folds.map((f) => f.test.length)).toEqual([4, 4, 3]);
    for (const f of folds) {
      expect(f).toMatchObject({ trainMonths: NO_MONTHS, testMonths: NO_MONTHS, droppedForCustomer: 0 });
      expect(Array.from(f.train)).toEqual(Array.from(rows).filter((r) => !f.test.includes(r)));
      expect(Array.from(f.test)).toEqual([...f.test].sort((a, b) => a - b));
    }
  });

  it("stratifies positives (4 over 3 folds: 2, 1, 1), deterministically for a seed", () => {
    for (let seed = 0; seed < 20; seed++) {
      const folds = randomKFold(rows, { folds: 3, seed, label });
      expect(folds.map((f) => f.test.reduce((a, r) => a + label[r]!, 0))).toEqual([2, 1, 1]);
      expect(folds.map((f) => f.test.length)).toEqual([4, 4, 3]);
    }
    const a = randomKFold(rows, { folds: 3, seed: 9, label });
    const b = randomKFold(rows, { folds: 3, seed: 9, label });
    expect(a.map((f) => Array.from(f.test))).toEqual(b.map((f) => Array.from(f.test)));
    expect(randomKFold(rows, { folds: 3, seed: 10, label }).map((f) => Array.from(f.test))).not.toEqual(a.map((f) => Array.from(f.test)));
  });

  it("quotes offending values", () => {
    expect(() => randomKFold(rows, { folds: 12, seed: 1 })).toThrow("randomKFold: cannot have folds=12 greater than the number of rows=11");
    expect(() => randomKFold(rows, { folds: 2, seed: 0.5 })).toThrow("randomKFold: seed must be an integer in [0, 2^32 - 1], got seed=0.5");
    expect(() => randomKFold(rows, { folds: 5, seed: 1, label })).toThrow(ImpossibleSplitError);
    expect(() => randomKFold(rows, { folds: 5, seed: 1, label })).toThrow("randomKFold: stratified folds=5 need at least 5 positive rows, got 4 of 11 rows");
    expect(() => randomKFold(rows, { folds: 2, seed: 1, label: new Uint8Array(14) })).toThrow("rows[10] = 14 is out of range for label of length 14");
  });
});

describe("randomKFold on the synthetic panel: the leakage it is kept to measure", () => {
  const cfg = testConfig({ synthetic: { customers: 1500, months: 36 } });
  const history = generateSynthetic(cfg.synthetic, { seed: cfg.seed });
  const p = buildPanel(history, { horizon: 1 });
  const { customer, period } = history.months;

  it("puts most test customers on both sides and trains on months after the test rows", () => {
    const folds = randomKFold(p.labelled, { folds: 5, seed: cfg.seed, label: p.label });
    const positives = folds.map((f) => f.test.reduce((a, r) => a + p.label[r]!, 0));
    expect(Math.max(...positives) - Math.min(...positives)).toBeLessThanOrEqual(1);
    const f = folds[0]!;
    const inTrain = new Uint8Array(history.customers.count);
    let latestTrain = -1;
    for (const r of f.train) {
      inTrain[customer[r]!] = 1;
      latestTrain = Math.max(latestTrain, period[r]!);
    }
    const testCustomers = new Set<number>();
    let shared = 0;
    let earliestTest = Infinity;
    for (const r of f.test) {
      if (!testCustomers.has(customer[r]!)) {
        testCustomers.add(customer[r]!);
        shared += inTrain[customer[r]!]!;
      }
      earliestTest = Math.min(earliestTest, period[r]!);
    }
    expect(shared / testCustomers.size).toBeGreaterThan(0.9);
    expect(latestTrain).toBeGreaterThan(earliestTest);
  });
});

describe("randomHoldout: the leakage ladder's random rung", () => {
  const rows = Uint32Array.from({ length: 1000 }, (_, i) => 3 * i + 1);
  const label = new Uint8Array(3001);
  for (let i = 0; i < 1000; i++) if (i % 10 === 0) label[rows[i]!] = 1;

  it("draws exactly testSize rows with the pool's share of positives, the rest train, both ascending and disjoint", () => {
    const f = randomHoldout(rows, 250, 7, label);
    expect(f.test.length).toBe(250);
    expect(f.train.length).toBe(750);
    expect(f.test.reduce((s, r) => s + label[r]!, 0)).toBe(25);
    const all = [...f.train, ...f.test].sort((a, b) => a - b);
    expect(all).toEqual([...rows]);
    for (const part of [f.train, f.test]) for (let i = 1; i < part.length; i++) expect(part[i]!).toBeGreaterThan(part[i - 1]!);
    expect(f.trainMonths).toEqual(NO_MONTHS);
  });

  it("is deterministic in the seed and changes with it", () => {
    expect(randomHoldout(rows, 100, 3, label).test).toEqual(randomHoldout(rows, 100, 3, label).test);
    expect(randomHoldout(rows, 100, 3, label).test).not.toEqual(randomHoldout(rows, 100, 4, label).test);
  });

  it("rejects a test size outside [1, n − 1]", () => {
    expect(() => randomHoldout(rows, 0, 1, label)).toThrow(/testSize must be an integer in \[1, 999\], got 0/);
    expect(() => randomHoldout(rows, 1000, 1, label)).toThrow(/got 1000/);
  });
});
