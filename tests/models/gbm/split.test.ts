import { describe, expect, it } from "vitest";
import { histogramLayout } from "../../../src/models/gbm/histogram.js";
import { emptySplit, findBestSplit, type SplitConstraints } from "../../../src/models/gbm/split.js";

const C0: SplitConstraints = { lambda: 0, minSamplesLeaf: 1, minChildWeight: 0, minSplitGain: 0 };

/** One feature's histogram from (g, h, count) triples: its bins, then the missing slot. */
function hist(slots: [number, number, number][]): { h: Float64Array; G: number; H: number; C: number } {
  const h = Float64Array.from(slots.flat());
  let G = 0;
  let H = 0;
  let C = 0;
  for (const [g, hh, c] of slots) {
    G += g;
    H += hh;
    C += c;
  }
  return { h, G, H, C };
}

describe("findBestSplit", () => {
  const layout = histogramLayout(Uint16Array.from([3]));
  const one = Int32Array.from([0]);

  it("picks the bin with the largest Newton gain ½[G_L²/H_L + G_R²/H_R − G²/H]", () => {
    // Bins: (−4, 2, 2), (−1, 2, 2), (5, 2, 2); no missing. Split after bin 1: G_L = −5, H_L = 4; G_R = 5, H_R = 2.
    const { h, G, H, C } = hist([[-4, 2, 2], [-1, 2, 2], [5, 2, 2], [0, 0, 0]]);
    const out = emptySplit();
    findBestSplit(h, layout, Uint8Array.from([0]), one, 1, G, H, C, C0, out);
    expect(out.feature).toBe(0);
    expect(out.bin).toBe(1);
    expect(out.gain).toBeCloseTo(0.5 * (25 / 4 + 25 / 2 - 0), 14);
    expect([out.gradLeft, out.hessLeft, out.countLeft]).toEqual([-5, 4, 4]);
    // No missing values anywhere in training: they go to the child with more rows (ties right).
    expect(out.missingLeft).toBe(true);
  });

  it("learns the missing direction from the missing slot, and considers 'missing alone'", () => {
    // Missing rows look like bin 0 (negative gradients): best is {bin 0, missing} vs {bins 1, 2}.
    const { h, G, H, C } = hist([[-3, 1, 1], [2, 1, 1], [2, 1, 1], [-3, 1, 1]]);
    const out = emptySplit();
    findBestSplit(h, layout, Uint8Array.from([1]), one, 1, G, H, C, C0, out);
    expect([out.bin, out.missingLeft]).toEqual([0, true]);
    // Missing rows unlike every bin: "all non-missing left, missing right" (bin = nBins − 1).
    const m = hist([[1, 1, 1], [1, 1, 1], [1, 1, 1], [-9, 1, 1]]);
    findBestSplit(m.h, layout, Uint8Array.from([1]), one, 1, m.G, m.H, m.C, C0, out);
    expect([out.bin, out.missingLeft]).toEqual([2, false]);
  });

  it("sends missing values right when the node has none but training had some", () => {
    const { h, G, H, C } = hist([[-4, 2, 5], [-1, 2, 2], [5, 2, 2], [0, 0, 0]]);
    const out = emptySplit();
    findBestSplit(h, layout, Uint8Array.from([1]), one, 1, G, H, C, C0, out);
    expect(out.missingLeft).toBe(false);
  });

  it("honours minSamplesLeaf, minChildWeight and minSplitGain; reports no split with gain −∞", () => {
    // Unconstrained best: after bin 0 (½[36/0.5 + 36/4] = 40.5); after bin 1: ½[25/2.5 + 25/2] = 11.25.
    const { h, G, H, C } = hist([[-6, 0.5, 1], [1, 2, 3], [5, 2, 2], [0, 0, 0]]);
    const out = emptySplit();
    const none = Uint8Array.from([0]);
    findBestSplit(h, layout, none, one, 1, G, H, C, C0, out);
    expect([out.bin, out.gain]).toEqual([0, 40.5]);
    findBestSplit(h, layout, none, one, 1, G, H, C, { ...C0, minSamplesLeaf: 2 }, out);
    expect([out.bin, out.gain]).toEqual([1, 11.25]);
    findBestSplit(h, layout, none, one, 1, G, H, C, { ...C0, minChildWeight: 1 }, out);
    expect([out.bin, out.gain]).toEqual([1, 11.25]);
    findBestSplit(h, layout, none, one, 1, G, H, C, { ...C0, minSamplesLeaf: 3 }, out);
    expect([out.feature, out.gain]).toEqual([-1, Number.NEGATIVE_INFINITY]);
    findBestSplit(h, layout, none, one, 1, G, H, C, { ...C0, minSplitGain: 40.5 }, out);
    expect(out.feature).toBe(-1);
  });

  it("shrinks gains with lambda", () => {
    const { h, G, H, C } = hist([[-4, 2, 2], [-1, 2, 2], [5, 2, 2], [0, 0, 0]]);
    const out = emptySplit();
    findBestSplit(h, layout, Uint8Array.from([0]), one, 1, G, H, C, { ...C0, lambda: 1 }, out);
    expect(out.gain).toBeCloseTo(0.5 * (25 / 5 + 25 / 3 - 0 / 7), 14);
  });
});
