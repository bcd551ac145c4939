import { describe, expect, it } from "vitest";
import { GradientBoosting } from "../../../src/models/gbm/gradientBoosting.js";
import { predictMargin, treeExpectedValue, type TreeEnsemble } from "../../../src/models/gbm/tree.js";
import { ensembleExpectedValue, gaussLegendre01, meanAbsShap, sumShapByFeature, treeShap } from "../../../src/models/gbm/treeShap.js";
import { matrixFromRows } from "../../../src/models/matrix.js";
import { Rng } from "../../../src/util/rng.js";
import { bruteForceShap, flatTree, randomRows, randomTree } from "../../helpers/gbm.js";

/** Max |a − b| over two equal-length arrays. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Checks treeShap against brute-force enumeration and additivity on every row of a random matrix. */
function expectExact(ensemble: TreeEnsemble, rows: number, seed: number, tol = 1e-12): void {
  const X = randomRows(new Rng(seed), rows, ensemble.nFeatures);
  const { values, expectedValue } = treeShap(ensemble, X);
  const margin = predictMargin(ensemble, X);
  const p = ensemble.nFeatures;
  for (let i = 0; i < rows; i++) {
    const row = X.data.subarray(i * p, (i + 1) * p);
    const phi = values.data.subarray(i * p, (i + 1) * p);
    expect(maxAbsDiff(phi, bruteForceShap(ensemble, row))).toBeLessThanOrEqual(tol);
    let sum = expectedValue;
    for (let j = 0; j < p; j++) sum += phi[j]!;
    expect(Math.abs(sum - margin[i]!)).toBeLessThanOrEqual(1e-9);
  }
}

describe("treeShap on literal trees", () => {
  // x0 ≤ 0 ? (x1 ≤ 0 ? 1 : 3) : 5, covers 10 = 6 + 4, 6 = 3 + 3.
  const tree = flatTree({
    feature: 0, threshold: 0, cover: 10,
    left: { feature: 1, threshold: 0, missingLeft: true, cover: 6, left: { value: 1, cover: 3 }, right: { value: 3, cover: 3 } },
    right: { value: 5, cover: 4 },
  });
  const ensemble: TreeEnsemble = { trees: [tree], baseScore: 0.5, nFeatures: 2 };

  it("gives the hand-computed values and φ₀ = base + cover-weighted mean leaf", () => {
    // E[f] = 0.6·(0.5·1 + 0.5·3) + 0.4·5 = 3.2. For x = (−1, −1): v(∅) = 3.2, v({0}) = 2, v({1}) = 0.6·1 + 0.4·5 = 2.6,
    // v({0,1}) = 1, so φ₀(x0) = ½(2 − 3.2) + ½(1 − 2.6) = −1.4 and φ(x1) = ½(2.6 − 3.2) + ½(1 − 2) = −0.8.
    expect(treeExpectedValue(tree)).toBeCloseTo(3.2, 14);
    const { values, expectedValue } = treeShap(ensemble, matrixFromRows([[-1, -1]]));
    expect(expectedValue).toBeCloseTo(3.7, 14);
    expect(values.data[0]).toBeCloseTo(-1.4, 14);
    expect(values.data[1]).toBeCloseTo(-0.8, 14);
  });

  it("routes missing values by the split's learned direction, like predictions", () => {
    const X = matrixFromRows([[-1, Number.NaN], [Number.NaN, 2]]);
    const { values, expectedValue } = treeShap(ensemble, X);
    const margin = predictMargin(ensemble, X);
    for (let i = 0; i < 2; i++) expect(expectedValue + values.data[2 * i]! + values.data[2 * i + 1]!).toBeCloseTo(margin[i]!, 13);
    expect(margin[0]).toBe(1.5); // x1 = NaN goes left at its split (missingLeft): leaf 1, + base 0.5
    expect(margin[1]).toBe(5.5); // x0 = NaN goes right at the root (missingLeft = 0): leaf 5, + base 0.5
  });

  it("gives a feature the tree never splits on exactly zero", () => {
    const three: TreeEnsemble = { trees: [tree], baseScore: 0, nFeatures: 3 };
    const { values } = treeShap(three, matrixFromRows([[0.3, -0.2, 9]]));
    expect(values.data[2]).toBe(0);
  });

  it("throws on an empty matrix or a column-count mismatch", () => {
    expect(() => treeShap(ensemble, { data: new Float64Array(0), rows: 0, cols: 2 })).toThrow(/X is empty/);
    expect(() => treeShap(ensemble, matrixFromRows([[1, 2, 3]]))).toThrow(/3 columns, the model has 2/);
  });
});

