import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rocAuc } from "../../../src/evaluation/rocAuc.js";
import { priorCorrection } from "../../../src/models/imbalance.js";
import { sigmoid } from "../../../src/models/logisticRegression.js";
import {
  GradientBoosting,
  loadGradientBoosting,
  type GradientBoostingOptions,
} from "../../../src/models/gbm/gradientBoosting.js";
import { leafIndex, treeDepth } from "../../../src/models/gbm/tree.js";
import { denseMatrix, matrixFromRows, type DenseMatrix } from "../../../src/models/matrix.js";
import { Rng } from "../../../src/util/rng.js";
import { matrixWithNulls } from "../../helpers/gbm.js";

/** Fixture written by scripts/reference/sklearn_gbm.py (scikit-learn 1.2.1 HistGradientBoostingClassifier). */
interface SklearnGbmFixture {
  sklearnVersion: string;
  train: { X: (number | null)[][]; y: number[] };
  test: { X: (number | null)[][]; y: number[] };
  cases: {
    name: string; maxIter: number; learningRate: number; maxLeaves: number; minSamplesLeaf: number; lambda: number;
    classWeight: "balanced" | null; nIter: number; proba: number[]; auc: number;
  }[];
}

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/sklearn-gbm.json", import.meta.url), "utf8")) as SklearnGbmFixture;

/** Small options for logic tests (every number explicit, as the config will give them). */
const BASE: GradientBoostingOptions = {
  maxIter: 20, learningRate: 0.3, maxLeaves: 8, minSamplesLeaf: 5, minChildWeight: 1e-3, lambda: 1, maxBins: 32, seed: 1,
};

/** n seeded rows × 4 columns (one with 10 % NaN that signals class 1), labels from a non-linear logistic model. */
function synthetic(seed: number, n: number): { X: DenseMatrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const p = 4;
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const c = rng.int(5);
    const missing = rng.uniform() < 0.1;
    data.set([a, b, c, missing ? Number.NaN : rng.normal()], i * p);
    const z = -0.5 + 1.2 * a - 0.8 * (b > 0.5 ? 1 : 0) + 0.3 * c + (missing ? 2 : 0);
    y[i] = rng.bernoulli(sigmoid(z)) ? 1 : 0;
  }
  return { X: denseMatrix(data, n, p), y };
}

describe("GradientBoosting against scikit-learn HistGradientBoostingClassifier", () => {
  const Xtr = matrixWithNulls(fixture.train.X);
  const ytr = Uint8Array.from(fixture.train.y);
  const Xte = matrixWithNulls(fixture.test.X);
  const yte = Uint8Array.from(fixture.test.y);
  const fitCase = (c: SklearnGbmFixture["cases"][number]): Float64Array =>
    new GradientBoosting({
      maxIter: c.maxIter, learningRate: c.learningRate, maxLeaves: c.maxLeaves, minSamplesLeaf: c.minSamplesLeaf,
      minChildWeight: 1e-3, lambda: c.lambda, maxBins: 255, seed: 0, ...(c.classWeight === null ? {} : { classWeight: c.classWeight }),
    }).fit(Xtr, ytr).predictProba(Xte);

  for (const c of fixture.cases) {
    it(`${c.name}: held-out ROC-AUC within 0.005 of scikit-learn ${fixture.sklearnVersion}'s`, () => {
      const auc = rocAuc(yte, fitCase(c));
      expect(Math.abs(auc - c.auc)).toBeLessThanOrEqual(0.005);
    });
  }

  it("first-trees: the same probabilities (float32 rounding aside) on at least 99.5 % of held-out rows", () => {
    // Same binning and growth; scikit-learn keeps gradients in float32, which can flip a near-tied split
    // (one row of 2,000 here takes another branch in tree 2).
    const c = fixture.cases.find((k) => k.name === "first-trees")!;
    const p = fitCase(c);
    let same = 0;
    for (let i = 0; i < p.length; i++) if (Math.abs(p[i]! - c.proba[i]!) <= 1e-6) same++;
    expect(same / p.length).toBeGreaterThanOrEqual(0.995);
  });
});

