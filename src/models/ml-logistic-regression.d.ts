/**
 * Hand-written types for the untyped npm package `ml-logistic-regression` 2.0.0 (mljs), covering
 * what {@link MlLogisticRegressionReference} uses. Facts from its source (src/logreg.js,
 * src/logreg_2classes.js): fixed-step batch gradient ascent on the summed log-likelihood, no
 * intercept, no penalty; one-vs-all where classifier k is trained on the target (y ≠ k).
 */
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";

  /** One one-vs-all scorer; `testScores` returns σ(X·wᵀ) = estimated P(y ≠ k) for classifier k. */
  interface LogisticRegressionTwoClasses {
    numSteps: number;
    learningRate: number;
    weights: Matrix | null;
    testScores(features: Matrix): number[];
    predict(features: Matrix): number[];
    toJSON(): { numSteps: number; learningRate: number; weights: Matrix | null };
  }

  /** Options of the one-vs-all wrapper (defaults numSteps 50000, learningRate 5e-4). */
  interface LogisticRegressionOptions {
    numSteps?: number;
    learningRate?: number;
    numberClasses?: number;
    classifiers?: LogisticRegressionTwoClasses[];
  }

  /** One-vs-all logistic regression over classes 0..k−1. */
  export default class LogisticRegression {
    constructor(options?: LogisticRegressionOptions);
    numSteps: number;
    learningRate: number;
    numberClasses: number;
    classifiers: LogisticRegressionTwoClasses[];
    /** `X`: n × p features, `Y`: n × 1 class indices. */
    train(X: Matrix, Y: Matrix): void;
    /** Class index with the smallest one-vs-all score per row. */
    predict(X: Matrix): number[];
    toJSON(): {
      name: "LogisticRegression";
      numSteps: number;
      learningRate: number;
      numberClasses: number;
      classifiers: LogisticRegressionTwoClasses[];
    };
    static load(model: unknown): LogisticRegression;
  }
}
