import { describe, expect, it } from "vitest";
import { chiSquareIsf } from "../../src/monitoring/chiSquareDistribution.js";
import { categoryBins, quantileBins, type DriftBins } from "../../src/monitoring/driftBins.js";
import { psi, psiCriticalValue, type PsiSmoothing } from "../../src/monitoring/psi.js";
import { Rng } from "../../src/util/rng.js";
import { driftReference, relativeError, values } from "./driftReference.js";

const counts = (reference: number[], current: number[]): DriftBins => ({
  reference: Uint32Array.from(reference),
  current: Uint32Array.from(current),
  labels: Float64Array.from(reference, (_, i) => i),
  cuts: new Float64Array(0),
  missingBin: false,
});

describe("psi", () => {
  it("is Σ (q − p) ln(q/p) of the smoothed proportions", () => {
    // +½ per bin: p = (30.5, 70.5)/101, q = (50.5, 50.5)/101.
    const p = [30.5 / 101, 70.5 / 101];
    const q = [50.5 / 101, 50.5 / 101];
    const expected = (q[0]! - p[0]!) * Math.log(q[0]! / p[0]!) + (q[1]! - p[1]!) * Math.log(q[1]! / p[1]!);
    expect(psi(counts([30, 70], [50, 50])).statistic).toBeCloseTo(expected, 15);
    // The floor leaves non-empty bins unsmoothed.
    const raw = 0.2 * Math.log(0.5 / 0.3) - 0.2 * Math.log(0.5 / 0.7);
    expect(psi(counts([30, 70], [50, 50]), { smoothing: "floor" }).statistic).toBeCloseTo(raw, 15);
  });

  it("sets the critical value to (1/n_ref + 1/n_cur)·χ²_{B−1, 1−α} (Yurdakul 2018) and reports the fixed bands beside it", () => {
    const result = psi(counts([300, 700], [450, 550]), { alpha: 0.01 });
    expect(result.threshold).toBeCloseTo((1 / 1000 + 1 / 1000) * chiSquareIsf(0.01, 1), 15);
    expect(result.degreesOfFreedom).toBe(1);
    expect(result.driftWhen).toBe("statistic > threshold");
    expect(result.drifted).toBe(true);
    expect(result.ruleOfThumb).toEqual({ moderate: 0.1, major: 0.25, band: "stable" });
    expect(psiCriticalValue(1000, 1000, 2, 0.01)).toBe(result.threshold);
  });

  it("gives a constant feature PSI 0, p-value 1 and no drift", () => {
    const result = psi(quantileBins(Float64Array.of(3, 3, 3), Float64Array.of(3, 3)));
    expect(result.statistic).toBe(0);
    expect(result.threshold).toBe(0);
    expect(result.pValue).toBe(1);
    expect(result.drifted).toBe(false);
  });

  it("counts a level unseen in the reference as drift under both smoothings", () => {
    const reference = Uint8Array.from({ length: 400 }, (_, i) => i % 4);
    const current = Uint8Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? 4 : i % 4));
    for (const smoothing of ["half-count", "floor"] as const) {
      const result = psi(categoryBins(reference, current), { smoothing });
      expect(result.drifted, smoothing).toBe(true);
      expect(result.ruleOfThumb.band, smoothing).not.toBe("stable");
    }
  });

  describe.each(driftReference.samples.map((c) => [c.name, c] as const))("reference %s", (_name, c) => {
    const bins = c.kind === "numeric" ? quantileBins(values(c.reference), values(c.current)) : categoryBins(Uint32Array.from(c.reference), Uint32Array.from(c.current));
    it.each([
      ["half-count", c.psi.halfCount],
      ["floor", c.psi.floor],
    ] as const)("%s: statistic within 1e-12, critical value within 1e-10 and p-value within 1e-9 relative (scipy chi2)", (smoothing: PsiSmoothing, expected) => {
      const result = psi(bins, { smoothing, alpha: driftReference.meta.alpha, epsilon: driftReference.meta.epsilon });
      expect(relativeError(result.statistic, expected.statistic)).toBeLessThan(1e-12);
      expect(relativeError(result.threshold, c.psi.criticalValue)).toBeLessThan(1e-10);
      expect(relativeError(result.pValue, expected.pValue)).toBeLessThan(1e-9);
      expect(result.scale).toBeCloseTo(c.psi.scale, 15);
    });
  });

  it("throws on an empty sample, and on a level, floor or band out of range (value quoted)", () => {
    expect(() => psi(counts([0, 0], [1, 2]))).toThrow(/both samples need rows, got reference 0 and current 3/);
    expect(() => psi(counts([1, 2], [1, 2]), { alpha: 1 })).toThrow(/alpha must be in \(0, 1\), got 1/);
    expect(() => psi(counts([1, 2], [1, 2]), { epsilon: 0 })).toThrow(/epsilon must be in \(0, 1\), got 0/);
    expect(() => psi(counts([1, 2], [1, 2]), { smoothing: "laplace" as PsiSmoothing })).toThrow(/smoothing must be "half-count" or "floor", got "laplace"/);
    expect(() => psi(counts([1, 2], [1, 2]), { ruleOfThumb: { moderate: -1, major: 0.25 } })).toThrow(/ruleOfThumb.moderate must be a finite number >= 0, got -1/);
  });
});

