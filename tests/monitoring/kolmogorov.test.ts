import { describe, expect, it } from "vitest";
import { kolmogorovSmirnovSf, smirnovSf } from "../../src/monitoring/kolmogorov.js";
import { driftReference, relativeError } from "./driftReference.js";

const rows = driftReference.distributions.kstwo;

describe("kolmogorovSmirnovSf", () => {
  it(`matches scipy ${driftReference.meta.scipy} kstwo.sf within 1e-10 relative on ${rows.length} points (n 1–150 000, every algorithm branch)`, () => {
    let worst = 0;
    for (const { n, d, sf } of rows) {
      const value = kolmogorovSmirnovSf(n, d);
      if (sf < 1e-300) expect(value).toBeLessThan(1e-300);
      else worst = Math.max(worst, relativeError(value, sf));
    }
    expect(worst).toBeLessThan(1e-10);
  });

  it("reaches every branch of the algorithm choice in the fixture", () => {
    const branch = ({ n, d }: { n: number; d: number }): string => {
      const t = n * d;
      if (t <= 1) return "ruben-gambino-low";
      if (t >= n - 1) return "ruben-gambino-high";
      if (d >= 0.5) return "smirnov";
      const nd2 = t * d;
      if (n <= 140) return nd2 <= 0.754693 ? "durbin" : nd2 <= 4 ? "pomeranz" : "smirnov";
      if (nd2 >= 370) return "zero";
      if (nd2 >= 2.2) return "smirnov";
      return n <= 100_000 && n * d ** 1.5 <= 1.4 ? "durbin" : "pelz-good";
    };
    expect(new Set(rows.map(branch))).toEqual(new Set(["ruben-gambino-low", "ruben-gambino-high", "smirnov", "durbin", "pomeranz", "zero", "pelz-good"]));
  });

  it("is exact at n = 1 (D = max(U, 1 − U): P(D ≥ d) = 2(1 − d) for d ≥ ½) and at the ends", () => {
    expect(kolmogorovSmirnovSf(1, 0.75)).toBeCloseTo(0.5, 15);
    expect(kolmogorovSmirnovSf(1, 0.4)).toBe(1);
    expect(kolmogorovSmirnovSf(10, 0)).toBe(1);
    expect(kolmogorovSmirnovSf(10, 1)).toBe(0);
  });

  it("rejects a non-integer n and NaN", () => {
    expect(() => kolmogorovSmirnovSf(2.5, 0.1)).toThrow(/n must be a positive integer, got 2.5/);
    expect(() => kolmogorovSmirnovSf(3, Number.NaN)).toThrow(/d is NaN/);
  });
});

describe("smirnovSf", () => {
  it("is 1 − d at n = 1 and (1 − d)² at n = 2, d ≥ ½ (the sum's single v = 0 term)", () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 15);
    expect(smirnovSf(2, 0.6)).toBeCloseTo(0.4 ** 2, 15);
  });

  it("agrees with the limit e^(−2nd²) for large n", () => {
    const n = 20_000;
    const d = 1.2 / Math.sqrt(n);
    expect(Math.abs(smirnovSf(n, d) / Math.exp(-2 * 1.44) - 1)).toBeLessThan(0.02);
  });
});