describe("GradientBoosting fitting", () => {
  const { X, y } = synthetic(5, 800);

  it("is deterministic: the same seed gives identical JSON, with row and column subsampling", () => {
    const opts = { ...BASE, subsample: 0.7, colsampleByTree: 0.5, binSampleRows: 300 };
    const a = JSON.stringify(new GradientBoosting(opts).fit(X, y).toJSON());
    const b = JSON.stringify(new GradientBoosting(opts).fit(X, y).toJSON());
    expect(a).toBe(b);
    expect(JSON.stringify(new GradientBoosting({ ...opts, seed: 2 }).fit(X, y).toJSON())).not.toBe(a);
  });

  it("respects maxLeaves, maxDepth and minSamplesLeaf in every tree", () => {
    const model = new GradientBoosting({ ...BASE, maxLeaves: 6, maxDepth: 3, minSamplesLeaf: 40 }).fit(X, y);
    for (const tree of model.ensemble.trees) {
      let leaves = 0;
      for (let j = 0; j < tree.feature.length; j++) if (tree.feature[j]! < 0) leaves++;
      expect(leaves).toBeLessThanOrEqual(6);
      expect(treeDepth(tree)).toBeLessThanOrEqual(3);
      const count = new Map<number, number>();
      for (let i = 0; i < X.rows; i++) {
        const leaf = leafIndex(tree, X.data, i * X.cols);
        count.set(leaf, (count.get(leaf) ?? 0) + 1);
      }
      for (const c of count.values()) expect(c).toBeGreaterThanOrEqual(40);
    }
  });

  it("starts from the weighted prior log-odds and lowers the training loss every round", () => {
    const model = new GradientBoosting(BASE).fit(X, y);
    const s = model.state;
    const prior = y.reduce((a, b) => a + b, 0) / y.length;
    expect(s.prior).toBeCloseTo(prior, 15);
    expect(s.ensemble.baseScore).toBeCloseTo(Math.log(prior / (1 - prior)), 14);
    const train = s.learningCurve.train;
    expect(train).toHaveLength(s.nIter + 1);
    expect(train[0]).toBeCloseTo(-(prior * Math.log(prior) + (1 - prior) * Math.log(1 - prior)), 12);
    for (let k = 1; k < train.length; k++) expect(train[k]!).toBeLessThan(train[k - 1]!);
    expect(s.learningCurve.validation).toBeNull();
    expect(s.bestIteration).toBe(s.nIter);
    expect(s.stopReason).toBe("maxIter");
  });

  it("learns where missing values go: NaN in column 3 signals class 1", () => {
    const model = new GradientBoosting(BASE).fit(X, y);
    const test = synthetic(15, 300).X;
    const withNaN = Float64Array.from(test.data);
    const withZero = Float64Array.from(test.data);
    for (let i = 0; i < test.rows; i++) {
      withNaN[i * 4 + 3] = Number.NaN;
      withZero[i * 4 + 3] = 0;
    }
    const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    const pNaN = mean(model.predictProba(denseMatrix(withNaN, test.rows, 4)));
    const pZero = mean(model.predictProba(denseMatrix(withZero, test.rows, 4)));
    expect(pNaN).toBeGreaterThan(pZero + 0.15);
  });

  it("beats the prior on held-out rows (sanity)", () => {
    const test = synthetic(6, 800);
    const model = new GradientBoosting(BASE).fit(X, y);
    expect(rocAuc(test.y, model.predictProba(test.X))).toBeGreaterThan(0.75);
  });

  it("gives zero-weight rows no influence", () => {
    // Integer columns with ≤ 10 distinct values: one bin per value, so duplicated rows leave the bins alone.
    const rng = new Rng(9);
    const n = 300;
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = [rng.int(10), rng.int(10), rng.int(4)];
      rows.push(r);
      labels.push(rng.bernoulli(sigmoid(0.4 * r[0]! - 0.3 * r[1]! + r[2]! - 1)) ? 1 : 0);
    }
    const extra = rows.slice(0, 80);
    const Xa = matrixFromRows(rows);
    const Xb = matrixFromRows([...rows, ...extra]);
    const ya = Uint8Array.from(labels);
    const yb = Uint8Array.from([...labels, ...extra.map((_, i) => 1 - labels[i]!)]);
    const wb = Float64Array.from(yb, (_, i) => (i < n ? 1 : 0));
    const opts = { ...BASE, minSamplesLeaf: 1 };
    const a = new GradientBoosting(opts).fit(Xa, ya);
    const b = new GradientBoosting(opts).fit(Xb, yb, wb);
    expect(Array.from(b.predictProba(Xa))).toEqual(Array.from(a.predictProba(Xa)));
  });
});

