/**
 * Random-forest classifier: wraps `ml-random-forest` 2.1.0 (mljs, CART trees from `ml-cart` 2.1.1)
 * behind the {@link BinaryClassifier} contract, trained on a class-balanced sample and
 * prior-corrected back to the training base rate.
 */
import { RandomForestClassifier } from "ml-random-forest";
import { Rng, deriveSeed } from "../util/rng.js";
import { balancedSample, priorCorrection } from "./imbalance.js";
import { checkFitInput, checkPredictInput } from "./checks.js";
import type { DenseMatrix } from "./matrix.js";
import type { BinaryClassifier, ModelJSON } from "./types.js";

/** Options of {@link RandomForest}; every number is supplied by the caller (pipeline config). */
export interface RandomForestOptions {
  /** Number of trees T (an integer ≥ 1). Vote shares take the T + 1 values 0, 1/T, …, 1 before correction. */
  readonly nEstimators: number;
  /** Maximum tree depth (an integer ≥ 1): a node at depth `maxDepth` (root = 0) is never split. */
  readonly maxDepth: number;
  /**
   * Fraction of the columns given to each tree (in (0, 1]): each tree sees ⌊p · maxFeatures⌋ ≥ 1 columns
   * drawn without replacement once per tree (ml-random-forest samples features per tree, not per split).
   */
  readonly maxFeatures: number;
  /** A node with at most this many training rows becomes a leaf (an integer ≥ 1; ml-cart's `minNumSamples`). */
  readonly minNumSamples: number;
  /** Negatives kept per positive in the balanced training sample (finite, > 0); see {@link balancedSample}. */
  readonly negativesPerPositive: number;
  /**
   * Cap on the training-sample size (an integer ≥ 2). If the balanced sample is larger, both classes are
   * thinned uniformly (stratified, keeping the class mix) to exactly `maxTrainRows` rows. ml-cart's split
   * search is O(m²) per node in the node size m, so this bounds the fit time.
   */
  readonly maxTrainRows: number;
  /** Master seed (an integer in [0, 2³²)): drives the sample and ml-random-forest's bagging; same seed → same model. */
  readonly seed: number;
}

/** Learned state of a fitted {@link RandomForest} (read through `model.state`). */
export interface RandomForestState {
  /** Number of columns of the training design matrix. */
  readonly nFeatures: number;
  /** Rows in the training sample the trees were grown on (≤ `maxTrainRows`). */
  readonly nTrainRows: number;
  /** Positives in that sample. */
  readonly nTrainPositives: number;
  /** π_s: positive rate of the training sample (the vote shares refer to this base rate). */
  readonly sampleRate: number;
  /** π: positive rate of the full `y` passed to `fit` (what `predictProba` is corrected to). */
  readonly trueRate: number;
  /** Number of trees. */
  readonly nTrees: number;
  /** Total number of tree nodes (internal + leaves) over all trees. */
  readonly nNodes: number;
}

/** `toJSON()` form of {@link RandomForest}; `state.forest` is ml-random-forest's own `toJSON()` as plain data. */
export interface RandomForestJSON extends ModelJSON {
  readonly kind: "RandomForest";
  readonly version: 1;
  readonly options: RandomForestOptions;
  readonly state: {
    readonly nFeatures: number;
    readonly nTrainRows: number;
    readonly nTrainPositives: number;
    readonly sampleRate: number;
    readonly trueRate: number;
    /** `RandomForestClassifier#toJSON()` output (`{ baseModel, name: "RFClassifier" }`), loadable by `RandomForestClassifier.load`. */
    readonly forest: unknown;
  } | null;
}

/**
 * ml-cart's `gainThreshold`: a node is split only if the best split's Gini gain (parent impurity minus
 * size-weighted child impurity, at that node) exceeds this. Pinned to the package default 0.01 so a
 * package upgrade cannot silently change it; not exposed as an option.
 */
const ML_CART_GAIN_THRESHOLD = 0.01;

/** Stream indices under the master seed (see {@link deriveSeed}). */
const SEED_STREAM_BALANCE = 0;
const SEED_STREAM_CAP = 1;
const SEED_STREAM_FOREST = 2;

