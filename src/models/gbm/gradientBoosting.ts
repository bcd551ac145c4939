/**
 * Histogram gradient-boosted decision trees for binary classification with the log-loss objective:
 * the algorithm of LightGBM (Ke et al. 2017, "LightGBM: A highly efficient gradient boosting decision
 * tree", NeurIPS) and scikit-learn's `HistGradientBoostingClassifier`, with XGBoost's regularised
 * Newton leaves and split gain (Chen & Guestrin 2016, "XGBoost: A scalable tree boosting system", KDD).
 */
import { Rng, deriveSeed } from "../../util/rng.js";
import type { PriorCorrectionOptions } from "../imbalance.js";
import type { ClassWeight } from "../logisticRegression.js";
import { logisticLoss, sigmoid } from "../../util/logistic.js";
import type { DenseMatrix } from "../matrix.js";
import type { BinaryClassifier, ModelJSON } from "../types.js";
import { binColumns, fitBinMapper, MAX_BINS } from "./binning.js";
import { addTreeBinned, TreeGrower } from "./grower.js";
import { HistogramWorkspace } from "./histogram.js";
import { sampleWithoutReplacement } from "./sample.js";
import { checkDesign, predictMargin, treeFromJSON, treeToJSON, type FlatTree, type FlatTreeJSON, type TreeEnsemble } from "./tree.js";

/**
 * Options of {@link GradientBoosting}. Every number comes from the caller (pipeline config
 * `models.gbm`); the optional ones are off when absent. Checked at `fit`/`load` time by one
 * declarative table ({@link GRADIENT_BOOSTING_OPTION_RULES}).
 */
export interface GradientBoostingOptions {
  /** Boosting rounds = maximum number of trees (an integer ≥ 1); scikit-learn's `max_iter`, XGBoost's `num_boost_round`. */
  readonly maxIter: number;
  /** Shrinkage ν multiplying every leaf value (finite, > 0); scikit-learn's `learning_rate`, XGBoost's `eta`. */
  readonly learningRate: number;
  /** Maximum leaves per tree (an integer ≥ 2); trees grow best-first until this many; `max_leaf_nodes` / `num_leaves`. */
  readonly maxLeaves: number;
  /** Maximum depth in edges (an integer ≥ 1; root = depth 0); absent = limited by `maxLeaves` only. */
  readonly maxDepth?: number;
  /** Minimum training rows per leaf (an integer ≥ 1), counted before weighting; `min_samples_leaf` / `min_data_in_leaf`. */
  readonly minSamplesLeaf: number;
  /** Minimum hessian sum per leaf (finite, ≥ 0); XGBoost's `min_child_weight`, scikit-learn's `min_hessian_to_split` (1e-3 there). */
  readonly minChildWeight: number;
  /** L2 penalty λ on leaf values (finite, ≥ 0): leaf = −G/(H + λ); `l2_regularization` / `reg_lambda`. */
  readonly lambda: number;
  /** Minimum loss reduction for a split (finite, ≥ 0; absent = 0); XGBoost's `gamma`. */
  readonly minSplitGain?: number;
  /** Maximum non-missing bins per feature (an integer in [2, 255]); missing values get one more bin. */
  readonly maxBins: number;
  /** Rows sampled (seeded) to place the bin edges (an integer ≥ 2); absent = all rows. scikit-learn uses 200,000. */
  readonly binSampleRows?: number;
  /** Fraction of rows drawn (Bernoulli, seeded) for each tree, in (0, 1]; absent = 1 (all rows). */
  readonly subsample?: number;
  /** Fraction of columns drawn (without replacement, seeded) for each tree, in (0, 1]; ≥ 1 column; absent = 1. */
  readonly colsampleByTree?: number;
  /** Optional class weights multiplying the sample weights (as in `LogisticRegression`); they also move the base score, see {@link GradientBoosting.priorCorrection}. */
  readonly classWeight?: ClassWeight;
  /**
   * Stop when the validation log loss has not improved by more than `tol` for this many rounds (an
   * integer ≥ 1); the model then keeps the trees up to the best round. Needs a validation set in
   * `fit`; absent = no early stopping (all `maxIter` trees are kept).
   */
  readonly earlyStoppingRounds?: number;
  /** Minimum decrease of the validation log loss that counts as an improvement (finite, ≥ 0; absent = 0). */
  readonly tol?: number;
  /** Seed of the bin sample and the row/column subsampling (an integer in [0, 2³²)); same seed, same data → identical model. */
  readonly seed: number;
}

