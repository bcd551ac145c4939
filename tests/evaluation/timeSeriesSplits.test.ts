import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { telcoToHistory } from "../../src/data/telcoHistory.js";
import { ImpossibleSplitError, type Fold } from "../../src/evaluation/fold.js";
import { assertCalendarSplittable, timeSeriesSplits } from "../../src/evaluation/timeSeriesSplits.js";
import { readTelcoFile } from "../../src/io/readTelco.js";
import { buildPanel, type Panel } from "../../src/panel/panel.js";
import { testConfig } from "../helpers/config.js";
import { literalHistory } from "../helpers/history.js";
import { telcoCsvAvailable, telcoCsvPath } from "../helpers/telcoPath.js";

/** Ten months, two rows per month: row r is at month ⌊r/2⌋ and belongs to customer r mod 2. */
const period10 = Int16Array.from({ length: 20 }, (_, r) => Math.floor(r / 2));
const all20 = Uint32Array.from({ length: 20 }, (_, r) => r);
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe("timeSeriesSplits on literal months", () => {
  it("places expanding training sets before non-overlapping test windows that end at the last month", () => {
    const folds = timeSeriesSplits(all20, period10, { horizon: 1, gap: 0, folds: 2, testMonths: 2, minTrainMonths: 1 });
    expect(folds).toHaveLength(2);
    // Fold 0 tests months 6..7 and trains on t + 1 ≤ 6, i.e. months 0..5.
    expect(folds[0]).toMatchObject({ index: 0, trainMonths: [0, 5], testMonths: [6, 7], droppedForCustomer: 0 });
    expect(Array.from(folds[0]!.train)).toEqual(range(0, 11));
    expect(Array.from(folds[0]!.test)).toEqual(range(12, 15));
    expect(folds[1]).toMatchObject({ index: 1, trainMonths: [0, 7], testMonths: [8, 9] });
    expect(Array.from(folds[1]!.train)).toEqual(range(0, 15));
    expect(Array.from(folds[1]!.test)).toEqual(range(16, 19));
  });

  it("moves the training cut-off back by gap + horizon − 1 months", () => {
    // h = 2, gap = 3: fold 0 tests 6..7, trains on t + 2 ≤ 6 − 3 → t ≤ 1.
    const folds = timeSeriesSplits(all20, period10, { horizon: 2, gap: 3, folds: 2, testMonths: 2, minTrainMonths: 2 });
    expect(folds.map((f) => [f.trainMonths, f.testMonths])).toEqual([
      [[0, 1], [6, 7]],
      [[0, 3], [8, 9]],
    ]);
    expect(Array.from(folds[0]!.train)).toEqual(range(0, 3));
    // One month short: minTrainMonths = 3 needs 2·2 + 3 + 3 + 2 − 1 = 11 months, there are 10.
    expect(() => timeSeriesSplits(all20, period10, { horizon: 2, gap: 3, folds: 2, testMonths: 2, minTrainMonths: 3 })).toThrow(
      "timeSeriesSplits: too many folds=2 for 10 candidate months (0..9) with testMonths=2, minTrainMonths=3, gap=3, horizon=2: need at least 11 months",
    );
  });

  it("uses only the candidate rows, keeps their order and does not mutate its inputs", () => {
    const rows = Uint32Array.of(1, 4, 5, 9, 12, 13, 17, 18);
    const before = [Array.from(rows), Array.from(period10)];
    const folds = timeSeriesSplits(rows, period10, { horizon: 1, gap: 1, folds: 1, testMonths: 3, minTrainMonths: 2 });
    // Last candidate month 9 → test 7..9; train t + 1 ≤ 7 − 1 → t ≤ 5.
    expect(folds[0]).toMatchObject({ trainMonths: [0, 4], testMonths: [7, 9] });
    expect(Array.from(folds[0]!.train)).toEqual([1, 4, 5, 9]);
    expect(Array.from(folds[0]!.test)).toEqual([17, 18]);
    expect([Array.from(rows), Array.from(period10)]).toEqual(before);
  });

  it("drops the training rows of test customers with customersOnOneSide and counts them", () => {
    // Customer 0 has rows at every month; customer 1 only at months 0..4 (it left), customer 2 at months 5..9.
    const period = Int16Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    const customer = Uint32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2);
    const folds = timeSeriesSplits(all20, period, { horizon: 1, gap: 0, folds: 2, testMonths: 2, minTrainMonths: 1, customer, customersOnOneSide: true });
    // Fold 0 tests months 6..7 (customers 0 and 2); of the training months 0..5 only customer 1 stays.
    expect(folds[0]!.droppedForCustomer).toBe(7);
    expect(Array.from(folds[0]!.train)).toEqual([10, 11, 12, 13, 14]);
    expect(Array.from(folds[0]!.test)).toEqual([6, 7, 16, 17]);
    expect(folds[0]!.trainMonths).toEqual([0, 4]);
    expect(folds[1]!.droppedForCustomer).toBe(8 + 3);
    // Without the option the same fold trains on all 12 rows at months 0..5.
    const plain = timeSeriesSplits(all20, period, { horizon: 1, gap: 0, folds: 2, testMonths: 2, minTrainMonths: 1, customer });
    expect(plain[0]!.train).toHaveLength(12);
    expect(plain[0]!.droppedForCustomer).toBe(0);
  });

  it("customersOnOneSide looks at every test month, also when a customer's candidate rows have holes", () => {
    // Customer 3 has candidate rows at months 0, 1 and 9 only; customer 4 at 0, 1, 8, 9; customer 5 at 0, 1.
    const period = Int16Array.of(0, 1, 9, 0, 1, 8, 9, 0, 1);
    const customer = Uint32Array.of(3, 3, 3, 4, 4, 4, 4, 5, 5);
    const rows = Uint32Array.from({ length: 9 }, (_, r) => r);
    const [fold] = timeSeriesSplits(rows, period, { horizon: 1, gap: 0, folds: 1, testMonths: 2, minTrainMonths: 1, customer, customersOnOneSide: true });
    expect(fold).toMatchObject({ trainMonths: [0, 1], testMonths: [8, 9], droppedForCustomer: 4 });
    expect(Array.from(fold!.train)).toEqual([7, 8]);
    expect(Array.from(fold!.test)).toEqual([2, 5, 6]);
  });
});