/** Flat, typed-array copy of the trees used for allocation-free prediction (node ids are global over all trees). */
interface CompiledForest {
  /** Root node id of each tree. */
  readonly roots: Int32Array;
  /** Original X column tested at each internal node; −1 marks a leaf. */
  readonly feature: Int32Array;
  /** Go left iff x[feature] < threshold (ml-cart's rule). */
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Class voted by each leaf: the arg-max of its class distribution, first maximum on ties (ml-cart's `maxRowIndex`). */
  readonly vote: Uint8Array;
}

interface Fitted extends RandomForestState {
  /** Plain-data copy of the package's model JSON (kept for `toJSON`). */
  readonly forest: unknown;
  readonly compiled: CompiledForest;
}

/**
 * Random forest for binary churn labels (Breiman 2001, "Random forests", Machine Learning 45; here with
 * per-tree feature subsets as in Ho 1998, which is what ml-random-forest implements), grown by
 * `ml-random-forest` with Gini CART trees, bootstrap bagging per tree and feature sampling without replacement.
 *
 * Training: all positives plus `negativesPerPositive` negatives per positive ({@link balancedSample}),
 * stratified-thinned to at most `maxTrainRows` rows, are given to the package. Prediction: the share of trees
 * voting 1 ({@link voteShares}, computed here from the individual trees — the package's `predictProbability`
 * drops the first tree's vote), mapped from the sample base rate π_s back to the training base rate π by
 * {@link priorCorrection} (Elkan 2001; Saerens et al. 2002). The correction assumes the vote shares are calibrated
 * on the sample, which majority-vote trees only roughly are: measured on a 2.8 % synthetic set, the mean corrected
 * probability was within ≈ 15 % of the base rate with `negativesPerPositive` = 1 but about half of it with 3.
 * Calibrate the output (e.g. `src/calibration/`) before reading it as a probability; ranking is unaffected.
 *
 * Package facts handled here (ml-random-forest 2.1.0): its out-of-bag step crashes ("input must not be empty"),
 * so `noOOB: true`; it has no sample weights, so `fit` accepts only uniform `sampleWeight`; its `seed`
 * seeds all of its randomness (random-js MT19937), so fits are reproducible.
 *
 * Cost: ml-cart re-partitions the node for every candidate threshold, ≈ O(p′ · m²) per node of m rows with
 * p′ = ⌊p · maxFeatures⌋, hence the `maxTrainRows` cap. Prediction is O(rows · T · depth), allocation-free per row.
 */
export class RandomForest implements BinaryClassifier<RandomForestJSON> {
  /** The options as given (a frozen copy); validated at `fit` / load time. */
  readonly options: Readonly<RandomForestOptions>;
  private fitted: Fitted | undefined;

  /** Stores a frozen copy of `options`; nothing is validated or learned until {@link fit}. */
  constructor(options: RandomForestOptions) {
    this.options = Object.freeze({
      nEstimators: options.nEstimators,
      maxDepth: options.maxDepth,
      maxFeatures: options.maxFeatures,
      minNumSamples: options.minNumSamples,
      negativesPerPositive: options.negativesPerPositive,
      maxTrainRows: options.maxTrainRows,
      seed: options.seed,
    });
    this.fitted = undefined;
  }

  /** True once {@link fit} (or a loader) has set the learned state. */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /** Summary of the learned state; throws if the model is not fitted. */
  get state(): RandomForestState {
    const f = this.requireFitted("state");
    return {
      nFeatures: f.nFeatures,
      nTrainRows: f.nTrainRows,
      nTrainPositives: f.nTrainPositives,
      sampleRate: f.sampleRate,
      trueRate: f.trueRate,
      nTrees: f.nTrees,
      nNodes: f.nNodes,
    };
  }

