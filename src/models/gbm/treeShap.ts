/**
 * Exact SHAP values of tree ensembles in margin (log-odds) space under the path-dependent value
 * function of TreeSHAP (Lundberg, Erion et al. 2020, "From local explanations to global understanding
 * with explainable AI for trees", Nature Machine Intelligence 2(1), Algorithm 2; first in Lundberg,
 * Erion & Lee 2018, "Consistent individualized feature attribution for tree ensembles", arXiv:1802.03888):
 * E[f(x) | x_S] follows x at splits on features in S and otherwise averages both children weighted by
 * their training cover (hessian sum).
 * φ_j(x) = Σ_{S ⊆ M∖{j}} |S|!(M − |S| − 1)!/M! · (E[f | x_{S∪{j}}] − E[f | x_S]), and by efficiency
 * φ₀ + Σ_j φ_j(x) = f(x) with φ₀ = E[f] (additivity).
 *
 * How it is computed (same values as Algorithm 2, fewer operations). The value function is a sum over
 * leaves ℓ of v_ℓ · Π_{j ∈ U_ℓ} (o_j if j ∈ S else z_j), where U_ℓ are the distinct features split on
 * along the root-to-ℓ path, z_j the product of cover fractions cover(child)/cover(parent) over the
 * path's splits on j, and o_j ∈ {0, 1} whether x takes the path's side at all of them. Shapley values
 * are linear in the game, and for one such product game they are, by Owen's multilinear extension
 * (Owen 1972, "Multilinear extensions of games", Management Science 18(5); the Shapley value is
 * ∫₀¹ ∂_j g(t, …, t) dt):
 *   φ_j = v · (o_j − z_j) · ∫₀¹ Π_{i ∈ U∖{j}} (t·o_i + (1 − t)·z_i) dt,
 * a polynomial integrand of degree |U| − 1, integrated exactly by Gauss–Legendre quadrature with
 * ⌈|U|/2⌉ nodes (the idea of Yu, Bang & Lai 2022, "Linear TreeShap", NeurIPS). Features with o_j = 0
 * all receive the same credit −v·∫ P(t)/(1 − t) dt with P(t) = Π_{i ∈ U} (t·o_i + (1 − t)·z_i).
 * All terms of the quadrature are positive, so there is no cancellation.
 */
import type { DenseMatrix } from "../matrix.js";
import { checkDesign, treeDepth, treeExpectedValue, type FlatTree, type TreeEnsemble } from "./tree.js";

/** SHAP values of a set of rows: one contribution per row and design column, plus the common base value. */
export interface TreeShapResult {
  /** φ as a `rows × nFeatures` row-major matrix: φ[i, j] is column j's contribution to row i's margin (log-odds). */
  readonly values: DenseMatrix;
  /** φ₀ = baseScore + Σ_t E[tree_t] under the cover distribution; the same for every row. expectedValue + Σ_j φ[i, j] = margin(xᵢ). */
  readonly expectedValue: number;
}

/**
 * TreeSHAP values of every row of `X` (`n × nFeatures`, NaN = missing, routed like predictions) for
 * `ensemble`, in margin space. Tree by tree, each row is walked depth-first once, carrying which of the
 * path's distinct features x follows (o); each leaf credits its path features by the quadrature above,
 * memoised per tree and leaf for each o-pattern that occurs (rows share patterns).
 *
 * Cost O(n · Σ_t N_t) for N_t nodes, plus O(d) per leaf visit for d distinct path features, plus
 * O(d²) per distinct (leaf, pattern) — Algorithm 2 costs O(n · Σ_t L_t · D²) for L_t leaves of depth
 * ≤ D. Memory per tree O(Σ_leaves 2^min(d, 12)) plus the memo; nothing is allocated per row.
 * Covers must be positive (as `assertValidTree` checks). Throws on empty `X` or a column-count mismatch.
 */
export function treeShap(ensemble: TreeEnsemble, X: DenseMatrix): TreeShapResult {
  checkDesign(X, ensemble.nFeatures, "treeShap");
  const { data, rows, cols } = X;
  const out = new Float64Array(rows * cols);
  const summary = ensembleSummary(ensemble);
  const walker = new LeafGameWalker(summary.maxDepth);
  for (const tree of ensemble.trees) {
    walker.setTree(tree, rows);
    walker.explainRows(data, out, rows, cols);
  }
  return { values: { data: out, rows, cols }, expectedValue: summary.expectedValue };
}