describe("GradientBoosting early stopping and the learning curve", () => {
  const train = synthetic(7, 600);
  const valid = synthetic(8, 400);

  it("records train and validation loss per round and keeps the trees up to the best round", () => {
    const model = new GradientBoosting({ ...BASE, maxIter: 200, learningRate: 0.5, earlyStoppingRounds: 5 }).fit(train.X, train.y, undefined, {
      validation: { X: valid.X, y: valid.y },
    });
    const s = model.state;
    expect(s.stopReason).toBe("earlyStopping");
    expect(s.nIter).toBeLessThan(200);
    expect(s.nIter - s.bestIteration).toBe(5);
    expect(s.nTrees).toBe(s.bestIteration);
    expect(model.ensemble.trees).toHaveLength(s.bestIteration);
    const v = s.learningCurve.validation!;
    expect(v).toHaveLength(s.nIter + 1);
    expect(s.learningCurve.train).toHaveLength(s.nIter + 1);
    const best = Math.min(...v);
    expect(v[s.bestIteration]).toBe(best);
    expect(v.indexOf(best)).toBe(s.bestIteration);
  });

  it("validation loss at round k equals the log loss of the first k trees on the validation rows", () => {
    const model = new GradientBoosting({ ...BASE, maxIter: 6 }).fit(train.X, train.y, undefined, { validation: { X: valid.X, y: valid.y } });
    const v = model.state.learningCurve.validation!;
    const p = model.predictProba(valid.X);
    let loss = 0;
    for (let i = 0; i < p.length; i++) loss -= valid.y[i] === 1 ? Math.log(p[i]!) : Math.log(1 - p[i]!);
    expect(v[6]).toBeCloseTo(loss / p.length, 12);
    expect(model.state.nTrees).toBe(6); // without earlyStoppingRounds every tree is kept
  });

  it("routes rows by bin codes during the fit exactly as predictions route raw values (subsampled rows too)", () => {
    // The loss the fit records after its last round comes from margins updated through bin codes (in-bag
    // rows by leaf ranges, out-of-bag and validation rows by traversal); recomputing it from raw-value
    // predictions must give the same number.
    const model = new GradientBoosting({ ...BASE, maxIter: 15, subsample: 0.6, colsampleByTree: 0.75 }).fit(train.X, train.y, undefined, {
      validation: { X: valid.X, y: valid.y },
    });
    const meanLoss = (X: DenseMatrix, y: Uint8Array): number => {
      const p = model.predictProba(X);
      let loss = 0;
      for (let i = 0; i < p.length; i++) loss -= y[i] === 1 ? Math.log(p[i]!) : Math.log(1 - p[i]!);
      return loss / p.length;
    };
    const { train: tc, validation: vc } = model.state.learningCurve;
    expect(tc[15]).toBeCloseTo(meanLoss(train.X, train.y), 12);
    expect(vc![15]).toBeCloseTo(meanLoss(valid.X, valid.y), 12);
  });

  it("tol: an improvement must exceed it to count", () => {
    const model = new GradientBoosting({ ...BASE, maxIter: 100, earlyStoppingRounds: 3, tol: 1 }).fit(train.X, train.y, undefined, {
      validation: { X: valid.X, y: valid.y },
    });
    expect(model.state.bestIteration).toBe(0);
    expect(model.state.nIter).toBe(3);
    expect(model.ensemble.trees).toHaveLength(0);
  });

  it("never splits off a validation set itself: earlyStoppingRounds without one throws", () => {
    expect(() => new GradientBoosting({ ...BASE, earlyStoppingRounds: 5 }).fit(train.X, train.y)).toThrow(/earlyStoppingRounds=5 needs a validation set/);
  });
});

