/**
 * Flat binary decision trees and additive ensembles of them: the fitted form of
 * {@link GradientBoosting}, of models imported from XGBoost, and the input of TreeSHAP. A tree is a
 * set of parallel typed arrays indexed by node id (root = 0), not node objects (as in LightGBM,
 * Ke et al. 2017, and XGBoost, Chen & Guestrin 2016).
 */
import type { DenseMatrix } from "../matrix.js";

/**
 * One regression tree in structure-of-arrays form; every array has one entry per node.
 * Routing rule for a row x at internal node j: NaN goes to `left[j]` if `missingLeft[j]` = 1, else to
 * `right[j]`; any other value goes left when `x[feature[j]] ≤ threshold[j]`, right otherwise.
 */
export interface FlatTree {
  /** Split column per node (0-based design column); −1 marks a leaf. */
  readonly feature: Int32Array;
  /** Raw split value in the column's units (`x ≤ threshold` goes left); 0 at leaves. */
  readonly threshold: Float64Array;
  /**
   * The same split as a bin code of the training {@link BinMapper}: a non-missing code ≤ `thresholdBin`
   * goes left (equivalent to `x ≤ threshold`). 0 at leaves and in trees imported without a bin mapper.
   */
  readonly thresholdBin: Uint8Array;
  /** Left child per node; −1 at leaves. */
  readonly left: Int32Array;
  /** Right child per node; −1 at leaves. */
  readonly right: Int32Array;
  /** 1 if missing values (NaN) go left at this split, 0 if right; 0 at leaves. */
  readonly missingLeft: Uint8Array;
  /** Output added to the margin (log-odds) by a row ending in this leaf, learning rate included; internal nodes hold their would-be leaf value (0 in imported trees). */
  readonly value: Float64Array;
  /**
   * Training cover of the node: the sum of the hessians of the loss over the training rows that reached
   * it (XGBoost's `cover`/`sum_hessian`). Positive. TreeSHAP weighs the two children of a node not on
   * the row's path by cover(child) / cover(node).
   */
  readonly cover: Float64Array;
  /** Loss reduction of the split, ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] (imported trees: XGBoost's `loss_changes`); 0 at leaves. For gain importance. */
  readonly gain: Float64Array;
}

/** An additive model: margin(x) = `baseScore` + Σ_t tree_t(x), in log-odds for a binary logistic model. */
export interface TreeEnsemble {
  /** The trees, in boosting order. */
  readonly trees: readonly FlatTree[];
  /** Constant margin added to every row (the prior log-odds for a logistic model). */
  readonly baseScore: number;
  /** Number of design columns the trees index (rows passed to predictions must have exactly this many). */
  readonly nFeatures: number;
}

/** `JSON.stringify`-able form of a {@link FlatTree}: the same arrays as plain number arrays. */
export interface FlatTreeJSON {
  readonly feature: number[];
  readonly threshold: number[];
  readonly thresholdBin: number[];
  readonly left: number[];
  readonly right: number[];
  readonly missingLeft: number[];
  readonly value: number[];
  readonly cover: number[];
  readonly gain: number[];
}

/** Index of the leaf that row `off … off + p − 1` of `data` (row-major) reaches in `tree` (the routing rule of {@link FlatTree}). */
export function leafIndex(tree: FlatTree, data: Float64Array, off: number): number {
  const { feature, threshold, left, right, missingLeft } = tree;
  let node = 0;
  let f = feature[0]!;
  while (f >= 0) {
    const v = data[off + f]!;
    if (v <= threshold[node]!) node = left[node]!;
    else if (v > threshold[node]!) node = right[node]!;
    else node = missingLeft[node] === 1 ? left[node]! : right[node]!;
    f = feature[node]!;
  }
  return node;
}

/**
 * Margins (log-odds for a logistic ensemble) of every row of `X`: `baseScore` + Σ_t leaf value, summed
 * in tree order, length `X.rows`. NaN entries are missing values; ±∞ are compared like any number.
 * Throws on an empty matrix or a column count other than `ensemble.nFeatures`. O(rows · Σ depth).
 */
