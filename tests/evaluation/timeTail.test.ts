import { describe, expect, it } from "vitest";
import { timeOrderedTail } from "../../src/evaluation/timeTail.js";

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