  /**
   * Fits on `X` (`n × p`, row-major, finite), labels `y` (`n` values in {0, 1}, both classes present) and an
   * optional `sampleWeight`, which must be uniform (all equal and > 0): ml-random-forest has no sample weights,
   * so any other weights throw. Inputs are not mutated. Throws RangeError quoting the offending option or value.
   */
  fit(X: DenseMatrix, y: Uint8Array, sampleWeight?: Float64Array): this {
    const opts = validateOptions(this.options);
    const { rows: n, cols: p, positives: n1 } = checkFitInput("RandomForest.fit", X, y, sampleWeight);
    if (sampleWeight !== undefined) checkUniformWeights(sampleWeight, n);
    const featuresPerTree = Math.floor(p * opts.maxFeatures);
    if (featuresPerTree < 1) {
      throw new RangeError(
        `RandomForest.fit: option maxFeatures=${opts.maxFeatures} gives floor(${p} * ${opts.maxFeatures}) = ${featuresPerTree} columns per tree; need >= 1`,
      );
    }

    // Balanced sample (all positives + ratio · n₁ negatives), then a stratified cap at maxTrainRows.
    let idx = balancedSample(y, { ratio: opts.negativesPerPositive, seed: deriveSeed(opts.seed, SEED_STREAM_BALANCE) });
    const k = idx.length - n1;
    if (k < 1) {
      throw new RangeError(
        `RandomForest.fit: option negativesPerPositive=${opts.negativesPerPositive} keeps round(${opts.negativesPerPositive} * ${n1}) = 0 negatives; need >= 1`,
      );
    }
    if (idx.length > opts.maxTrainRows) idx = stratifiedCap(idx, y, opts.maxTrainRows, deriveSeed(opts.seed, SEED_STREAM_CAP));
    const m = idx.length;
    const xs = new Array<number[]>(m);
    const ys = new Array<number>(m);
    let m1 = 0;
    for (let r = 0; r < m; r++) {
      const i = idx[r]!;
      xs[r] = Array.from(X.data.subarray(i * p, (i + 1) * p));
      ys[r] = y[i]!;
      m1 += y[i]!;
    }

    const rf = new RandomForestClassifier({
      nEstimators: opts.nEstimators,
      maxFeatures: opts.maxFeatures,
      replacement: false,
      // random-js MT19937 takes a signed 32-bit seed.
      seed: deriveSeed(opts.seed, SEED_STREAM_FOREST) | 0,
      useSampleBagging: true,
      noOOB: true,
      treeOptions: {
        gainFunction: "gini",
        splitFunction: "mean",
        minNumSamples: opts.minNumSamples,
        maxDepth: opts.maxDepth,
        gainThreshold: ML_CART_GAIN_THRESHOLD,
      },
    });
    rf.train(xs, ys);
    const forest = JSON.parse(JSON.stringify(rf.toJSON())) as unknown;
    this.fitted = makeFitted(forest, {
      nFeatures: p,
      nTrainRows: m,
      nTrainPositives: m1,
      sampleRate: m1 / m,
      trueRate: n1 / n,
    }, "RandomForest.fit");
    return this;
  }

  /**
   * Share of trees voting class 1 for each row of `X` (length `X.rows`, values in {0, 1/T, …, 1}), before the
   * prior correction: the forest's score on the balanced-sample scale. Throws if unfitted or `X` is empty,
   * non-finite or has the wrong column count.
   */
  voteShares(X: DenseMatrix): Float64Array {
    const f = this.requireFitted("voteShares");
    checkPredictInput("RandomForest.voteShares", X, f.nFeatures);
    const { data, rows, cols } = X;
    const { roots, feature, threshold, left, right, vote } = f.compiled;
    const nTrees = roots.length;
    const out = new Float64Array(rows);
    for (let i = 0, off = 0; i < rows; i++, off += cols) {
      let ones = 0;
      for (let t = 0; t < nTrees; t++) {
        let node = roots[t]!;
        let fj = feature[node]!;
        while (fj >= 0) {
          node = data[off + fj]! < threshold[node]! ? left[node]! : right[node]!;
          fj = feature[node]!;
        }
        ones += vote[node]!;
      }
      out[i] = ones / nTrees;
    }
    return out;
  }