export function predictMargin(ensemble: TreeEnsemble, X: DenseMatrix): Float64Array {
  checkDesign(X, ensemble.nFeatures, "predictMargin");
  const { data, rows, cols } = X;
  const out = new Float64Array(rows).fill(ensemble.baseScore);
  for (const tree of ensemble.trees) {
    const value = tree.value;
    for (let i = 0, off = 0; i < rows; i++, off += cols) out[i]! += value[leafIndex(tree, data, off)]!;
  }
  return out;
}

/**
 * Throws unless `X` is a consistent, non-empty matrix with `nFeatures` columns; NaN is allowed (missing),
 * ±∞ is not (message quotes the first offending element). `caller` prefixes the message.
 */
export function checkDesign(X: DenseMatrix, nFeatures: number, caller: string): void {
  const { data, rows, cols } = X;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data.length !== rows * cols) {
    throw new RangeError(`${caller}: inconsistent matrix shape rows=${rows}, cols=${cols}, data.length=${data.length}`);
  }
  if (rows === 0 || cols === 0) throw new RangeError(`${caller}: X is empty (rows=${rows}, cols=${cols})`);
  if (cols !== nFeatures) throw new RangeError(`${caller}: X has ${cols} columns, the model has ${nFeatures}`);
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
      const i = Math.floor(k / cols);
      throw new RangeError(`${caller}: X[${i}, ${k - i * cols}] = ${v}; values must be finite or NaN (missing)`);
    }
  }
}

/**
 * Expected margin contribution of one tree under its own training distribution, E = E(root) with
 * E(leaf) = value and E(j) = (cover(l)·E(l) + cover(r)·E(r)) / cover(j): the φ₀ of TreeSHAP.
 * With additive covers this is Σ_leaves value · cover / cover(root). O(nodes).
 */
export function treeExpectedValue(tree: FlatTree): number {
  const { feature, left, right, cover, value } = tree;
  const memo = new Float64Array(feature.length);
  // Children have larger ids than their parent in trees we build, but not necessarily in imported
  // ones: evaluate in reverse depth-first order instead of by id.
  const order = preorder(tree);
  for (let k = order.length - 1; k >= 0; k--) {
    const j = order[k]!;
    if (feature[j]! < 0) memo[j] = value[j]!;
    else {
      const l = left[j]!;
      const r = right[j]!;
      memo[j] = (cover[l]! * memo[l]! + cover[r]! * memo[r]!) / cover[j]!;
    }
  }
  return memo[0]!;
}

/** Node ids of `tree` in depth-first pre-order (root first, left subtree before right). */
export function preorder(tree: FlatTree): Int32Array {
  const { feature, left, right } = tree;
  const out = new Int32Array(feature.length);
  const stack = new Int32Array(feature.length);
  let top = 0;
  let k = 0;
  stack[top++] = 0;
  while (top > 0) {
    const j = stack[--top]!;
    out[k++] = j;
    if (feature[j]! >= 0) {
      stack[top++] = right[j]!;
      stack[top++] = left[j]!;
    }
  }
  return out;
}

/** Depth of `tree` in edges (a lone leaf has depth 0). */
export function treeDepth(tree: FlatTree): number {
  const { feature, left, right } = tree;
  const depth = new Int32Array(feature.length);
  let max = 0;
  for (const j of preorder(tree)) {
    if (feature[j]! >= 0) {
      depth[left[j]!] = depth[right[j]!] = depth[j]! + 1;
      if (depth[j]! + 1 > max) max = depth[j]! + 1;
    }
  }
  return max;
}

/**
 * Throws TypeError unless `tree` is a well-formed {@link FlatTree} over `nFeatures` columns: equal array
 * lengths, every node reached exactly once from the root, features in [0, nFeatures) at internal nodes,
 * finite thresholds, values and gains, and positive finite covers. `what` prefixes the message.
 */
