import { describe, expect, it } from "vitest";
import { bootstrapInterval } from "../../src/evaluation/bootstrap.js";
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
});