  /**
   * P(y = 1 | row) for each row of `X`: the {@link voteShares} mapped from the sample base rate π_s to the
   * training base rate π by {@link priorCorrection} (0 and 1 stay 0 and 1). Same preconditions as `voteShares`.
   */
  predictProba(X: DenseMatrix): Float64Array {
    const f = this.requireFitted("predictProba");
    return priorCorrection(this.voteShares(X), { sampleRate: f.sampleRate, trueRate: f.trueRate });
  }

  /**
   * The fitted forest as an ml-random-forest `RandomForestClassifier` (via its `load`), for cross-checks such
   * as comparing its per-tree `predictionValues` with {@link voteShares}. Throws if not fitted.
   */
  toMlRandomForest(): RandomForestClassifier {
    const f = this.requireFitted("toMlRandomForest");
    return RandomForestClassifier.load(JSON.parse(JSON.stringify(f.forest)) as Parameters<typeof RandomForestClassifier.load>[0]);
  }

  /** Plain object with `kind: "RandomForest"`, the options, the correction rates and the package's model JSON (null if unfitted); exact under `JSON.stringify`. */
  toJSON(): RandomForestJSON {
    const o = this.options;
    const f = this.fitted;
    return {
      kind: "RandomForest",
      version: 1,
      options: { ...o },
      state:
        f === undefined
          ? null
          : {
              nFeatures: f.nFeatures,
              nTrainRows: f.nTrainRows,
              nTrainPositives: f.nTrainPositives,
              sampleRate: f.sampleRate,
              trueRate: f.trueRate,
              forest: JSON.parse(JSON.stringify(f.forest)) as unknown,
            },
    };
  }

  /** Rebuilds a model from {@link toJSON} output (or its `JSON.parse`d text); see {@link loadRandomForest}. */
  static load(json: unknown): RandomForest {
    const j = json as Partial<RandomForestJSON> | null;
    if (typeof j !== "object" || j === null) throw new TypeError(`loadRandomForest: expected an object, got ${typeof json}`);
    if (j.kind !== "RandomForest") throw new TypeError(`loadRandomForest: kind must be "RandomForest", got ${JSON.stringify(j.kind)}`);
    if (j.version !== 1) throw new TypeError(`loadRandomForest: unsupported version ${JSON.stringify(j.version)}`);
    const o = j.options;
    if (typeof o !== "object" || o === null) throw new TypeError("loadRandomForest: options missing");
    const model = new RandomForest(o);
    validateOptions(model.options);
    const s = j.state;
    if (s === null || s === undefined) return model;
    const count = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1;
    if (!count(s.nFeatures)) throw new TypeError(`loadRandomForest: state.nFeatures must be an integer >= 1, got ${String(s.nFeatures)}`);
    if (!count(s.nTrainRows)) throw new TypeError(`loadRandomForest: state.nTrainRows must be an integer >= 1, got ${String(s.nTrainRows)}`);
    if (!count(s.nTrainPositives)) {
      throw new TypeError(`loadRandomForest: state.nTrainPositives must be an integer >= 1, got ${String(s.nTrainPositives)}`);
    }
    for (const key of ["sampleRate", "trueRate"] as const) {
      const v = s[key];
      if (typeof v !== "number" || !(v > 0 && v < 1)) throw new TypeError(`loadRandomForest: state.${key} must be in (0, 1), got ${String(v)}`);
    }
    model.fitted = makeFitted(JSON.parse(JSON.stringify(s.forest)) as unknown, {
      nFeatures: s.nFeatures,
      nTrainRows: s.nTrainRows,
      nTrainPositives: s.nTrainPositives,
      sampleRate: s.sampleRate,
      trueRate: s.trueRate,
    }, "loadRandomForest");
    return model;
  }

