/**
 * Leaf-wise (best-first) growth of one regression tree on binned data (Ke et al. 2017, LightGBM §2;
 * Shi 2007, "Best-first decision tree learning"): repeatedly split the leaf whose best split reduces
 * the loss most, until `maxLeaves` leaves exist or no leaf has a valid split. Leaf values are Newton
 * steps −G/(H + λ) scaled by the learning rate (Chen & Guestrin 2016, eq. 5).
 */
import type { BinMapper } from "./binning.js";
import { subtractHistogram, type HistogramLayout, type HistogramWorkspace } from "./histogram.js";
import { emptySplit, findBestSplit, type SplitCandidate, type SplitConstraints } from "./split.js";
import type { FlatTree } from "./tree.js";

/** Tree-shape parameters of {@link TreeGrower}, on top of the split constraints. */
export interface GrowerParams extends SplitConstraints {
  /** Maximum number of leaves (≥ 2). */
  readonly maxLeaves: number;
  /** Maximum depth in edges (root = 0); `Infinity` for none. */
  readonly maxDepth: number;
  /** Shrinkage applied to every leaf value, in (0, ∞). */
  readonly learningRate: number;
}

/**
 * Grows trees on one binned training matrix held in a {@link HistogramWorkspace}, reusing all buffers
 * across trees: row-index partitions, per-node statistics and the workspace's pool of histograms (at
 * most `maxLeaves` live: the open leaves plus one child being built). Nothing is allocated per row;
 * per tree only the returned {@link FlatTree} arrays.
 * Usage per boosting round: fill `workspace.gradHess`, write the round's rows (ascending) into
 * `rows[0 … m)`, call {@link grow}, then {@link addLeafValues} to update the in-sample margins.
 */
export class TreeGrower {
  /** Row ids of the current tree's sample (the workspace's); after {@link grow}, each leaf owns a contiguous range. */
  readonly rows: Uint32Array;
  private readonly workspace: HistogramWorkspace;
  private readonly layout: HistogramLayout;
  private readonly edges: readonly Float64Array[];
  private readonly params: GrowerParams;
  private readonly free: number[] = [];
  // Per-node working state (capacity 2·maxLeaves − 1).
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly depth: Int32Array;
  private readonly sumG: Float64Array;
  private readonly sumH: Float64Array;
  private readonly count: Float64Array;
  private readonly histOf: Int32Array;
  private readonly candidates: SplitCandidate[];
  // The tree under construction.
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly thresholdBin: Uint8Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly missingLeft: Uint8Array;
  private readonly value: Float64Array;
  private readonly gain: Float64Array;
  private nNodes = 0;

  /**
   * @param workspace holds the binned training rows and the per-row (g, h), refreshed by the caller each round;
   *   its histogram pool must hold ≥ `maxLeaves` histograms.
   * @param mapper the bin mapper that produced the bins (edges turn bin thresholds into raw thresholds).
   */
  constructor(workspace: HistogramWorkspace, mapper: BinMapper, params: GrowerParams) {
    if (workspace.histograms.length < params.maxLeaves) {
      throw new RangeError(`TreeGrower: the workspace holds ${workspace.histograms.length} histograms, maxLeaves=${params.maxLeaves} needs that many`);
    }
    this.params = params;
    this.edges = mapper.edges;
    this.workspace = workspace;
    this.layout = workspace.layout;
    this.rows = workspace.rows;
    const cap = 2 * params.maxLeaves - 1;
    this.start = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.depth = new Int32Array(cap);
    this.sumG = new Float64Array(cap);
    this.sumH = new Float64Array(cap);
    this.count = new Float64Array(cap);
    this.histOf = new Int32Array(cap);
    this.candidates = Array.from({ length: cap }, emptySplit);
    this.feature = new Int32Array(cap);
    this.threshold = new Float64Array(cap);
    this.thresholdBin = new Uint8Array(cap);
    this.left = new Int32Array(cap);
    this.right = new Int32Array(cap);
    this.missingLeft = new Uint8Array(cap);
    this.value = new Float64Array(cap);
    this.gain = new Float64Array(cap);
  }