/** Per ensemble (and its tree list): the deepest tree and φ₀, cached because a served model explains one row at a time and both walk every tree. */
const SUMMARIES = new WeakMap<TreeEnsemble, { readonly trees: readonly FlatTree[]; readonly maxDepth: number; readonly expectedValue: number }>();

function ensembleSummary(ensemble: TreeEnsemble): { readonly maxDepth: number; readonly expectedValue: number } {
  const hit = SUMMARIES.get(ensemble);
  if (hit && hit.trees === ensemble.trees && hit.trees.length === ensemble.trees.length) return hit;
  let maxDepth = 0;
  for (const tree of ensemble.trees) maxDepth = Math.max(maxDepth, treeDepth(tree));
  const summary = { trees: ensemble.trees, maxDepth, expectedValue: ensembleExpectedValue(ensemble) };
  SUMMARIES.set(ensemble, summary);
  return summary;
}

/** φ₀ of {@link treeShap}: `baseScore` + Σ_t {@link treeExpectedValue}(tree_t), the cover-weighted mean margin. */
export function ensembleExpectedValue(ensemble: TreeEnsemble): number {
  let e = ensemble.baseScore;
  for (const tree of ensemble.trees) e += treeExpectedValue(tree);
  return e;
}

/**
 * Sums SHAP columns that belong to one original feature (e.g. the one-hot columns of a categorical):
 * `columnToFeature[j]` is the original-feature index (0 … nFeatures − 1) of design column j. This is
 * the usual report of a one-hot group (the sum of its members' Shapley values; not the Shapley value of
 * the group as a single player, which can differ when members interact) and keeps expectedValue + Σ = margin.
 * Returns a new `rows × nFeatures` matrix (`nFeatures` defaults to max(columnToFeature) + 1).
 * Throws on a map of the wrong length, indices outside [0, nFeatures), or no rows.
 */
export function sumShapByFeature(values: DenseMatrix, columnToFeature: ArrayLike<number>, nFeatures?: number): DenseMatrix {
  const { data, rows, cols } = values;
  if (rows === 0) throw new RangeError("sumShapByFeature: values has no rows");
  if (columnToFeature.length !== cols) throw new RangeError(`sumShapByFeature: columnToFeature has ${columnToFeature.length} entries, values has ${cols} columns`);
  let k = nFeatures ?? 0;
  if (nFeatures === undefined) for (let j = 0; j < cols; j++) k = Math.max(k, columnToFeature[j]! + 1);
  for (let j = 0; j < cols; j++) {
    const f = columnToFeature[j]!;
    if (!Number.isInteger(f) || f < 0 || f >= k) throw new RangeError(`sumShapByFeature: columnToFeature[${j}] = ${f} is not an integer in [0, ${k})`);
  }
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * k + columnToFeature[j]!]! += data[i * cols + j]!;
  }
  return { data: out, rows, cols: k };
}

/**
 * Global importance: mean over rows of |φ[i, j]| per column (in log-odds), length `values.cols`
 * (Lundberg et al. 2020, "SHAP feature importance"). Throws on a matrix with no rows.
 */
export function meanAbsShap(values: DenseMatrix): Float64Array {
  const { data, rows, cols } = values;
  if (rows === 0) throw new RangeError("meanAbsShap: values has no rows");
  const out = new Float64Array(cols);
  for (let i = 0, off = 0; i < rows; i++, off += cols) for (let j = 0; j < cols; j++) out[j]! += Math.abs(data[off + j]!);
  for (let j = 0; j < cols; j++) out[j]! /= rows;
  return out;
}

/**
 * Gauss–Legendre nodes and weights on [0, 1] for k = 1 … maxNodes points, in one array each:
 * the k-point rule occupies entries k(k − 1)/2 … k(k + 1)/2 − 1. Nodes are the roots of the Legendre
 * polynomial P_k (Newton's method from the Chebyshev-like guess cos(π(i + 3/4)/(k + 1/2)); P_k by the
 * three-term recurrence), weights 2/((1 − x²) P_k′(x)²), both mapped from [−1, 1] to [0, 1].
 * Exact for polynomials of degree ≤ 2k − 1.
 */