describe("timeSeriesSplits errors quote the offending values", () => {
  const base = { horizon: 1, gap: 0, folds: 2, testMonths: 2, minTrainMonths: 1 };
  it("rejects bad options", () => {
    expect(() => timeSeriesSplits(all20, period10, { ...base, gap: -1 })).toThrow("timeSeriesSplits: gap must be an integer >= 0, got gap=-1");
    expect(() => timeSeriesSplits(all20, period10, { ...base, horizon: 0 })).toThrow("horizon must be an integer >= 1, got horizon=0");
    expect(() => timeSeriesSplits(all20, period10, { ...base, folds: 1.5 })).toThrow("got folds=1.5");
    expect(() => timeSeriesSplits(all20, period10, { ...base, testMonths: 0 })).toThrow("got testMonths=0");
    expect(() => timeSeriesSplits(all20, period10, { ...base, customersOnOneSide: true })).toThrow("customersOnOneSide=true needs the customer per row");
  });

  it("rejects bad rows", () => {
    expect(() => timeSeriesSplits(new Uint32Array(0), period10, base)).toThrow("timeSeriesSplits: rows is empty");
    expect(() => timeSeriesSplits(Uint32Array.of(0, 3, 1), period10, base)).toThrow("rows must be strictly ascending, got rows[2] = 1 after rows[1] = 3");
    expect(() => timeSeriesSplits(Uint32Array.of(0, 20), period10, base)).toThrow("rows[1] = 20 is out of range for period of length 20");
    expect(() => timeSeriesSplits(all20, period10, { ...base, customer: new Uint32Array(19) })).toThrow("out of range for customer of length 19");
  });

  it("refuses more windows than the candidate months hold", () => {
    expect(() => timeSeriesSplits(all20, period10, { ...base, folds: 5 })).toThrow(
      "timeSeriesSplits: too many folds=5 for 10 candidate months (0..9) with testMonths=2, minTrainMonths=1, gap=0, horizon=1: need at least 11 months",
    );
  });

  it("refuses empty test windows and folds with too few training months (months missing in the data)", () => {
    // Rows at months 0..3 and 6..9 only.
    const holes = Int16Array.of(0, 1, 2, 3, 6, 7, 8, 9);
    const rows = Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7);
    expect(() => timeSeriesSplits(rows, holes, { ...base, folds: 3 })).toThrow(
      "timeSeriesSplits: fold 0 (test months 4..5) has no test rows: no candidate row falls in months 4..5",
    );
    // Rows at months 0 and 5..9: fold 0 (test 6..7) trains on months 0 and 5 only.
    const sparse = Int16Array.of(0, 5, 6, 7, 8, 9);
    expect(() => timeSeriesSplits(Uint32Array.of(0, 1, 2, 3, 4, 5), sparse, { ...base, minTrainMonths: 3 })).toThrow(
      "timeSeriesSplits: fold 0 (test months 6..7) trains on 2 distinct months (0..5), fewer than minTrainMonths=3 (horizon=1, gap=0 allow training months up to 5)",
    );
    // customersOnOneSide can empty a training set: one customer throughout.
    expect(() =>
      timeSeriesSplits(Uint32Array.of(0, 1, 2, 3), Int16Array.of(0, 1, 2, 3), { ...base, folds: 1, customer: new Uint32Array(4), customersOnOneSide: true }),
    ).toThrow("timeSeriesSplits: fold 0 (test months 2..3) has no training rows (horizon=1, gap=0 allow training months up to 1; all 2 were dropped by customersOnOneSide)");
  });
});

