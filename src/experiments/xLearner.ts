import type { DenseMatrix } from "../models/types.js";
import { splitByArm } from "./arms.js";
import { RidgeRegression } from "./ridge.js";
import { TLearner, type ClassifierFactory } from "./tLearner.js";

/** Options of {@link XLearner}. */
export interface XLearnerOptions {
  /** Factory of the first-stage outcome model fitted in each arm. */
  readonly baseLearner: ClassifierFactory;
  /** L2 penalty λ ≥ 0 of the second-stage {@link RidgeRegression}s of the imputed effects. */
  readonly ridge: number;
}

/** Fitted parts of an {@link XLearner}. */
interface XLearnerParts {
  readonly outcomes: TLearner;
  /** τ₀, the imputed effects of the control rows regressed on their X. */
  readonly controlEffect: RidgeRegression;
  /** τ₁, the imputed effects of the treated rows regressed on their X. */
  readonly treatedEffect: RidgeRegression;
  /** g, the weight of τ₀: the treated share of the training rows (the propensity of a randomised design). */
  readonly weight: number;
}

/**
 * The X-learner (Künzel, Sekhon, Bickel & Yu 2019, PNAS 116:4156–4165, §3), with the effect signed
 * as a reduction in churn. Stage 1: outcome models μ₀ (control rows) and μ₁ (treated rows), as in
 * {@link TLearner}. Stage 2: imputed effects D = μ₀(x) − y for treated rows and D = y − μ₁(x) for
 * control rows, each regressed on X by a {@link RidgeRegression} (τ₁ on treated, τ₀ on control
 * rows). Stage 3: τ(x) = g·τ₀(x) + (1 − g)·τ₁(x) with g the propensity, here the treated share of
 * the training rows (assignment was randomised; the paper's choice g = e(x)). A linear second stage
 * is a simplification: the paper uses flexible regressors. Effects are not clipped to [−1, 1].
 */
export class XLearner {
  /** The options as given (a frozen copy); `ridge` is validated by the second stage at `fit` time. */
  readonly options: Readonly<XLearnerOptions>;
  private parts: XLearnerParts | undefined;

  /** Stores a frozen copy of `options`; nothing is learned until {@link fit}. */
  constructor(options: XLearnerOptions) {
    this.options = Object.freeze({ baseLearner: options.baseLearner, ridge: options.ridge });
    this.parts = undefined;
  }

  /**
   * Fits the three stages on `X` (`n × p`), churn outcomes `y` and arms `treatment` (0/1 each).
   * Throws on invalid input, when an arm lacks an outcome class, or on a bad `ridge`; inputs are
   * not mutated. Returns `this`. O(cost of two base fits + n·p²).
   */
  fit(X: DenseMatrix, y: Uint8Array, treatment: Uint8Array): this {
    const split = splitByArm("XLearner.fit", X, y, treatment);
    const { control, treated, treatedShare } = split;
    const outcomes = new TLearner({ baseLearner: this.options.baseLearner }).fitArms(split);
    const { control: mu0OnTreated } = outcomes.predictOutcomes(treated.X);
    const { treated: mu1OnControl } = outcomes.predictOutcomes(control.X);
    const imputedTreated = new Float64Array(treated.y.length);
    for (let i = 0; i < imputedTreated.length; i++) imputedTreated[i] = mu0OnTreated[i]! - treated.y[i]!;
    const imputedControl = new Float64Array(control.y.length);
    for (let i = 0; i < imputedControl.length; i++) imputedControl[i] = control.y[i]! - mu1OnControl[i]!;
    this.parts = {
      outcomes,
      controlEffect: new RidgeRegression({ alpha: this.options.ridge }).fit(control.X, imputedControl),
      treatedEffect: new RidgeRegression({ alpha: this.options.ridge }).fit(treated.X, imputedTreated),
      weight: treatedShare,
    };
    return this;
  }

  /** The estimated effect τ(x) (reduction in churn probability) for each row of `X`; throws if not fitted or on a column mismatch. */
  predictEffect(X: DenseMatrix): Float64Array {
    if (this.parts === undefined) throw new Error("XLearner.predictEffect: model is not fitted; call fit() first");
    const { controlEffect, treatedEffect, weight } = this.parts;
    const tau0 = controlEffect.predict(X);
    const tau1 = treatedEffect.predict(X);
    const effect = new Float64Array(X.rows);
    for (let i = 0; i < effect.length; i++) effect[i] = weight * tau0[i]! + (1 - weight) * tau1[i]!;
    return effect;
  }
}
