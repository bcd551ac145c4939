import { describe, expect, it } from "vitest";
import { bootstrapInterval, denseClusters } from "../../src/evaluation/bootstrap.js";
import { bootstrapRocAuc } from "../../src/evaluation/bootstrapRocAuc.js";
import { rocAuc } from "../../src/evaluation/rocAuc.js";
import { Rng } from "../../src/util/rng.js";

describe("bootstrapRocAuc", () => {
  it("gives the same replicates as the generic bootstrap of rocAuc, ties included", () => {
    const rng = new Rng(4);
    const n = 3000;
    const y = new Uint8Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.bernoulli(0.05) ? 1 : 0;
      p[i] = Math.round(((0.3 * y[i]! + rng.uniform()) / 1.3) * 20) / 20; // heavy ties, in [0, 1]
    }
    const fast = bootstrapRocAuc(y, p, { replicates: 50, seed: 9, level: 0.9 });
    const slow = bootstrapInterval(rocAuc, y, p, { replicates: 50, seed: 9, level: 0.9 });
    expect(fast.estimate).toBe(slow.estimate);
    expect(fast.replicates.length).toBe(50);
    for (let r = 0; r < 50; r++) expect(fast.replicates[r]).toBeCloseTo(slow.replicates[r]!, 12);
    expect(fast.lower).toBeCloseTo(slow.lower, 12);
    expect(fast.upper).toBeCloseTo(slow.upper, 12);
    expect(fast.lower).toBeLessThan(fast.estimate);
    expect(fast.upper).toBeGreaterThan(fast.estimate);
  });

  it("skips single-class resamples and rejects bad options", () => {
    const y = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]);
    const p = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9]);
    const b = bootstrapRocAuc(y, p, { replicates: 200, seed: 1, level: 0.95 });
    expect(b.skipped).toBeGreaterThan(0);
    expect(b.replicates.length + b.skipped).toBe(200);
    expect(() => bootstrapRocAuc(y, p, { replicates: 0, seed: 1, level: 0.95 })).toThrow("got 0");
  });

  describe("with clusters (customers and their customer-months)", () => {
    const rng = new Rng(12);
    const n = 2000;
    const y = new Uint8Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rng.bernoulli(0.1) ? 1 : 0;
      p[i] = Math.round(((0.4 * y[i]! + rng.uniform()) / 1.4) * 50) / 50;
    }
    const options = { replicates: 200, seed: 5, level: 0.95 };

    it("with one row per cluster, draws exactly the row bootstrap", () => {
      const rows = bootstrapRocAuc(y, p, options);
      const clustered = bootstrapRocAuc(y, p, { ...options, clusters: denseClusters(Uint32Array.from({ length: n }, (_, i) => i)) });
      expect(clustered.replicates).toEqual(rows.replicates);
    });

    it("on rows repeated k times within their cluster, is the row bootstrap of the original rows, where rows alone would be too narrow", () => {
      const k = 6;
      const yk = new Uint8Array(n * k);
      const pk = new Float64Array(n * k);
      const customer = new Uint32Array(n * k);
      for (let i = 0; i < n * k; i++) {
        const j = i % n; // copies interleaved, so clusters are not contiguous runs
        [yk[i], pk[i], customer[i]] = [y[j]!, p[j]!, j];
      }
      const rows = bootstrapRocAuc(y, p, options);
      const clustered = bootstrapRocAuc(yk, pk, { ...options, clusters: denseClusters(customer) });
      expect(clustered.estimate).toBeCloseTo(rows.estimate, 12);
      for (let r = 0; r < 200; r++) expect(clustered.replicates[r]).toBeCloseTo(rows.replicates[r]!, 12);
      const naive = bootstrapRocAuc(yk, pk, options);
      const width = (b: { lower: number; upper: number }): number => b.upper - b.lower;
      expect(width(naive) / width(clustered)).toBeGreaterThan(0.3);
      expect(width(naive) / width(clustered)).toBeLessThan(0.55); // about 1/√6 = 0.41
    });

    it("numbers clusters by first appearance and rejects a cluster beyond the count", () => {
      expect(denseClusters([70, 3, 70, 9, 3])).toEqual({ cluster: Uint32Array.from([0, 1, 0, 2, 1]), count: 3 });
      expect(() => bootstrapRocAuc(y, p, { ...options, clusters: { cluster: new Uint32Array(n).fill(4), count: 4 } })).toThrow(/cluster of row 0 is 4, expected below the cluster count 4/);
      expect(() => bootstrapRocAuc(y, p, { ...options, clusters: { cluster: new Uint32Array(3), count: 1 } })).toThrow(/clusters/);
    });
  });
});
