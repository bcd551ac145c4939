import { describe, expect, it } from "vitest";
import { PlattCalibrator } from "../../src/calibration/platt.js";
import { clippedLogit, softplus } from "../../src/util/logistic.js";
import { arrays, calibrationFixture } from "../evaluation/sklearnFixtures.js";

/** Platt's objective as sklearn's `_sigmoid_calibration` defines it, at (A, B). */
function plattObjective(f: Float64Array, y: Uint8Array, w: Float64Array | undefined, a: number, b: number): number {
  let prior0 = 0;
  let prior1 = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w === undefined ? 1 : w[i]!;
    if (y[i] === 1) prior1 += wi;
    else prior0 += wi;
  }
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const t = y[i] === 1 ? (prior1 + 1) / (prior1 + 2) : 1 / (prior0 + 2);
    const z = -(a * f[i]! + b); // P = σ(z)
    s += (w === undefined ? 1 : w[i]!) * (softplus(z) - t * z);
  }
  return s;
}

describe("PlattCalibrator", () => {
  describe.each(calibrationFixture.cases.map((c) => [c.name, c] as const))("sklearn _sigmoid_calibration parity: %s", (_name, c) => {
    it.each(["raw", "logit"] as const)("input %s: A, B equal the tightly converged optimum within 1e-9 and sklearn's BFGS result within 2e-6", (input) => {
      const { y, p, w } = arrays(c);
      const ref = input === "raw" ? c.sigmoid_raw : c.sigmoid_logit;
      const m = new PlattCalibrator({ input, clipEps: c.sigmoid_logit.clip_eps }).fit(p, y, w);
      expect(Math.abs(m.a - ref.tight_A)).toBeLessThan(1e-9);
      expect(Math.abs(m.b - ref.tight_B)).toBeLessThan(1e-9);
      // sklearn stops BFGS at gtol = 1e-5, so its (A, B) are only accurate to ~1e-6.
      expect(Math.abs(m.a - ref.A)).toBeLessThan(2e-6);
      expect(Math.abs(m.b - ref.B)).toBeLessThan(2e-6);
      // ... and our solution is at least as good on sklearn's own objective.
      const f = input === "raw" ? p : Float64Array.from(p, (v) => clippedLogit(v, c.sigmoid_logit.clip_eps));
      const ours = plattObjective(f, y, w, m.a, m.b);
      const theirs = plattObjective(f, y, w, ref.A, ref.B);
      expect(ours).toBeLessThanOrEqual(theirs + 1e-12 * Math.abs(theirs));
    });
  });

  it("recovers a known sigmoid from its own smoothed targets' limit (large n)", () => {
    // y = 1 exactly when f > 0 is separable; Platt's smoothing keeps A, B finite.
    const f = Float64Array.of(-2, -1, -0.5, 0.5, 1, 2);
    const y = Uint8Array.of(0, 0, 0, 1, 1, 1);
    const m = new PlattCalibrator({ input: "raw" }).fit(f, y);
    expect(Number.isFinite(m.a) && Number.isFinite(m.b)).toBe(true);
    expect(m.a).toBeLessThan(0);
    const q = m.transform(f);
    for (let i = 1; i < q.length; i++) expect(q[i]!).toBeGreaterThan(q[i - 1]!);
  });

  it("transform computes 1 / (1 + exp(A·f + B)) on the (logit) input", () => {
    const { y, p } = arrays(calibrationFixture.cases[0]!);
    const m = new PlattCalibrator().fit(p, y);
    const q = m.transform(Float64Array.of(0, 0.3, 1));
    const expected = [0, 0.3, 1].map((v) => 1 / (1 + Math.exp(m.a * clippedLogit(v, 1e-15) + m.b)));
    for (let i = 0; i < 3; i++) expect(q[i]).toBeCloseTo(expected[i]!, 15);
    expect(m.predict(Float64Array.of(0.3))[0]).toBe(q[1]);
  });

  it("round-trips through JSON exactly", () => {
    const { y, p, w } = arrays(calibrationFixture.cases[1]!);
    const m = new PlattCalibrator({ input: "raw" }).fit(p, y, w);
    const json = JSON.parse(JSON.stringify(m)) as unknown;
    const back = PlattCalibrator.fromJSON(json);
    expect(back.a).toBe(m.a);
    expect(back.b).toBe(m.b);
    expect(back.options).toEqual(m.options);
    const test = Float64Array.from(calibrationFixture.cases[1]!.p_test);
    expect(back.transform(test)).toEqual(m.transform(test));
    expect(() => PlattCalibrator.fromJSON({ ...m.toJSON(), kind: "Isotonic" })).toThrow(/"kind" must be "PlattCalibrator"/);
    expect(() => PlattCalibrator.fromJSON({ ...m.toJSON(), a: "x" })).toThrow(/"a" must be a finite number/);
  });

  it("validates inputs and options, does not mutate, refuses to predict before fit", () => {
    expect(() => new PlattCalibrator().transform(Float64Array.of(0.5))).toThrow(/not fitted/);
    expect(() => new PlattCalibrator().fit(Float64Array.of(0.5, 1.5), Uint8Array.of(0, 1))).toThrow(/scores\[1\] = 1.5 is outside \[0, 1\]/);
    expect(() => new PlattCalibrator({ input: "raw" }).fit(Float64Array.of(0.5, Infinity), Uint8Array.of(0, 1))).toThrow(/scores\[1\] = Infinity/);
    expect(() => new PlattCalibrator().fit(Float64Array.of(0.5), Uint8Array.of(0, 1))).toThrow(/yTrue 2, scores 1/);
    expect(() => new PlattCalibrator().fit(new Float64Array(0), new Uint8Array(0))).toThrow(/empty input/);
    expect(() => new PlattCalibrator({ clipEps: 0 }).fit(Float64Array.of(0.5), Uint8Array.of(1))).toThrow(/clipEps must be in \(0, 0.5\), got 0/);
    const { y, p, w } = arrays(calibrationFixture.cases[1]!);
    const [y0, p0, w0] = [y.slice(), p.slice(), w!.slice()];
    const m = new PlattCalibrator().fit(p, y, w);
    m.transform(p);
    expect([y, p, w]).toEqual([y0, p0, w0]);
  });
});