/**
 * Invariants every calendar split must satisfy, checked row by row against `period`. Violations are
 * counted per kind and compared with zero once, so a failure names the broken invariant.
 */
function checkInvariants(folds: Fold[], rows: Uint32Array, period: Int16Array, o: { horizon: number; gap: number; testMonths: number }): void {
  let lastMonth = -Infinity;
  for (const r of rows) lastMonth = Math.max(lastMonth, period[r]!);
  expect(folds[folds.length - 1]!.testMonths[1]).toBe(lastMonth);
  const seen = new Uint8Array(period.length);
  folds.forEach((fold, k) => {
    const [s, e] = fold.testMonths;
    const bad = { labelAfterCutoff: 0, testOutsideWindow: 0, notAscending: 0, onBothSides: 0, missingFromPrevious: 0 };
    expect(fold.index).toBe(k);
    expect(e - s + 1).toBe(o.testMonths);
    if (k > 0) expect(s).toBe(folds[k - 1]!.testMonths[1] + 1);
    // The acceptance criterion: no training label after the test start minus the gap ...
    let latestLabelEnd = -Infinity;
    for (const r of fold.train) {
      const end = period[r]! + o.horizon;
      if (end > s - o.gap) bad.labelAfterCutoff++;
      latestLabelEnd = Math.max(latestLabelEnd, end);
    }
    // ... and the cut-off is tight: the latest training label window ends exactly there.
    expect(latestLabelEnd).toBe(s - o.gap);
    expect(fold.trainMonths[1]).toBe(s - o.gap - o.horizon);
    for (const r of fold.test) if (period[r]! < s || period[r]! > e) bad.testOutsideWindow++;
    for (let i = 1; i < fold.train.length; i++) if (fold.train[i]! <= fold.train[i - 1]!) bad.notAscending++;
    for (let i = 1; i < fold.test.length; i++) if (fold.test[i]! <= fold.test[i - 1]!) bad.notAscending++;
    seen.fill(0);
    for (const r of fold.train) seen[r] = 1;
    for (const r of fold.test) bad.onBothSides += seen[r]!;
    // Expanding: each training set contains the previous one.
    if (k > 0) {
      const prev = folds[k - 1]!;
      expect(fold.train.length).toBeGreaterThan(prev.train.length);
      for (const r of prev.train) if (seen[r] !== 1) bad.missingFromPrevious++;
    }
    expect(bad).toEqual({ labelAfterCutoff: 0, testOutsideWindow: 0, notAscending: 0, onBothSides: 0, missingFromPrevious: 0 });
    // Test = every candidate in the window; train = every candidate up to the cut-off.
    let inWindow = 0;
    let beforeCutoff = 0;
    for (const r of rows) {
      if (period[r]! >= s && period[r]! <= e) inWindow++;
      if (period[r]! + o.horizon <= s - o.gap) beforeCutoff++;
    }
    expect(fold.test.length).toBe(inWindow);
    expect(fold.train.length).toBe(beforeCutoff);
  });
}

