import { describe, expect, it } from "vitest";
import { assignTreatment, shuffleTreatment, treatedCount } from "../../src/experiments/assignment.js";
import { Rng } from "../../src/util/rng.js";

function ones(a: Uint8Array): number {
  return a.reduce((s, v) => s + v, 0);
}

describe("assignTreatment", () => {
  it("treats exactly round(n·ratio) units, halves rounded up", () => {
    expect(ones(assignTreatment(1000, 0.3, 7))).toBe(300);
    expect(ones(assignTreatment(5, 0.5, 7))).toBe(3);
    expect(ones(assignTreatment(7, 0, 7))).toBe(0);
    expect(ones(assignTreatment(7, 1, 7))).toBe(7);
    expect(treatedCount(11, 0.25)).toBe(3);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    expect(assignTreatment(500, 0.5, 42)).toEqual(assignTreatment(500, 0.5, 42));
    expect(assignTreatment(500, 0.5, 42)).not.toEqual(assignTreatment(500, 0.5, 43));
  });

  it("gives every unit the same chance of treatment (complete randomisation)", () => {
    const n = 20;
    const hits = new Float64Array(n);
    const draws = 4000;
    for (let s = 0; s < draws; s++) assignTreatment(n, 0.25, s).forEach((v, i) => (hits[i]! += v));
    // Each unit is treated with probability 5/20; binomial SD over 4000 draws is about 27.
    for (const h of hits) expect(Math.abs(h - draws / 4)).toBeLessThan(5 * Math.sqrt(draws * 0.25 * 0.75));
  });

  it("throws on a bad n or ratio", () => {
    expect(() => assignTreatment(0, 0.5, 1)).toThrow(/n must be an integer >= 1, got 0/);
    expect(() => assignTreatment(2.5, 0.5, 1)).toThrow(/got 2.5/);
    expect(() => assignTreatment(10, 1.5, 1)).toThrow(/ratio must be in \[0, 1\], got 1.5/);
  });
});

describe("shuffleTreatment", () => {
  it("reuses its buffers and overwrites the previous assignment", () => {
    const rng = new Rng(3);
    const treatment = new Uint8Array(10).fill(1);
    const order = new Uint32Array(10);
    shuffleTreatment(rng, treatment, 4, order);
    expect(ones(treatment)).toBe(4);
    shuffleTreatment(rng, treatment, 0, order);
    expect(ones(treatment)).toBe(0);
  });
});