export function gaussLegendre01(maxNodes: number): { nodes: Float64Array; weights: Float64Array } {
  const size = (maxNodes * (maxNodes + 1)) / 2;
  const nodes = new Float64Array(size);
  const weights = new Float64Array(size);
  for (let k = 1; k <= maxNodes; k++) {
    const base = (k * (k - 1)) / 2;
    for (let i = 0; i < k; i++) {
      let x = Math.cos((Math.PI * (i + 0.75)) / (k + 0.5));
      for (let iter = 0; iter < 100; iter++) {
        const dx = legendre(k, x) / legendreDerivative(k, x);
        x -= dx;
        if (Math.abs(dx) <= 1e-16) break;
      }
      const dp = legendreDerivative(k, x);
      nodes[base + i] = (1 - x) / 2;
      weights[base + i] = 1 / ((1 - x * x) * dp * dp);
    }
  }
  return { nodes, weights };
}

/** P_k(x) by the recurrence (m + 1)P_{m+1} = (2m + 1)xP_m − mP_{m−1}, P₀ = 1, P₁ = x. */
function legendre(k: number, x: number): number {
  let p0 = 1;
  let p1 = x;
  for (let m = 1; m < k; m++) {
    const p2 = ((2 * m + 1) * x * p1 - m * p0) / (m + 1);
    p0 = p1;
    p1 = p2;
  }
  return k === 0 ? 1 : p1;
}

/** P_k′(x) = k(xP_k − P_{k−1})/(x² − 1) for |x| < 1. */
function legendreDerivative(k: number, x: number): number {
  return (k * (x * legendre(k, x) - legendre(k - 1, x))) / (x * x - 1);
}

/** The static path data of one tree (see {@link LeafGameWalker}); a pure function of the tree, so it is computed once per tree and cached. */
interface PreparedTree {
  readonly slotOfNode: Int32Array;
  readonly repeat: Uint8Array;
  readonly leafOf: Int32Array;
  readonly leafSlots: Int32Array;
  readonly leafSlotStart: Int32Array;
  /** Per leaf: start of its pattern index (2^d entries) in a memo index of `indexSize` entries, or −1. */
  readonly indexStart: Int32Array;
  readonly indexSize: number;
  /** All −1: the index starts of a walk without memos. */
  readonly noMemo: Int32Array;
  readonly pathStart: Int32Array;
  readonly pathNode: Int32Array;
  readonly pathChild: Int32Array;
  readonly slotFeature: Int32Array;
  readonly slotZ: Float64Array;
}

/** Prepared trees by identity: a served model explains one row at a time, and preparing its trees each time cost more than the walk. */
const PREPARED = new WeakMap<FlatTree, PreparedTree>();

/** Below this many rows a walk credits leaves without memos: filling a 2^d pattern index per leaf costs more than it saves (the credits are identical either way). */
const MEMO_MIN_ROWS = 32;

