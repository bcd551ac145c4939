import { describe, expect, it } from "vitest";
import { rocAuc } from "../../src/evaluation/rocAuc.js";
import { denseMatrix, matrixFromRows, type DenseMatrix } from "../../src/models/matrix.js";
import { RandomForest, loadRandomForest, type RandomForestOptions } from "../../src/models/randomForest.js";
import { Rng } from "../../src/util/rng.js";

/**
 * n × p standard normals; y ~ Bernoulli(σ(b0 + 1.2·x0 − x1 + 1.2·x2 − x3)), the other columns are noise.
 * b0 = −5.5 gives ≈ 2.8 % positives.
 */
function synthetic(seed: number, n: number, p: number, b0: number): { X: DenseMatrix; y: Uint8Array; rate: number } {
  const rng = new Rng(seed);
  const data = new Float64Array(n * p);
  const y = new Uint8Array(n);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    let z = b0;
    for (let j = 0; j < p; j++) {
      const v = rng.normal();
      data[i * p + j] = v;
      if (j < 4) z += (j % 2 === 1 ? -1 : 1.2) * v;
    }
    y[i] = rng.bernoulli(1 / (1 + Math.exp(-z))) ? 1 : 0;
    pos += y[i]!;
  }
  return { X: denseMatrix(data, n, p), y, rate: pos / n };
}

function rowsOf(X: DenseMatrix, count: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < count; i++) out.push(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
  return out;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

const OPTS: RandomForestOptions = {
  nEstimators: 20,
  maxDepth: 8,
  maxFeatures: 0.5,
  minNumSamples: 5,
  negativesPerPositive: 1,
  maxTrainRows: 2000,
  seed: 1,
};

const train = synthetic(1, 10_000, 6, -5.5);
const test = synthetic(101, 20_000, 6, -5.5);
const model = new RandomForest(OPTS).fit(train.X, train.y);

describe("RandomForest vote shares", () => {
  it("gives exactly 1 and 0 where all trees agree (the package's predictProbability gives 0.9 for 10 trees)", () => {
    // Separable on column 0 (y = 1 iff x0 >= 0.5); column 1 is noise.
    const rng = new Rng(9);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 200; i++) {
      rows.push([i / 200, rng.normal()]);
      labels.push(i >= 100 ? 1 : 0);
    }
    const m = new RandomForest({ ...OPTS, nEstimators: 10, maxFeatures: 1, minNumSamples: 1 }).fit(matrixFromRows(rows), Uint8Array.from(labels));
    const q = [[0.95, 0], [0.05, 0]];
    expect(Array.from(m.voteShares(matrixFromRows(q)))).toEqual([1, 0]);
    expect(Array.from(m.predictProba(matrixFromRows(q)))).toEqual([1, 0]);
    const pkg = m.toMlRandomForest().predictProbability(q, 1);
    expect(pkg[0]).toBeCloseTo(0.9, 5); // the package drops the first tree's vote: 0.900001, not 1
  });

  it("equals the share of ones in the package's own per-tree predictions", () => {
    const q = rowsOf(test.X, 400);
    const perTree = model.toMlRandomForest().predictionValues(q);
    const votes = model.voteShares(denseMatrix(test.X.data.subarray(0, 400 * 6), 400, 6));
    let nonTrivial = 0;
    for (let i = 0; i < 400; i++) {
      const row = perTree.getRow(i);
      expect(row.length).toBe(20);
      const share = row.reduce((a, b) => a + b, 0) / row.length;
      expect(votes[i]).toBe(share);
      if (share > 0 && share < 1) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(50);
  });
});

describe("RandomForest training and correction", () => {
  it("trains on the balanced sample and corrects back to the training base rate", () => {
    const s = model.state;
    let n1 = 0;
    for (const v of train.y) n1 += v;
    expect(s.nTrees).toBe(20);
    expect(s.nTrainPositives).toBe(n1);
    expect(s.nTrainRows).toBe(2 * n1); // ratio 1, below the cap
    expect(s.sampleRate).toBe(0.5);
    expect(s.trueRate).toBe(n1 / 10_000);
  });

  it("brings the mean predicted probability to the test base rate within 0.008 (≈ 30 % relative at 2.8 %)", () => {
    // Measured with seed 1: test rate 0.0266, mean corrected 0.0245, mean raw vote share 0.344.
    expect(test.rate).toBeGreaterThan(0.02);
    expect(test.rate).toBeLessThan(0.035);
    const p = model.predictProba(test.X);
    expect(Math.abs(mean(p) - test.rate)).toBeLessThan(0.008);
    expect(mean(model.voteShares(test.X))).toBeGreaterThan(0.25); // uncorrected shares refer to the 50 % sample
  });

  it("ranks a learnable problem well (test AUC > 0.8; the Bayes-optimal score reaches ≈ 0.9)", () => {
    expect(rocAuc(test.y, model.predictProba(test.X))).toBeGreaterThan(0.8);
  });

  it("caps the sample at maxTrainRows, thinning both classes in proportion", () => {
    let n1 = 0;
    for (const v of train.y) n1 += v;
    const k = Math.round(3 * n1);
    const m = new RandomForest({ ...OPTS, negativesPerPositive: 3, maxTrainRows: 400, nEstimators: 3 }).fit(train.X, train.y);
    const s = m.state;
    expect(s.nTrainRows).toBe(400);
    expect(s.nTrainPositives).toBe(Math.round((400 * n1) / (n1 + k)));
    expect(s.sampleRate).toBe(s.nTrainPositives / 400);
  });

  it("is deterministic for a seed and changes with the seed", () => {
    const again = new RandomForest(OPTS).fit(train.X, train.y);
    expect(again.predictProba(test.X)).toEqual(model.predictProba(test.X));
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(model.toJSON()));
    const other = new RandomForest({ ...OPTS, seed: 2 }).fit(train.X, train.y);
    expect(other.predictProba(test.X)).not.toEqual(model.predictProba(test.X));
  });

  it("accepts uniform sample weights (same model) and rejects non-uniform ones", () => {
    const w = new Float64Array(10_000).fill(2.5);
    const weighted = new RandomForest(OPTS).fit(train.X, train.y, w);
    expect(weighted.predictProba(test.X)).toEqual(model.predictProba(test.X));
    w[17] = 1;
    expect(() => new RandomForest(OPTS).fit(train.X, train.y, w)).toThrow(
      /does not support sample weights; got non-uniform sampleWeight \(sampleWeight\[0\] = 2.5, sampleWeight\[17\] = 1\)/,
    );
    expect(() => new RandomForest(OPTS).fit(train.X, train.y, new Float64Array(10_000))).toThrow(/sampleWeight\[0\] = 0/);
  });
});

