import { describe, expect, it } from "vitest";
import { qiniAucScore } from "../../src/experiments/qini.js";
import { TLearner, type ClassifierFactory } from "../../src/experiments/tLearner.js";
import { XLearner } from "../../src/experiments/xLearner.js";
import { assignTreatment } from "../../src/experiments/assignment.js";
import { LogisticRegression } from "../../src/models/logisticRegression.js";
import type { DenseMatrix } from "../../src/models/types.js";
import { sigmoid } from "../../src/util/logistic.js";
import { Rng } from "../../src/util/rng.js";

const logistic: ClassifierFactory = () => new LogisticRegression({ C: 1, tol: 1e-8, maxIter: 100 });

/** A randomised experiment with a known heterogeneous effect on churn. */
interface Simulated {
  readonly X: DenseMatrix;
  readonly churned: Uint8Array;
  readonly retained: Uint8Array;
  readonly treatment: Uint8Array;
  /** True reduction in churn probability of each row, P(churn | control) − P(churn | treated). */
  readonly effect: Float64Array;
}

/**
 * Four standard-normal features; churn logit −1 + 0.8·x₀ − 0.5·x₁ under control, lowered by
 * δ(x) = 0.3 + x₂ under treatment (so the action helps where x₂ > −0.3 and harms below); x₃ is noise.
 */
function simulate(n: number, seed: number): Simulated {
  const rng = new Rng(seed);
  const p = 4;
  const data = new Float64Array(n * p);
  for (let k = 0; k < data.length; k++) data[k] = rng.normal();
  const treatment = assignTreatment(n, 0.5, seed + 1);
  const churned = new Uint8Array(n);
  const effect = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = data.subarray(i * p, (i + 1) * p);
    const base = -1 + 0.8 * x[0]! - 0.5 * x[1]!;
    const shift = 0.3 + x[2]!;
    effect[i] = sigmoid(base) - sigmoid(base - shift);
    churned[i] = rng.bernoulli(sigmoid(base - treatment[i]! * shift)) ? 1 : 0;
  }
  return { X: { data, rows: n, cols: p }, churned, retained: churned.map((v) => 1 - v), treatment, effect };
}

function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v, 0) / n;
  const mb = b.reduce((s, v) => s + v, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const train = simulate(6000, 11);
const test = simulate(6000, 12);
/** Qini coefficient of random scores on the test set, the bar to beat (mean of 20 seeds). */
const randomQini = Array.from({ length: 20 }, (_, s) => {
  const rng = new Rng(100 + s);
  return qiniAucScore(test.retained, Float64Array.from({ length: test.X.rows }, () => rng.uniform()), test.treatment);
}).reduce((sum, v) => sum + v, 0) / 20;

describe.each([
  ["TLearner", () => new TLearner({ baseLearner: logistic })],
  ["XLearner", () => new XLearner({ baseLearner: logistic, ridge: 1 })],
] as const)("%s on a simulated experiment with a known heterogeneous effect", (_name, make) => {
  const learner = make().fit(train.X, train.churned, train.treatment);
  const estimated = learner.predictEffect(test.X);

  it("recovers the effect out of sample: correlation with the truth > 0.7, mean within 0.02", () => {
    expect(correlation(estimated, test.effect)).toBeGreaterThan(0.7);
    const meanTrue = test.effect.reduce((s, v) => s + v, 0) / test.X.rows;
    const meanEstimated = estimated.reduce((s, v) => s + v, 0) / test.X.rows;
    expect(Math.abs(meanEstimated - meanTrue)).toBeLessThan(0.02);
  });

  it("ranks for targeting: its Qini coefficient on retention beats random scores and approaches the oracle's", () => {
    const qini = qiniAucScore(test.retained, estimated, test.treatment);
    const oracle = qiniAucScore(test.retained, test.effect, test.treatment);
    expect(qini).toBeGreaterThan(randomQini + 0.05);
    expect(qini).toBeGreaterThan(0.8 * oracle);
  });
});

describe("uplift learners: contract", () => {
  it("are deterministic, do not mutate their inputs and throw before fit", () => {
    const before = [Array.from(train.X.data.subarray(0, 40)), Array.from(train.churned), Array.from(train.treatment)];
    const a = new XLearner({ baseLearner: logistic, ridge: 1 }).fit(train.X, train.churned, train.treatment).predictEffect(test.X);
    const b = new XLearner({ baseLearner: logistic, ridge: 1 }).fit(train.X, train.churned, train.treatment).predictEffect(test.X);
    expect(a).toEqual(b);
    expect([Array.from(train.X.data.subarray(0, 40)), Array.from(train.churned), Array.from(train.treatment)]).toEqual(before);
    expect(() => new TLearner({ baseLearner: logistic }).predictEffect(test.X)).toThrow(/TLearner.predictOutcomes: model is not fitted/);
    expect(() => new XLearner({ baseLearner: logistic, ridge: 1 }).predictEffect(test.X)).toThrow(/XLearner.predictEffect: model is not fitted/);
  });

  it("T-learner effect is μ₀ − μ₁ of its two outcome models", () => {
    const t = new TLearner({ baseLearner: logistic }).fit(train.X, train.churned, train.treatment);
    const { control, treated } = t.predictOutcomes(test.X);
    expect(t.predictEffect(test.X)).toEqual(control.map((v, i) => v - treated[i]!));
  });

  it("throw when an arm holds a single outcome class, a single arm, or mismatched lengths", () => {
    const X = { data: Float64Array.of(0, 1, 2, 3), rows: 4, cols: 1 };
    expect(() => new TLearner({ baseLearner: logistic }).fit(X, Uint8Array.of(0, 1, 0, 0), Uint8Array.of(0, 0, 1, 1))).toThrow(
      /TLearner.fit: the treated arm's outcomes are all 0 \(2 rows\); each arm needs both classes/,
    );
    expect(() => new XLearner({ baseLearner: logistic, ridge: 1 }).fit(X, Uint8Array.of(0, 1, 0, 1), Uint8Array.of(1, 1, 1, 1))).toThrow(/XLearner.fit: treatment holds a single arm/);
    expect(() => new TLearner({ baseLearner: logistic }).fit(X, Uint8Array.of(0, 1, 0), Uint8Array.of(0, 0, 1, 1))).toThrow(/y.length=3 does not match X.rows=4/);
    expect(() => new XLearner({ baseLearner: logistic, ridge: -2 }).fit(train.X, train.churned, train.treatment)).toThrow(/alpha must be finite and >= 0, got -2/);
  });
});