/** A constraint on one numeric option: integer or real, bounds, optional or not. */
export interface NumericOptionRule {
  readonly integer: boolean;
  readonly min: number;
  /** True when `min` itself is not allowed. */
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly optional: boolean;
}

type NumericOptionKey = Exclude<keyof GradientBoostingOptions, "classWeight">;

/** The constraints of every numeric option of {@link GradientBoostingOptions}, in one place. */
export const GRADIENT_BOOSTING_OPTION_RULES: { readonly [K in NumericOptionKey]: NumericOptionRule } = {
  maxIter: { integer: true, min: 1, optional: false },
  learningRate: { integer: false, min: 0, minExclusive: true, optional: false },
  maxLeaves: { integer: true, min: 2, optional: false },
  maxDepth: { integer: true, min: 1, optional: true },
  minSamplesLeaf: { integer: true, min: 1, optional: false },
  minChildWeight: { integer: false, min: 0, optional: false },
  lambda: { integer: false, min: 0, optional: false },
  minSplitGain: { integer: false, min: 0, optional: true },
  maxBins: { integer: true, min: 2, max: MAX_BINS, optional: false },
  binSampleRows: { integer: true, min: 2, optional: true },
  subsample: { integer: false, min: 0, minExclusive: true, max: 1, optional: true },
  colsampleByTree: { integer: false, min: 0, minExclusive: true, max: 1, optional: true },
  earlyStoppingRounds: { integer: true, min: 1, optional: true },
  tol: { integer: false, min: 0, optional: true },
  seed: { integer: true, min: 0, max: 0xffffffff, optional: false },
};

/** A caller-supplied validation set for the learning curve and early stopping (e.g. a time-ordered tail; never drawn by the model). */
export interface ValidationSet {
  /** `m × p` design matrix with the training columns; NaN = missing. */
  readonly X: DenseMatrix;
  /** m labels in {0, 1}. */
  readonly y: Uint8Array;
  /** Optional m non-negative weights (class weights are applied on top, as in training). */
  readonly sampleWeight?: Float64Array;
}

/** Extra arguments of {@link GradientBoosting.fit}. */
export interface GradientBoostingFitOptions {
  /** Rows scored after every round; required when `earlyStoppingRounds` is set. */
  readonly validation?: ValidationSet;
}

/** Why boosting stopped. */
export type StopReason = "maxIter" | "earlyStopping" | "saturated";

/** Per-round losses; entry k is the weighted mean log loss (natural log) of the model with the first k trees (k = 0: base score only). */
export interface LearningCurve {
  /** Training loss (sample × class weights), length `nIter + 1`. */
  readonly train: Float64Array;
  /** Validation loss (sample × class weights), length `nIter + 1`; null without a validation set. */
  readonly validation: Float64Array | null;
}

/** Learned state of a fitted {@link GradientBoosting} (kept apart from its options). */
export interface GradientBoostingState {
  /** The fitted trees (`nTrees` of them) and base score; margin = log-odds of class 1. */
  readonly ensemble: TreeEnsemble;
  /** Bin edges per feature learned at fit time (`thresholdBin` of the trees indexes them). */
  readonly binEdges: readonly Float64Array[];
  /** Boosting rounds run (trees grown), ≤ `maxIter`. */
  readonly nIter: number;
  /** Trees in the model: `bestIteration` with early stopping, else `nIter`. */
  readonly nTrees: number;
  /**
   * Number of trees k minimising the validation loss (the first k whose loss undercuts the best so far
   * by more than `tol`); `nIter` without a validation set.
   */
  readonly bestIteration: number;
  /** Train and validation loss per round. */
  readonly learningCurve: LearningCurve;
  /** Why the rounds ended: `maxIter` reached, early stopping, or a root hessian sum of 0 (margins saturated). */
  readonly stopReason: StopReason;
  /** Resolved class weights [w₀, w₁] that multiplied the sample weights. */
  readonly classWeights: readonly [number, number];
  /** π: weighted base rate Σ wᵢyᵢ / Σ wᵢ with the sample weights only. */
  readonly prior: number;
  /** π_w: base rate with the class weights applied, σ(baseScore): the prior the margins are calibrated to. */
  readonly weightedPrior: number;
  /** log(w₁/w₀) = logit(π_w) − logit(π): subtract it from a margin to undo the class weights' prior shift. */
  readonly priorShift: number;
}

