import { describe, expect, it } from "vitest";
import { LogisticRegression, sigmoid } from "../../src/models/logisticRegression.js";
import { denseMatrix, matrixFromRows, type DenseMatrix } from "../../src/models/matrix.js";
import { MlLogisticRegressionReference, loadMlLogisticRegressionReference } from "../../src/models/mlLogisticRegressionReference.js";
import { Rng } from "../../src/util/rng.js";

/** 300 × 3 correlated normals, standardised (population sd), labels from σ(0.9x₀ − 0.6x₁ + 0.3x₂ − 0.4). */
function standardisedData(seed: number): { X: DenseMatrix; y: Uint8Array } {
  const n = 300;
  const p = 3;
  const rng = new Rng(seed);
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const f = rng.normal();
    for (let j = 0; j < p; j++) data[i * p + j] = 0.5 * f + rng.normal();
    const z = 0.9 * data[i * p]! - 0.6 * data[i * p + 1]! + 0.3 * data[i * p + 2]! - 0.4;
    y[i] = rng.bernoulli(sigmoid(z)) ? 1 : 0;
  }
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[i * p + j]!;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (data[i * p + j]! - mean) ** 2;
    const sd = Math.sqrt(v / n);
    for (let i = 0; i < n; i++) data[i * p + j] = (data[i * p + j]! - mean) / sd;
  }
  return { X: denseMatrix(data, n, p), y };
}

function meanAndMaxAbsDiff(a: Float64Array, b: Float64Array): { mean: number; max: number } {
  let s = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    s += d;
    m = Math.max(m, d);
  }
  return { mean: s / a.length, max: m };
}

describe("MlLogisticRegressionReference (ml-logistic-regression 2.0.0; reference model, slow)", () => {
  const { X, y } = standardisedData(7);
  /** Our model at a large C approximates the unpenalised optimum the package's gradient ascent converges to. */
  const ours = new LogisticRegression({ C: 1e6, tol: 1e-12, maxIter: 100 }).fit(X, y);
  const pOurs = ours.predictProba(X);
  // Step 2e-3 on the summed gradient: λmax(X̃ᵀX̃)/4 ≈ 300·(1 + 2·0.2)/4 ≈ 105, so lr·L ≈ 0.2 < 2 (stable); ~300 steps already reach |Δp| ≈ 1e-8.
  const ref = new MlLogisticRegressionReference({ numSteps: 1000, learningRate: 2e-3 }).fit(X, y);

  it("given enough steps, its P(y = 1) matches our large-C fit: mean |Δp| < 1e-6, max |Δp| < 1e-5", () => {
    const d = meanAndMaxAbsDiff(ref.predictProba(X), pOurs);
    expect(d.mean).toBeLessThan(1e-6);
    expect(d.max).toBeLessThan(1e-5);
    const w = ref.weights;
    const st = ours.state;
    expect(w).toHaveLength(4);
    for (let j = 0; j < 3; j++) expect(Math.abs(w[j]! - st.coef[j]!)).toBeLessThan(1e-4);
    expect(Math.abs(w[3]! - st.intercept)).toBeLessThan(1e-4);
  });

  it("returns P(y = 1), not the one-vs-all P(y = 0) of classifier 1", () => {
    const p = ref.predictProba(X);
    // Rows with y = 1 get a higher mean probability than rows with y = 0.
    let s1 = 0;
    let s0 = 0;
    let n1 = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] === 1) {
        s1 += p[i]!;
        n1++;
      } else s0 += p[i]!;
    }
    expect(s1 / n1).toBeGreaterThan(s0 / (y.length - n1) + 0.2);
  });

  it("with too few steps it is visibly off (the parity above is not vacuous)", () => {
    const early = new MlLogisticRegressionReference({ numSteps: 3, learningRate: 2e-3 }).fit(X, y);
    expect(meanAndMaxAbsDiff(early.predictProba(X), pOurs).mean).toBeGreaterThan(0.02);
  });

  it("JSON round trip gives identical predictions", () => {
    const back = loadMlLogisticRegressionReference(JSON.parse(JSON.stringify(ref.toJSON())));
    expect(back.toJSON().kind).toBe("MlLogisticRegressionReference");
    expect(Array.from(back.predictProba(X))).toEqual(Array.from(ref.predictProba(X)));
    const unfitted = loadMlLogisticRegressionReference(JSON.parse(JSON.stringify(new MlLogisticRegressionReference({ numSteps: 5, learningRate: 0.1 }))));
    expect(unfitted.isFitted).toBe(false);
  });

  it("validates input like LogisticRegression and rejects sample weights other than 1", () => {
    const m = new MlLogisticRegressionReference({ numSteps: 5, learningRate: 1e-3 });
    const Xs = matrixFromRows([[0], [1], [2]]);
    expect(() => m.fit(Xs, Uint8Array.from([1, 1, 1]))).toThrow("y contains only class 1 (all 3 rows)");
    expect(() => m.fit(Xs, Uint8Array.from([0, 1]))).toThrow("y.length=2 does not match X.rows=3");
    expect(() => m.fit(Xs, Uint8Array.from([0, 3, 1]))).toThrow("y[1] = 3");
    expect(() => m.fit(Xs, Uint8Array.from([0, 1, 1]), Float64Array.from([1, 2, 1]))).toThrow("sampleWeight[1] = 2");
    expect(() => m.predictProba(Xs)).toThrow("not fitted");
    expect(() => new MlLogisticRegressionReference({ numSteps: 0, learningRate: 1 }).fit(Xs, Uint8Array.from([0, 1, 1]))).toThrow("numSteps");
    const before = Array.from(X.data);
    new MlLogisticRegressionReference({ numSteps: 2, learningRate: 1e-3 }).fit(Object.freeze({ ...X }), y).predictProba(X);
    expect(Array.from(X.data)).toEqual(before);
  });
});