export function assertValidTree(tree: FlatTree, nFeatures: number, what: string): void {
  const n = tree.feature.length;
  if (n === 0) throw new TypeError(`${what}: tree has no nodes`);
  for (const key of ["threshold", "thresholdBin", "left", "right", "missingLeft", "value", "cover", "gain"] as const) {
    if (tree[key].length !== n) throw new TypeError(`${what}: ${key} has ${tree[key].length} entries, feature has ${n}`);
  }
  const seen = new Uint8Array(n);
  const stack = [0];
  let reached = 0;
  while (stack.length > 0) {
    const j = stack.pop()!;
    if (seen[j] === 1) throw new TypeError(`${what}: node ${j} is reached twice (not a tree)`);
    seen[j] = 1;
    reached++;
    const f = tree.feature[j]!;
    if (!(tree.cover[j]! > 0) || !Number.isFinite(tree.cover[j]!)) throw new TypeError(`${what}: node ${j} has cover ${tree.cover[j]}; covers must be finite and > 0`);
    if (!Number.isFinite(tree.value[j]!)) throw new TypeError(`${what}: node ${j} has value ${tree.value[j]}`);
    if (f < 0) continue;
    if (f >= nFeatures) throw new TypeError(`${what}: node ${j} splits on feature ${f}, the model has ${nFeatures}`);
    if (!Number.isFinite(tree.threshold[j]!)) throw new TypeError(`${what}: node ${j} has threshold ${tree.threshold[j]}`);
    if (!Number.isFinite(tree.gain[j]!)) throw new TypeError(`${what}: node ${j} has gain ${tree.gain[j]}`);
    for (const c of [tree.left[j]!, tree.right[j]!]) {
      if (!(c > 0 && c < n)) throw new TypeError(`${what}: node ${j} has child ${c}, outside 1…${n - 1}`);
      stack.push(c);
    }
  }
  if (reached !== n) throw new TypeError(`${what}: ${n - reached} of ${n} nodes are not reachable from the root`);
}

/** Plain-array copy of `tree` for `JSON.stringify` (exact: doubles print round-trip). */
export function treeToJSON(tree: FlatTree): FlatTreeJSON {
  return {
    feature: Array.from(tree.feature),
    threshold: Array.from(tree.threshold),
    thresholdBin: Array.from(tree.thresholdBin),
    left: Array.from(tree.left),
    right: Array.from(tree.right),
    missingLeft: Array.from(tree.missingLeft),
    value: Array.from(tree.value),
    cover: Array.from(tree.cover),
    gain: Array.from(tree.gain),
  };
}

/** Rebuilds a {@link FlatTree} from {@link treeToJSON} output and checks it with {@link assertValidTree}; throws TypeError on a malformed object. */
export function treeFromJSON(json: unknown, nFeatures: number, what: string): FlatTree {
  if (typeof json !== "object" || json === null) throw new TypeError(`${what}: expected a tree object, got ${JSON.stringify(json)}`);
  const o = json as Record<string, unknown>;
  const nums = (key: string): number[] => {
    const a = o[key];
    if (!Array.isArray(a) || !a.every((v) => typeof v === "number")) throw new TypeError(`${what}: ${key} must be an array of numbers`);
    return a as number[];
  };
  const tree: FlatTree = {
    feature: Int32Array.from(nums("feature")),
    threshold: Float64Array.from(nums("threshold")),
    thresholdBin: Uint8Array.from(nums("thresholdBin")),
    left: Int32Array.from(nums("left")),
    right: Int32Array.from(nums("right")),
    missingLeft: Uint8Array.from(nums("missingLeft")),
    value: Float64Array.from(nums("value")),
    cover: Float64Array.from(nums("cover")),
    gain: Float64Array.from(nums("gain")),
  };
  assertValidTree(tree, nFeatures, what);
  return tree;
}