/** `toJSON()` form of {@link GradientBoosting}; `state` is null for an unfitted model. */
export interface GradientBoostingJSON extends ModelJSON {
  readonly kind: "GradientBoosting";
  readonly version: 1;
  readonly options: { readonly [K in keyof GradientBoostingOptions]-?: Exclude<GradientBoostingOptions[K], undefined> | null };
  readonly state: {
    readonly trees: FlatTreeJSON[];
    readonly baseScore: number;
    readonly nFeatures: number;
    readonly binEdges: number[][];
    readonly nIter: number;
    readonly nTrees: number;
    readonly bestIteration: number;
    readonly learningCurve: { readonly train: number[]; readonly validation: number[] | null };
    readonly stopReason: StopReason;
    readonly classWeights: [number, number];
    readonly prior: number;
    readonly weightedPrior: number;
    readonly priorShift: number;
  } | null;
}

/** Sub-stream indices of the master seed (rng.ts `deriveSeed`). */
const STREAM_BINNING = 0;
const STREAM_ROWS = 1;
const STREAM_COLUMNS = 2;

/**
 * Binary gradient-boosted trees on quantile-binned features (≤ 255 bins + a missing bin per column),
 * grown leaf-wise with histogram subtraction, minimising the (class- and sample-) weighted log loss
 * Σ sᵢ·[log(1 + e^{Fᵢ}) − yᵢFᵢ] from F = logit(weighted prior). Round t fits one tree to the gradients
 * gᵢ = sᵢ(pᵢ − yᵢ) and hessians hᵢ = sᵢpᵢ(1 − pᵢ): split gain ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)],
 * leaf value −ν·G/(H + λ) (Friedman 2001, "Greedy function approximation"; Chen & Guestrin 2016, eqs. 5–7).
 * NaN in X is a missing value with a learned direction per split (Chen & Guestrin 2016, Alg. 3).
 *
 * Cost per round O(n · p) for the root histogram plus O(rows of the smaller child · p) per split (the
 * larger child by subtraction), O(leaves · bins · p) for split search and O(n · depth) for partitions.
 * Memory 3·n·p + 36·n bytes (bin codes column- and row-major, gradients, row ids) plus `maxLeaves`
 * histograms of 24·Σ(bins + 1) bytes. The histogram and partition loops run as WebAssembly kernels
 * (`histogramKernel.ts`). Single-threaded and deterministic: same options (seed), data and validation
 * set → identical JSON. Matches scikit-learn's `HistGradientBoostingClassifier` tree for tree up to its
 * float32 gradient rounding (same binning, gain, leaf values and missing-value rules).
 *
 * Usage: `new GradientBoosting(opts).fit(X, y, w, { validation }).predictProba(Xnew)`; TreeSHAP of the
 * fitted model: `treeShap(model.ensemble, X)`.
 */
export class GradientBoosting implements BinaryClassifier<GradientBoostingJSON> {
  /** The options as given (a frozen copy); validated at `fit` time. */
  readonly options: Readonly<GradientBoostingOptions>;
  private fitted: GradientBoostingState | undefined;

  /** Stores a frozen copy of `options`; nothing is validated or learned until {@link fit}. */
  constructor(options: GradientBoostingOptions) {
    const cw = options.classWeight;
    this.options = Object.freeze({
      ...options,
      ...(cw === undefined ? {} : { classWeight: typeof cw === "object" && cw !== null ? Object.freeze({ 0: cw[0], 1: cw[1] }) : cw }),
    });
    this.fitted = undefined;
  }

  /**
   * The {@link PriorCorrectionOptions} that map this model's probabilities back to the unweighted prior
   * when class weights moved it: `priorCorrection(model.predictProba(X), GradientBoosting.priorCorrection(model.state))`
   * (imbalance.ts; Elkan 2001) equals σ(margin − priorShift). Identity (equal rates) without class weights.
   */
  static priorCorrection(state: GradientBoostingState): PriorCorrectionOptions {
    return { sampleRate: state.weightedPrior, trueRate: state.prior };
  }