/** {@link PreparedTree} of `tree`: one pre-order pass with a path stack, cached per tree. */
function prepareTree(tree: FlatTree): PreparedTree {
  const cached = PREPARED.get(tree);
  if (cached) return cached;
  const { feature, left, right, cover } = tree;
  const n = feature.length;
  let nLeaves = 0;
  for (let j = 0; j < n; j++) if (feature[j]! < 0) nLeaves++;
  const p = {
    slotOfNode: new Int32Array(n),
    repeat: new Uint8Array(n),
    leafOf: new Int32Array(n).fill(-1),
    leafSlots: new Int32Array(nLeaves),
    leafSlotStart: new Int32Array(nLeaves),
    indexStart: new Int32Array(nLeaves).fill(-1),
  };
  const leafFeatures: number[] = [];
  const leafZ: number[] = [];
  const pathNodes: number[] = [];
  const pathChildren: number[] = [];
  const leafPathStart: number[] = [];
  const nodeStack: number[] = [];
  const childStack: number[] = [];
  // Path state: distinct features in slot order with their fractions, restored on the way back.
  const pathFeature: number[] = [];
  const pathZ: number[] = [];
  let leaf = 0;
  let indexSize = 0;
  const visit = (j: number): void => {
    const f = feature[j]!;
    if (f < 0) {
      const d = pathFeature.length;
      p.leafOf[j] = leaf;
      p.leafSlots[leaf] = d;
      p.leafSlotStart[leaf] = leafFeatures.length;
      leafPathStart.push(pathNodes.length);
      for (let q = 0; q < nodeStack.length; q++) {
        pathNodes.push(nodeStack[q]!);
        pathChildren.push(childStack[q]!);
      }
      for (let k = 0; k < d; k++) {
        leafFeatures.push(pathFeature[k]!);
        leafZ.push(pathZ[k]!);
      }
      if (d <= TABLE_MAX_FEATURES) {
        p.indexStart[leaf] = indexSize;
        indexSize += 1 << d;
      }
      leaf++;
      return;
    }
    let k = pathFeature.indexOf(f);
    const isNew = k < 0;
    if (isNew) {
      k = pathFeature.length;
      pathFeature.push(f);
      pathZ.push(1);
    }
    p.slotOfNode[j] = k;
    p.repeat[j] = isNew ? 0 : 1;
    const z0 = pathZ[k]!;
    nodeStack.push(j);
    childStack.push(-1);
    for (const child of [left[j]!, right[j]!]) {
      pathZ[k] = (z0 * cover[child]!) / cover[j]!;
      childStack[childStack.length - 1] = child;
      visit(child);
    }
    nodeStack.pop();
    childStack.pop();
    pathZ[k] = z0;
    if (isNew) {
      pathFeature.pop();
      pathZ.pop();
    }
  };
  visit(0);
  leafPathStart.push(pathNodes.length);
  const prepared: PreparedTree = {
    ...p,
    indexSize,
    noMemo: new Int32Array(nLeaves).fill(-1),
    pathStart: Int32Array.from(leafPathStart),
    pathNode: Int32Array.from(pathNodes),
    pathChild: Int32Array.from(pathChildren),
    slotFeature: Int32Array.from(leafFeatures),
    slotZ: Float64Array.from(leafZ),
  };
  PREPARED.set(tree, prepared);
  return prepared;
}


/** Leaves whose path has at most this many distinct features memoise their credits per hot/cold pattern (a 2^d index). */
const TABLE_MAX_FEATURES = 12;

/**
 * Depth-first walk of one tree for one row, over static path data prepared once per tree.
 * For every leaf the distinct features of its path are numbered in order of first appearance
 * ("slots"), with their cover fractions z fixed by the tree; a row only decides which slots are hot
 * (o = 1). The walk carries that hot pattern (bit k = slot k) and each leaf turns it into credits.
 * Leaves with ≤ {@link TABLE_MAX_FEATURES} slots memoise the credits per pattern, so a pattern's
 * quadrature runs once per tree however many rows share it (the memoisation of Yang 2021, "Fast
 * TreeSHAP: Accelerating SHAP value computation for trees", arXiv:2109.09847, computed lazily).
 */
class LeafGameWalker {
  private tree!: FlatTree;
  /** Per internal node: the slot of its feature on the path to it, and 1 if the feature already appeared above. */
  private slotOfNode = new Int32Array(0);
  private repeat = new Uint8Array(0);
  /** Per node: its leaf number, or −1 for internal nodes. */
  private leafOf = new Int32Array(0);
  /** Per leaf: number of slots d, and where its slot features / fractions start in `slotFeature` / `slotZ`. */
  private leafSlots = new Int32Array(0);
  private leafSlotStart = new Int32Array(0);
  private slotFeature = new Int32Array(0);
  private slotZ = new Float64Array(0);
  /**
   * Per leaf: start of its pattern index in `memoAt` (2^d entries; −1 if d > TABLE_MAX_FEATURES).
   * `memoAt[start + pattern]` is where that pattern's d credits begin in `memo`, or −1 before first use;
   * `memo` grows by appending, so it holds only the patterns rows actually produce (cache-friendly).
   */
  private indexStart = new Int32Array(0);
  private memoAt = new Int32Array(0);
  private memo = new Float64Array(1024);
  private memoLength = 0;
  /** Per leaf p: its path's internal nodes `pathNode[pathStart[p] … pathStart[p + 1])` and the child taken at each. */
  private pathStart = new Int32Array(0);
  private pathNode = new Int32Array(0);
  private pathChild = new Int32Array(0);
  /** Depth-first stack of (node, hot pattern). */
  private stackNode = new Int32Array(0);
  private stackPattern = new Int32Array(0);
  /** Scratch: hot flags of the leaf being credited, its credits, hot fractions, quadrature terms. */
  private readonly hotScratch: Uint8Array;
  private readonly credits: Float64Array;
  private readonly hotZ: Float64Array;
  private readonly gq: Float64Array;
  private readonly nodes: Float64Array;
  private readonly weights: Float64Array;
  /** coldPower[(rule entry) · powStride + c] = (1 − t)^c for every quadrature node t and c ≤ depth. */
  private readonly coldPower: Float64Array;
  private readonly powStride: number;

