import { describe, expect, it } from "vitest";
import { HistogramWorkspace, histogramLayout, subtractHistogram } from "../../../src/models/gbm/histogram.js";
import { Rng } from "../../../src/util/rng.js";

/** A workspace over n random rows: feature f has nBins[f] bins, ~10 % missing codes; random (g, h ≥ 0). */
function randomWorkspace(seed: number, n: number, nBins: number[]): HistogramWorkspace {
  const rng = new Rng(seed);
  const ws = new HistogramWorkspace(n, Uint16Array.from(nBins), 4);
  nBins.forEach((k, f) => {
    for (let i = 0; i < n; i++) ws.bins[f * n + i] = rng.uniform() < 0.1 ? k : rng.int(k);
  });
  ws.finishBins();
  for (let i = 0; i < n; i++) {
    ws.gradHess[2 * i] = rng.normal();
    ws.gradHess[2 * i + 1] = rng.uniform();
  }
  return ws;
}

/** The histogram computed the obvious way, for rows `rows`. */
function naive(ws: HistogramWorkspace, rows: ArrayLike<number>, features: number[]): Float64Array {
  const { offset } = ws.layout;
  const out = new Float64Array(3 * offset[offset.length - 1]!);
  for (const f of features) {
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      const s = offset[f]! + ws.bins[f * ws.n + r]!;
      out[3 * s]! += ws.gradHess[2 * r]!;
      out[3 * s + 1]! += ws.gradHess[2 * r + 1]!;
      out[3 * s + 2]! += 1;
    }
  }
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("histogramLayout", () => {
  it("gives each feature its bins plus a missing slot", () => {
    expect(Array.from(histogramLayout(Uint16Array.from([3, 1, 255])).offset)).toEqual([0, 4, 6, 262]);
  });
});

describe("HistogramWorkspace.build", () => {
  const n = 3000;
  const nBins = [2, 5, 255, 17, 1];
  const all = [0, 1, 2, 3, 4];

  it("matches the naive sums for all rows (identity), a dense subset (column kernel) and a sparse one (row-major kernel)", () => {
    const ws = randomWorkspace(1, n, nBins);
    for (let i = 0; i < n; i++) ws.rows[i] = i;
    ws.build(0, Int32Array.from(all), 5, 0, n, true);
    expect(maxAbsDiff(ws.histograms[0]!, naive(ws, ws.rows, all))).toBeLessThanOrEqual(1e-9);
    for (const every of [2, 97]) {
      const rows = Array.from({ length: Math.floor(n / every) }, (_, k) => k * every + (k % 3 === 0 ? 1 : 0));
      ws.rows.set(rows, 100);
      ws.build(1, Int32Array.from(all), 5, 100, 100 + rows.length, false);
      expect(maxAbsDiff(ws.histograms[1]!, naive(ws, rows, all))).toBeLessThanOrEqual(1e-9);
    }
  });

  it("fills only the requested features; subtraction gives the sibling's histogram with exact counts", () => {
    const ws = randomWorkspace(2, n, nBins);
    for (let i = 0; i < n; i++) ws.rows[i] = i;
    const features = Int32Array.from([1, 3]);
    ws.histograms[0]!.fill(7);
    ws.build(0, features, 2, 0, n, true);
    const { offset } = ws.layout;
    expect(ws.histograms[0]![3 * offset[0]!]).toBe(7); // feature 0 untouched
    // Split rows by parity of bin of feature 1: left = even codes.
    const left: number[] = [];
    const right: number[] = [];
    for (let i = 0; i < n; i++) (ws.bins[n + i]! % 2 === 0 ? left : right).push(i);
    ws.rows.set([...left, ...right]);
    ws.build(1, features, 2, 0, left.length, false);
    subtractHistogram(ws.histograms[0]!, ws.histograms[1]!, ws.layout, features, 2);
    const expected = naive(ws, right, [1, 3]);
    for (const f of [1, 3]) {
      for (let s = offset[f]!; s < offset[f + 1]!; s++) {
        expect(Math.abs(ws.histograms[0]![3 * s]! - expected[3 * s]!)).toBeLessThanOrEqual(1e-9);
        expect(ws.histograms[0]![3 * s + 2]).toBe(expected[3 * s + 2]);
      }
    }
  });

  it("marks the features that have missing codes in some row", () => {
    const ws = randomWorkspace(3, 500, [3, 4]);
    expect(Array.from(ws.hasMissing)).toEqual([1, 1]);
    const clean = new HistogramWorkspace(4, Uint16Array.from([2]), 2);
    clean.bins.set([0, 1, 1, 0]);
    clean.finishBins();
    expect(Array.from(clean.hasMissing)).toEqual([0]);
  });

  it("refuses an identity build that does not cover all rows", () => {
    const ws = randomWorkspace(4, 50, [3]);
    expect(() => ws.build(0, Int32Array.from([0]), 1, 0, 10, true)).toThrow(/must cover all 50 rows, got \[0, 10\)/);
  });
});

describe("HistogramWorkspace.partition", () => {
  it("is stable: left rows (code ≤ bin, or missing when missing goes left) first, both sides in order", () => {
    const ws = new HistogramWorkspace(8, Uint16Array.from([4]), 2);
    ws.bins.set([0, 3, 4, 1, 2, 4, 0, 3]); // code 4 = missing
    ws.finishBins();
    ws.rows.set([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(ws.partition(1, 8, 0, 1, false)).toBe(3);
    expect(Array.from(ws.rows)).toEqual([0, 3, 6, 1, 2, 4, 5, 7]);
    ws.rows.set([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(ws.partition(0, 8, 0, 1, true)).toBe(5);
    expect(Array.from(ws.rows)).toEqual([0, 2, 3, 5, 6, 1, 4, 7]);
  });
});
