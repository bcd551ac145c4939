import { describe, expect, it } from "vitest";
import { peekingFalsePositiveRate } from "../../src/experiments/peeking.js";

const base = { n: 2000, alpha: 0.05, baseRate: 0.25, simulations: 2000, seed: 2024 };

describe("peekingFalsePositiveRate", () => {
  it("inflates the false-positive rate with 10 looks (≈ 0.19, Armitage et al. 1969) while one final look stays at α", () => {
    const r = peekingFalsePositiveRate({ ...base, looks: 10 });
    // Binomial SE of a rate near 0.05 over 2000 experiments is 0.005; near 0.19 it is 0.009.
    expect(Math.abs(r.finalLook - 0.05)).toBeLessThan(0.015);
    expect(r.withPeeking).toBeGreaterThan(0.15);
    expect(r.withPeeking).toBeLessThan(0.25);
    expect(r.withPeeking).toBeGreaterThan(3 * r.finalLook);
    expect(Array.from(r.lookSizes)).toEqual([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
    expect(r.stoppedAt.reduce((s, v) => s + v, 0)).toBe(Math.round(r.withPeeking * r.simulations));
  });

  it("grows with the number of looks; one look is the single planned test", () => {
    const one = peekingFalsePositiveRate({ ...base, looks: 1, simulations: 1000 });
    const three = peekingFalsePositiveRate({ ...base, looks: 3, simulations: 1000 });
    const twenty = peekingFalsePositiveRate({ ...base, looks: 20, simulations: 1000 });
    expect(one.withPeeking).toBe(one.finalLook);
    expect(three.withPeeking).toBeGreaterThan(one.withPeeking);
    expect(twenty.withPeeking).toBeGreaterThan(three.withPeeking);
  });

  it("is deterministic for a seed and honours an unbalanced share", () => {
    const options = { ...base, looks: 5, simulations: 300, ratio: 0.2 };
    expect(peekingFalsePositiveRate(options)).toEqual(peekingFalsePositiveRate(options));
    expect(peekingFalsePositiveRate(options)).not.toEqual(peekingFalsePositiveRate({ ...options, seed: 1 }));
  });

  it("throws on bad options, quoting them", () => {
    expect(() => peekingFalsePositiveRate({ ...base, looks: 0 })).toThrow(/looks must be an integer >= 1, got 0/);
    expect(() => peekingFalsePositiveRate({ ...base, n: 5, looks: 6 })).toThrow(/looks=6 exceeds n=5/);
    expect(() => peekingFalsePositiveRate({ ...base, looks: 2, baseRate: 1.5 })).toThrow(/baseRate must be in \[0, 1\], got 1.5/);
    expect(() => peekingFalsePositiveRate({ ...base, looks: 2, ratio: 0 })).toThrow(/ratio must be in \(0, 1\), got 0/);
  });
});