  /** Rebuilds a model from its `toJSON()` output; predictions are bit-identical. Throws TypeError on a malformed object. */
  static load(json: unknown): GradientBoosting {
    if (typeof json !== "object" || json === null) throw new TypeError(`loadGradientBoosting: expected an object, got ${JSON.stringify(json)}`);
    const j = json as Partial<GradientBoostingJSON>;
    if (j.kind !== "GradientBoosting") throw new TypeError(`loadGradientBoosting: kind must be "GradientBoosting", got ${JSON.stringify(j.kind)}`);
    if (j.version !== 1) throw new TypeError(`loadGradientBoosting: unsupported version ${JSON.stringify(j.version)}`);
    if (typeof j.options !== "object" || j.options === null) throw new TypeError("loadGradientBoosting: options missing");
    const opts: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(j.options)) if (v !== null && v !== undefined) opts[k] = v;
    const model = new GradientBoosting(opts as unknown as GradientBoostingOptions);
    validateOptions(model.options);
    const s = j.state;
    if (s === null || s === undefined) return model;
    const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
    const finiteArray = (a: unknown, what: string): number[] => {
      if (!Array.isArray(a) || !a.every(finite)) throw new TypeError(`loadGradientBoosting: ${what} must be an array of finite numbers`);
      return a;
    };
    if (!Number.isInteger(s.nFeatures) || s.nFeatures < 1) throw new TypeError(`loadGradientBoosting: nFeatures ${String(s.nFeatures)} is not an integer >= 1`);
    if (!finite(s.baseScore)) throw new TypeError(`loadGradientBoosting: baseScore ${String(s.baseScore)} is not finite`);
    if (!Array.isArray(s.trees)) throw new TypeError("loadGradientBoosting: trees must be an array");
    const trees = s.trees.map((t, k) => treeFromJSON(t, s.nFeatures, `loadGradientBoosting: tree ${k}`));
    if (!Array.isArray(s.binEdges) || s.binEdges.length !== s.nFeatures) throw new TypeError(`loadGradientBoosting: binEdges must hold ${s.nFeatures} arrays`);
    const lc = s.learningCurve;
    if (typeof lc !== "object" || lc === null) throw new TypeError("loadGradientBoosting: learningCurve missing");
    if (!Array.isArray(s.classWeights) || s.classWeights.length !== 2 || !s.classWeights.every(finite)) throw new TypeError("loadGradientBoosting: classWeights must be a pair of finite numbers");
    for (const key of ["nIter", "nTrees", "bestIteration"] as const) {
      if (!Number.isInteger(s[key]) || s[key] < 0) throw new TypeError(`loadGradientBoosting: ${key} ${String(s[key])} is not an integer >= 0`);
    }
    if (s.nTrees !== trees.length) throw new TypeError(`loadGradientBoosting: nTrees=${s.nTrees} but ${trees.length} trees`);
    for (const key of ["prior", "weightedPrior", "priorShift"] as const) {
      if (!finite(s[key])) throw new TypeError(`loadGradientBoosting: ${key} ${String(s[key])} is not finite`);
    }
    if (s.stopReason !== "maxIter" && s.stopReason !== "earlyStopping" && s.stopReason !== "saturated") {
      throw new TypeError(`loadGradientBoosting: stopReason ${JSON.stringify(s.stopReason)} is not one of maxIter, earlyStopping, saturated`);
    }
    model.fitted = {
      ensemble: { trees, baseScore: s.baseScore, nFeatures: s.nFeatures },
      binEdges: s.binEdges.map((e, f) => Float64Array.from(finiteArray(e, `binEdges[${f}]`))),
      nIter: s.nIter,
      nTrees: s.nTrees,
      bestIteration: s.bestIteration,
      learningCurve: {
        train: Float64Array.from(finiteArray(lc.train, "learningCurve.train")),
        validation: lc.validation === null ? null : Float64Array.from(finiteArray(lc.validation, "learningCurve.validation")),
      },
      stopReason: s.stopReason,
      classWeights: [s.classWeights[0], s.classWeights[1]],
      prior: s.prior,
      weightedPrior: s.weightedPrior,
      priorShift: s.priorShift,
    };
    return model;
  }

  /** True once {@link fit} (or {@link load}) has set the learned state. */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /** The learned state (arrays of the learning curve and bin edges are copies; the ensemble is shared, read-only). Throws if not fitted. */
  get state(): GradientBoostingState {
    const s = this.requireFitted("state");
    return {
      ...s,
      binEdges: s.binEdges.map((e) => Float64Array.from(e)),
      learningCurve: { train: Float64Array.from(s.learningCurve.train), validation: s.learningCurve.validation === null ? null : Float64Array.from(s.learningCurve.validation) },
    };
  }

  /** The fitted trees and base score, for `predictMargin` and `treeShap` (shared, do not mutate). Throws if not fitted. */
  get ensemble(): TreeEnsemble {
    return this.requireFitted("ensemble").ensemble;
  }

  /**
   * Fits on `X` (`n × p` row-major; NaN = missing, ±∞ rejected), labels `y` (n values in {0, 1}, both
   * classes present) and optional non-negative `sampleWeight` (length n). `fitOptions.validation`, a
   * caller-chosen held-out set (the model never splits off one itself), is scored after every round
   * for the learning curve and, with `earlyStoppingRounds`, for stopping. Inputs are not mutated.
   * Throws RangeError quoting the offending option or value (also on empty input). Returns `this`.
   */
  fit(X: DenseMatrix, y: Uint8Array, sampleWeight?: Float64Array, fitOptions?: GradientBoostingFitOptions): this {
    const o = validateOptions(this.options);
    const caller = "GradientBoosting.fit";
    checkDesign(X, X.cols, caller);
    const n = X.rows;
    const p = X.cols;
    checkLabelsAndWeights(caller, "", y, sampleWeight, n);
    const validation = fitOptions?.validation;
    if (o.earlyStoppingRounds !== undefined && validation === undefined) {
      throw new RangeError(
        `${caller}: option earlyStoppingRounds=${o.earlyStoppingRounds} needs a validation set (fit(X, y, w, { validation: { X, y } })); the model never splits one off itself`,
      );
    }
    const classWeights = resolveClassWeights(o.classWeight, y);
    const s = effectiveWeights(y, sampleWeight, classWeights);
    let sw = 0;
    let swy = 0;
    let ss = 0;
    let ssy = 0;
    for (let i = 0; i < n; i++) {
      const w = sampleWeight === undefined ? 1 : sampleWeight[i]!;
      sw += w;
      swy += w * y[i]!;
      ss += s[i]!;
      ssy += s[i]! * y[i]!;
    }
    if (!(swy > 0) || !(sw - swy > 0) || !(ssy > 0) || !(ss - ssy > 0)) {
      throw new RangeError(
        `${caller}: total weight per class is ${ss - ssy} (class 0) and ${ssy} (class 1) with class weights ${JSON.stringify(classWeights)}; both must be > 0`,
      );
    }
    const prior = swy / sw;
    const weightedPrior = ssy / ss;
    const baseScore = Math.log(weightedPrior / (1 - weightedPrior));

    const mapper = fitBinMapper(X, { maxBins: o.maxBins, sampleRows: o.binSampleRows, seed: deriveSeed(o.seed, STREAM_BINNING) });
    const workspace = new HistogramWorkspace(n, mapper.nBins, o.maxLeaves);
    const bins = binColumns(X, mapper, workspace.bins);
    workspace.finishBins();
    let val: { bins: Uint8Array; m: number; y: Uint8Array; s: Float64Array; margin: Float64Array } | null = null;
    if (validation !== undefined) {
      checkDesign(validation.X, p, `${caller} (validation)`);
      const m = validation.X.rows;
      checkLabelsAndWeights(`${caller} (validation)`, "validation.", validation.y, validation.sampleWeight, m);
      const vs = effectiveWeights(validation.y, validation.sampleWeight, classWeights);
      if (!(vs.reduce((a, b) => a + b, 0) > 0)) throw new RangeError(`${caller} (validation): the validation weights sum to 0`);
      val = { bins: binColumns(validation.X, mapper), m, y: validation.y, s: vs, margin: new Float64Array(m).fill(baseScore) };
    }

    const gradHess = workspace.gradHess;
    const grower = new TreeGrower(workspace, mapper, {
      maxLeaves: o.maxLeaves,
      maxDepth: o.maxDepth ?? Number.POSITIVE_INFINITY,
      learningRate: o.learningRate,
      lambda: o.lambda,
      minSamplesLeaf: o.minSamplesLeaf,
      minChildWeight: o.minChildWeight,
      minSplitGain: o.minSplitGain ?? 0,
    });
    const margin = new Float64Array(n).fill(baseScore);
    const subsample = o.subsample ?? 1;
    const colsample = o.colsampleByTree ?? 1;
    const rowRng = new Rng(deriveSeed(o.seed, STREAM_ROWS));
    const colRng = new Rng(deriveSeed(o.seed, STREAM_COLUMNS));
    const inBag = subsample < 1 ? new Uint8Array(n) : null;
    const features = new Int32Array(p);
    const nFeat = Math.max(1, Math.round(colsample * p));
    const tol = o.tol ?? 0;

    const trainCurve = new Float64Array(o.maxIter + 1);
    const valCurve = val === null ? null : new Float64Array(o.maxIter + 1);
    if (val !== null) valCurve![0] = meanLogLoss(val.margin, val.y, val.s);
    let bestLoss = valCurve === null ? 0 : valCurve[0]!;
    let bestIteration = 0;
    const trees: FlatTree[] = [];
    let stopReason: StopReason = "maxIter";
    for (let t = 0; t < o.maxIter; t++) {
      trainCurve[t] = gradientPass(margin, y, s, gradHess);
      const rows = grower.rows;
      let m = n;
      if (inBag !== null) {
        m = 0;
        for (let i = 0; i < n; i++) {
          const keep = rowRng.uniform() < subsample;
          inBag[i] = keep ? 1 : 0;
          if (keep) rows[m++] = i;
        }
        if (m === 0) inBag.fill(1);
      }
      if (m === 0 || inBag === null) {
        m = n;
        for (let i = 0; i < n; i++) rows[i] = i;
      }
      drawFeatures(features, p, nFeat, colsample < 1 ? colRng : null);
      const tree = grower.grow(m, m === n, features, nFeat);
      if (tree === null) {
        stopReason = "saturated";
        break;
      }
      trees.push(tree);
      grower.addLeafValues(margin);
      if (inBag !== null && m < n) addTreeBinned(tree, bins, n, mapper.nBins, margin, inBag);
      if (val !== null) {
        addTreeBinned(tree, val.bins, val.m, mapper.nBins, val.margin, null);
        const loss = meanLogLoss(val.margin, val.y, val.s);
        valCurve![t + 1] = loss;
        if (loss < bestLoss - tol) {
          bestLoss = loss;
          bestIteration = t + 1;
        }
        if (o.earlyStoppingRounds !== undefined && t + 1 - bestIteration >= o.earlyStoppingRounds) {
          stopReason = "earlyStopping";
          break;
        }
      }
    }
    const nIter = trees.length;
    trainCurve[nIter] = meanLogLoss(margin, y, s);
    if (val === null) bestIteration = nIter;
    const nTrees = o.earlyStoppingRounds !== undefined ? bestIteration : nIter;
    this.fitted = {
      ensemble: { trees: trees.slice(0, nTrees), baseScore, nFeatures: p },
      binEdges: mapper.edges,
      nIter,
      nTrees,
      bestIteration,
      learningCurve: { train: trainCurve.slice(0, nIter + 1), validation: valCurve === null ? null : valCurve.slice(0, nIter + 1) },
      stopReason,
      classWeights,
      prior,
      weightedPrior,
      priorShift: Math.log(classWeights[1] / classWeights[0]),
    };
    return this;
  }

  /** Margins F(x) = baseScore + Σ trees (log-odds of class 1), length `X.rows`; NaN = missing. Throws if unfitted, on empty X, ±∞, or a column-count mismatch. */
  decisionFunction(X: DenseMatrix): Float64Array {
    return predictMargin(this.requireFitted("decisionFunction").ensemble, X);
  }

  /** P(y = 1 | x) = σ(F(x)) for each row (length `X.rows`); same preconditions as {@link decisionFunction}. */
  predictProba(X: DenseMatrix): Float64Array {
    const out = this.decisionFunction(X);
    for (let i = 0; i < out.length; i++) out[i] = sigmoid(out[i]!);
    return out;
  }

  /** Plain object with `kind: "GradientBoosting"`, the options (absent → null) and the state (null if unfitted); exact under `JSON.stringify`. */
  toJSON(): GradientBoostingJSON {
    const o = this.options;
    const cw = o.classWeight;
    const options = {} as Record<string, unknown>;
    for (const key of Object.keys(GRADIENT_BOOSTING_OPTION_RULES) as NumericOptionKey[]) options[key] = o[key] ?? null;
    options["classWeight"] = cw === undefined ? null : cw === "balanced" ? "balanced" : { 0: cw[0], 1: cw[1] };
    const s = this.fitted;
    return {
      kind: "GradientBoosting",
      version: 1,
      options: options as GradientBoostingJSON["options"],
      state: s === undefined ? null : {
        trees: s.ensemble.trees.map(treeToJSON),
        baseScore: s.ensemble.baseScore,
        nFeatures: s.ensemble.nFeatures,
        binEdges: s.binEdges.map((e) => Array.from(e)),
        nIter: s.nIter,
        nTrees: s.nTrees,
        bestIteration: s.bestIteration,
        learningCurve: { train: Array.from(s.learningCurve.train), validation: s.learningCurve.validation === null ? null : Array.from(s.learningCurve.validation) },
        stopReason: s.stopReason,
        classWeights: [s.classWeights[0], s.classWeights[1]],
        prior: s.prior,
        weightedPrior: s.weightedPrior,
        priorShift: s.priorShift,
      },
    };
  }

  private requireFitted(what: string): GradientBoostingState {
    if (this.fitted === undefined) throw new Error(`GradientBoosting.${what}: model is not fitted; call fit() first`);
    return this.fitted;
  }
}

