import { describe, expect, it } from "vitest";
import { customerLifetimeValue, monthlyFromHorizon, windowProbability } from "../../src/decision/clv.js";

/** Direct summation Σ_{k=1..H} m·(r·d)^k, the definition the closed form must reproduce. */
function clvBySum(charges: number, pMonth: number, marginRate: number, annualDiscountRate: number, horizonMonths: number): number {
  const m = marginRate * charges;
  const q = (1 - pMonth) * (1 + annualDiscountRate) ** (-1 / 12);
  let sum = 0;
  for (let k = 1; k <= horizonMonths; k++) sum += m * q ** k;
  return sum;
}

describe("monthlyFromHorizon", () => {
  it("is 1 − (1 − p_h)^(1/h)", () => {
    // 1 − √0.81 = 0.1; 1 − ∛0.729 = 0.1; the ends map to themselves.
    const out = monthlyFromHorizon(Float64Array.of(0.19, 0.271, 0, 1), 2);
    expect(out[0]).toBeCloseTo(0.1, 15);
    expect(out[1]).toBeCloseTo(1 - Math.sqrt(0.729), 15);
    expect(out[2]).toBe(0);
    expect(out[3]).toBe(1);
    expect(monthlyFromHorizon(Float64Array.of(0.271), 3)[0]).toBeCloseTo(0.1, 15);
    expect(monthlyFromHorizon(Float64Array.of(0.3), 1)[0]).toBeCloseTo(0.3, 15);
  });

  it("keeps relative precision for tiny probabilities", () => {
    // 1 − (1 − 1e-15)^(1/3) = 1e-15/3 to first order; the naive formula returns 0 or 1.1e-16 multiples.
    expect(monthlyFromHorizon(Float64Array.of(1e-15), 3)[0]! / (1e-15 / 3)).toBeCloseTo(1, 12);
  });

  it("throws on bad input, quoting the value", () => {
    expect(() => monthlyFromHorizon(new Float64Array(0), 3)).toThrow(/empty input/);
    expect(() => monthlyFromHorizon(Float64Array.of(0.2, 1.2), 3)).toThrow(/pH\[1\] = 1.2 is outside \[0, 1\]/);
    expect(() => monthlyFromHorizon(Float64Array.of(NaN), 3)).toThrow(/pH\[0\] = NaN/);
    expect(() => monthlyFromHorizon(Float64Array.of(0.2), 0)).toThrow(/horizon must be a finite number > 0, got 0/);
  });
});

describe("windowProbability", () => {
  it("is 1 − (1 − p_month)^W", () => {
    const out = windowProbability(Float64Array.of(0.1, 0, 1, 0.5), 3);
    expect(out[0]).toBeCloseTo(0.271, 15); // 1 − 0.9³
    expect(out[1]).toBe(0);
    expect(out[2]).toBe(1);
    expect(out[3]).toBeCloseTo(0.875, 15); // 1 − 0.5³
  });

  it("inverts monthlyFromHorizon for the same number of months", () => {
    const p = Float64Array.of(0.01, 0.2, 0.5, 0.99);
    const back = windowProbability(monthlyFromHorizon(p, 6), 6);
    for (let i = 0; i < p.length; i++) expect(back[i]).toBeCloseTo(p[i]!, 14);
  });

  it("throws on bad input and does not mutate", () => {
    expect(() => windowProbability(Float64Array.of(-0.1), 3)).toThrow(/pMonth\[0\] = -0.1/);
    expect(() => windowProbability(Float64Array.of(0.1), -1)).toThrow(/months must be a finite number > 0, got -1/);
    const p = Float64Array.of(0.1, 0.2);
    windowProbability(p, 3);
    expect(Array.from(p)).toEqual([0.1, 0.2]);
  });
});

