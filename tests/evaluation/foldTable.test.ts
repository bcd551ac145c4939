import { describe, expect, it } from "vitest";
import { NO_MONTHS, type Fold } from "../../src/evaluation/fold.js";
import { foldTable } from "../../src/evaluation/foldTable.js";
import { groupKFold } from "../../src/evaluation/groupKFold.js";
import { timeSeriesSplits } from "../../src/evaluation/timeSeriesSplits.js";

// Ten months, two customers: row r is at month ⌊r/2⌋ and belongs to customer r mod 2; positives at rows 3, 9, 14, 17.
const period = Int16Array.from({ length: 20 }, (_, r) => Math.floor(r / 2));
const customer = Uint32Array.from({ length: 20 }, (_, r) => r % 2);
const rows = Uint32Array.from({ length: 20 }, (_, r) => r);
const label = new Uint8Array(20);
for (const r of [3, 9, 14, 17]) label[r] = 1;

describe("foldTable", () => {
  it("summarises time-split folds with their own months, counts and positive rates", () => {
    const folds = timeSeriesSplits(rows, period, { horizon: 1, gap: 1, folds: 2, testMonths: 2, minTrainMonths: 1, label });
    const table = foldTable(folds, label);
    expect(table).toEqual([
      {
        index: 0, trainMonths: [0, 4], testMonths: [6, 7], trainRows: 10, trainPositives: 2, trainPositiveRate: 0.2,
        testRows: 4, testPositives: 1, testPositiveRate: 0.25, droppedForCustomer: 0,
      },
      {
        index: 1, trainMonths: [0, 6], testMonths: [8, 9], trainRows: 14, trainPositives: 2, trainPositiveRate: 2 / 14,
        testRows: 4, testPositives: 1, testPositiveRate: 0.25, droppedForCustomer: 0,
      },
    ]);
    expect(JSON.parse(JSON.stringify(table))).toEqual(table);
  });

  it("reads the observed months of time-less folds from period, or reports null without it", () => {
    const folds = groupKFold(rows, customer, { folds: 2, seed: 3 });
    const withMonths = foldTable(folds, label, period);
    expect(withMonths.map((r) => [r.trainMonths, r.testMonths])).toEqual([
      [[0, 9], [0, 9]],
      [[0, 9], [0, 9]],
    ]);
    expect(withMonths.map((r) => r.trainRows + r.testRows)).toEqual([20, 20]);
    expect(withMonths.map((r) => r.trainPositives + r.testPositives)).toEqual([4, 4]);
    // Customer 1 holds rows 3, 9, 17; customer 0 holds row 14.
    expect(withMonths.map((r) => r.testPositives).sort()).toEqual([1, 3]);
    expect(foldTable(folds, label).map((r) => [r.trainMonths, r.testMonths])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it("reports null rates for an empty side, and quotes bad input", () => {
    const empty: Fold = { index: 4, train: new Uint32Array(0), test: Uint32Array.of(1, 3), trainMonths: NO_MONTHS, testMonths: NO_MONTHS, droppedForCustomer: 0 };
    expect(foldTable([empty], label, period)[0]).toMatchObject({ trainMonths: null, testMonths: [0, 1], trainPositiveRate: null, testPositiveRate: 0.5 });
    expect(() => foldTable([], label)).toThrow("foldTable: folds is empty");
    expect(() => foldTable([{ ...empty, test: Uint32Array.of(20) }], label)).toThrow("foldTable: fold 4 test[0] = 20 is out of range for label of length 20");
    expect(() => foldTable([empty], Uint8Array.of(0, 2, 0, 0))).toThrow("foldTable: label[1] = 2 is not 0 or 1");
  });
});