  private requireFitted(what: string): Fitted {
    if (this.fitted === undefined) throw new Error(`RandomForest.${what}: model is not fitted; call fit() first`);
    return this.fitted;
  }
}

/** Rebuilds a {@link RandomForest} from its `toJSON()` output; predictions are bit-identical. Throws TypeError on a malformed object. */
export function loadRandomForest(json: unknown): RandomForest {
  return RandomForest.load(json);
}

/** Declarative option constraints, checked at fit/load time; each message names the option and quotes its value. */
function validateOptions(o: Readonly<RandomForestOptions>): RandomForestOptions {
  const intAtLeast = (name: keyof RandomForestOptions, min: number): void => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
      throw new RangeError(`RandomForest: option ${name} must be an integer >= ${min}, got ${String(v)}`);
    }
  };
  intAtLeast("nEstimators", 1);
  intAtLeast("maxDepth", 1);
  intAtLeast("minNumSamples", 1);
  intAtLeast("maxTrainRows", 2);
  const mf = o.maxFeatures;
  if (typeof mf !== "number" || !(mf > 0 && mf <= 1)) {
    throw new RangeError(`RandomForest: option maxFeatures must be a fraction in (0, 1], got ${String(mf)}`);
  }
  const r = o.negativesPerPositive;
  if (typeof r !== "number" || !(r > 0) || !Number.isFinite(r)) {
    throw new RangeError(`RandomForest: option negativesPerPositive must be a finite number > 0, got ${String(r)}`);
  }
  const seed = o.seed;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`RandomForest: option seed must be an integer in [0, 2^32), got ${String(seed)}`);
  }
  return o;
}

/** Throws unless the (checked) weights `w` are all equal and > 0: the only weights a forest without weights can honour. */
function checkUniformWeights(w: Float64Array, n: number): void {
  const w0 = w[0]!;
  if (!(w0 > 0) || !Number.isFinite(w0)) throw new RangeError(`RandomForest.fit: sampleWeight[0] = ${w0}; weights must be finite and > 0`);
  for (let i = 1; i < n; i++) {
    if (w[i] !== w0) {
      throw new RangeError(
        `RandomForest.fit: ml-random-forest does not support sample weights; got non-uniform sampleWeight (sampleWeight[0] = ${w0}, sampleWeight[${i}] = ${w[i]}). Pass no weights or equal weights.`,
      );
    }
  }
}

/**
 * Stratified uniform thinning of the sorted sample `idx` to `cap` rows: keeps m₁ = round(cap · n₁ˢ / |idx|)
 * positives (clamped to [1, cap − 1]) and cap − m₁ negatives, each drawn without replacement (partial
 * Fisher–Yates, seeded). Returns the kept row indices sorted ascending.
 */
function stratifiedCap(idx: Uint32Array, y: Uint8Array, cap: number, seed: number): Uint32Array {
  let s1 = 0;
  for (let r = 0; r < idx.length; r++) s1 += y[idx[r]!]!;
  const s0 = idx.length - s1;
  const pos = new Uint32Array(s1);
  const neg = new Uint32Array(s0);
  for (let r = 0, a = 0, b = 0; r < idx.length; r++) {
    const i = idx[r]!;
    if (y[i] === 1) pos[a++] = i;
    else neg[b++] = i;
  }
  const m1 = Math.min(Math.max(Math.round((cap * s1) / idx.length), 1), cap - 1, s1);
  const m0 = Math.min(cap - m1, s0);
  const rng = new Rng(seed);
  partialShuffle(pos, m1, rng);
  partialShuffle(neg, m0, rng);
  const kept = new Uint32Array(m1 + m0);
  kept.set(pos.subarray(0, m1), 0);
  kept.set(neg.subarray(0, m0), m1);
  return kept.sort();
}

/** Moves a uniform random k-subset of `a` (without replacement) into `a[0..k)`, in place. */
function partialShuffle(a: Uint32Array, k: number, rng: Rng): void {
  for (let t = 0; t < k; t++) {
    const u = t + rng.int(a.length - t);
    const tmp = a[t]!;
    a[t] = a[u]!;
    a[u] = tmp;
  }
}

/** Plain-data shapes of ml-random-forest / ml-cart `toJSON()` output, as far as prediction needs them. */
interface MlTreeNodeJSON {
  readonly splitColumn?: number;
  readonly splitValue?: number;
  readonly left?: MlTreeNodeJSON;
  readonly right?: MlTreeNodeJSON;
  readonly distribution?: readonly (readonly number[])[];
}