  constructor(maxDepth: number) {
    const D = Math.max(1, maxDepth);
    this.hotScratch = new Uint8Array(D);
    this.credits = new Float64Array(D);
    this.hotZ = new Float64Array(D);
    const maxNodes = Math.ceil(D / 2);
    this.gq = new Float64Array(maxNodes);
    const rule = gaussLegendre01(maxNodes);
    this.nodes = rule.nodes;
    this.weights = rule.weights;
    this.powStride = D + 1;
    this.coldPower = new Float64Array(rule.nodes.length * this.powStride);
    for (let e = 0; e < rule.nodes.length; e++) {
      let v = 1;
      for (let c = 0; c <= D; c++, v *= 1 - rule.nodes[e]!) this.coldPower[e * this.powStride + c] = v;
    }
  }

  /** Selects `tree`: its prepared path data (cached per tree) and, for a walk of `rows` ≥ {@link MEMO_MIN_ROWS} rows, empty memos. */
  setTree(tree: FlatTree, rows: number): void {
    this.tree = tree;
    const p = prepareTree(tree);
    this.slotOfNode = p.slotOfNode;
    this.repeat = p.repeat;
    this.leafOf = p.leafOf;
    this.leafSlots = p.leafSlots;
    this.leafSlotStart = p.leafSlotStart;
    this.pathStart = p.pathStart;
    this.pathNode = p.pathNode;
    this.pathChild = p.pathChild;
    this.slotFeature = p.slotFeature;
    this.slotZ = p.slotZ;
    const memoize = rows >= MEMO_MIN_ROWS;
    this.indexStart = memoize ? p.indexStart : p.noMemo;
    this.memoAt = memoize ? new Int32Array(p.indexSize).fill(-1) : this.memoAt;
    this.memoLength = 0;
    const n = tree.feature.length;
    if (this.stackNode.length < n) {
      this.stackNode = new Int32Array(n);
      this.stackPattern = new Int32Array(n);
    }
  }

  /**
   * Adds the current tree's SHAP values of rows `x[off …]` (row-major, `cols` values each, `rows` rows)
   * to `phi` at the same offsets. Per row an iterative depth-first walk carries the hot pattern
   * (bit k = slot k hot): the child x takes sets the node's slot hot (or keeps it, for a repeated
   * feature), the other child clears it (o is the AND over the feature's splits on the path).
   * O(nodes) per row plus O(d) per leaf once its pattern's credits are known.
   */
  explainRows(x: Float64Array, phi: Float64Array, rows: number, cols: number): void {
    const { feature, threshold, left, right, missingLeft, value } = this.tree;
    const { slotOfNode, repeat, leafOf, leafSlots, leafSlotStart, slotFeature, indexStart, memoAt } = this;
    const stackNode = this.stackNode;
    const stackPattern = this.stackPattern;
    for (let off = 0, r = 0; r < rows; r++, off += cols) {
      let sp = 0;
      let node = 0;
      let pattern = 0;
      for (;;) {
        const f = feature[node]!;
        if (f >= 0) {
          const v = x[off + f]!;
          const t = threshold[node]!;
          const goLeft = v <= t ? true : v > t ? false : missingLeft[node] === 1;
          const k = slotOfNode[node]!;
          const bit = k < 31 ? 1 << k : 0;
          let hotPattern = pattern | bit;
          let coldPattern = pattern;
          if (repeat[node] === 1) {
            hotPattern = pattern;
            coldPattern = pattern & ~bit;
          }
          stackNode[sp] = goLeft ? right[node]! : left[node]!;
          stackPattern[sp++] = coldPattern;
          node = goLeft ? left[node]! : right[node]!;
          pattern = hotPattern;
          continue;
        }
        const leaf = leafOf[node]!;
        const d = leafSlots[leaf]!;
        if (d > 0) {
          const s0 = leafSlotStart[leaf]!;
          const is = indexStart[leaf]!;
          let credits: Float64Array;
          let at: number;
          if (is >= 0) {
            at = memoAt[is + pattern]!;
            if (at < 0) {
              at = this.memoLength;
              if (at + d > this.memo.length) {
                const grown = new Float64Array(2 * (at + d));
                grown.set(this.memo.subarray(0, at));
                this.memo = grown;
              }
              this.hotFlagsFromPattern(pattern, d);
              this.leafCredits(s0, d, value[node]!, this.memo, at);
              memoAt[is + pattern] = at;
              this.memoLength = at + d;
            }
            credits = this.memo;
          } else {
            this.hotFlagsFromPath(leaf, x, off, d);
            this.leafCredits(s0, d, value[node]!, this.credits, 0);
            credits = this.credits;
            at = 0;
          }
          for (let k = 0; k < d; k++) phi[off + slotFeature[s0 + k]!]! += credits[at + k]!;
        }
        if (sp === 0) break;
        node = stackNode[--sp]!;
        pattern = stackPattern[sp]!;
      }
    }
  }

