import { describe, expect, it } from "vitest";
import { assignBins, binEdges, quantileSorted } from "../../src/evaluation/binning.js";

describe("binEdges / assignBins", () => {
  it("uniform edges are i·(1/bins) like numpy linspace (so 0.3 sits just below the edge 3·0.1)", () => {
    const edges = binEdges(Float64Array.of(0.5), 10);
    expect(edges.length).toBe(11);
    expect(edges[3]).toBe(3 * 0.1);
    expect(edges[10]).toBe(1);
    // Values on (or just under) an edge go to the lower bin; 0 and 1 to the first and last bins.
    expect(Array.from(assignBins(Float64Array.of(0, 0.1, 0.1000001, 0.3, 0.95, 1), edges))).toEqual([0, 0, 1, 2, 9, 9]);
  });

  it("quantile edges are type-7 sample quantiles and can repeat (empty bins)", () => {
    const p = Float64Array.of(0.1, 0.1, 0.1, 0.1, 0.2, 0.9);
    const edges = binEdges(p, 2, "quantile");
    expect(Array.from(edges)).toEqual([0.1, 0.1, 0.9]);
    expect(Array.from(assignBins(p, edges))).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it("rejects bad bin counts, strategies and empty input", () => {
    expect(() => binEdges(Float64Array.of(0.5), 0)).toThrow(/bins must be a positive integer, got 0/);
    expect(() => binEdges(Float64Array.of(0.5), 3, "equal" as never)).toThrow(/strategy must be "uniform" or "quantile", got "equal"/);
    expect(() => binEdges(new Float64Array(0), 3)).toThrow(/empty input/);
  });
});

describe("quantileSorted", () => {
  it("interpolates linearly between order statistics (numpy default)", () => {
    const s = Float64Array.of(1, 2, 4, 8);
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 1)).toBe(8);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 0.25)).toBeCloseTo(1.75, 15);
    expect(() => quantileSorted(s, 1.5)).toThrow(/q must be in \[0, 1\], got 1.5/);
  });
});
