import { describe, expect, it } from "vitest";
import { profitCurve, type ProfitCurveOptions } from "../../src/decision/profitCurve.js";
import { denseClusters } from "../../src/evaluation/bootstrap.js";
import { Rng } from "../../src/util/rng.js";

// Six rows. Ranking (score desc, ties by index asc): 0 (0.9), 5 (0.9), 2 (0.7), 3 (0.7), 4 (0.4), 1 (0.2).
// Ranked per-row profit y·gain − (1 − y)·loss: +100, −35, −30, +60, +40, −10
// → cumulative profit N = 0…6: 0, 100, 65, 35, 95, 135, 125; cumulative spend: 0, 12, 24, 32, 40, 46, 51.
const y = Uint8Array.from([1, 0, 0, 1, 1, 0]);
const score = Float64Array.from([0.9, 0.2, 0.7, 0.7, 0.4, 0.9]);
const gain = Float64Array.from([100, 50, 80, 60, 40, 90]);
const loss = Float64Array.from([20, 10, 30, 25, 15, 35]);
const spend = Float64Array.from([12, 5, 8, 8, 6, 12]);
const opts: ProfitCurveOptions = { replicates: 50, seed: 7, level: 0.9, gridPoints: 3 };

describe("profitCurve on a hand-computed six-row backtest", () => {
  const c = profitCurve(y, score, gain, loss, spend, opts);

  it("finds N*, its threshold, profit, spend and ROI over every N", () => {
    expect(c.n).toBe(6);
    expect(c.nStar).toBe(5);
    expect(c.pStar).toBe(0.4);
    expect(c.maxProfit).toBe(135);
    expect(c.spendAtStar).toBe(46);
    expect(c.roiAtStar).toBeCloseTo(135 / 46, 14);
  });

  it("reports the even grid {0, 3, 6} with N* = 5 inserted", () => {
    expect(Array.from(c.count)).toEqual([0, 3, 5, 6]);
    expect(Array.from(c.threshold)).toEqual([NaN, 0.7, 0.4, 0.2]);
    expect(Array.from(c.profit)).toEqual([0, 35, 135, 125]);
    expect(Array.from(c.spend)).toEqual([0, 32, 46, 51]);
    expect(c.level).toBe(0.9);
  });

  it("breaks score ties by row index ascending", () => {
    // Full grid: with index-descending ties N = 1 would give −35 (row 5 first) and N = 3 would give 125.
    const full = profitCurve(y, score, gain, loss, spend, { ...opts, gridPoints: 7 });
    expect(Array.from(full.count)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Array.from(full.profit)).toEqual([0, 100, 65, 35, 95, 135, 125]);
    expect(Array.from(full.threshold)).toEqual([NaN, 0.9, 0.9, 0.7, 0.7, 0.4, 0.2]);
  });

  it("defines marginalZero as the first N whose next `window` rows add ≤ 0", () => {
    // default window = round(6 / (3 − 1)) = 3: N = 0 adds 35 > 0, N = 1 adds 95 − 100 = −5 ≤ 0.
    expect(c.window).toBe(3);
    expect(c.marginalZero).toBe(1);
    const at = (window: number): number => profitCurve(y, score, gain, loss, spend, { ...opts, window }).marginalZero;
    expect(at(1)).toBe(1); // row 5 is a stayer
    expect(at(4)).toBe(5); // forward sums 95, 35, 60, 90, 30, then −10 at N = 5
    expect(at(6)).toBe(5); // forward sums to the end: 125, 25, 60, 90, 30, −10
  });

  it("builds the band from per-row counts of a seeded resample over the fixed ranking", () => {
    // One replicate: lower = upper = the replicate, recomputed here from the same Rng draws.
    const one = profitCurve(y, score, gain, loss, spend, { ...opts, replicates: 1, gridPoints: 7 });
    const rng = new Rng(opts.seed);
    const k = new Array<number>(6).fill(0);
    for (let i = 0; i < 6; i++) k[rng.int(6)]!++;
    const ranked = [0, 5, 2, 3, 4, 1];
    const value = [100, -10, -30, 60, 40, -35]; // per row index
    const expected = [0];
    for (const i of ranked) expected.push(expected[expected.length - 1]! + k[i]! * value[i]!);
    expect(Array.from(one.lower!)).toEqual(expected);
    expect(Array.from(one.upper!)).toEqual(expected);
    expect(expected.slice(1)).not.toEqual([100, 65, 35, 95, 135, 125]); // the resample differs from the sample
  });

  it("has no band with 0 replicates (not a one-replicate band), and the same curve", () => {
    const none = profitCurve(y, score, gain, loss, spend, { ...opts, replicates: 0 });
    expect([none.lower, none.upper]).toEqual([null, null]);
    expect({ ...none, lower: c.lower, upper: c.upper }).toEqual(c);
  });
});