/**
 * Share of `repetitions` same-distribution pairs (standard normal, 10 reference-quantile bins) that
 * PSI flags: at the Yurdakul critical value (α = 0.05) and at the fixed 0.1 rule.
 */
function falseAlarms(nReference: number, nCurrent: number, smoothing: PsiSmoothing, seed: number, repetitions = 500): { critical: number; fixed: number } {
  const rng = new Rng(seed);
  const reference = new Float64Array(nReference);
  const current = new Float64Array(nCurrent);
  let critical = 0;
  let fixed = 0;
  for (let r = 0; r < repetitions; r++) {
    for (let i = 0; i < nReference; i++) reference[i] = rng.normal();
    for (let i = 0; i < nCurrent; i++) current[i] = rng.normal();
    const result = psi(quantileBins(reference, current), { smoothing });
    if (result.drifted) critical++;
    if (result.statistic >= 0.1) fixed++;
  }
  return { critical: critical / repetitions, fixed: fixed / repetitions };
}

describe("psi false alarms without drift (500 seeded repetitions each)", () => {
  it("flags about 5% at the sample-size-aware critical value for 1000 vs 1000 and 300 vs 2000 rows, the fixed 0.1 rule none", () => {
    for (const [nRef, nCur, seed] of [
      [1000, 1000, 11],
      [300, 2000, 12],
    ] as const) {
      const rates = falseAlarms(nRef, nCur, "half-count", seed);
      expect(rates.critical, `${nRef} vs ${nCur}`).toBeGreaterThanOrEqual(0.03);
      expect(rates.critical, `${nRef} vs ${nCur}`).toBeLessThanOrEqual(0.07);
      expect(rates.fixed, `${nRef} vs ${nCur}`).toBeLessThanOrEqual(0.004);
    }
  });

  it("keeps the rate at or below about 5% for 50 vs 50 rows, where the fixed rule flags nearly every pair", () => {
    const rates = falseAlarms(50, 50, "half-count", 13);
    expect(rates.critical).toBeLessThanOrEqual(0.07);
    expect(rates.fixed).toBeGreaterThan(0.9);
  });

  it("shows why the default is +½ counts: with Evidently's 1e-4 floor an empty current bin alone is an alarm, so small samples flag far above α", () => {
    expect(falseAlarms(50, 50, "floor", 13).critical).toBeGreaterThan(0.15);
    expect(falseAlarms(1000, 1000, "floor", 11).critical).toBeLessThanOrEqual(0.07);
  });
});