/** Rebuilds a {@link GradientBoosting} from its `toJSON()` output (see {@link GradientBoosting.load}). */
export function loadGradientBoosting(json: unknown): GradientBoosting {
  return GradientBoosting.load(json);
}

/** Checks every option against {@link GRADIENT_BOOSTING_OPTION_RULES} and the class-weight shape; the message names the option and quotes its value. */
function validateOptions(o: Readonly<GradientBoostingOptions>): GradientBoostingOptions {
  for (const key of Object.keys(GRADIENT_BOOSTING_OPTION_RULES) as NumericOptionKey[]) {
    const rule = GRADIENT_BOOSTING_OPTION_RULES[key];
    const v: unknown = o[key];
    if (v === undefined && rule.optional) continue;
    const ok =
      typeof v === "number" && Number.isFinite(v) && (!rule.integer || Number.isInteger(v)) &&
      (rule.minExclusive === true ? v > rule.min : v >= rule.min) && (rule.max === undefined || v <= rule.max);
    if (!ok) throw new RangeError(`GradientBoosting: option ${key} must be ${describeRule(rule)}, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`);
  }
  const cw = o.classWeight;
  if (cw !== undefined && cw !== "balanced") {
    const ok = (v: unknown): boolean => typeof v === "number" && v > 0 && Number.isFinite(v);
    if (typeof cw !== "object" || cw === null || !ok(cw[0]) || !ok(cw[1])) {
      throw new RangeError(`GradientBoosting: option classWeight must be "balanced" or {0: w0, 1: w1} with finite w > 0, got ${JSON.stringify(cw)}`);
    }
  }
  return o;
}