describe("customerLifetimeValue", () => {
  const noDiscount = { marginRate: 0.3, annualDiscountRate: 0, horizonMonths: 2 };

  it("matches hand-computed literal cases", () => {
    // m = 0.3·100 = 30, r = 0.9, d = 1, H = 2: 30·0.9 + 30·0.81 = 51.3.
    expect(customerLifetimeValue(Float64Array.of(100), Float64Array.of(0.1), noDiscount)[0]).toBeCloseTo(51.3, 12);
    // H = 1, a = 10 %: 30·0.9·1.1^(−1/12) = 27·0.9920889… = 26.786399…
    const one = customerLifetimeValue(Float64Array.of(100), Float64Array.of(0.1), { marginRate: 0.3, annualDiscountRate: 0.1, horizonMonths: 1 });
    expect(one[0]).toBeCloseTo(27 * 1.1 ** (-1 / 12), 12);
    expect(one[0]).toBeCloseTo(26.7864, 4);
    // q = 1 (no churn, no discount): H·m = 36·30 = 1080; p_month = 1: nothing survives, 0; no charges: 0.
    const edge = customerLifetimeValue(Float64Array.of(100, 100, 0), Float64Array.of(0, 1, 0.3), { marginRate: 0.3, annualDiscountRate: 0, horizonMonths: 36 });
    expect(Array.from(edge)).toEqual([1080, 0, 0]);
    // No churn, 10 % a year over 12 months: m·Σ d^k = 30·d(1 − 1/1.1)/(1 − d) = 30·0.992089·0.090909/0.007911 = 30·11.40049 = 342.01…
    const year = customerLifetimeValue(Float64Array.of(100), Float64Array.of(0), { marginRate: 0.3, annualDiscountRate: 0.1, horizonMonths: 12 });
    const d = 1.1 ** (-1 / 12);
    expect(year[0]).toBeCloseTo((30 * d * (1 - 1 / 1.1)) / (1 - d), 10);
    expect(year[0]).toBeCloseTo(342.01, 2);
  });

  it("equals the direct sum over months, including q very close to 1", () => {
    const charges = Float64Array.of(19.85, 70.7, 118.75, 55, 80);
    const p = Float64Array.of(0.002, 0.05, 0.3, 1e-13, 0.999);
    for (const options of [
      { marginRate: 0.3, annualDiscountRate: 0.1, horizonMonths: 36 },
      { marginRate: 0.5, annualDiscountRate: 0, horizonMonths: 240 },
      { marginRate: 1, annualDiscountRate: 0.02, horizonMonths: 1 },
    ]) {
      const out = customerLifetimeValue(charges, p, options);
      for (let i = 0; i < charges.length; i++) {
        const ref = clvBySum(charges[i]!, p[i]!, options.marginRate, options.annualDiscountRate, options.horizonMonths);
        expect(Math.abs(out[i]! - ref)).toBeLessThanOrEqual(1e-11 * Math.max(1, ref));
      }
    }
  });

  it("decreases with churn probability and discount rate", () => {
    const charges = Float64Array.of(50, 50, 50);
    const a = customerLifetimeValue(charges, Float64Array.of(0.01, 0.05, 0.2), { marginRate: 0.3, annualDiscountRate: 0.1, horizonMonths: 36 });
    expect(a[0]).toBeGreaterThan(a[1]!);
    expect(a[1]).toBeGreaterThan(a[2]!);
    const b = customerLifetimeValue(charges, Float64Array.of(0.01, 0.05, 0.2), { marginRate: 0.3, annualDiscountRate: 0.5, horizonMonths: 36 });
    for (let i = 0; i < 3; i++) expect(b[i]).toBeLessThan(a[i]!);
  });

  it("throws on bad input, quoting the value, and does not mutate", () => {
    const c = Float64Array.of(10, 20);
    const p = Float64Array.of(0.1, 0.2);
    const ok = { marginRate: 0.3, annualDiscountRate: 0.1, horizonMonths: 36 };
    expect(() => customerLifetimeValue(new Float64Array(0), new Float64Array(0), ok)).toThrow(/empty input/);
    expect(() => customerLifetimeValue(c, Float64Array.of(0.1), ok)).toThrow(/monthlyCharges 2, pMonth 1/);
    expect(() => customerLifetimeValue(Float64Array.of(10, -5), p, ok)).toThrow(/monthlyCharges\[1\] = -5 is negative/);
    expect(() => customerLifetimeValue(Float64Array.of(Infinity, 5), p, ok)).toThrow(/monthlyCharges\[0\] = Infinity/);
    expect(() => customerLifetimeValue(c, Float64Array.of(0.1, 1.5), ok)).toThrow(/pMonth\[1\] = 1.5/);
    expect(() => customerLifetimeValue(c, p, { ...ok, marginRate: 1.5 })).toThrow(/marginRate must be in \[0, 1\], got 1.5/);
    expect(() => customerLifetimeValue(c, p, { ...ok, annualDiscountRate: -0.1 })).toThrow(/annualDiscountRate .* got -0.1/);
    expect(() => customerLifetimeValue(c, p, { ...ok, horizonMonths: 2.5 })).toThrow(/horizonMonths must be an integer >= 1, got 2.5/);
    customerLifetimeValue(c, p, ok);
    expect([Array.from(c), Array.from(p)]).toEqual([[10, 20], [0.1, 0.2]]);
  });
});