  /**
   * Grows one tree on rows `rows[0 … m − 1]` (ascending; `identity` asserts rows[k] = k for all k < m = n)
   * using only the columns `features[0 … nFeatures − 1]`. Returns null when the root's hessian sum is
   * not positive (nothing can be learned: the margins have saturated), else the tree, whose covers
   * are the nodes' hessian sums. Deterministic: ties between leaves go to the lower node id.
   */
  grow(m: number, identity: boolean, features: Int32Array, nFeatures: number): FlatTree | null {
    const gh = this.workspace.gradHess;
    const rows = this.rows;
    let G = 0;
    let H = 0;
    for (let k = 0; k < m; k++) {
      const r = 2 * rows[k]!;
      G += gh[r]!;
      H += gh[r + 1]!;
    }
    if (!(H > 0)) return null;
    this.nNodes = 0;
    this.free.length = 0;
    for (let b = this.workspace.histograms.length - 1; b >= 0; b--) this.free.push(b);
    const root = this.newNode(0, m, 0, G, H, m);
    const open: number[] = [];
    let nLeaves = 1;
    if (this.splittable(root, nLeaves)) {
      const h = this.takeHistogram();
      this.workspace.build(h, features, nFeatures, 0, m, identity);
      this.histOf[root] = h;
      if (this.search(root, features, nFeatures)) open.push(root);
      else this.releaseHistogram(root);
    }
    while (nLeaves < this.params.maxLeaves && open.length > 0) {
      let pick = 0;
      for (let k = 1; k < open.length; k++) {
        const a = this.candidates[open[k]!]!.gain;
        const b = this.candidates[open[pick]!]!.gain;
        if (a > b || (a === b && open[k]! < open[pick]!)) pick = k;
      }
      const j = open[pick]!;
      open.splice(pick, 1);
      const [l, r] = this.split(j);
      nLeaves++;
      const splitL = this.splittable(l, nLeaves);
      const splitR = this.splittable(r, nLeaves);
      if (!splitL && !splitR) {
        this.releaseHistogram(j);
        continue;
      }
      // Build the smaller child's histogram; the larger one is the parent's minus it.
      const small = this.count[l]! <= this.count[r]! ? l : r;
      const large = small === l ? r : l;
      const hs = this.takeHistogram();
      this.workspace.build(hs, features, nFeatures, this.start[small]!, this.end[small]!, false);
      this.histOf[small] = hs;
      const splitLarge = large === l ? splitL : splitR;
      if (splitLarge) {
        const hp = this.histOf[j]!;
        subtractHistogram(this.workspace.histograms[hp]!, this.workspace.histograms[hs]!, this.layout, features, nFeatures);
        this.histOf[large] = hp;
        this.histOf[j] = -1;
        if (this.search(large, features, nFeatures)) open.push(large);
        else this.releaseHistogram(large);
      } else {
        this.releaseHistogram(j);
      }
      if (small === l ? splitL : splitR) {
        if (this.search(small, features, nFeatures)) open.push(small);
        else this.releaseHistogram(small);
      } else {
        this.releaseHistogram(small);
      }
    }
    return this.emit();
  }

  /** Adds each leaf's value to `margin[row]` for the rows of the last grown tree's sample. O(m). */
  addLeafValues(margin: Float64Array): void {
    const rows = this.rows;
    for (let j = 0; j < this.nNodes; j++) {
      if (this.feature[j]! >= 0) continue;
      const v = this.value[j]!;
      for (let k = this.start[j]!, e = this.end[j]!; k < e; k++) margin[rows[k]!]! += v;
    }
  }

  private newNode(start: number, end: number, depth: number, G: number, H: number, C: number): number {
    const j = this.nNodes++;
    this.start[j] = start;
    this.end[j] = end;
    this.depth[j] = depth;
    this.sumG[j] = G;
    this.sumH[j] = H;
    this.count[j] = C;
    this.histOf[j] = -1;
    this.feature[j] = -1;
    this.threshold[j] = 0;
    this.thresholdBin[j] = 0;
    this.left[j] = -1;
    this.right[j] = -1;
    this.missingLeft[j] = 0;
    this.gain[j] = 0;
    const p = this.params;
    this.value[j] = H + p.lambda > 0 ? (-G / (H + p.lambda)) * p.learningRate : 0;
    return j;
  }

