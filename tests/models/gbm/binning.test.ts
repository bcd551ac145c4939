import { describe, expect, it } from "vitest";
import { binColumns, fitBinMapper } from "../../../src/models/gbm/binning.js";
import { matrixFromRows } from "../../../src/models/matrix.js";
import { Rng } from "../../../src/util/rng.js";

describe("fitBinMapper", () => {
  it("uses midpoints between distinct values when there are at most maxBins of them", () => {
    const X = matrixFromRows([[3, 1], [1, 1], [2, Number.NaN], [3, 1], [1, 1]]);
    const m = fitBinMapper(X, { maxBins: 4, seed: 0 });
    expect(Array.from(m.edges[0]!)).toEqual([1.5, 2.5]);
    expect(m.nBins[0]).toBe(3);
    // A constant column (NaN aside) has one bin and no edges.
    expect(Array.from(m.edges[1]!)).toEqual([]);
    expect(m.nBins[1]).toBe(1);
  });

  it("uses midpoint quantiles at k / maxBins otherwise, duplicates removed", () => {
    // 0 … 9: positions k·9/4 = 2.25, 4.5, 6.75 → midpoints (2+3)/2, (4+5)/2, (6+7)/2.
    const X = matrixFromRows(Array.from({ length: 10 }, (_, i) => [9 - i]));
    expect(Array.from(fitBinMapper(X, { maxBins: 4, seed: 0 }).edges[0]!)).toEqual([2.5, 4.5, 6.5]);
    // Heavy ties collapse quantiles: six 0s and 1, 2, 3, 4 with maxBins 2 → median position 4.5 → (0 + 0)/2.
    const T = matrixFromRows([0, 0, 0, 0, 0, 0, 1, 2, 3, 4].map((v) => [v]));
    expect(Array.from(fitBinMapper(T, { maxBins: 2, seed: 0 }).edges[0]!)).toEqual([0]);
  });

  it("sorts negatives, −0 and extreme magnitudes correctly (the radix sort against Array.prototype.sort)", () => {
    const rng = new Rng(3);
    const values = Array.from({ length: 3000 }, (_, i) => {
      const k = i % 5;
      if (k === 0) return rng.normal() * 1e-300;
      if (k === 1) return rng.bernoulli(0.5) ? -0 : 0;
      if (k === 2) return -Math.exp(10 * rng.normal());
      if (k === 3) return rng.normal() * 1e300;
      return Math.round(rng.normal() * 1000) / 8;
    });
    const X = matrixFromRows(values.map((v) => [v]));
    const edges = Array.from(fitBinMapper(X, { maxBins: 255, seed: 0 }).edges[0]!);
    const sorted = [...values].sort((a, b) => a - b);
    const expected: number[] = [];
    for (let k = 1; k < 255; k++) {
      const pos = (k * (sorted.length - 1)) / 255;
      const e = (sorted[Math.floor(pos)]! + sorted[Math.ceil(pos)]!) / 2;
      if (expected.length === 0 || e > expected[expected.length - 1]!) expected.push(e);
    }
    // −0 and +0 are the same threshold (x ≤ −0 ⇔ x ≤ 0); which one an edge holds depends on tie order.
    expect(edges.map((e) => e + 0)).toEqual(expected.map((e) => e + 0));
  });

  it("places the edges from a seeded row sample when sampleRows < n (deterministic)", () => {
    const rng = new Rng(4);
    const X = matrixFromRows(Array.from({ length: 2000 }, () => [rng.normal()]));
    const a = fitBinMapper(X, { maxBins: 16, sampleRows: 500, seed: 7 });
    const b = fitBinMapper(X, { maxBins: 16, sampleRows: 500, seed: 7 });
    const c = fitBinMapper(X, { maxBins: 16, sampleRows: 500, seed: 8 });
    expect(Array.from(a.edges[0]!)).toEqual(Array.from(b.edges[0]!));
    expect(Array.from(a.edges[0]!)).not.toEqual(Array.from(c.edges[0]!));
  });
});

describe("binColumns", () => {
  it("codes each value as the number of edges below it, NaN as the missing code, column-major", () => {
    const X = matrixFromRows([[1.5, 0], [0, 7], [Number.NaN, 1], [2.6, 1]]);
    const mapper = { edges: [Float64Array.from([1.5, 2.5]), Float64Array.from([0.5])], nBins: Uint16Array.from([3, 2]) };
    // Feature 0: 1.5 → 0 (x ≤ edge 0), 0 → 0, NaN → 3, 2.6 → 2. Feature 1: 0 → 0, 7 → 1, 1 → 1, 1 → 1.
    expect(Array.from(binColumns(X, mapper))).toEqual([0, 0, 3, 2, 0, 1, 1, 1]);
  });

  it("agrees with a plain search on random data and never mutates X", () => {
    const rng = new Rng(5);
    const rows = Array.from({ length: 700 }, () => [rng.normal(), rng.int(3), rng.uniform() < 0.2 ? Number.NaN : rng.normal() * 100]);
    const X = matrixFromRows(rows);
    const before = Array.from(X.data);
    const mapper = fitBinMapper(Object.freeze({ ...X }), { maxBins: 20, seed: 1 });
    const codes = binColumns(Object.freeze({ ...X }), mapper);
    for (let f = 0; f < 3; f++) {
      for (let i = 0; i < 700; i++) {
        const v = rows[i]![f]!;
        const want = Number.isNaN(v) ? mapper.nBins[f]! : mapper.edges[f]!.filter((e) => e < v).length;
        expect(codes[f * 700 + i]).toBe(want);
      }
    }
    expect(Array.from(X.data)).toEqual(before);
  });

  it("throws on a column-count mismatch or a wrong output size", () => {
    const mapper = { edges: [new Float64Array(0)], nBins: Uint16Array.from([1]) };
    expect(() => binColumns(matrixFromRows([[1, 2]]), mapper)).toThrow(/X has 2 columns, the bin mapper 1/);
    expect(() => binColumns(matrixFromRows([[1]]), mapper, new Uint8Array(3))).toThrow(/out has length 3, need rows\*cols=1/);
  });
});
