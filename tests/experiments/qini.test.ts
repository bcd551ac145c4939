import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UndefinedMetricError } from "../../src/evaluation/checks.js";
import { descendingOrder, perfectQiniCurve, qiniAucScore, qiniCurve } from "../../src/experiments/qini.js";
import type { UpliftAtKStrategy } from "../../src/experiments/upliftAtK.js";

/** tests/fixtures/uplift-reference.json (scripts/reference/uplift_reference.py, an independent numpy implementation of sklift's definitions); upliftAtK.test.ts reads it too. */
export interface UpliftReference {
  readonly meta: { readonly follows: string };
  readonly cases: {
    readonly name: string;
    readonly y: number[];
    readonly uplift: number[];
    readonly treatment: number[];
    readonly distinct_scores: number;
    readonly qini_curve: { readonly x: number[]; readonly y: number[] };
    readonly perfect_qini_curve: { readonly x: number[]; readonly y: number[] };
    readonly qini_auc_score: number;
    readonly k: number[];
    readonly uplift_at_k: Record<UpliftAtKStrategy, (number | null)[]>;
  }[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/uplift-reference.json", import.meta.url), "utf8")) as UpliftReference;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

// Four units: treated responder (score 0.9), control responder (0.9, tied), treated non-responder (0.5), control non-responder (0.1).
const y4 = Uint8Array.of(1, 1, 0, 0);
const u4 = Float64Array.of(0.9, 0.9, 0.5, 0.1);
const t4 = Uint8Array.of(1, 0, 1, 0);

describe("qiniCurve", () => {
  it("steps once per distinct score and counts Y_t − Y_c·N_t/N_c (worked example)", () => {
    const c = qiniCurve(y4, u4, t4);
    // Cut 1 (the tie): Y_t = 1, Y_c = 1, N_t = 1, N_c = 1 → 0. Cut 2: 1 − 1·2/1 = −1. Cut 3: 1 − 1·2/2 = 0.
    expect(Array.from(c.x)).toEqual([0, 2, 3, 4]);
    expect(Array.from(c.y)).toEqual([0, 0, -1, 0]);
  });

  it("takes the control term as 0 while no control unit is targeted", () => {
    const c = qiniCurve(Uint8Array.of(1, 0, 1), Float64Array.of(3, 2, 1), Uint8Array.of(1, 1, 0));
    expect(Array.from(c.y)).toEqual([0, 1, 1, 1 - 1 * (2 / 1)]);
  });

  describe.each(fixture.cases.map((c) => [c.name, c] as const))(`${fixture.meta.follows} reference: %s`, (_name, c) => {
    const y = Uint8Array.from(c.y);
    const uplift = Float64Array.from(c.uplift);
    const t = Uint8Array.from(c.treatment);

    it("qini_curve within 1e-9, one point per distinct score plus the origin", () => {
      const curve = qiniCurve(y, uplift, t);
      expect(curve.x.length).toBe(c.distinct_scores + 1);
      expect(maxAbsDiff(curve.x, c.qini_curve.x)).toBe(0);
      expect(maxAbsDiff(curve.y, c.qini_curve.y)).toBeLessThan(1e-9);
    });

    it("perfect_qini_curve and qini_auc_score within 1e-9", () => {
      const perfect = perfectQiniCurve(y, t);
      expect(maxAbsDiff(perfect.x, c.perfect_qini_curve.x)).toBe(0);
      expect(maxAbsDiff(perfect.y, c.perfect_qini_curve.y)).toBeLessThan(1e-9);
      expect(Math.abs(qiniAucScore(y, uplift, t) - c.qini_auc_score)).toBeLessThan(1e-9);
    });
  });
});

describe("qiniAucScore", () => {
  const c = fixture.cases[0]!;
  const y = Uint8Array.from(c.y);
  const t = Uint8Array.from(c.treatment);

  it("is 1 for the oracle ranking and changes sign when the ranking is reversed", () => {
    const oracle = Float64Array.from(c.y, (v, i) => v * (c.treatment[i] === 1 ? 1 : -1));
    expect(qiniAucScore(y, oracle, t)).toBeCloseTo(1, 12);
    const uplift = Float64Array.from(c.uplift);
    expect(qiniAucScore(y, uplift.map((v) => -v), t)).toBeLessThan(0);
  });

  it("is 0 when every score is tied (the curve is the random line)", () => {
    expect(qiniAucScore(y, new Float64Array(y.length).fill(0.2), t)).toBeCloseTo(0, 12);
  });

  it("throws UndefinedMetricError without responders, and on invalid input; does not mutate", () => {
    expect(() => qiniAucScore(Uint8Array.of(0, 0, 0), Float64Array.of(1, 2, 3), Uint8Array.of(1, 0, 1))).toThrow(UndefinedMetricError);
    expect(() => qiniCurve(y4, Float64Array.of(0.1, Number.NaN, 0, 0), t4)).toThrow(/uplift\[1\] = NaN is not a finite number/);
    expect(() => qiniCurve(y4, Float64Array.of(0.1), t4)).toThrow(/lengths differ \(y 4, uplift 1\)/);
    expect(() => qiniCurve(y4, u4, Uint8Array.of(0, 0, 0, 0))).toThrow(/single arm/);
    const u = Float64Array.from(u4);
    qiniAucScore(y4, u, t4);
    expect(Array.from(u)).toEqual(Array.from(u4));
  });
});

describe("descendingOrder", () => {
  it("orders by decreasing score, ties by decreasing index (numpy's reversed stable argsort)", () => {
    expect(Array.from(descendingOrder(Float64Array.of(0.5, 0.9, 0.5, 0.1, 0.9)))).toEqual([4, 1, 2, 0, 3]);
  });
});
