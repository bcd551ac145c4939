import { describe, expect, it } from "vitest";
import { matrixFromRows } from "../../src/models/matrix.js";
import { SegmentBaseline, loadSegmentBaseline } from "../../src/models/segmentBaseline.js";

/**
 * Literal table: columns [contract, internet, monthlyCharge]; segments on (contract, internet):
 *   (0, 1): y = 1, 1, 0, 0 → 2/4      (0, 0.5): y = 1, 0, 0 → 1/3
 *   (1, 1): y = 0, 0       → 0/2      (2, 0.5): y = 1       → 1/1
 * n = 10, 4 positives → global rate 2/5. Internet uses 0.5 to show non-integer categories work.
 */
const rows = [
  [0, 1, 20.5],
  [0, 0.5, 31],
  [0, 1, 44],
  [1, 1, 18],
  [0, 1, 70.25],
  [0, 0.5, 19],
  [2, 0.5, 99],
  [0, 1, 50],
  [1, 1, 25],
  [0, 0.5, 60],
];
const y = Uint8Array.from([1, 1, 1, 0, 0, 0, 1, 0, 0, 0]);
const X = matrixFromRows(rows);
/** Query rows: the four segments, an unseen combination (1, 0.5) and an unseen value (contract 7). */
const Q = matrixFromRows([
  [0, 1, 0],
  [0, 0.5, 0],
  [1, 1, 0],
  [2, 0.5, 0],
  [1, 0.5, 0],
  [7, 1, 0],
]);

describe("SegmentBaseline", () => {
  it("predicts the raw segment churn rates with smoothing 0, and the global rate for unseen segments", () => {
    const m = new SegmentBaseline({ columns: [0, 1], smoothing: 0 }).fit(X, y);
    expect(m.globalRate).toBe(0.4);
    expect(Array.from(m.predictProba(Q))).toEqual([0.5, 1 / 3, 0, 1, 0.4, 0.4]);
    expect(m.segments).toEqual([
      { values: [0, 1], weight: 4, positives: 2, rate: 0.5 },
      { values: [0, 0.5], weight: 3, positives: 1, rate: 1 / 3 },
      { values: [1, 1], weight: 2, positives: 0, rate: 0 },
      { values: [2, 0.5], weight: 1, positives: 1, rate: 1 },
    ]);
  });

  it("shrinks toward the global rate with pseudo-count m: (pos + m·g) / (n + m)", () => {
    // m = 2, g = 0.4: (2+0.8)/(4+2) = 7/15, (1+0.8)/(3+2) = 9/25, (0+0.8)/(2+2) = 1/5, (1+0.8)/(1+2) = 3/5.
    const p = new SegmentBaseline({ columns: [0, 1], smoothing: 2 }).fit(X, y).predictProba(Q);
    const expected = [7 / 15, 9 / 25, 1 / 5, 3 / 5, 2 / 5, 2 / 5];
    for (let i = 0; i < expected.length; i++) expect(p[i]).toBeCloseTo(expected[i]!, 15);
  });

  it("uses sample weights in the segment counts and in the global rate", () => {
    // Row 0 (segment (0, 1), y = 1) gets weight 3: segment (0, 1) has weight 6 with 4 positive;
    // global = 6 / 12 = 1/2. With m = 2: (4 + 2·1/2) / (6 + 2) = 5/8; segment (1, 1): (0 + 1) / (2 + 2) = 1/4.
    const w = new Float64Array(10).fill(1);
    w[0] = 3;
    const m = new SegmentBaseline({ columns: [0, 1], smoothing: 2 }).fit(X, y, w);
    expect(m.globalRate).toBe(0.5);
    const p = m.predictProba(Q);
    expect(p[0]).toBeCloseTo(5 / 8, 15);
    expect(p[2]).toBeCloseTo(1 / 4, 15);
    expect(p[4]).toBe(0.5);
  });

  it("segments on a single column and on no column (global-rate model)", () => {
    // contract only: 0 → 3/7, 1 → 0/2, 2 → 1/1.
    const one = new SegmentBaseline({ columns: [0], smoothing: 0 }).fit(X, y).predictProba(Q);
    expect(Array.from(one)).toEqual([3 / 7, 3 / 7, 0, 1, 0, 0.4]);
    const none = new SegmentBaseline({ columns: [], smoothing: 5 }).fit(X, y).predictProba(Q);
    expect(Array.from(none)).toEqual([0.4, 0.4, 0.4, 0.4, 0.4, 0.4]);
  });

  it("round-trips through JSON text with identical predictions and does not mutate inputs", () => {
    const xBefore = X.data.slice();
    const m = new SegmentBaseline({ columns: [1, 0], smoothing: 1.5 }).fit(X, y);
    expect(X.data).toEqual(xBefore);
    const text = JSON.stringify(m.toJSON());
    const back = loadSegmentBaseline(JSON.parse(text));
    expect(back.predictProba(Q)).toEqual(m.predictProba(Q));
    expect(back.predictProba(X)).toEqual(m.predictProba(X));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.segments).toEqual(m.segments);
    const unfitted = loadSegmentBaseline(JSON.parse(JSON.stringify(new SegmentBaseline({ columns: [0], smoothing: 0 }).toJSON())));
    expect(unfitted.isFitted).toBe(false);
  });

  it("throws on bad options, quoting the value", () => {
    const fit = (columns: number[], smoothing: number) => () => new SegmentBaseline({ columns, smoothing }).fit(X, y);
    expect(fit([0, 3], 0)).toThrow(/columns contains 3, but X has only 3 columns/);
    expect(fit([0, -1], 0)).toThrow(/integers >= 0, got \[0,-1\]/);
    expect(fit([0, 1.5], 0)).toThrow(/got \[0,1.5\]/);
    expect(fit([1, 1], 0)).toThrow(/repeats column 1/);
    expect(fit([0], -1)).toThrow(/smoothing must be a finite number >= 0, got -1/);
    expect(fit([0], Number.NaN)).toThrow(/got NaN/);
  });

  it("throws on bad data and when used before fit", () => {
    const m = new SegmentBaseline({ columns: [0], smoothing: 0 });
    expect(() => m.predictProba(Q)).toThrow(/not fitted/);
    expect(() => m.fit(X, new Uint8Array(10))).toThrow(/only class 0/);
    expect(() => m.fit(X, y.subarray(0, 9))).toThrow(/y.length=9/);
    const w = new Float64Array(10).fill(1);
    w[4] = -1;
    expect(() => m.fit(X, y, w)).toThrow(/sampleWeight\[4\] = -1/);
    const zeroPos = Float64Array.from(y, (v) => (v === 1 ? 0 : 1));
    expect(() => m.fit(X, y, zeroPos)).toThrow(/0 \(class 1\)/);
    m.fit(X, y);
    expect(() => m.predictProba(matrixFromRows([[0, 1]]))).toThrow(/X has 2 columns, model was fitted on 3/);
    expect(() => loadSegmentBaseline({ kind: "RandomForest" })).toThrow(/kind must be "SegmentBaseline"/);
  });
});
