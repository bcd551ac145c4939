import { describe, expect, it } from "vitest";
import { balancedClassWeights, balancedSample, priorCorrection } from "../../src/models/imbalance.js";

/** 100 labels: rows 0, 5, 10, …, 95 are positive (20 positives, 80 negatives). */
function labels100(): Uint8Array {
  const y = new Uint8Array(100);
  for (let i = 0; i < 100; i += 5) y[i] = 1;
  return y;
}

describe("balancedSample", () => {
  it("keeps every positive plus round(ratio · n1) distinct negatives, sorted ascending", () => {
    const y = labels100();
    const before = y.slice();
    const idx = balancedSample(y, { ratio: 1.5, seed: 11 });
    expect(y).toEqual(before); // input not mutated
    expect(idx).toBeInstanceOf(Uint32Array);
    expect(idx.length).toBe(20 + 30);
    for (let k = 1; k < idx.length; k++) expect(idx[k]!).toBeGreaterThan(idx[k - 1]!);
    let pos = 0;
    for (const i of idx) pos += y[i]!;
    expect(pos).toBe(20);
    for (let i = 0; i < 100; i += 5) expect(idx.includes(i)).toBe(true);
  });

  it("caps the negatives at n0 (ratio larger than available)", () => {
    const y = Uint8Array.from([0, 1, 0, 0, 1]);
    expect(Array.from(balancedSample(y, { ratio: 10, seed: 1 }))).toEqual([0, 1, 2, 3, 4]);
  });

  it("rounds ratio · n1 to the nearest integer (0.3 · 5 = 1.5 → 2; 0.25 · 5 = 1.25 → 1)", () => {
    const y = Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(balancedSample(y, { ratio: 0.3, seed: 3 }).length).toBe(7);
    expect(balancedSample(y, { ratio: 0.25, seed: 3 }).length).toBe(6);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const y = labels100();
    const a = balancedSample(y, { ratio: 1, seed: 42 });
    const b = balancedSample(y, { ratio: 1, seed: 42 });
    const c = balancedSample(y, { ratio: 1, seed: 43 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it("picks each negative with probability k / n0 (4000 seeds, 2 of 8 negatives: expected 1000 each, ±5 sd)", () => {
    const y = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    const counts = new Array<number>(10).fill(0);
    const seeds = 4000;
    for (let s = 0; s < seeds; s++) for (const i of balancedSample(y, { ratio: 1, seed: s })) counts[i]!++;
    expect(counts[0]).toBe(seeds);
    expect(counts[4]).toBe(seeds);
    const sd = Math.sqrt(seeds * 0.25 * 0.75);
    for (const i of [1, 2, 3, 5, 6, 7, 8, 9]) expect(Math.abs(counts[i]! - 1000)).toBeLessThan(5 * sd);
  });

  it("throws on no positives, empty input, bad labels and bad options, quoting the value", () => {
    expect(() => balancedSample(Uint8Array.from([0, 0, 0]), { ratio: 1, seed: 1 })).toThrow(/no positives \(all 3 rows are 0\)/);
    expect(() => balancedSample(new Uint8Array(0), { ratio: 1, seed: 1 })).toThrow(/empty/);
    expect(() => balancedSample(Uint8Array.from([0, 2]), { ratio: 1, seed: 1 })).toThrow(/y\[1\] = 2/);
    expect(() => balancedSample(labels100(), { ratio: 0, seed: 1 })).toThrow(/ratio must be a finite number > 0, got 0/);
    expect(() => balancedSample(labels100(), { ratio: Number.POSITIVE_INFINITY, seed: 1 })).toThrow(/got Infinity/);
    expect(() => balancedSample(labels100(), { ratio: 1, seed: -1 })).toThrow(/seed must be an integer in \[0, 2\^32\), got -1/);
    expect(() => balancedSample(labels100(), { ratio: 1, seed: 0.5 })).toThrow(/got 0.5/);
  });
});

describe("priorCorrection", () => {
  it("inverts exactly the shift created by keeping 1 negative in 4 (literal example)", () => {
    // Population: 20 positives, 80 negatives (π = 0.2); keep all positives and 20 negatives (r = 1/4, π_s = 0.5).
    const y = labels100();
    const idx = balancedSample(y, { ratio: 1, seed: 5 });
    expect(idx.length).toBe(40);
    const sampleRate = 20 / idx.length;
    expect(sampleRate).toBe(0.5);
    // True posteriors p and the sample posteriors q = p / (p + r(1 − p)), worked by hand with r = 1/4:
    // 0.2 → 0.2/0.4 = 0.5; 0.5 → 0.5/0.625 = 0.8; 0.9 → 0.9/0.925 = 36/37; 0.02 → 0.02/0.265 = 4/53.
    const p = [0.2, 0.5, 0.9, 0.02];
    const q = Float64Array.from([0.5, 0.8, 36 / 37, 4 / 53]);
    const back = priorCorrection(q, { sampleRate, trueRate: 0.2 });
    for (let i = 0; i < p.length; i++) expect(back[i]).toBeCloseTo(p[i]!, 15);
  });

  it("matches the Elkan / Saerens formula p·(π/π_s) / (p·(π/π_s) + (1−p)·((1−π)/(1−π_s)))", () => {
    const p = Float64Array.from([0.01, 0.1, 0.33, 0.5, 0.77, 0.999]);
    const pi = 0.03;
    const piS = 0.4;
    const out = priorCorrection(p, { sampleRate: piS, trueRate: pi });
    for (let i = 0; i < p.length; i++) {
      const a = p[i]! * (pi / piS);
      const b = (1 - p[i]!) * ((1 - pi) / (1 - piS));
      expect(out[i]).toBeCloseTo(a / (a + b), 15);
    }
  });

  it("maps 0 → 0 and 1 → 1 exactly, is strictly increasing, and does not mutate its input", () => {
    const grid = new Float64Array(1001);
    for (let i = 0; i <= 1000; i++) grid[i] = i / 1000;
    const before = grid.slice();
    for (const [sampleRate, trueRate] of [[0.5, 0.03], [0.03, 0.5], [0.25, 0.2]] as const) {
      const out = priorCorrection(grid, { sampleRate, trueRate });
      expect(out[0]).toBe(0);
      expect(out[1000]).toBe(1);
      for (let i = 1; i <= 1000; i++) expect(out[i]!).toBeGreaterThan(out[i - 1]!);
    }
    expect(grid).toEqual(before);
  });

  it("is the identity (bit for bit) when the two rates are equal", () => {
    const p = Float64Array.from([0, 1e-12, 0.1, 0.3, 0.7, 0.123456789, 1 - 1e-12, 1]);
    expect(priorCorrection(p, { sampleRate: 0.3, trueRate: 0.3 })).toEqual(p);
  });

  it("throws on empty input, non-probabilities and rates outside (0, 1), quoting the value", () => {
    expect(() => priorCorrection(new Float64Array(0), { sampleRate: 0.5, trueRate: 0.1 })).toThrow(/empty/);
    expect(() => priorCorrection(Float64Array.from([0.2, 1.5]), { sampleRate: 0.5, trueRate: 0.1 })).toThrow(/p\[1\] = 1.5/);
    expect(() => priorCorrection(Float64Array.from([Number.NaN]), { sampleRate: 0.5, trueRate: 0.1 })).toThrow(/p\[0\] = NaN/);
    expect(() => priorCorrection(Float64Array.from([0.2]), { sampleRate: 0, trueRate: 0.1 })).toThrow(/sampleRate .* got 0/);
    expect(() => priorCorrection(Float64Array.from([0.2]), { sampleRate: 0.5, trueRate: 1 })).toThrow(/trueRate .* got 1/);
  });
});

describe("balancedClassWeights", () => {
  it("gives n / (2 · n_c), so each class carries total weight n / 2", () => {
    const y = Uint8Array.from([1, 0, 0, 0, 0, 0, 1, 0]); // n = 8, n0 = 6, n1 = 2
    const w = balancedClassWeights(y);
    expect(w[0]).toBeCloseTo(8 / 12, 15);
    expect(w[1]).toBe(2);
    expect(6 * w[0]).toBeCloseTo(4, 14);
    expect(2 * w[1]).toBe(4);
  });

  it("throws on a missing class, empty input and bad labels", () => {
    expect(() => balancedClassWeights(Uint8Array.from([1, 1]))).toThrow(/only class 1/);
    expect(() => balancedClassWeights(new Uint8Array(0))).toThrow(/empty/);
    expect(() => balancedClassWeights(Uint8Array.from([0, 3]))).toThrow(/y\[1\] = 3/);
  });
});
