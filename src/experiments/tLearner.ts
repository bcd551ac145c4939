import type { BinaryClassifier, DenseMatrix } from "../models/types.js";
import { splitByArm, type ArmSplit } from "./arms.js";

/** Makes a fresh, unfitted base classifier, e.g. `() => new LogisticRegression({ C: 1, tol: 1e-8, maxIter: 100 })`. */
export type ClassifierFactory = () => BinaryClassifier;

/** Options of {@link TLearner}. */
export interface TLearnerOptions {
  /** Factory of the outcome model fitted in each arm. */
  readonly baseLearner: ClassifierFactory;
}

/** Per-row churn probabilities under each arm, as predicted by the two outcome models. */
export interface ArmPredictions {
  /** μ₀(x) = P(churn | x, control). */
  readonly control: Float64Array;
  /** μ₁(x) = P(churn | x, treated). */
  readonly treated: Float64Array;
}

/** Per-row μ₀(x) − μ₁(x) of two outcome predictions: the predicted reduction in churn probability. */
export function effectOf(predictions: ArmPredictions): Float64Array {
  const effect = new Float64Array(predictions.control.length);
  for (let i = 0; i < effect.length; i++) effect[i] = predictions.control[i]! - predictions.treated[i]!;
  return effect;
}

/**
 * The T-learner of heterogeneous treatment effects (Künzel, Sekhon, Bickel & Yu 2019, "Metalearners
 * for estimating heterogeneous treatment effects using machine learning", PNAS 116:4156–4165, §2):
 * one outcome model μ₀ fitted on the control rows and one μ₁ on the treated rows (each a fresh
 * `baseLearner()`); the effect of x is μ₀(x) − μ₁(x) = P(churn | control) − P(churn | treated), so
 * positive means the action reduces churn. Usage: `new TLearner({ baseLearner }).fit(X, y,
 * treatment).predictEffect(Xnew)`. Persistence is left to the base models (no `toJSON`).
 */
export class TLearner {
  /** The options as given (a frozen copy). */
  readonly options: Readonly<TLearnerOptions>;
  private models: { control: BinaryClassifier; treated: BinaryClassifier } | undefined;

  /** Stores a frozen copy of `options`; nothing is learned until {@link fit}. */
  constructor(options: TLearnerOptions) {
    this.options = Object.freeze({ baseLearner: options.baseLearner });
    this.models = undefined;
  }

  /**
   * Fits μ₀ on the control rows and μ₁ on the treated rows of `X` (`n × p`), churn outcomes `y` and
   * arms `treatment` (0/1 each). Throws on invalid input or when an arm lacks an outcome class
   * (see `splitByArm`); inputs are not mutated. Returns `this`.
   */
  fit(X: DenseMatrix, y: Uint8Array, treatment: Uint8Array): this {
    return this.fitArms(splitByArm("TLearner.fit", X, y, treatment));
  }

  /** {@link fit} on data already validated and split by `splitByArm` (the X-learner's first stage). Returns `this`. */
  fitArms(split: ArmSplit): this {
    const { control, treated } = split;
    this.models = {
      control: this.options.baseLearner().fit(control.X, control.y),
      treated: this.options.baseLearner().fit(treated.X, treated.y),
    };
    return this;
  }

  /** μ₀(x) and μ₁(x) for each row of `X`; throws if not fitted (the base models check the columns). */
  predictOutcomes(X: DenseMatrix): ArmPredictions {
    if (this.models === undefined) throw new Error("TLearner.predictOutcomes: model is not fitted; call fit() first");
    return { control: this.models.control.predictProba(X), treated: this.models.treated.predictProba(X) };
  }

  /** The estimated effect μ₀(x) − μ₁(x) (reduction in churn probability, in [−1, 1]) for each row of `X`. */
  predictEffect(X: DenseMatrix): Float64Array {
    return effectOf(this.predictOutcomes(X));
  }
}