describe("profitCurve edge cases", () => {
  it("takes the smallest N among tied maxima", () => {
    // ranked values 50, −10, 10, −20 → cumulative 0, 50, 40, 50, 30: N* = 1, not 3.
    const c = profitCurve(
      Uint8Array.from([1, 0, 1, 0]),
      Float64Array.from([0.8, 0.6, 0.4, 0.2]),
      Float64Array.from([50, 0, 10, 0]),
      Float64Array.from([0, 10, 0, 20]),
      Float64Array.from([1, 1, 1, 1]),
      { ...opts, gridPoints: 2 },
    );
    expect(c.nStar).toBe(1);
    expect(c.pStar).toBe(0.8);
    expect(c.maxProfit).toBe(50);
    expect(c.roiAtStar).toBe(50);
    expect(Array.from(c.count)).toEqual([0, 1, 4]);
  });

  it("gives N* = 0 with NaN threshold and ROI when every prefix loses money", () => {
    const c = profitCurve(Uint8Array.from([0, 0, 0]), Float64Array.from([0.3, 0.2, 0.1]), Float64Array.from([9, 9, 9]), Float64Array.from([1, 2, 3]), Float64Array.from([4, 4, 4]), opts);
    expect(c.nStar).toBe(0);
    expect(c.pStar).toBeNaN();
    expect(c.maxProfit).toBe(0);
    expect(c.spendAtStar).toBe(0);
    expect(c.roiAtStar).toBeNaN();
    expect(c.marginalZero).toBe(0);
    expect(Array.from(c.count)).toEqual([0, 2, 3]);
    expect(Array.from(c.profit)).toEqual([0, -3, -6]);
  });

  it("gives NaN ROI when the profitable prefix costs nothing", () => {
    const c = profitCurve(Uint8Array.from([1, 0]), Float64Array.from([0.9, 0.1]), Float64Array.from([5, 5]), Float64Array.from([1, 1]), Float64Array.from([0, 0]), opts);
    expect(c.nStar).toBe(1);
    expect(c.maxProfit).toBe(5);
    expect(c.roiAtStar).toBeNaN();
  });

  it("caps the grid at the n + 1 distinct counts", () => {
    const c = profitCurve(y, score, gain, loss, spend, { ...opts, gridPoints: 20 });
    expect(Array.from(c.count)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(c.window).toBe(1); // round(6 / 19) = 0 → at least 1
  });

  it("rejects bad input, quoting the values", () => {
    const f = (ov: Partial<ProfitCurveOptions> = {}, yy = y, s = score, g = gain, l = loss, sp = spend) => () => profitCurve(yy, s, g, l, sp, { ...opts, ...ov });
    expect(f({}, new Uint8Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0))).toThrow("empty input (y has length 0)");
    expect(f({}, y, score, gain.subarray(0, 5))).toThrow("y and gain lengths differ (y 6, gain 5)");
    expect(f({}, y, score, gain, loss, Float64Array.from([1, 2, 3, 4, 5, 6, 7]))).toThrow("y and spend lengths differ (y 6, spend 7)");
    expect(f({}, Uint8Array.from([1, 0, 2, 1, 1, 0]))).toThrow("y[2] = 2 is not 0 or 1");
    expect(f({}, y, Float64Array.from([0.9, NaN, 0.7, 0.7, 0.4, 0.9]))).toThrow("score[1] = NaN is not a finite number");
    expect(f({}, y, score, gain, Float64Array.from([20, 10, Infinity, 25, 15, 35]))).toThrow("loss[2] = Infinity");
    expect(f({}, y, score, gain, loss, Float64Array.from([12, 5, 8, -1, 6, 12]))).toThrow("spend[3] = -1 is negative");
    expect(f({ gridPoints: 1 })).toThrow("gridPoints must be an integer >= 2, got 1");
    expect(f({ gridPoints: 2.5 })).toThrow("got 2.5");
    expect(f({ replicates: -1 })).toThrow("replicates must be an integer >= 0, got -1");
    expect(f({ replicates: 1.5 })).toThrow("got 1.5");
    expect(f({ level: 1 })).toThrow("level must be in (0, 1), got 1");
    expect(f({ seed: 0.5 })).toThrow("seed must be an integer, got 0.5");
    expect(f({ window: 0 })).toThrow("window must be a positive integer, got 0");
  });
});