describe("treeShap equals brute-force Shapley values (path-dependent value function)", () => {
  it("on random trees with ≤ 6 features, repeated features on paths and missing values, within 1e-12", () => {
    const rng = new Rng(11);
    for (let t = 0; t < 12; t++) {
      const p = 2 + (t % 5);
      const trees = Array.from({ length: 1 + (t % 3) }, () => randomTree(rng, p, 6, 0.85));
      expectExact({ trees, baseScore: rng.normal(), nFeatures: p }, 25, 100 + t);
    }
  });

  it("with per-pattern memos (≥ 32 rows) as without them (one row at a time): brute force within 1e-12 and the same bits", () => {
    const rng = new Rng(14);
    for (let t = 0; t < 4; t++) {
      const p = 3 + t;
      const ensemble: TreeEnsemble = { trees: Array.from({ length: 3 }, () => randomTree(rng, p, 6, 0.85)), baseScore: rng.normal(), nFeatures: p };
      expectExact(ensemble, 64, 400 + t);
      const X = randomRows(new Rng(500 + t), 64, p);
      const batch = treeShap(ensemble, X).values.data;
      for (let i = 0; i < 64; i++) {
        const one = treeShap(ensemble, { data: X.data.slice(i * p, (i + 1) * p), rows: 1, cols: p }).values.data;
        expect(Array.from(one)).toEqual(Array.from(batch.subarray(i * p, (i + 1) * p)));
      }
    }
  });

  it("when covers are not additive (as XGBoost's float32 hessian sums), within 1e-12", () => {
    const rng = new Rng(12);
    for (let t = 0; t < 6; t++) expectExact({ trees: [randomTree(rng, 5, 6, 0.9, false)], baseScore: 0, nFeatures: 5 }, 25, 200 + t);
  });

  it("on a path with 14 distinct features (past the per-pattern memo) and on repeated rows (memo hits)", () => {
    // A chain: every node splits on a new feature; the leaf at the end has 14 distinct path features.
    const rng = new Rng(13);
    const chain = (f: number, cover: number): Parameters<typeof flatTree>[0] =>
      f === 14
        ? { value: rng.normal(), cover }
        : { feature: f, threshold: 0, missingLeft: f % 2 === 0, cover, left: chain(f + 1, cover * 0.7), right: { value: rng.normal(), cover: cover * 0.3 } };
    const ensemble: TreeEnsemble = { trees: [flatTree(chain(0, 1000))], baseScore: 0.1, nFeatures: 14 };
    expectExact(ensemble, 6, 300, 1e-12);
    const X = randomRows(new Rng(301), 4, 14, 0);
    const doubled = { data: Float64Array.from([...X.data, ...X.data]), rows: 8, cols: 14 };
    const { values } = treeShap(ensemble, doubled);
    expect(Array.from(values.data.subarray(0, 56))).toEqual(Array.from(values.data.subarray(56)));
  });
});

describe("treeShap on a fitted GradientBoosting model", () => {
  it("is additive on every row within 1e-9: expectedValue + Σφ = decisionFunction", () => {
    const rng = new Rng(21);
    const n = 600;
    const p = 7;
    const X = randomRows(rng, n, p, 0.05);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x = X.data.subarray(i * p, (i + 1) * p);
      const z = (Number.isNaN(x[0]!) ? 1 : 2 * x[0]!) - x[1]! * (Number.isNaN(x[2]!) ? 0 : x[2]!) + 0.5 * (x[3]! > 0.3 ? 1 : 0);
      y[i] = rng.bernoulli(1 / (1 + Math.exp(-z))) ? 1 : 0;
    }
    const model = new GradientBoosting({ maxIter: 30, learningRate: 0.2, maxLeaves: 12, minSamplesLeaf: 5, minChildWeight: 1e-3, lambda: 1, maxBins: 64, seed: 3 }).fit(X, y);
    const { values, expectedValue } = treeShap(model.ensemble, X);
    expect(expectedValue).toBeCloseTo(ensembleExpectedValue(model.ensemble), 15);
    const margin = model.decisionFunction(X);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      let s = expectedValue;
      for (let j = 0; j < p; j++) s += values.data[i * p + j]!;
      worst = Math.max(worst, Math.abs(s - margin[i]!));
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
    // The informative features carry the most mean |SHAP|; the never-used noise column 6 little.
    const imp = meanAbsShap(values);
    expect(imp[0]).toBeGreaterThan(imp[6]!);
  });
});

describe("sumShapByFeature and meanAbsShap", () => {
  const values = matrixFromRows([
    [0.5, -0.25, 1, 2],
    [-1, 0.75, 0, -2],
  ]);

  it("sums the columns of each original feature, keeping every row total", () => {
    // Columns 1 and 2 are two one-hot columns of feature 1.
    const grouped = sumShapByFeature(values, [0, 1, 1, 2]);
    expect(grouped.cols).toBe(3);
    expect(Array.from(grouped.data)).toEqual([0.5, 0.75, 2, -1, 0.75, -2]);
    expect(sumShapByFeature(values, [0, 1, 1, 2], 5).cols).toBe(5);
  });

  it("throws on a bad map or no rows", () => {
    expect(() => sumShapByFeature(values, [0, 1, 2])).toThrow(/3 entries, values has 4 columns/);
    expect(() => sumShapByFeature(values, [0, 1, -1, 2])).toThrow(/columnToFeature\[2\] = -1/);
    expect(() => sumShapByFeature(values, [0, 1, 1, 2], 2)).toThrow(/columnToFeature\[3\] = 2/);
    expect(() => meanAbsShap({ data: new Float64Array(0), rows: 0, cols: 2 })).toThrow(/no rows/);
  });

  it("mean |φ| per column", () => {
    expect(Array.from(meanAbsShap(values))).toEqual([0.75, 0.5, 0.5, 2]);
  });

  it("does not mutate its input", () => {
    const before = Array.from(values.data);
    sumShapByFeature(Object.freeze({ ...values }), [0, 0, 1, 1]);
    meanAbsShap(Object.freeze({ ...values }));
    expect(Array.from(values.data)).toEqual(before);
  });
});

describe("gaussLegendre01", () => {
  it("integrates t^k exactly (to rounding) for k ≤ 2n − 1 with n nodes", () => {
    const { nodes, weights } = gaussLegendre01(8);
    for (let n = 1; n <= 8; n++) {
      const base = (n * (n - 1)) / 2;
      for (let k = 0; k <= 2 * n - 1; k++) {
        let s = 0;
        for (let q = 0; q < n; q++) s += weights[base + q]! * nodes[base + q]! ** k;
        expect(Math.abs(s - 1 / (k + 1))).toBeLessThanOrEqual(1e-15);
      }
    }
  });
});
