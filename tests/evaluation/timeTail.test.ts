import { describe, expect, it } from "vitest";
import { customerHoldout, timeOrderedTail } from "../../src/evaluation/timeTail.js";

describe("timeOrderedTail", () => {
  // Rows 0..11: months 0..5, two rows a month; labels alternate so both classes are everywhere.
  const period = Int16Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  const label = Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  const train = Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

  it("validates on the last months and fits only on rows whose label window ends a gap before them", () => {
    // Tail = months 4..5; horizon 1, gap 1: a fit row needs period + 1 <= 4 - 1, i.e. months 0..2.
    const tail = timeOrderedTail(train, period, label, 1, 2, 1)!;
    expect(Array.from(tail.validation)).toEqual([8, 9, 10, 11]);
    expect(Array.from(tail.fit)).toEqual([0, 1, 2, 3, 4, 5]);
    // Month 3 sits in the gap: neither fitted on nor validated on.
    for (const r of [6, 7]) expect([...tail.fit, ...tail.validation]).not.toContain(r);
  });

  it("never validates on a month earlier than any fit row's label window end (no random rows)", () => {
    const tail = timeOrderedTail(train, period, label, 2, 1, 0)!;
    const lastFitEnd = Math.max(...Array.from(tail.fit, (r) => period[r]! + 2));
    const firstValidation = Math.min(...Array.from(tail.validation, (r) => period[r]!));
    expect(lastFitEnd).toBeLessThanOrEqual(firstValidation);
  });

  it("returns null when a side would lack a class or be empty", () => {
    const onlyNegativesLate = Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0]);
    expect(timeOrderedTail(train, period, onlyNegativesLate, 1, 2, 1)).toBeNull();
    expect(timeOrderedTail(train, period, label, 1, 6, 0)).toBeNull();
    expect(timeOrderedTail(new Uint32Array(0), period, label, 1, 2, 1)).toBeNull();
  });
});

describe("customerHoldout", () => {
  // 40 customers with 3 rows each; customer c's rows are 3c, 3c+1, 3c+2; the last row of every 4th customer is positive.
  const customer = Uint32Array.from({ length: 120 }, (_, r) => Math.floor(r / 3));
  const label = Uint8Array.from({ length: 120 }, (_, r) => (r % 3 === 2 && Math.floor(r / 3) % 4 === 0 ? 1 : 0));
  const train = Uint32Array.from({ length: 120 }, (_, r) => r);

  it("holds out whole customers, about the configured share, deterministically", () => {
    const h = customerHoldout(train, customer, label, 0.3)!;
    const held = new Set(Array.from(h.validation, (r) => customer[r]!));
    const fitted = new Set(Array.from(h.fit, (r) => customer[r]!));
    for (const c of held) expect(fitted.has(c)).toBe(false);
    expect(h.fit.length + h.validation.length).toBe(120);
    expect(held.size).toBeGreaterThan(4);
    expect(held.size).toBeLessThan(20);
    expect(customerHoldout(train, customer, label, 0.3)).toEqual(h);
  });

  it("returns null when the holdout would lack a class", () => {
    expect(customerHoldout(train, customer, new Uint8Array(120), 0.3)).toBeNull();
  });
});
