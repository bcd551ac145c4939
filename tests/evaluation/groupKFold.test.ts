import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { telcoToHistory } from "../../src/data/telcoHistory.js";
import { ImpossibleSplitError, NO_MONTHS, type Fold } from "../../src/evaluation/fold.js";
import { groupKFold } from "../../src/evaluation/groupKFold.js";
import { readTelcoFile } from "../../src/io/readTelco.js";
import { buildPanel } from "../../src/panel/panel.js";
import { testConfig } from "../helpers/config.js";
import { telcoCsvAvailable, telcoCsvPath } from "../helpers/telcoPath.js";

/**
 * Checks the grouped K-fold contract and returns per fold [groups tested, positive groups tested]:
 * every candidate row tested exactly once, no group on both sides of a fold, train = the complement.
 */
function checkGrouped(folds: Fold[], rows: Uint32Array, group: Uint32Array, label?: Uint8Array): [number, number][] {
  let maxRow = 0;
  let maxGroup = 0;
  for (const r of rows) {
    maxRow = Math.max(maxRow, r);
    maxGroup = Math.max(maxGroup, group[r]!);
  }
  const tested = new Uint32Array(maxRow + 1);
  const positiveGroup = new Uint8Array(maxGroup + 1);
  if (label) for (const r of rows) if (label[r] === 1) positiveGroup[group[r]!] = 1;
  const side = new Uint8Array(maxGroup + 1);
  const out: [number, number][] = [];
  for (const fold of folds) {
    expect(fold.train.length + fold.test.length).toBe(rows.length);
    expect(fold).toMatchObject({ trainMonths: NO_MONTHS, testMonths: NO_MONTHS, droppedForCustomer: 0 });
    side.fill(0);
    let groups = 0;
    let positives = 0;
    for (const r of fold.test) {
      tested[r]++;
      if (side[group[r]!] === 0) {
        groups++;
        positives += positiveGroup[group[r]!]!;
      }
      side[group[r]!] = 1;
    }
    let onBothSides = 0;
    let notAscending = 0;
    for (const r of fold.train) onBothSides += side[group[r]!]!;
    for (let i = 1; i < fold.train.length; i++) if (fold.train[i]! <= fold.train[i - 1]!) notAscending++;
    for (let i = 1; i < fold.test.length; i++) if (fold.test[i]! <= fold.test[i - 1]!) notAscending++;
    expect({ onBothSides, notAscending }).toEqual({ onBothSides: 0, notAscending: 0 });
    out.push([groups, positives]);
  }
  let testedOnce = 0;
  for (const r of rows) if (tested[r] === 1) testedOnce++;
  expect(testedOnce).toBe(rows.length);
  return out;
}

const spread = (xs: number[]): number => Math.max(...xs) - Math.min(...xs);

