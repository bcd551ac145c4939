import { describe, expect, it } from "vitest";
import { sampleWithoutReplacement } from "../../../src/models/gbm/sample.js";
import { Rng } from "../../../src/util/rng.js";

describe("sampleWithoutReplacement", () => {
  it("returns k distinct ascending integers in [0, n), the same for the same seed", () => {
    const a = sampleWithoutReplacement(100, 30, new Rng(1));
    expect(a).toHaveLength(30);
    expect(new Set(a).size).toBe(30);
    for (let i = 1; i < a.length; i++) expect(a[i]!).toBeGreaterThan(a[i - 1]!);
    expect(a[29]!).toBeLessThan(100);
    expect(Array.from(sampleWithoutReplacement(100, 30, new Rng(1)))).toEqual(Array.from(a));
    expect(Array.from(sampleWithoutReplacement(5, 5, new Rng(2)))).toEqual([0, 1, 2, 3, 4]);
    expect(sampleWithoutReplacement(5, 0, new Rng(2))).toHaveLength(0);
  });

  it("draws every element about equally often", () => {
    const rng = new Rng(3);
    const hits = new Array<number>(10).fill(0);
    for (let r = 0; r < 4000; r++) for (const v of sampleWithoutReplacement(10, 3, rng)) hits[v]!++;
    for (const h of hits) expect(Math.abs(h - 1200)).toBeLessThan(120);
  });

  it("throws unless 0 ≤ k ≤ n", () => {
    expect(() => sampleWithoutReplacement(3, 4, new Rng(1))).toThrow(/k=4 must be an integer in \[0, n=3\]/);
    expect(() => sampleWithoutReplacement(3, -1, new Rng(1))).toThrow(/k=-1/);
  });
});