describe("timeSeriesSplits on the synthetic panel (1,500 customers, 36 months)", () => {
  const cfg = testConfig({ synthetic: { customers: 1500, months: 36 } });
  const history = generateSynthetic(cfg.synthetic, { seed: cfg.seed });
  const panels = new Map<number, Panel>();
  const panel = (h: number): Panel => {
    if (!panels.has(h)) panels.set(h, buildPanel(history, { horizon: h }));
    return panels.get(h)!;
  };
  const settings = [
    { horizon: 1, gap: 0, folds: 4, testMonths: 6 },
    { horizon: 1, gap: 2, folds: 5, testMonths: 3 },
    { horizon: 3, gap: 0, folds: 3, testMonths: 6 },
    { horizon: 3, gap: 3, folds: 6, testMonths: 2 },
    { horizon: 6, gap: 1, folds: 2, testMonths: 4 },
    { horizon: 2, gap: 5, folds: 8, testMonths: 1 },
  ];

  for (const o of settings) {
    it(`h=${o.horizon} gap=${o.gap} folds=${o.folds} testMonths=${o.testMonths}: no training label after test start − gap, disjoint, ascending windows, expanding`, () => {
      const p = panel(o.horizon);
      const folds = timeSeriesSplits(p.labelled, history.months.period, { ...o, minTrainMonths: 3, label: p.label });
      expect(folds).toHaveLength(o.folds);
      checkInvariants(folds, p.labelled, history.months.period, o);
      // The last window ends at the last labelled month, 36 − 1 − h.
      expect(folds[o.folds - 1]!.testMonths[1]).toBe(35 - o.horizon);
    });
  }

  it("customersOnOneSide: no customer on both sides, and the drop count is exact", () => {
    const p = panel(1);
    const { customer, period } = history.months;
    const o = { horizon: 1, gap: 0, folds: 4, testMonths: 6, minTrainMonths: 3 };
    const plain = timeSeriesSplits(p.labelled, period, o);
    const folds = timeSeriesSplits(p.labelled, period, { ...o, customer, customersOnOneSide: true });
    const inTest = new Uint8Array(history.customers.count);
    folds.forEach((fold, k) => {
      inTest.fill(0);
      for (const r of fold.test) inTest[customer[r]!] = 1;
      let onBothSides = 0;
      for (const r of fold.train) onBothSides += inTest[customer[r]!]!;
      expect(onBothSides).toBe(0);
      expect(Array.from(fold.test)).toEqual(Array.from(plain[k]!.test));
      let expected = 0;
      for (const r of plain[k]!.train) expected += inTest[customer[r]!]!;
      expect(fold.droppedForCustomer).toBe(expected);
      expect(fold.train.length + fold.droppedForCustomer).toBe(plain[k]!.train.length);
      // The rows left are those of customers who are gone by the test window, so nearly all are dropped.
      expect(fold.droppedForCustomer).toBeGreaterThan(fold.train.length);
    });
    // Exact counts for this seed (regression guard on the panel, the split and the drop rule together).
    expect(folds.map((f) => [f.train.length, f.droppedForCustomer])).toEqual([
      [832, 15560],
      [2086, 23190],
      [3459, 30549],
      [5018, 37809],
    ]);
  });
});