describe("groupKFold on literal groups", () => {
  // Groups 7, 7 | 3, 3, 3 | 9 | 1, 1 | 5 | 2 (six groups, ids not dense); row 4 is not a candidate.
  const group = Uint32Array.of(7, 7, 3, 3, 3, 9, 1, 1, 5, 2);
  const rows = Uint32Array.of(0, 1, 2, 3, 5, 6, 7, 8, 9);

  it("keeps each group on one side and tests every row once", () => {
    const folds = groupKFold(rows, group, { folds: 3, seed: 42 });
    expect(folds.map((f) => f.index)).toEqual([0, 1, 2]);
    // Six groups over three folds: two groups tested per fold.
    expect(checkGrouped(folds, rows, group).map(([g]) => g)).toEqual([2, 2, 2]);
    for (const f of folds) expect(Array.from(f.test)).not.toContain(4);
  });

  it("is deterministic for a seed and shuffles differently for another seed", () => {
    const a = groupKFold(rows, group, { folds: 3, seed: 42 });
    const b = groupKFold(rows, group, { folds: 3, seed: 42 });
    expect(a.map((f) => Array.from(f.test))).toEqual(b.map((f) => Array.from(f.test)));
    const tests = new Set<string>();
    for (let seed = 0; seed < 20; seed++) tests.add(JSON.stringify(groupKFold(rows, group, { folds: 3, seed }).map((f) => Array.from(f.test))));
    expect(tests.size).toBeGreaterThan(5);
  });

  it("stratifies on positive groups: a group is positive when any of its rows is", () => {
    // Positive rows 1 (group 7), 3 (group 3), 6 (group 1): three positive groups, one per fold for every seed.
    const label = Uint8Array.of(0, 1, 0, 1, 0, 0, 1, 0, 0, 0);
    for (let seed = 0; seed < 30; seed++) {
      const counts = checkGrouped(groupKFold(rows, group, { folds: 3, seed, label }), rows, group, label);
      expect(counts.map(([, p]) => p)).toEqual([1, 1, 1]);
    }
  });

  it("quotes offending values", () => {
    expect(() => groupKFold(rows, group, { folds: 7, seed: 1 })).toThrow("groupKFold: cannot have folds=7 greater than the number of groups=6");
    expect(() => groupKFold(rows, group, { folds: 1, seed: 1 })).toThrow("groupKFold: folds must be an integer >= 2, got folds=1");
    expect(() => groupKFold(rows, group, { folds: 2, seed: -3 })).toThrow("groupKFold: seed must be an integer in [0, 2^32 - 1], got seed=-3");
    expect(() => groupKFold(Uint32Array.of(2, 2), group, { folds: 2, seed: 1 })).toThrow("rows must be strictly ascending, got rows[1] = 2 after rows[0] = 2");
    expect(() => groupKFold(Uint32Array.of(0, 10), group, { folds: 2, seed: 1 })).toThrow("rows[1] = 10 is out of range for group of length 10");
    expect(() => groupKFold(rows, group, { folds: 2, seed: 1, label: Uint8Array.of(0, 3, 0, 0, 0, 0, 0, 0, 0, 0) })).toThrow("groupKFold: label[1] = 3 is not 0 or 1");
    const one = Uint8Array.of(0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    expect(() => groupKFold(rows, group, { folds: 2, seed: 1, label: one })).toThrow(ImpossibleSplitError);
    expect(() => groupKFold(rows, group, { folds: 2, seed: 1, label: one })).toThrow(
      "groupKFold: stratified folds=2 need at least 2 positive groups, got 1 of 6 groups, so some fold would test on no positive group",
    );
  });
});

describe("groupKFold by customer on the synthetic panel (1,500 customers, 36 months)", () => {
  const cfg = testConfig({ synthetic: { customers: 1500, months: 36 } });
  const history = generateSynthetic(cfg.synthetic, { seed: cfg.seed });
  const p = buildPanel(history, { horizon: 3 });
  const customer = history.months.customer;

  for (const folds of [2, 5, 7]) {
    it(`folds=${folds}: no customer on two sides, every row tested once, positive customers within ±1 per fold`, () => {
      const before = Array.from(p.labelled);
      const split = groupKFold(p.labelled, customer, { folds, seed: cfg.seed, label: p.label });
      const counts = checkGrouped(split, p.labelled, customer, p.label);
      expect(spread(counts.map(([, pos]) => pos))).toBeLessThanOrEqual(1);
      expect(spread(counts.map(([g]) => g))).toBeLessThanOrEqual(1);
      expect(Array.from(p.labelled)).toEqual(before);
      // Deterministic for the seed.
      const again = groupKFold(p.labelled, customer, { folds, seed: cfg.seed, label: p.label });
      expect(again.map((f) => Array.from(f.test))).toEqual(split.map((f) => Array.from(f.test)));
    });
  }

  it("unstratified, positive customers spread more than ±1 (the stratification is doing the work)", () => {
    const spreads: number[] = [];
    for (let seed = 0; seed < 5; seed++) {
      const counts = checkGrouped(groupKFold(p.labelled, customer, { folds: 5, seed }), p.labelled, customer, p.label);
      spreads.push(spread(counts.map(([, pos]) => pos)));
    }
    expect(Math.max(...spreads)).toBeGreaterThan(1);
  });
});

const real = telcoCsvAvailable();
describe.skipIf(!real)(`groupKFold on the real IBM Telco file${real ? "" : ` (skipped: not found at ${telcoCsvPath()}; set TELCO_CSV)`}`, () => {
  it("h = 1: 1,869 positive customers split 374/374/374/374/373 over five folds", () => {
    const telco = telcoToHistory(readTelcoFile(telcoCsvPath()).table);
    const p = buildPanel(telco, { horizon: 1 });
    const folds = groupKFold(p.labelled, telco.months.customer, { folds: 5, seed: 20261121, label: p.label });
    const counts = checkGrouped(folds, p.labelled, telco.months.customer, p.label);
    expect(counts.map(([, pos]) => pos)).toEqual([374, 374, 374, 374, 373]);
    // Every customer with a labelled row is tested once: all but the 11 at tenure 0 and the 233 staying at tenure 1 (only a censored row at E).
    expect(counts.reduce((a, [g]) => a + g, 0)).toBe(7043 - 11 - 233);
  });
});
