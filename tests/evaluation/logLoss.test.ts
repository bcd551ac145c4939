import { describe, expect, it } from "vitest";
import { LOG_LOSS_DEFAULT_EPS, logLoss } from "../../src/evaluation/logLoss.js";
import { arrays, metricsFixture } from "./sklearnFixtures.js";

describe("logLoss", () => {
  it("is the mean negative log-likelihood in nats", () => {
    expect(logLoss(Uint8Array.of(1, 0), Float64Array.of(0.8, 0.3))).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 15);
    expect(logLoss(Uint8Array.of(1, 0), Float64Array.of(0.8, 0.3), Float64Array.of(1, 3))).toBeCloseTo(-(Math.log(0.8) + 3 * Math.log(0.7)) / 4, 15);
  });

  it("clips confident mistakes at eps (default: float64 machine epsilon, as sklearn eps='auto')", () => {
    expect(LOG_LOSS_DEFAULT_EPS).toBe(2 ** -52);
    expect(logLoss(Uint8Array.of(1), Float64Array.of(0))).toBeCloseTo(-Math.log(2 ** -52), 12);
    expect(logLoss(Uint8Array.of(0), Float64Array.of(1), undefined, 1e-15)).toBeCloseTo(-Math.log1p(-(1 - 1e-15)), 6);
    expect(Number.isFinite(logLoss(Uint8Array.of(0, 1), Float64Array.of(1, 0)))).toBe(true);
    expect(() => logLoss(Uint8Array.of(0), Float64Array.of(0.5), undefined, 0)).toThrow(/eps must be in \(0, 0.5\), got 0/);
  });

  describe.each(metricsFixture.cases.map((c) => [c.name, c] as const))("sklearn %s parity", (_name, c) => {
    it("log_loss within 1e-9 (fixtures include exact 0 and 1 probabilities where noted)", () => {
      const { y, p, w } = arrays(c);
      expect(Math.abs(logLoss(y, p, w) - c.log_loss)).toBeLessThan(1e-9);
    });
  });

  it("the fixtures do exercise clipping", () => {
    const extremes = metricsFixture.cases.reduce((s, c) => s + c.p.filter((v) => v === 0 || v === 1).length, 0);
    expect(extremes).toBeGreaterThan(100);
  });

  it("throws on invalid input", () => {
    expect(() => logLoss(Uint8Array.of(0, 1), Float64Array.of(0.5, Number.NaN))).toThrow(/yProb\[1\] = NaN/);
    expect(() => logLoss(Uint8Array.of(0, 1), Float64Array.of(0.5))).toThrow(/yTrue 2, yProb 1/);
  });
});