/** "an integer >= 1 and <= 255", "a finite number > 0", … for error messages. */
function describeRule(r: NumericOptionRule): string {
  const what = r.integer ? "an integer" : "a finite number";
  const lo = `${r.minExclusive === true ? ">" : ">="} ${r.min}`;
  const hi = r.max === undefined ? "" : ` and <= ${r.max}`;
  return `${what} ${lo}${hi}${r.optional ? " (or absent)" : ""}`;
}

/** Throws unless `y` has `n` labels in {0, 1} and `w` (if given) has n finite values ≥ 0. */
function checkLabelsAndWeights(caller: string, prefix: string, y: Uint8Array, w: Float64Array | undefined, n: number): void {
  if (y.length !== n) throw new RangeError(`${caller}: ${prefix}y.length=${y.length} does not match X.rows=${n}`);
  for (let i = 0; i < n; i++) {
    if (y[i]! > 1) throw new RangeError(`${caller}: ${prefix}y[${i}] = ${y[i]}; labels must be 0 or 1`);
  }
  if (w === undefined) return;
  if (w.length !== n) throw new RangeError(`${caller}: ${prefix}sampleWeight.length=${w.length} does not match X.rows=${n}`);
  for (let i = 0; i < n; i++) {
    const v = w[i]!;
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) throw new RangeError(`${caller}: ${prefix}sampleWeight[${i}] = ${v}; weights must be finite and >= 0`);
  }
}

