import { describe, expect, it } from "vitest";
import { categoryBins, quantileBins, quantileCuts, valueBins } from "../../src/monitoring/driftBins.js";
import { categoricalCases, driftReference, numericCases, values } from "./driftReference.js";

const f = (...xs: number[]): Float64Array => Float64Array.from(xs);

describe("quantileCuts", () => {
  it("takes the ⌈n·i/bins⌉-th smallest reference value as cut i, below the maximum", () => {
    const ref = Float64Array.from({ length: 10 }, (_, i) => 10 - i);
    expect(Array.from(quantileCuts(ref, 10))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(quantileCuts(ref, 4))).toEqual([3, 5, 8]);
  });

  it("deduplicates tied cuts and drops a cut equal to the maximum, so no finite bin is empty in the reference", () => {
    expect(Array.from(quantileCuts(f(0, 0, 0, 0, 0, 0, 1, 1, 2, 9), 10))).toEqual([0, 1, 2]);
    expect(Array.from(quantileCuts(f(0, 1, 1, 1, 1, 1, 1, 1, 1, 1), 10))).toEqual([0]);
    expect(Array.from(quantileCuts(f(4, 4, 4), 10))).toEqual([]);
  });

  it("rejects a bin count that is not a positive integer", () => {
    expect(() => quantileCuts(f(1, 2), 0)).toThrow(/bins must be a positive integer, got 0/);
  });
});

describe("quantileBins", () => {
  it("closes bins on the right: a value on a cut counts below it", () => {
    const bins = quantileBins(f(1, 2, 3, 4), f(2, 2.5, 4, 5), { bins: 2 });
    expect(Array.from(bins.cuts)).toEqual([2]);
    expect(Array.from(bins.reference)).toEqual([2, 2]);
    expect(Array.from(bins.current)).toEqual([1, 3]);
    expect(Array.from(bins.labels)).toEqual([2, Infinity]);
  });

  it("gives a constant feature one bin", () => {
    const bins = quantileBins(f(5, 5, 5), f(5, 5));
    expect(Array.from(bins.reference)).toEqual([3]);
    expect(Array.from(bins.current)).toEqual([2]);
    expect(bins.missingBin).toBe(false);
  });

  it("puts NaN in a last bin of its own, only when a sample has one", () => {
    const bins = quantileBins(f(1, 2, Number.NaN, 4), f(3, 3, 3), { bins: 2 });
    expect(bins.missingBin).toBe(true);
    expect(Array.from(bins.reference)).toEqual([2, 1, 1]);
    expect(Array.from(bins.current)).toEqual([0, 3, 0]);
    expect(bins.labels[2]).toBeNaN();
  });

  it(`reproduces the reference script's cuts and counts (numpy ${driftReference.meta.numpy})`, () => {
    for (const c of numericCases) {
      const bins = quantileBins(values(c.reference), values(c.current), { bins: driftReference.meta.bins });
      expect(Array.from(bins.cuts), c.name).toEqual(c.cuts);
      expect(Array.from(bins.reference), c.name).toEqual(c.referenceCounts);
      expect(Array.from(bins.current), c.name).toEqual(c.currentCounts);
    }
  });

  it("does not mutate its inputs", () => {
    const ref = values(numericCases[3]!.reference);
    const cur = values(numericCases[3]!.current);
    const [ref0, cur0] = [ref.slice(), cur.slice()];
    quantileBins(ref, cur);
    expect(ref).toEqual(ref0);
    expect(cur).toEqual(cur0);
  });

  it("throws on an empty sample and on infinite values, quoting the index", () => {
    expect(() => quantileBins(new Float64Array(0), f(1))).toThrow(/empty input \(reference has length 0\)/);
    expect(() => quantileBins(f(1, 2), f(1, Infinity))).toThrow(/current\[1\] = Infinity is infinite \(missing values are NaN\)/);
  });
});

describe("valueBins", () => {
  it("makes one bin per distinct value of either sample, ascending, and a NaN bin", () => {
    const bins = valueBins(f(2, 0, 2, Number.NaN), f(0, 1, 1));
    expect(Array.from(bins.labels.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(Array.from(bins.reference)).toEqual([1, 0, 2, 1]);
    expect(Array.from(bins.current)).toEqual([1, 2, 0, 0]);
  });
});

describe("categoryBins", () => {
  it("keeps a level unseen in the reference and drops levels seen in neither sample", () => {
    const bins = categoryBins(Uint8Array.of(0, 0, 2), Uint8Array.of(2, 4, 4));
    expect(Array.from(bins.labels)).toEqual([0, 2, 4]);
    expect(Array.from(bins.reference)).toEqual([2, 1, 0]);
    expect(Array.from(bins.current)).toEqual([0, 1, 2]);
  });

  it("reproduces the reference script's level counts", () => {
    for (const c of categoricalCases) {
      const bins = categoryBins(Uint32Array.from(c.reference), Uint32Array.from(c.current));
      expect(Array.from(bins.reference), c.name).toEqual(c.referenceCounts);
      expect(Array.from(bins.current), c.name).toEqual(c.currentCounts);
    }
  });

  it("throws on an empty sample", () => {
    expect(() => categoryBins(new Uint8Array(0), Uint8Array.of(1))).toThrow(/empty input \(reference has length 0\)/);
  });
});