describe("RandomForest persistence", () => {
  it("round-trips through JSON text with bit-identical predictions and state", () => {
    const text = JSON.stringify(model.toJSON());
    const back = loadRandomForest(JSON.parse(text));
    expect(back.predictProba(test.X)).toEqual(model.predictProba(test.X));
    expect(back.state).toEqual(model.state);
    expect(JSON.stringify(back.toJSON())).toBe(text);
    const unfitted = loadRandomForest(JSON.parse(JSON.stringify(new RandomForest(OPTS).toJSON())));
    expect(unfitted.isFitted).toBe(false);
  });

  it("rejects malformed JSON", () => {
    expect(() => loadRandomForest({ kind: "SegmentBaseline" })).toThrow(/kind must be "RandomForest"/);
    const j = JSON.parse(JSON.stringify(model.toJSON())) as { state: { forest: { name: string } } };
    j.state.forest.name = "RFRegression";
    expect(() => loadRandomForest(j)).toThrow(/malformed ml-random-forest model: name must be "RFClassifier"/);
  });
});

describe("RandomForest validation", () => {
  const small = synthetic(3, 300, 2, 0);
  const fit = (o: Partial<Record<keyof RandomForestOptions, number>>) => () => new RandomForest({ ...OPTS, ...o }).fit(small.X, small.y);

  it("throws on bad options, quoting the value", () => {
    expect(fit({ nEstimators: 0 })).toThrow(/nEstimators must be an integer >= 1, got 0/);
    expect(fit({ maxDepth: 2.5 })).toThrow(/maxDepth must be an integer >= 1, got 2.5/);
    expect(fit({ minNumSamples: 0 })).toThrow(/minNumSamples must be an integer >= 1, got 0/);
    expect(fit({ maxTrainRows: 1 })).toThrow(/maxTrainRows must be an integer >= 2, got 1/);
    expect(fit({ maxFeatures: 1.5 })).toThrow(/maxFeatures must be a fraction in \(0, 1\], got 1.5/);
    expect(fit({ maxFeatures: 0.4 })).toThrow(/maxFeatures=0.4 gives floor\(2 \* 0.4\) = 0 columns per tree/);
    expect(fit({ negativesPerPositive: -1 })).toThrow(/negativesPerPositive must be a finite number > 0, got -1/);
    expect(fit({ negativesPerPositive: 1e-6 })).toThrow(/negativesPerPositive=0.000001 keeps round\(0.000001 \* \d+\) = 0 negatives/);
    expect(fit({ seed: -3 })).toThrow(/seed must be an integer in \[0, 2\^32\), got -3/);
  });

  it("throws on bad data and when used before fit", () => {
    const m = new RandomForest(OPTS);
    expect(() => m.predictProba(small.X)).toThrow(/not fitted/);
    expect(() => m.fit(small.X, new Uint8Array(300))).toThrow(/only class 0/);
    expect(() => m.fit(small.X, small.y.subarray(0, 10))).toThrow(/y.length=10 does not match X.rows=300/);
    expect(() => model.predictProba(small.X)).toThrow(/X has 2 columns, model was fitted on 6/);
  });
});