/** [w₀, w₁]: 1s when absent; "balanced" = n / (2·n_c) from unweighted counts (scikit-learn's convention). */
function resolveClassWeights(cw: ClassWeight | undefined, y: Uint8Array): [number, number] {
  if (cw === undefined) return [1, 1];
  if (cw !== "balanced") return [cw[0], cw[1]];
  let n1 = 0;
  for (let i = 0; i < y.length; i++) n1 += y[i]!;
  const n = y.length;
  if (n1 === 0 || n1 === n) throw new RangeError(`GradientBoosting.fit: y contains only class ${n1 === 0 ? 0 : 1} (all ${n} rows); need both classes`);
  return [n / (2 * (n - n1)), n / (2 * n1)];
}

/** sᵢ = sampleWeightᵢ · classWeight[yᵢ] (sampleWeight 1 when absent). */
function effectiveWeights(y: Uint8Array, w: Float64Array | undefined, cw: readonly [number, number]): Float64Array {
  const s = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) s[i] = (w === undefined ? 1 : w[i]!) * cw[y[i]!]!;
  return s;
}

/**
 * Log-loss gradients and hessians at the margins F, interleaved into `gradHess` (gᵢ at 2i, hᵢ at 2i + 1):
 * gᵢ = sᵢ(pᵢ − yᵢ), hᵢ = sᵢpᵢ(1 − pᵢ), pᵢ = σ(Fᵢ) via e^{−|F|} (no overflow); returns the weighted
 * mean loss Σ sᵢℓᵢ / Σ sᵢ at F. O(n). The fused form of `src/util/logistic.ts`'s kernels, kept inline
 * (as in the logistic regression's gradient pass) because σ, σ(1 − σ) and the loss share one exponential.
 */