describe("refusal of calendar splits whose positives all sit in one month (the Telco reconstruction)", () => {
  // Months 0..6; A, B, C churn during month 6, so at h = 1 their only positive rows are at month 5. D and E stay.
  const history = literalHistory(7, [
    { id: "A", start: -2, churn: 6 },
    { id: "B", start: 1, churn: 6 },
    { id: "C", start: 3, churn: 6 },
    { id: "D", start: -5 },
    { id: "E", start: 2 },
  ]);
  const p = buildPanel(history, { horizon: 1 });
  const period = history.months.period;
  const o = { horizon: 1, gap: 0, folds: 2, testMonths: 1, minTrainMonths: 1 };

  it("throws an ImpossibleSplitError that says where the positives are and what to use instead", () => {
    expect(p.counts.positives).toBe(3);
    const expected =
      "time-aware split impossible: all 3 positives fall in calendar month 5, so fold 0 (test months 4..4) trains on 0 positives; use groupKFold (by customer) for this source";
    expect(() => timeSeriesSplits(p.labelled, period, { ...o, label: p.label })).toThrow(expected);
    expect(() => timeSeriesSplits(p.labelled, period, { ...o, label: p.label })).toThrow(ImpossibleSplitError);
    // The same folds pass without labels; the separate check refuses them with the same message.
    const folds = timeSeriesSplits(p.labelled, period, o);
    expect(() => assertCalendarSplittable(p.label, period, p.labelled, folds)).toThrow(expected);
    // A single fold: trains on months 0..4, tests on month 5 → still no training positive.
    expect(() => timeSeriesSplits(p.labelled, period, { ...o, folds: 1, label: p.label })).toThrow("so fold 0 (test months 5..5) trains on 0 positives");
  });

  it("names the test side, and suggests other fold settings, when positives span several months", () => {
    // Positives at months 1 and 5: fold 0 (test 2..3) trains on the month-1 positive but tests on none.
    const label = new Uint8Array(12);
    const per = Int16Array.of(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5);
    label[1] = 1;
    label[11] = 1;
    const rows = Uint32Array.from({ length: 12 }, (_, r) => r);
    expect(() => timeSeriesSplits(rows, per, { ...o, testMonths: 2, label })).toThrow(
      "time-aware split impossible: the 2 positives fall in 2 calendar months between 1 and 5, so fold 0 (test months 2..3) tests on 0 positives; use fewer folds or longer test windows, or groupKFold (by customer) for a cross-sectional check",
    );
    expect(timeSeriesSplits(rows, per, { ...o, folds: 1, testMonths: 2, label })).toHaveLength(1);
    expect(() => timeSeriesSplits(rows, per, { ...o, label: new Uint8Array(12) })).toThrow("the 12 candidate rows hold no positives");
    label[3] = 2;
    expect(() => timeSeriesSplits(rows, per, { ...o, label })).toThrow("assertCalendarSplittable: label[3] = 2 is not 0 or 1");
  });

  const real = telcoCsvAvailable();
  describe.skipIf(!real)(`on the real IBM Telco file${real ? "" : ` (skipped: not found at ${telcoCsvPath()}; set TELCO_CSV)`}`, () => {
    const telco = real ? telcoToHistory(readTelcoFile(telcoCsvPath()).table) : undefined;

    it("h = 1: all 1,869 positives fall in month 71, so every fold trains on none", () => {
      const tp = buildPanel(telco!, { horizon: 1 });
      const opts = { horizon: 1, gap: 0, folds: 5, testMonths: 6, minTrainMonths: 12, label: tp.label };
      expect(() => timeSeriesSplits(tp.labelled, telco!.months.period, opts)).toThrow(
        "time-aware split impossible: all 1,869 positives fall in calendar month 71, so fold 0 (test months 42..47) trains on 0 positives; use groupKFold (by customer) for this source",
      );
    });

    it("h = 3: all 1,366 positives fall in month 69", () => {
      const tp = buildPanel(telco!, { horizon: 3 });
      const opts = { horizon: 3, gap: 3, folds: 1, testMonths: 12, minTrainMonths: 12, label: tp.label };
      expect(() => timeSeriesSplits(tp.labelled, telco!.months.period, opts)).toThrow(
        "all 1,366 positives fall in calendar month 69, so fold 0 (test months 58..69) trains on 0 positives",
      );
    });
  });
});