describe("GradientBoosting class weights and the prior shift", () => {
  const { X, y } = synthetic(10, 500);

  it("moves the base score by log(w1/w0); priorCorrection maps probabilities back: σ(F − priorShift)", () => {
    const model = new GradientBoosting({ ...BASE, classWeight: { 0: 1, 1: 4 } }).fit(X, y);
    const s = model.state;
    expect(s.priorShift).toBeCloseTo(Math.log(4), 15);
    expect(Math.log(s.weightedPrior / (1 - s.weightedPrior)) - Math.log(s.prior / (1 - s.prior))).toBeCloseTo(s.priorShift, 12);
    const p = model.predictProba(X);
    const corrected = priorCorrection(p, GradientBoosting.priorCorrection(s));
    const margin = model.decisionFunction(X);
    for (let i = 0; i < p.length; i += 37) expect(corrected[i]).toBeCloseTo(sigmoid(margin[i]! - s.priorShift), 12);
  });

  it('"balanced" gives class c the weight n / (2 n_c)', () => {
    const n1 = y.reduce((a, b) => a + b, 0);
    const s = new GradientBoosting({ ...BASE, classWeight: "balanced" }).fit(X, y).state;
    expect(s.classWeights[0]).toBeCloseTo(y.length / (2 * (y.length - n1)), 15);
    expect(s.classWeights[1]).toBeCloseTo(y.length / (2 * n1), 15);
    expect(s.weightedPrior).toBeCloseTo(0.5, 12);
  });
});

describe("GradientBoosting persistence", () => {
  const { X, y } = synthetic(12, 400);

  it("round-trips through JSON text with bit-identical predictions and identical JSON", () => {
    const model = new GradientBoosting({ ...BASE, subsample: 0.8, classWeight: "balanced" }).fit(X, y, undefined, { validation: synthetic(13, 100) });
    const text = JSON.stringify(model.toJSON());
    const loaded = loadGradientBoosting(JSON.parse(text));
    expect(JSON.stringify(loaded.toJSON())).toBe(text);
    expect(Array.from(loaded.predictProba(X))).toEqual(Array.from(model.predictProba(X)));
    expect(loaded.state.learningCurve.validation).toEqual(model.state.learningCurve.validation);
  });

  it("an unfitted model serialises with state null and refuses to predict", () => {
    const json = new GradientBoosting(BASE).toJSON();
    expect(json.state).toBeNull();
    expect(json.options.subsample).toBeNull();
    expect(() => loadGradientBoosting(json).predictProba(X)).toThrow(/not fitted/);
  });

  it("rejects malformed JSON naming the problem", () => {
    const good = new GradientBoosting(BASE).fit(X, y).toJSON();
    expect(() => loadGradientBoosting({ ...good, kind: "Other" })).toThrow(/kind must be "GradientBoosting"/);
    const tree = { ...good.state!.trees[0]!, left: good.state!.trees[0]!.left.map(() => 0) };
    expect(() => loadGradientBoosting({ ...good, state: { ...good.state!, trees: [tree] } })).toThrow(/tree 0/);
    expect(() => loadGradientBoosting({ ...good, options: { ...good.options, maxLeaves: 1 } })).toThrow(/option maxLeaves must be an integer >= 2, got 1/);
  });
});

