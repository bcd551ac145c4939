import { describe, expect, it } from "vitest";
import { binaryCurve } from "../../src/evaluation/binaryCurve.js";

describe("binaryCurve", () => {
  it("accumulates weights at each distinct score, highest first, skipping zero-weight rows", () => {
    const y = Uint8Array.of(1, 0, 1, 0, 0);
    const p = Float64Array.of(0.9, 0.9, 0.4, 0.2, 0.3);
    const c = binaryCurve("t", y, p, Float64Array.of(2, 1, 1, 3, 0));
    expect(Array.from(c.thresholds)).toEqual([0.9, 0.4, 0.2]);
    expect(Array.from(c.tps)).toEqual([2, 3, 3]);
    expect(Array.from(c.fps)).toEqual([1, 1, 4]);
    expect(c.totals).toEqual({ positive: 3, negative: 4 });
  });
});
