/**
 * Shared helpers of the gradient-boosting and TreeSHAP tests: literal flat trees, seeded random
 * trees, and the brute-force Shapley values that TreeSHAP must reproduce.
 */
import type { FlatTree, TreeEnsemble } from "../../src/models/gbm/tree.js";
import type { DenseMatrix } from "../../src/models/matrix.js";
import { Rng } from "../../src/util/rng.js";

/** A node of a literal tree: a leaf `{ value, cover }` or a split with two children. */
export type LiteralNode =
  | { readonly value: number; readonly cover: number }
  | { readonly feature: number; readonly threshold: number; readonly missingLeft?: boolean; readonly cover: number; readonly left: LiteralNode; readonly right: LiteralNode };

/** Flattens a literal tree in pre-order (root = 0). */
export function flatTree(root: LiteralNode): FlatTree {
  const nodes: LiteralNode[] = [];
  const index = new Map<LiteralNode, number>();
  const visit = (n: LiteralNode): void => {
    index.set(n, nodes.length);
    nodes.push(n);
    if ("feature" in n) {
      visit(n.left);
      visit(n.right);
    }
  };
  visit(root);
  const k = nodes.length;
  const t = {
    feature: new Int32Array(k), threshold: new Float64Array(k), thresholdBin: new Uint8Array(k), left: new Int32Array(k),
    right: new Int32Array(k), missingLeft: new Uint8Array(k), value: new Float64Array(k), cover: new Float64Array(k), gain: new Float64Array(k),
  };
  nodes.forEach((n, j) => {
    t.cover[j] = n.cover;
    if ("feature" in n) {
      t.feature[j] = n.feature;
      t.threshold[j] = n.threshold;
      t.left[j] = index.get(n.left)!;
      t.right[j] = index.get(n.right)!;
      t.missingLeft[j] = n.missingLeft === true ? 1 : 0;
    } else {
      t.feature[j] = -1;
      t.left[j] = -1;
      t.right[j] = -1;
      t.value[j] = n.value;
    }
  });
  return t;
}

/**
 * A seeded random tree over features 0 … nFeatures − 1 (features may repeat along a path), splitting
 * with probability `splitProb` down to `maxDepth`; thresholds in (−1, 1), random missing directions,
 * leaf values in (−1, 1). Covers are additive (parent = left + right) unless `additiveCover` is false,
 * in which case every cover is independently perturbed (as float32 hessian sums are).
 */
export function randomTree(rng: Rng, nFeatures: number, maxDepth: number, splitProb = 0.8, additiveCover = true): FlatTree {
  const build = (depth: number, cover: number): LiteralNode => {
    const c = additiveCover ? cover : cover * (0.9 + 0.2 * rng.uniform());
    if (depth >= maxDepth || (depth > 0 && !rng.bernoulli(splitProb))) return { value: 2 * rng.uniform() - 1, cover: c };
    const share = 0.05 + 0.9 * rng.uniform();
    return {
      feature: rng.int(nFeatures), threshold: 2 * rng.uniform() - 1, missingLeft: rng.bernoulli(0.5), cover: c,
      left: build(depth + 1, cover * share), right: build(depth + 1, cover * (1 - share)),
    };
  };
  return flatTree(build(0, 50 + 100 * rng.uniform()));
}

/** `rows × cols` uniform(−1.2, 1.2) values with a fraction `nanRate` of NaN, seeded. */
export function randomRows(rng: Rng, rows: number, cols: number, nanRate = 0.1): DenseMatrix {
  const data = new Float64Array(rows * cols);
  for (let k = 0; k < data.length; k++) data[k] = rng.uniform() < nanRate ? Number.NaN : 2.4 * rng.uniform() - 1.2;
  return { data, rows, cols };
}

/** Builds a DenseMatrix from rows where `null` stands for a missing value (NaN), as the JSON fixtures store them. */
export function matrixWithNulls(rows: readonly (readonly (number | null)[])[], map: (v: number) => number = (v) => v): DenseMatrix {
  const cols = rows[0]!.length;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => r.forEach((v, j) => (data[i * cols + j] = v === null ? Number.NaN : map(v))));
  return { data, rows: rows.length, cols };
}

/**
 * Path-dependent E[tree(x) | x_S] (Lundberg et al. 2020): follow x at splits on features in S (NaN by
 * the missing direction), otherwise average both children weighted by cover(child) / cover(node).
 */
export function conditionalExpectation(tree: FlatTree, x: ArrayLike<number>, inS: readonly boolean[]): number {
  const rec = (j: number): number => {
    const f = tree.feature[j]!;
    if (f < 0) return tree.value[j]!;
    const l = tree.left[j]!;
    const r = tree.right[j]!;
    if (inS[f]) {
      const v = x[f]!;
      const goLeft = Number.isNaN(v) ? tree.missingLeft[j] === 1 : v <= tree.threshold[j]!;
      return rec(goLeft ? l : r);
    }
    return (tree.cover[l]! * rec(l) + tree.cover[r]! * rec(r)) / tree.cover[j]!;
  };
  return rec(0);
}

/**
 * Exact Shapley values of row `x` for the ensemble's margin by enumerating all subsets S of the M
 * features: φ_j = Σ_{S ⊆ M∖{j}} |S|!(M−|S|−1)!/M! · (v(S ∪ {j}) − v(S)), v = baseScore + Σ_t E[tree_t | x_S].
 * O(M · 2^M · nodes); meant for M ≤ 14.
 */
export function bruteForceShap(ensemble: TreeEnsemble, x: ArrayLike<number>): Float64Array {
  const M = ensemble.nFeatures;
  const fact = [1];
  for (let k = 1; k <= M; k++) fact.push(fact[k - 1]! * k);
  const value = new Float64Array(1 << M);
  for (let mask = 0; mask < 1 << M; mask++) {
    const inS = Array.from({ length: M }, (_, f) => ((mask >> f) & 1) === 1);
    let v = ensemble.baseScore;
    for (const tree of ensemble.trees) v += conditionalExpectation(tree, x, inS);
    value[mask] = v;
  }
  const phi = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    for (let mask = 0; mask < 1 << M; mask++) {
      if (((mask >> j) & 1) === 1) continue;
      let size = 0;
      for (let m = mask; m !== 0; m &= m - 1) size++;
      phi[j]! += ((fact[size]! * fact[M - size - 1]!) / fact[M]!) * (value[mask | (1 << j)]! - value[mask]!);
    }
  }
  return phi;
}
