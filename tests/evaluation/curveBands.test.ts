import { describe, expect, it } from "vitest";
import { quantileSorted } from "../../src/evaluation/binning.js";
import { prBand, rocBand } from "../../src/evaluation/curveBands.js";
import { precisionRecallCurve } from "../../src/evaluation/precisionRecall.js";
import { rocCurve } from "../../src/evaluation/rocAuc.js";
import { Rng } from "../../src/util/rng.js";

/** numpy `np.interp(x, xp, fp)` for non-decreasing xp: at a run of equal xp it takes the last. */
function npInterp(x: number, xp: Float64Array, fp: Float64Array): number {
  if (x >= xp[xp.length - 1]!) return fp[fp.length - 1]!;
  let j = 0;
  while (j + 1 < xp.length && xp[j + 1]! <= x) j++;
  if (xp[j] === x) return fp[j]!;
  return fp[j]! + ((fp[j + 1]! - fp[j]!) * (x - xp[j]!)) / (xp[j + 1]! - xp[j]!);
}

/** Interpolated ROC at the grid from the public rocCurve. */
function referenceRoc(y: Uint8Array, p: Float64Array, grid: Float64Array): Float64Array {
  const c = rocCurve(y, p);
  return grid.map((f) => npInterp(f, c.fpr, c.tpr));
}

/** Max precision at recall ≥ r from the public precisionRecallCurve, without its appended (0, 1). */
function referencePr(y: Uint8Array, p: Float64Array, grid: Float64Array): Float64Array {
  const c = precisionRecallCurve(y, p);
  const k = c.thresholds.length;
  return grid.map((r) => {
    let best = -Infinity;
    for (let i = 0; i < k; i++) if (c.recall[i]! >= r && c.precision[i]! > best) best = c.precision[i]!;
    return best;
  });
}

function synthetic(n: number, seed: number, rate: number, ties: boolean): { y: Uint8Array; p: Float64Array } {
  const rng = new Rng(seed);
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.bernoulli(rate) ? 1 : 0;
    const s = (0.6 * y[i]! + rng.uniform()) / 1.6;
    p[i] = ties ? Math.round(s * 25) / 25 : s;
  }
  return { y, p };
}

const grid = (g: number): Float64Array => Float64Array.from({ length: g }, (_, k) => k / (g - 1));

describe("rocBand", () => {
  it("reads a hand-worked curve at the grid (vertical steps take the highest TPR)", () => {
    // sklearn's roc_curve example: fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1].
    const y = Uint8Array.from([0, 0, 1, 1]);
    const p = Float64Array.from([0.1, 0.4, 0.35, 0.8]);
    const band = rocBand(y, p, { replicates: 20, seed: 1, level: 0.9, gridPoints: 5 });
    expect(Array.from(band.fpr)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(band.tpr)).toEqual([0.5, 0.5, 1, 1, 1]);
  });

  it("point estimate equals the interpolated rocCurve, with and without ties", () => {
    for (const ties of [false, true]) {
      const { y, p } = synthetic(2000, 7, 0.1, ties);
      const band = rocBand(y, p, { replicates: 5, seed: 3, level: 0.95, gridPoints: 101 });
      const ref = referenceRoc(y, p, grid(101));
      for (let k = 0; k < 101; k++) expect(band.tpr[k]).toBeCloseTo(ref[k]!, 12);
      expect(band.tpr[100]).toBe(1);
    }
  });

  it("band equals the slow bootstrap (materialised resamples through rocCurve), same draws as bootstrapRocAuc", () => {
    const { y, p } = synthetic(300, 11, 0.3, true);
    const replicates = 30;
    const g = 21;
    const band = rocBand(y, p, { replicates, seed: 5, level: 0.8, gridPoints: g });
    const rng = new Rng(5);
    const n = y.length;
    const columns = Array.from({ length: g }, () => [] as number[]);
    for (let r = 0; r < replicates; r++) {
      const yb = new Uint8Array(n);
      const pb = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const j = rng.int(n);
        yb[i] = y[j]!;
        pb[i] = p[j]!;
      }
      const curve = referenceRoc(yb, pb, grid(g));
      curve.forEach((v, k) => columns[k]!.push(v));
    }
    expect(band.replicates).toBe(replicates);
    expect(band.skipped).toBe(0);
    for (let k = 0; k < g; k++) {
      const sorted = Float64Array.from(columns[k]!).sort();
      expect(band.lower[k]).toBeCloseTo(quantileSorted(sorted, 0.1), 12);
      expect(band.upper[k]).toBeCloseTo(quantileSorted(sorted, 0.9), 12);
    }
  });

  it("orders the band: lower ≤ upper, both non-decreasing in FPR, in [0, 1], around the estimate, narrower with more rows", () => {
    const width = (n: number): number => {
      const { y, p } = synthetic(n, 21, 0.15, false);
      const b = rocBand(y, p, { replicates: 200, seed: 8, level: 0.95, gridPoints: 51 });
      let inside = 0;
      for (let k = 0; k < 51; k++) {
        expect(b.lower[k]!).toBeLessThanOrEqual(b.upper[k]!);
        expect(b.lower[k]!).toBeGreaterThanOrEqual(0);
        expect(b.upper[k]!).toBeLessThanOrEqual(1);
        if (k > 0) {
          expect(b.lower[k]!).toBeGreaterThanOrEqual(b.lower[k - 1]!);
          expect(b.upper[k]!).toBeGreaterThanOrEqual(b.upper[k - 1]!);
        }
        if (b.lower[k]! <= b.tpr[k]! && b.tpr[k]! <= b.upper[k]!) inside++;
      }
      expect(inside).toBeGreaterThanOrEqual(48);
      let w = 0;
      for (let k = 1; k < 50; k++) w += b.upper[k]! - b.lower[k]!;
      return w / 49;
    };
    const small = width(400);
    const large = width(6400);
    expect(large).toBeLessThan(small / 2.5); // ~1/√16 = 1/4 in theory
  });

  it("is deterministic for a seed, differs across seeds, and does not mutate its inputs", () => {
    const { y, p } = synthetic(800, 2, 0.2, true);
    const y0 = y.slice();
    const p0 = p.slice();
    const opts = { replicates: 40, seed: 99, level: 0.9, gridPoints: 26 };
    const a = rocBand(y, p, opts);
    const b = rocBand(y, p, opts);
    const c = rocBand(y, p, { ...opts, seed: 100 });
    expect(Array.from(a.lower)).toEqual(Array.from(b.lower));
    expect(Array.from(a.upper)).toEqual(Array.from(b.upper));
    expect(Array.from(c.lower)).not.toEqual(Array.from(a.lower));
    expect(y).toEqual(y0);
    expect(p).toEqual(p0);
  });

  it("skips single-class resamples and rejects bad input with the value quoted", () => {
    const y = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1]);
    const p = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.9]);
    const b = rocBand(y, p, { replicates: 200, seed: 1, level: 0.95, gridPoints: 11 });
    expect(b.skipped).toBeGreaterThan(0);
    expect(b.replicates + b.skipped).toBe(200);
    const ok = { replicates: 10, seed: 1, level: 0.9, gridPoints: 11 };
    expect(() => rocBand(y, p, { ...ok, replicates: 0 })).toThrow("replicates must be a positive integer, got 0");
    expect(() => rocBand(y, p, { ...ok, level: 1 })).toThrow("level must be in (0, 1), got 1");
    expect(() => rocBand(y, p, { ...ok, gridPoints: 1 })).toThrow("gridPoints must be an integer >= 2, got 1");
    expect(() => rocBand(y, p, { ...ok, seed: 0.5 })).toThrow("seed must be an integer, got 0.5");
    expect(() => rocBand(new Uint8Array([1, 1]), Float64Array.from([0.2, 0.3]), ok)).toThrow("one class");
    expect(() => rocBand(Uint8Array.from([0, 1]), Float64Array.from([0.2, 1.3]), ok)).toThrow("yProb[1] = 1.3");
  });
});