function gradientPass(margin: Float64Array, y: Uint8Array, s: Float64Array, gradHess: Float64Array): number {
  let loss = 0;
  let total = 0;
  for (let i = 0; i < margin.length; i++) {
    const z = margin[i]!;
    const e = Math.exp(-Math.abs(z));
    const q = 1 / (1 + e);
    const pr = z >= 0 ? q : e * q;
    const si = s[i]!;
    const yi = y[i]!;
    gradHess[2 * i] = si * (pr - yi);
    gradHess[2 * i + 1] = si * e * q * q;
    loss += si * ((z > 0 ? z : 0) + Math.log1p(e) - yi * z);
    total += si;
  }
  return loss / total;
}

/** Weighted mean log loss Σ sᵢ[log(1 + e^{Fᵢ}) − yᵢFᵢ] / Σ sᵢ (natural log) at margins F. */
function meanLogLoss(margin: Float64Array, y: Uint8Array, s: Float64Array): number {
  let loss = 0;
  let total = 0;
  for (let i = 0; i < margin.length; i++) {
    const z = margin[i]!;
    loss += s[i]! * logisticLoss(z, y[i]!);
    total += s[i]!;
  }
  return total > 0 ? loss / total : 0;
}

/** Writes the round's columns into `out[0 … k)`: all p when `rng` is null, else k of them drawn without replacement, ascending. */
function drawFeatures(out: Int32Array, p: number, k: number, rng: Rng | null): void {
  if (rng === null) {
    for (let f = 0; f < p; f++) out[f] = f;
    return;
  }
  out.set(sampleWithoutReplacement(p, k, rng));
}
