import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  LogisticRegression,
  loadLogisticRegression,
  sigmoid,
  softplus,
  type ClassWeight,
  type LogisticRegressionOptions,
} from "../../src/models/logisticRegression.js";
import { denseMatrix, matrixFromRows, type DenseMatrix } from "../../src/models/matrix.js";
import { Rng } from "../../src/util/rng.js";

/** Fixture written by scripts/reference/sklearn_logistic.py (scikit-learn newton-cholesky + lbfgs, tol 1e-10). */
interface SklearnFixture {
  sklearnVersion: string;
  tol: number;
  datasets: Record<string, { rows: number; cols: number; X: number[]; y: number[]; sampleWeight: number[]; positives: number }>;
  cases: {
    name: string;
    dataset: string;
    C: number;
    classWeight: null | "balanced" | { "0": number; "1": number };
    useSampleWeight: boolean;
    reference: { solver: string; coef: number[]; intercept: number; nIter: number; objective: number };
    lbfgs: { coef: number[]; intercept: number; nIter: number; objective: number; maxAbsDiffFromReference: number };
    probaRows: number[];
    proba: number[];
  }[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/sklearn-logistic.json", import.meta.url), "utf8")) as SklearnFixture;

/** Tight options for parity: the Newton solver converges quadratically, so a tiny tol costs one step at most. */
const TIGHT = { tol: 1e-12, maxIter: 100 } as const;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Small seeded dataset: n × p standard normals, labels from a known logistic model. */
function synthetic(seed: number, n: number, p: number, intercept = -0.3): { X: DenseMatrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = intercept;
    for (let j = 0; j < p; j++) {
      const v = rng.normal();
      data[i * p + j] = v;
      z += (j % 2 === 0 ? 0.8 : -0.5) * v;
    }
    y[i] = rng.bernoulli(sigmoid(z)) ? 1 : 0;
  }
  return { X: denseMatrix(data, n, p), y };
}

describe(`LogisticRegression vs scikit-learn ${fixture.sklearnVersion} (tests/fixtures/sklearn-logistic.json)`, () => {
  it("fixture holds the 8 generated cases and both datasets", () => {
    expect(fixture.cases).toHaveLength(8);
    expect(fixture.datasets["correlated"]!.X).toHaveLength(2000 * 8);
    expect(fixture.datasets["imbalanced"]!.X).toHaveLength(1200 * 6);
    expect(fixture.sklearnVersion).toMatch(/^\d+\.\d+/);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: coef and intercept within 1e-7 of newton-cholesky, 1e-3 of lbfgs; proba within 1e-8`, () => {
      const ds = fixture.datasets[c.dataset]!;
      const X = denseMatrix(Float64Array.from(ds.X), ds.rows, ds.cols);
      const y = Uint8Array.from(ds.y);
      const w = c.useSampleWeight ? Float64Array.from(ds.sampleWeight) : undefined;
      const classWeight: ClassWeight | undefined =
        c.classWeight === null ? undefined : c.classWeight === "balanced" ? "balanced" : { 0: c.classWeight["0"], 1: c.classWeight["1"] };
      const model = new LogisticRegression({ C: c.C, ...TIGHT, ...(classWeight === undefined ? {} : { classWeight }) }).fit(X, y, w);
      const st = model.state;
      expect(st.converged).toBe(true);
      const ref = c.reference;
      const dRef = Math.max(maxAbsDiff(st.coef, ref.coef), Math.abs(st.intercept - ref.intercept));
      expect(dRef).toBeLessThan(1e-7);
      const dLbfgs = Math.max(maxAbsDiff(st.coef, c.lbfgs.coef), Math.abs(st.intercept - c.lbfgs.intercept));
      expect(dLbfgs).toBeLessThan(1e-3);
      // Same objective (ours is normalised exactly as the fixture's), and never worse than sklearn's optimum.
      expect(st.objective).toBeLessThanOrEqual(ref.objective + 1e-13);
      expect(Math.abs(st.objective - ref.objective)).toBeLessThan(1e-12);
      const rows = Float64Array.from(c.probaRows.flatMap((r) => ds.X.slice(r * ds.cols, (r + 1) * ds.cols)));
      const proba = model.predictProba(denseMatrix(rows, c.probaRows.length, ds.cols));
      expect(maxAbsDiff(proba, c.proba)).toBeLessThan(1e-8);
    });
  }
});

describe("LogisticRegression objective and weights", () => {
  const { X, y } = synthetic(11, 400, 4);

  it("an integer sample weight equals duplicating the row", () => {
    const w = new Float64Array(X.rows).fill(1);
    const extraRows: number[][] = [];
    const extraY: number[] = [];
    for (let i = 0; i < X.rows; i += 7) {
      w[i] = 3;
      for (let k = 0; k < 2; k++) {
        extraRows.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
        extraY.push(y[i]!);
      }
    }
    const Xdup = denseMatrix(new Float64Array([...X.data, ...extraRows.flat()]), X.rows + extraY.length, X.cols);
    const ydup = Uint8Array.from([...y, ...extraY]);
    const a = new LogisticRegression({ C: 0.5, ...TIGHT }).fit(X, y, w).state;
    const b = new LogisticRegression({ C: 0.5, ...TIGHT }).fit(Xdup, ydup).state;
    expect(maxAbsDiff(a.coef, b.coef)).toBeLessThan(1e-10);
    expect(Math.abs(a.intercept - b.intercept)).toBeLessThan(1e-10);
  });

  it("scaling all weights by k and C by 1/k leaves the optimum unchanged (½‖w‖² + C·Σ sᵢℓᵢ)", () => {
    const w = new Float64Array(X.rows).fill(1);
    const w3 = new Float64Array(X.rows).fill(3);
    const a = new LogisticRegression({ C: 2, ...TIGHT }).fit(X, y, w).state;
    const b = new LogisticRegression({ C: 2 / 3, ...TIGHT }).fit(X, y, w3).state;
    const c = new LogisticRegression({ C: 2, ...TIGHT }).fit(X, y, w3).state;
    expect(maxAbsDiff(a.coef, b.coef)).toBeLessThan(1e-10);
    // ...whereas changing the weights alone moves it (the penalty is not averaged away).
    expect(maxAbsDiff(a.coef, c.coef)).toBeGreaterThan(1e-4);
  });

  it("classWeight {0: 1, 1: 1} equals no class weight; 'balanced' uses n / (2 · bincount)", () => {
    const a = new LogisticRegression({ C: 1, ...TIGHT }).fit(X, y).state;
    const b = new LogisticRegression({ C: 1, ...TIGHT, classWeight: { 0: 1, 1: 1 } }).fit(X, y).state;
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    const small = matrixFromRows([[0], [1], [2], [3], [4]]);
    const ys = Uint8Array.from([0, 0, 1, 0, 1]);
    const bal = new LogisticRegression({ C: 1, ...TIGHT, classWeight: "balanced" }).fit(small, ys).state;
    expect(bal.classWeights).toEqual([5 / 6, 5 / 4]);
  });

  it("class weights multiply sample weights", () => {
    const sw = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) sw[i] = 0.5 + (i % 5);
    const combined = new Float64Array(X.rows);
    for (let i = 0; i < X.rows; i++) combined[i] = sw[i]! * (y[i] === 1 ? 4 : 0.5);
    const a = new LogisticRegression({ C: 1, ...TIGHT, classWeight: { 0: 0.5, 1: 4 } }).fit(X, y, sw).state;
    const b = new LogisticRegression({ C: 1, ...TIGHT }).fit(X, y, combined).state;
    expect(maxAbsDiff(a.coef, b.coef)).toBeLessThan(1e-10);
  });

  it("stops at maxIter with converged = false, and is deterministic", () => {
    const one = new LogisticRegression({ C: 1, tol: 1e-12, maxIter: 1 }).fit(X, y).state;
    expect(one.nIter).toBe(1);
    expect(one.converged).toBe(false);
    expect(one.gradMaxNorm).toBeGreaterThan(1e-12);
    const a = new LogisticRegression({ C: 1, ...TIGHT }).fit(X, y).state;
    const b = new LogisticRegression({ C: 1, ...TIGHT }).fit(X, y).state;
    expect(a.converged).toBe(true);
    expect(a.nIter).toBeGreaterThan(1);
    expect(a.nIter).toBeLessThan(15);
    expect(a.gradMaxNorm).toBeLessThanOrEqual(1e-12);
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
  });
});

describe("LogisticRegression numerical stability", () => {
  it("sigmoid and softplus do not overflow for large |z|", () => {
    expect(sigmoid(1000)).toBe(1);
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(-745)).toBeGreaterThan(0);
    expect(sigmoid(0)).toBe(0.5);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
    expect(softplus(0)).toBe(Math.log(2));
    expect(Math.abs(softplus(-40) - Math.exp(-40))).toBeLessThan(1e-30);
  });

  it("fits nearly separable data with a huge C and huge feature values without NaN", () => {
    const rows: number[][] = [];
    const yy: number[] = [];
    for (let i = 0; i < 200; i++) {
      const v = (i - 99.5) * 1e3;
      rows.push([v, i % 3]);
      yy.push(i >= 100 ? 1 : 0);
    }
    yy[0] = 1; // one label noise so the optimum is finite even as C grows
    const model = new LogisticRegression({ C: 1e8, tol: 1e-10, maxIter: 200 }).fit(matrixFromRows(rows), Uint8Array.from(yy));
    const st = model.state;
    for (const v of [...st.coef, st.intercept, st.objective]) expect(Number.isFinite(v)).toBe(true);
    const p = model.predictProba(matrixFromRows([[-1e9, 0], [1e9, 0], [0, 0]]));
    expect(p[0]).toBe(0);
    expect(p[1]).toBe(1);
    expect(p[2]).toBeGreaterThan(0);
    expect(p[2]).toBeLessThan(1);
  });
});

describe("LogisticRegression input validation", () => {
  const opts: LogisticRegressionOptions = { C: 1, tol: 1e-8, maxIter: 50 };
  const X = matrixFromRows([[0.1, 1], [0.2, 0], [0.3, 1], [0.4, 0], [0.5, 1]]);
  const y = Uint8Array.from([0, 1, 0, 1, 1]);

  it("throws on empty input", () => {
    expect(() => new LogisticRegression(opts).fit(denseMatrix(new Float64Array(0), 0, 2), new Uint8Array(0))).toThrow(/X is empty \(rows=0, cols=2\)/);
    expect(() => new LogisticRegression(opts).fit(denseMatrix(new Float64Array(0), 3, 0), new Uint8Array(3))).toThrow(/X is empty/);
  });

  it("throws on labels other than 0/1, quoting index and value", () => {
    expect(() => new LogisticRegression(opts).fit(X, Uint8Array.from([0, 1, 0, 2, 1]))).toThrow("y[3] = 2; labels must be 0 or 1");
  });

  it("throws on mismatched lengths, quoting both", () => {
    expect(() => new LogisticRegression(opts).fit(X, Uint8Array.from([0, 1, 0, 1]))).toThrow("y.length=4 does not match X.rows=5");
    expect(() => new LogisticRegression(opts).fit(X, y, new Float64Array(6).fill(1))).toThrow("sampleWeight.length=6 does not match X.rows=5");
    expect(() => ({ data: new Float64Array(5), rows: 3, cols: 2 })).not.toThrow();
    expect(() => new LogisticRegression(opts).fit({ data: new Float64Array(5), rows: 3, cols: 2 }, new Uint8Array(3))).toThrow(
      "inconsistent matrix shape rows=3, cols=2, data.length=5",
    );
  });

  it("throws a clear error when y has a single class", () => {
    expect(() => new LogisticRegression(opts).fit(X, new Uint8Array(5).fill(1))).toThrow("y contains only class 1 (all 5 rows); need both classes 0 and 1");
    expect(() => new LogisticRegression(opts).fit(X, new Uint8Array(5))).toThrow("y contains only class 0");
    // ...also when one class has zero total weight.
    expect(() => new LogisticRegression(opts).fit(X, y, Float64Array.from([1, 0, 1, 0, 0]))).toThrow(/0 \(class 1\); both must be > 0/);
  });

  it("throws on non-finite X or weights, quoting position and value", () => {
    const bad = Float64Array.from(X.data);
    bad[3] = Number.NaN;
    expect(() => new LogisticRegression(opts).fit(denseMatrix(bad, 5, 2), y)).toThrow("X[1, 1] = NaN is not finite");
    bad[3] = 0;
    bad[8] = Number.NEGATIVE_INFINITY;
    expect(() => new LogisticRegression(opts).fit(denseMatrix(bad, 5, 2), y)).toThrow("X[4, 0] = -Infinity is not finite");
    expect(() => new LogisticRegression(opts).fit(X, y, Float64Array.from([1, 1, -1, 1, 1]))).toThrow("sampleWeight[2] = -1");
    expect(() => new LogisticRegression(opts).fit(X, y, Float64Array.from([1, Number.NaN, 1, 1, 1]))).toThrow("sampleWeight[1] = NaN");
  });

  it("validates options at fit time (the constructor only stores them)", () => {
    const cases: [Partial<LogisticRegressionOptions>, string][] = [
      [{ C: 0 }, "option C must be a finite number > 0, got 0"],
      [{ C: Number.POSITIVE_INFINITY }, "got Infinity"],
      [{ tol: -1 }, "option tol must be a finite number >= 0, got -1"],
      [{ maxIter: 2.5 }, "option maxIter must be an integer >= 1, got 2.5"],
      [{ classWeight: { 0: 1, 1: -2 } }, 'option classWeight must be "balanced" or {0: w0, 1: w1}'],
    ];
    for (const [patch, msg] of cases) {
      const model = new LogisticRegression({ ...opts, ...patch });
      expect(model.isFitted).toBe(false);
      expect(() => model.fit(X, y)).toThrow(msg);
    }
  });

  it("predict throws before fit and on a column-count mismatch", () => {
    expect(() => new LogisticRegression(opts).predictProba(X)).toThrow("model is not fitted");
    const model = new LogisticRegression(opts).fit(X, y);
    expect(() => model.predictProba(matrixFromRows([[1, 2, 3]]))).toThrow("X has 3 columns, model was fitted on 2");
    expect(() => model.predictProba(denseMatrix(new Float64Array(0), 0, 2))).toThrow(/X is empty/);
  });

  it("does not mutate its inputs or options", () => {
    const { X: Xs, y: ys } = synthetic(5, 120, 3);
    const w = new Float64Array(ys.length);
    for (let i = 0; i < w.length; i++) w[i] = 1 + (i % 3);
    const before = { x: Array.from(Xs.data), y: Array.from(ys), w: Array.from(w) };
    const frozenX = Object.freeze({ ...Xs });
    const options = Object.freeze({ C: 3, tol: 1e-10, maxIter: 50, classWeight: Object.freeze({ 0: 1, 1: 2 }) });
    const model = new LogisticRegression(options).fit(frozenX, ys, w);
    model.predictProba(frozenX);
    expect(Array.from(Xs.data)).toEqual(before.x);
    expect(Array.from(ys)).toEqual(before.y);
    expect(Array.from(w)).toEqual(before.w);
    expect(options).toEqual({ C: 3, tol: 1e-10, maxIter: 50, classWeight: { 0: 1, 1: 2 } });
    // The learned coefficients cannot be changed through the state getter.
    const st = model.state;
    st.coef[0] = 1234;
    expect(model.state.coef[0]).not.toBe(1234);
  });
});

describe("LogisticRegression JSON round trip", () => {
  const { X, y } = synthetic(21, 300, 5);

  it("JSON.stringify → parse → loadLogisticRegression gives bit-identical predictions and state", () => {
    const model = new LogisticRegression({ C: 0.7, tol: 1e-10, maxIter: 50, classWeight: "balanced" }).fit(X, y);
    const json = model.toJSON();
    expect(json.kind).toBe("LogisticRegression");
    const loaded = loadLogisticRegression(JSON.parse(JSON.stringify(json)));
    expect(loaded.options).toEqual(model.options);
    expect(Array.from(loaded.predictProba(X))).toEqual(Array.from(model.predictProba(X)));
    expect(Array.from(loaded.state.coef)).toEqual(Array.from(model.state.coef));
    expect(loaded.state.intercept).toBe(model.state.intercept);
    expect(loaded.toJSON()).toEqual(json);
  });

  it("round-trips dict class weights and an unfitted model; rejects malformed JSON", () => {
    const unfitted = new LogisticRegression({ C: 2, tol: 1e-6, maxIter: 10, classWeight: { 0: 1, 1: 3 } });
    const back = loadLogisticRegression(JSON.parse(JSON.stringify(unfitted)));
    expect(back.isFitted).toBe(false);
    expect(back.options).toEqual({ C: 2, tol: 1e-6, maxIter: 10, classWeight: { 0: 1, 1: 3 } });
    const fitted = back.fit(X, y);
    expect(Array.from(loadLogisticRegression(JSON.parse(JSON.stringify(fitted))).predictProba(X))).toEqual(Array.from(fitted.predictProba(X)));
    expect(() => loadLogisticRegression({ kind: "Other" })).toThrow('kind must be "LogisticRegression", got "Other"');
    const broken = JSON.parse(JSON.stringify(fitted)) as { state: { coef: unknown[] } };
    broken.state.coef[0] = "x";
    expect(() => loadLogisticRegression(broken)).toThrow("state.coef must be an array of finite numbers");
  });
});

describe("LogisticRegression on a large n (sampled start, sampled and reused Hessians)", () => {
  // 150,000 rows: above the solver's thresholds, so the cold fit starts from a row sample and uses
  // sampled Hessians. The stopping rule is the exact gradient, so the optimum must be certified by
  // the full-data KKT condition computed here independently, for a rare-event label as in churn.
  const n = 150_000;
  const p = 8;
  const rng = new Rng(20261126);
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  const truth = [0.8, -0.5, 0.3, 0, 1.2, -0.9, 0.1, 0.4];
  for (let i = 0; i < n; i++) {
    let z = -4.2;
    for (let j = 0; j < p; j++) {
      const v = j < 4 ? rng.normal() : rng.uniform() < 0.3 ? 1 : 0;
      data[i * p + j] = v;
      z += truth[j]! * v;
    }
    y[i] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  const X = denseMatrix(data, n, p);
  const C = 1;
  const tol = 1e-8;

  it("converges to the exact optimum: the full-data gradient of the normalised objective is below tol", () => {
    const model = new LogisticRegression({ C, tol, maxIter: 100 }).fit(X, y);
    const s = model.state;
    expect(s.converged).toBe(true);
    const g = new Float64Array(p + 1);
    for (let i = 0; i < n; i++) {
      let z = s.intercept;
      for (let j = 0; j < p; j++) z += data[i * p + j]! * s.coef[j]!;
      const r = 1 / (1 + Math.exp(-z)) - y[i]!;
      for (let j = 0; j < p; j++) g[j] += (r * data[i * p + j]!) / n;
      g[p] += r / n;
    }
    for (let j = 0; j < p; j++) g[j] += s.coef[j]! / (C * n);
    const gmax = Math.max(...Array.from(g, Math.abs));
    expect(gmax).toBeLessThan(tol * 1.01);
    // It recovers the generating coefficients to sampling error.
    for (let j = 0; j < p; j++) expect(Math.abs(s.coef[j]! - truth[j]!)).toBeLessThan(0.12);
  });

  it("a warm start at a far point reaches the same optimum", () => {
    const cold = new LogisticRegression({ C, tol, maxIter: 100 }).fit(X, y).state;
    const warm = new LogisticRegression({ C, tol, maxIter: 100, warmStart: { coef: new Float64Array(p).fill(0.5), intercept: -2 } }).fit(X, y).state;
    expect(warm.converged).toBe(true);
    for (let j = 0; j < p; j++) expect(Math.abs(warm.coef[j]! - cold.coef[j]!)).toBeLessThan(1e-5);
  });
});
