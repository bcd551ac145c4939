import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../src/evaluation/proportion.js";

// Reference: statsmodels 0.13.5 (Debian python3-statsmodels), proportion_confint(k, n, alpha=1 - level, method="wilson"):
//   /usr/bin/python3 -c "from statsmodels.stats.proportion import proportion_confint as c; print(c(37, 500, alpha=0.05, method='wilson'))"
const STATSMODELS: [number, number, number, number, number][] = [
  [37, 500, 0.95, 0.054161184751011976, 0.10033475332223055],
  [0, 20, 0.9, 0.0, 0.11915783736096455],
  [20, 20, 0.99, 0.7508945989012465, 1.0],
  [7351, 500081, 0.95, 0.014369773677342997, 0.015036919426814292],
];

describe("wilsonInterval", () => {
  it("matches statsmodels' Wilson interval to 1e-12", () => {
    for (const [k, n, level, lower, upper] of STATSMODELS) {
      const w = wilsonInterval(k, n, level);
      expect(Math.abs(w.lower - lower), `${k}/${n}`).toBeLessThan(1e-12);
      expect(Math.abs(w.upper - upper), `${k}/${n}`).toBeLessThan(1e-12);
    }
  });

  it("rejects counts outside 0 <= k <= n and levels outside (0, 1)", () => {
    expect(() => wilsonInterval(3, 2, 0.95)).toThrow(/0 <= k <= n/);
    expect(() => wilsonInterval(1, 0, 0.95)).toThrow(/n >= 1/);
    expect(() => wilsonInterval(1, 2, 1)).toThrow(/level must be in \(0, 1\), got 1/);
  });
});