  /** Whether node j may still be split: leaf budget, depth, and room for two valid children. */
  private splittable(j: number, nLeaves: number): boolean {
    const p = this.params;
    return nLeaves < p.maxLeaves && this.depth[j]! < p.maxDepth && this.count[j]! >= 2 * p.minSamplesLeaf && this.sumH[j]! >= 2 * p.minChildWeight;
  }

  /** Finds node j's best split from its histogram; true if one exists. */
  private search(j: number, features: Int32Array, nFeatures: number): boolean {
    const c = this.candidates[j]!;
    findBestSplit(this.workspace.histograms[this.histOf[j]!]!, this.layout, this.workspace.hasMissing, features, nFeatures, this.sumG[j]!, this.sumH[j]!, this.count[j]!, this.params, c);
    return c.feature >= 0;
  }

  /** Applies node j's best split: stable partition of its rows, two new child nodes; returns [left, right]. */
  private split(j: number): [number, number] {
    const c = this.candidates[j]!;
    const f = c.feature;
    const bin = c.bin;
    const mLeft = c.missingLeft;
    const s = this.start[j]!;
    const e = this.end[j]!;
    const wl = this.workspace.partition(s, e, f, bin, mLeft);
    if (wl - s !== c.countLeft) throw new Error(`TreeGrower: partition sent ${wl - s} rows left, the histogram counted ${c.countLeft} (internal error)`);
    const edges = this.edges[f]!;
    this.feature[j] = f;
    // bin = nBins − 1 ("every non-missing value left") has no edge: any finite value goes left.
    this.threshold[j] = bin < edges.length ? edges[bin]! : Number.MAX_VALUE;
    this.thresholdBin[j] = bin;
    this.missingLeft[j] = mLeft ? 1 : 0;
    this.gain[j] = c.gain;
    const d = this.depth[j]! + 1;
    const l = this.newNode(s, wl, d, c.gradLeft, c.hessLeft, c.countLeft);
    const r = this.newNode(wl, e, d, this.sumG[j]! - c.gradLeft, this.sumH[j]! - c.hessLeft, this.count[j]! - c.countLeft);
    this.left[j] = l;
    this.right[j] = r;
    return [l, r];
  }

  private takeHistogram(): number {
    const b = this.free.pop();
    if (b === undefined) throw new Error("TreeGrower: histogram pool exhausted (internal error)");
    return b;
  }

  private releaseHistogram(j: number): void {
    const h = this.histOf[j]!;
    if (h >= 0) this.free.push(h);
    this.histOf[j] = -1;
  }

  /** Copies the grown tree out of the working arrays into an exactly sized {@link FlatTree}. */
  private emit(): FlatTree {
    const k = this.nNodes;
    return {
      feature: this.feature.slice(0, k),
      threshold: this.threshold.slice(0, k),
      thresholdBin: this.thresholdBin.slice(0, k),
      left: this.left.slice(0, k),
      right: this.right.slice(0, k),
      missingLeft: this.missingLeft.slice(0, k),
      value: this.value.slice(0, k),
      cover: this.sumH.slice(0, k),
      gain: this.gain.slice(0, k),
    };
  }
}

/**
 * Adds `tree`'s leaf value to `margin[i]` for every row i of a column-major binned matrix
 * (`bins[f · n + i]`, missing code `nBins[f]`) with `mask[i]` = 0 (all rows when `mask` is null),
 * routing by bin codes: the same leaves as the raw thresholds for rows binned by the training mapper.
 */
export function addTreeBinned(tree: FlatTree, bins: Uint8Array, n: number, nBins: Uint16Array, margin: Float64Array, mask: Uint8Array | null): void {
  const { feature, thresholdBin, left, right, missingLeft, value } = tree;
  for (let i = 0; i < n; i++) {
    if (mask !== null && mask[i] !== 0) continue;
    let node = 0;
    let f = feature[0]!;
    while (f >= 0) {
      const code = bins[f * n + i]!;
      if (code === nBins[f]) node = missingLeft[node] === 1 ? left[node]! : right[node]!;
      else node = code <= thresholdBin[node]! ? left[node]! : right[node]!;
      f = feature[node]!;
    }
    margin[i]! += value[node]!;
  }
}