describe("prBand", () => {
  it("reads a hand-worked curve at the grid as the best precision at recall ≥ r", () => {
    // Descending scores: 0.8 (pos) P=1 R=.5; 0.4 (neg) P=.5 R=.5; 0.35 (pos) P=2/3 R=1; 0.1 (neg) P=.5 R=1.
    const y = Uint8Array.from([0, 0, 1, 1]);
    const p = Float64Array.from([0.1, 0.4, 0.35, 0.8]);
    const band = prBand(y, p, { replicates: 20, seed: 1, level: 0.9, gridPoints: 5 });
    expect(Array.from(band.recall)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(band.precision)).toEqual([1, 1, 1, 2 / 3, 2 / 3]);
  });

  it("point estimate equals the interpolated precisionRecallCurve, with and without ties", () => {
    for (const ties of [false, true]) {
      const { y, p } = synthetic(2000, 17, 0.1, ties);
      const band = prBand(y, p, { replicates: 5, seed: 3, level: 0.95, gridPoints: 101 });
      const ref = referencePr(y, p, grid(101));
      for (let k = 0; k < 101; k++) expect(band.precision[k]).toBe(ref[k]);
    }
  });

  it("band equals the slow bootstrap through precisionRecallCurve", () => {
    const { y, p } = synthetic(300, 12, 0.3, true);
    const replicates = 30;
    const g = 21;
    const band = prBand(y, p, { replicates, seed: 6, level: 0.8, gridPoints: g });
    const rng = new Rng(6);
    const n = y.length;
    const columns = Array.from({ length: g }, () => [] as number[]);
    for (let r = 0; r < replicates; r++) {
      const yb = new Uint8Array(n);
      const pb = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const j = rng.int(n);
        yb[i] = y[j]!;
        pb[i] = p[j]!;
      }
      referencePr(yb, pb, grid(g)).forEach((v, k) => columns[k]!.push(v));
    }
    for (let k = 0; k < g; k++) {
      const sorted = Float64Array.from(columns[k]!).sort();
      expect(band.lower[k]).toBeCloseTo(quantileSorted(sorted, 0.1), 12);
      expect(band.upper[k]).toBeCloseTo(quantileSorted(sorted, 0.9), 12);
    }
  });

  it("orders the band: lower ≤ upper, both non-increasing in recall, in [0, 1]; deterministic", () => {
    const { y, p } = synthetic(3000, 31, 0.08, false);
    const opts = { replicates: 150, seed: 4, level: 0.95, gridPoints: 41 };
    const b = prBand(y, p, opts);
    for (let k = 0; k < 41; k++) {
      expect(b.lower[k]!).toBeLessThanOrEqual(b.upper[k]!);
      expect(b.lower[k]!).toBeGreaterThan(0);
      expect(b.upper[k]!).toBeLessThanOrEqual(1);
      if (k > 0) {
        expect(b.precision[k]!).toBeLessThanOrEqual(b.precision[k - 1]!);
        expect(b.lower[k]!).toBeLessThanOrEqual(b.lower[k - 1]!);
        expect(b.upper[k]!).toBeLessThanOrEqual(b.upper[k - 1]!);
      }
    }
    expect(Array.from(prBand(y, p, opts).upper)).toEqual(Array.from(b.upper));
  });
});