describe("GradientBoosting input validation", () => {
  const { X, y } = synthetic(14, 200);

  it("quotes the offending option value", () => {
    const bad: [Partial<GradientBoostingOptions>, RegExp][] = [
      [{ maxIter: 0 }, /option maxIter must be an integer >= 1, got 0/],
      [{ learningRate: 0 }, /option learningRate must be a finite number > 0, got 0/],
      [{ maxLeaves: 2.5 }, /option maxLeaves must be an integer >= 2, got 2.5/],
      [{ maxDepth: 0 }, /option maxDepth must be an integer >= 1 \(or absent\), got 0/],
      [{ minChildWeight: -1 }, /option minChildWeight must be a finite number >= 0, got -1/],
      [{ lambda: Number.NaN }, /option lambda must be a finite number >= 0, got NaN/],
      [{ maxBins: 256 }, /option maxBins must be an integer >= 2 and <= 255, got 256/],
      [{ subsample: 1.5 }, /option subsample must be a finite number > 0 and <= 1 \(or absent\), got 1.5/],
      [{ colsampleByTree: 0 }, /option colsampleByTree must be a finite number > 0 and <= 1 \(or absent\), got 0/],
      [{ seed: -1 }, /option seed must be an integer >= 0 and <= 4294967295, got -1/],
      [{ tol: -0.1 }, /option tol must be a finite number >= 0 \(or absent\), got -0.1/],
      [{ classWeight: { 0: 1, 1: 0 } }, /option classWeight must be "balanced" or \{0: w0, 1: w1\} with finite w > 0, got \{"0":1,"1":0\}/],
    ];
    for (const [patch, message] of bad) expect(() => new GradientBoosting({ ...BASE, ...patch }).fit(X, y)).toThrow(message);
  });

  it("throws on empty input, bad labels, bad weights, ±∞, a single class and column mismatches", () => {
    const m = new GradientBoosting(BASE);
    expect(() => m.fit(denseMatrix(new Float64Array(0), 0, 3), new Uint8Array(0))).toThrow(/X is empty/);
    expect(() => m.fit(X, y.subarray(1))).toThrow(/y.length=199 does not match X.rows=200/);
    expect(() => m.fit(X, Uint8Array.from(y, (v, i) => (i === 3 ? 2 : v)))).toThrow(/y\[3\] = 2; labels must be 0 or 1/);
    expect(() => m.fit(X, y, new Float64Array(200).fill(-1))).toThrow(/sampleWeight\[0\] = -1/);
    expect(() => m.fit(X, new Uint8Array(200))).toThrow(/class 1\) /);
    const inf = Float64Array.from(X.data);
    inf[7] = Number.POSITIVE_INFINITY;
    expect(() => m.fit(denseMatrix(inf, X.rows, X.cols), y)).toThrow(/X\[1, 3\] = Infinity; values must be finite or NaN/);
    const model = new GradientBoosting(BASE).fit(X, y);
    expect(() => model.predictProba(matrixFromRows([[1, 2, 3]]))).toThrow(/3 columns, the model has 4/);
    expect(() => model.fit(X, y, undefined, { validation: { X: matrixFromRows([[1, 2, 3]]), y: new Uint8Array(1) } })).toThrow(/validation\): X has 3 columns/);
  });

  it("does not mutate its inputs or options", () => {
    const w = Float64Array.from({ length: y.length }, (_, i) => 1 + (i % 3));
    const before = { x: Array.from(X.data), y: Array.from(y), w: Array.from(w) };
    const options = Object.freeze({ ...BASE, classWeight: Object.freeze({ 0: 1, 1: 2 }) });
    const frozenX = Object.freeze({ ...X });
    const model = new GradientBoosting(options).fit(frozenX, y, w, { validation: Object.freeze({ X: frozenX, y }) });
    model.predictProba(frozenX);
    expect(Array.from(X.data)).toEqual(before.x);
    expect(Array.from(y)).toEqual(before.y);
    expect(Array.from(w)).toEqual(before.w);
    expect(options).toEqual({ ...BASE, classWeight: { 0: 1, 1: 2 } });
    const s = model.state;
    s.learningCurve.train[0] = 1234;
    expect(model.state.learningCurve.train[0]).not.toBe(1234);
  });
});