function makeFitted(
  forest: unknown,
  s: Omit<RandomForestState, "nTrees" | "nNodes">,
  caller: string,
): Fitted {
  const compiled = compileForest(forest, s.nFeatures, caller);
  return { ...s, nTrees: compiled.roots.length, nNodes: compiled.feature.length, forest, compiled };
}

/**
 * Flattens the package's model JSON into {@link CompiledForest}, mapping each tree's local split column
 * through `baseModel.indexes[t]` to the original X column. Mirrors ml-cart's `TreeNode.classify`: a node
 * with both children is internal (left iff x < splitValue), otherwise its `distribution` decides.
 * Throws TypeError on a malformed model.
 */
function compileForest(forest: unknown, nFeatures: number, caller: string): CompiledForest {
  const bad = (what: string): never => {
    throw new TypeError(`${caller}: malformed ml-random-forest model: ${what}`);
  };
  const f = forest as { name?: unknown; baseModel?: { indexes?: unknown; estimators?: unknown } } | null;
  if (typeof f !== "object" || f === null || f.name !== "RFClassifier") bad(`name must be "RFClassifier"`);
  const base = f!.baseModel;
  if (typeof base !== "object" || base === null) bad("baseModel missing");
  const indexes = base!.indexes;
  const estimators = base!.estimators;
  if (!Array.isArray(indexes) || !Array.isArray(estimators) || estimators.length === 0 || indexes.length !== estimators.length) {
    bad("baseModel.indexes and baseModel.estimators must be non-empty arrays of equal length");
  }
  const idxList = indexes as unknown[];
  const estList = estimators as { name?: unknown; root?: MlTreeNodeJSON }[];

  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const vote: number[] = [];
  const roots = new Int32Array(estList.length);
  for (let t = 0; t < estList.length; t++) {
    const cols = idxList[t];
    if (!Array.isArray(cols) || !cols.every((c) => Number.isInteger(c) && c >= 0 && c < nFeatures)) {
      bad(`indexes[${t}] must list column indices in [0, ${nFeatures})`);
    }
    const est = estList[t];
    if (typeof est !== "object" || est === null || est.name !== "DTClassifier" || typeof est.root !== "object" || est.root === null) {
      bad(`estimators[${t}] is not a DTClassifier with a root`);
    }
    // Iterative pre-order walk: allocate the node id, then fill children once their ids exist.
    const alloc = (): number => {
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      vote.push(0);
      return feature.length - 1;
    };
    roots[t] = alloc();
    const stack: { node: MlTreeNodeJSON; id: number }[] = [{ node: est!.root!, id: roots[t]! }];
    while (stack.length > 0) {
      const { node, id } = stack.pop()!;
      if (node.left !== undefined && node.left !== null && node.right !== undefined && node.right !== null) {
        const sc = node.splitColumn;
        const sv = node.splitValue;
        if (typeof sc !== "number" || !Number.isInteger(sc) || sc < 0 || sc >= (cols as number[]).length) bad(`tree ${t}: bad splitColumn ${String(sc)}`);
        if (typeof sv !== "number" || Number.isNaN(sv)) bad(`tree ${t}: bad splitValue ${String(sv)}`);
        feature[id] = (cols as number[])[sc!]!;
        threshold[id] = sv!;
        const l = alloc();
        const r = alloc();
        left[id] = l;
        right[id] = r;
        stack.push({ node: node.right, id: r }, { node: node.left, id: l });
      } else {
        const d = node.distribution;
        if (!Array.isArray(d) || !Array.isArray(d[0]) || d[0].length === 0 || d[0].length > 2) bad(`tree ${t}: leaf without a 1×1 or 1×2 distribution`);
        const row = d![0]!;
        // ml-matrix maxRowIndex: first maximum wins, so a 50/50 leaf votes 0.
        vote[id] = row.length === 2 && row[1]! > row[0]! ? 1 : 0;
      }
    }
  }
  return {
    roots,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    vote: Uint8Array.from(vote),
  };
}
