import { describe, expect, it } from "vitest";
import { categoryBins, quantileBins } from "../../src/monitoring/driftBins.js";
import { jensenShannon, jensenShannonDistance } from "../../src/monitoring/jensenShannon.js";
import { driftReference, relativeError, values } from "./driftReference.js";

describe("jensenShannonDistance", () => {
  it("is 0 for proportional weights and 1 for disjoint supports (base 2)", () => {
    expect(jensenShannonDistance([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(jensenShannonDistance([1, 0], [0, 5])).toBe(1);
  });

  it("matches the definition √(½ KL(p‖m) + ½ KL(q‖m)) in bits on a hand example", () => {
    const p = [0.5, 0.5, 0];
    const q = [0, 0.5, 0.5];
    const m = [0.25, 0.5, 0.25];
    const kl = (a: number[]): number => a.reduce((s, v, i) => (v > 0 ? s + v * Math.log2(v / m[i]!) : s), 0);
    expect(jensenShannonDistance(p, q)).toBeCloseTo(Math.sqrt((kl(p) + kl(q)) / 2), 15);
  });

  it(`matches scipy ${driftReference.meta.scipy} jensenshannon(base=2) on every reference case's bins within 1e-12 relative`, () => {
    for (const c of driftReference.samples) {
      const bins = c.kind === "numeric" ? quantileBins(values(c.reference), values(c.current)) : categoryBins(Uint32Array.from(c.reference), Uint32Array.from(c.current));
      expect(relativeError(jensenShannon(bins).statistic, c.jensenShannon), c.name).toBeLessThan(1e-12);
    }
  });

  it("throws on length mismatch, negative weights and a zero total", () => {
    expect(() => jensenShannonDistance([1], [1, 2])).toThrow(/lengths differ \(p 1, q 2\)/);
    expect(() => jensenShannonDistance([1, -1], [1, 2])).toThrow(/p\[1\] = -1/);
    expect(() => jensenShannonDistance([0, 0], [1, 2])).toThrow(/positive finite total, got 0 and 3/);
  });
});

describe("jensenShannon", () => {
  it("flags drift at or above the threshold (default 0.1)", () => {
    const bins = categoryBins(Uint8Array.of(0, 0, 1, 1), Uint8Array.of(0, 1, 1, 1));
    const result = jensenShannon(bins);
    expect(result).toMatchObject({ method: "jensen-shannon", threshold: 0.1, driftWhen: "statistic >= threshold", drifted: true });
    expect(jensenShannon(bins, { threshold: result.statistic }).drifted).toBe(true);
    expect(() => jensenShannon(bins, { threshold: -0.1 })).toThrow(/threshold must be a finite number >= 0, got -0.1/);
  });
});