describe("profitCurve on a seeded, well-behaved backtest", () => {
  const n = 3000;
  const rng = new Rng(2024);
  const yy = new Uint8Array(n);
  const ss = new Float64Array(n);
  const gg = new Float64Array(n);
  const ll = new Float64Array(n);
  const sp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = 0.02 + 0.4 * rng.uniform() ** 2;
    yy[i] = rng.bernoulli(p) ? 1 : 0;
    ss[i] = Math.min(1, Math.max(0, p + 0.05 * rng.normal()));
    gg[i] = 0.3 * (200 + 800 * rng.uniform()) - 50;
    ll[i] = 40;
    sp[i] = 45;
  }
  const copies = [yy, ss, gg, ll, sp].map((a) => a.slice());
  const o: ProfitCurveOptions = { replicates: 400, seed: 11, level: 0.9, gridPoints: 31 };
  const c = profitCurve(yy, ss, gg, ll, sp, o);

  it("holds 0, n and N* on a strictly ascending grid", () => {
    expect(c.count[0]).toBe(0);
    expect(c.count[c.count.length - 1]).toBe(n);
    expect(Array.from(c.count)).toContain(c.nStar);
    for (let g = 1; g < c.count.length; g++) expect(c.count[g]!).toBeGreaterThan(c.count[g - 1]!);
    expect(c.count.length).toBeLessThanOrEqual(o.gridPoints + 1);
    expect(c.nStar).toBeGreaterThan(0);
    expect(c.nStar).toBeLessThan(n);
    expect(c.marginalZero).toBeLessThanOrEqual(c.nStar);
  });

  it("has N* maximising profit over the grid and thresholds falling with N", () => {
    const star = Array.from(c.count).indexOf(c.nStar);
    expect(c.profit[star]).toBe(c.maxProfit);
    for (let g = 0; g < c.count.length; g++) expect(c.profit[g]!).toBeLessThanOrEqual(c.maxProfit);
    expect(c.threshold[star]).toBe(c.pStar);
    for (let g = 2; g < c.count.length; g++) expect(c.threshold[g]!).toBeLessThanOrEqual(c.threshold[g - 1]!);
    expect(c.spendAtStar).toBe(45 * c.nStar);
  });

  it("has a band containing the estimate at ≥ 90 % of grid points and lower ≤ upper everywhere", () => {
    let inside = 0;
    for (let g = 0; g < c.count.length; g++) {
      expect(c.lower![g]!).toBeLessThanOrEqual(c.upper![g]!);
      if (c.lower![g]! <= c.profit[g]! && c.profit[g]! <= c.upper![g]!) inside++;
    }
    expect(inside / c.count.length).toBeGreaterThanOrEqual(0.9);
    expect(c.lower![0]).toBe(0);
    expect(c.upper![0]).toBe(0);
    const last = c.count.length - 1;
    expect(c.upper![last]! - c.lower![last]!).toBeGreaterThan(0);
  });

  it("is deterministic in the seed and does not mutate its inputs", () => {
    const again = profitCurve(yy, ss, gg, ll, sp, o);
    expect(Array.from(again.lower!)).toEqual(Array.from(c.lower!));
    expect(Array.from(again.upper!)).toEqual(Array.from(c.upper!));
    const other = profitCurve(yy, ss, gg, ll, sp, { ...o, seed: 12 });
    expect(Array.from(other.profit)).toEqual(Array.from(c.profit));
    expect(Array.from(other.lower!)).not.toEqual(Array.from(c.lower!));
    [yy, ss, gg, ll, sp].forEach((a, k) => expect(Array.from(a)).toEqual(Array.from(copies[k]!)));
  });

  it("resamples clusters when given them: one row per cluster is the row band; rows that repeat within a cluster widen it by about √copies", () => {
    const identity = denseClusters(Uint32Array.from({ length: n }, (_, i) => i));
    const same = profitCurve(yy, ss, gg, ll, sp, { ...o, clusters: identity });
    expect([Array.from(same.lower!), Array.from(same.upper!)]).toEqual([Array.from(c.lower!), Array.from(c.upper!)]);
    // Every row four times (a customer's months that all look alike): resampling rows would treat 4n rows as independent.
    const k = 4;
    const [y4, s4, g4, l4, p4] = [new Uint8Array(n * k), new Float64Array(n * k), new Float64Array(n * k), new Float64Array(n * k), new Float64Array(n * k)];
    for (let i = 0; i < n * k; i++) [y4[i], s4[i], g4[i], l4[i], p4[i]] = [yy[i % n]!, ss[i % n]!, gg[i % n]!, ll[i % n]!, sp[i % n]!];
    const rows = profitCurve(y4, s4, g4, l4, p4, o);
    const clustered = profitCurve(y4, s4, g4, l4, p4, { ...o, clusters: denseClusters(Uint32Array.from({ length: n * k }, (_, i) => i % n)) });
    expect(Array.from(clustered.profit)).toEqual(Array.from(rows.profit));
    const at = rows.count.indexOf(rows.nStar);
    const ratio = (clustered.upper![at]! - clustered.lower![at]!) / (rows.upper![at]! - rows.lower![at]!);
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.5);
    expect(() => profitCurve(yy, ss, gg, ll, sp, { ...o, clusters: { cluster: new Uint32Array(5), count: 1 } })).toThrow(/profitCurve: yTrue and clusters lengths differ/);
  });
});