  /** Hot flags of slots 0 … d − 1 from pattern bits (d ≤ 31). */
  private hotFlagsFromPattern(pattern: number, d: number): void {
    for (let k = 0; k < d; k++) this.hotScratch[k] = (pattern >>> k) & 1;
  }

  /** Hot flags of a leaf's slots recomputed along its path (for leaves without a memo, any depth). */
  private hotFlagsFromPath(leaf: number, x: Float64Array, off: number, d: number): void {
    const { feature, threshold, missingLeft, left } = this.tree;
    const hot = this.hotScratch;
    hot.fill(1, 0, d);
    for (let p = this.pathStart[leaf]!, e = this.pathStart[leaf + 1]!; p < e; p++) {
      const j = this.pathNode[p]!;
      const v = x[off + feature[j]!]!;
      const t = threshold[j]!;
      const goLeft = v <= t ? true : v > t ? false : missingLeft[j] === 1;
      if (goLeft !== (this.pathChild[p] === left[j])) hot[this.slotOfNode[j]!] = 0;
    }
  }

  /**
   * Writes the credits of the d slots of a leaf of value `value` (fractions at `slotZ[s0 …]`, hot flags
   * in `hotScratch`) to `out[at …]`: with P(t) = Π_k (t·o_k + (1 − t)·z_k), cold slots (o = 0) get
   * −value·∫P/(1 − t), hot ones value·(1 − z_k)·∫P/(t + (1 − t)z_k) (both integrands are polynomials
   * of degree d − 1), by the ⌈d/2⌉-point Gauss–Legendre rule. O(d·⌈d/2⌉).
   */
  private leafCredits(s0: number, d: number, value: number, out: Float64Array, at: number): void {
    const { slotZ, hotScratch, hotZ, gq, nodes, weights } = this;
    let zCold = 1;
    let nCold = 0;
    let h = 0;
    for (let k = 0; k < d; k++) {
      if (hotScratch[k] === 1) hotZ[h++] = slotZ[s0 + k]!;
      else {
        zCold *= slotZ[s0 + k]!;
        nCold++;
      }
    }
    const Q = (d + 1) >> 1;
    const base = (Q * (Q - 1)) / 2;
    const pw = this.coldPower;
    const pwBase = base * this.powStride + nCold;
    let coldIntegral = 0;
    for (let q = 0; q < Q; q++) {
      const t = nodes[base + q]!;
      const s = 1 - t;
      // g_q = ω_q · P(t_q) = ω_q · zCold · (1 − t_q)^{nCold} · Π_hot (t_q + (1 − t_q) z_i).
      let g = weights[base + q]! * zCold * pw[pwBase + q * this.powStride]!;
      for (let i = 0; i < h; i++) g *= t + s * hotZ[i]!;
      gq[q] = g;
      coldIntegral += g / s;
    }
    const coldCredit = -value * coldIntegral;
    for (let k = 0, i = 0; k < d; k++) {
      if (hotScratch[k] === 0) {
        out[at + k] = coldCredit;
        continue;
      }
      const zk = hotZ[i++]!;
      let integral = 0;
      for (let q = 0; q < Q; q++) {
        const t = nodes[base + q]!;
        integral += gq[q]! / (t + (1 - t) * zk);
      }
      out[at + k] = value * (1 - zk) * integral;
    }
  }
}
