/**
 * Best split of one node from its gradient histogram: second-order (Newton) gain with an L2 penalty
 * (Chen & Guestrin 2016, "XGBoost: A scalable tree boosting system", KDD, eq. 7) and a learned
 * default direction for missing values (ibid. §3.4, Alg. 3 "sparsity-aware split finding").
 */
import type { HistogramLayout } from "./histogram.js";

/** Constraints every candidate split must satisfy (from the model options). */
export interface SplitConstraints {
  /** L2 penalty λ on leaf values (≥ 0). */
  readonly lambda: number;
  /** Minimum rows in each child (≥ 1). */
  readonly minSamplesLeaf: number;
  /** Minimum hessian sum in each child (≥ 0); child hessian sums must also be > 0. */
  readonly minChildWeight: number;
  /** Minimum loss reduction ½·gain for a split to be made (≥ 0; a split needs strictly more). */
  readonly minSplitGain: number;
}

/**
 * The best split found for a node, written in place (one reusable record, no allocation per node).
 * Children: rows with bin code ≤ `bin` go left; missing rows go left iff `missingLeft`.
 */
export interface SplitCandidate {
  /** Loss reduction ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)]; −∞ when no valid split exists. */
  gain: number;
  /** Split feature, −1 when none. */
  feature: number;
  /** Largest non-missing bin code sent left. */
  bin: number;
  /** Whether missing values go left. */
  missingLeft: boolean;
  /** Σ gradient, Σ hessian and row count of the left child (the right child is the node minus these). */
  gradLeft: number;
  hessLeft: number;
  countLeft: number;
}

/** A fresh {@link SplitCandidate} meaning "no split". */
export function emptySplit(): SplitCandidate {
  return { gain: Number.NEGATIVE_INFINITY, feature: -1, bin: 0, missingLeft: false, gradLeft: 0, hessLeft: 0, countLeft: 0 };
}

/**
 * Scans the histogram `hist` of a node with totals (G, H, C) over `features[0 … nFeatures − 1]`
 * and writes the best valid split into `out` (gain −∞ and feature −1 if none beats `minSplitGain`).
 * Per feature two sweeps over the bins: missing values sent right (including the split "all
 * non-missing left, missing right"), and, if the node has missing values for the feature, sent left.
 * Where the node has none, missing values at prediction time go right if the feature had missing
 * values somewhere in training (`trainingHasMissing[f]` = 1), else to the child with more training rows
 * (ties right) — scikit-learn's rules. Candidates need ≥ `minSamplesLeaf` rows and hessian sum
 * ≥ `minChildWeight` and > 0 on each side. Ties keep the first candidate in (feature order, missing
 * right before left, bin) order, so the search is deterministic. O(slots of the features).
 */
export function findBestSplit(
  hist: Float64Array, layout: HistogramLayout, trainingHasMissing: Uint8Array, features: Int32Array, nFeatures: number,
  G: number, H: number, C: number, c: SplitConstraints, out: SplitCandidate,
): void {
  const { offset, nBins } = layout;
  const parentScore = (G * G) / (H + c.lambda);
  // Accept a candidate when ½(score_L + score_R − score_P) > minSplitGain.
  let best = parentScore + 2 * c.minSplitGain;
  out.gain = Number.NEGATIVE_INFINITY;
  out.feature = -1;
  for (let k = 0; k < nFeatures; k++) {
    const f = features[k]!;
    const base = 3 * offset[f]!;
    const nb = nBins[f]!;
    const ms = base + 3 * nb;
    const cm = hist[ms + 2]!;
    if (cm > 0) {
      // Missing right (the last bin is a candidate: "all non-missing left"), then missing left.
      best = sweep(hist, base, nb - 1, 0, 0, 0, G, H, C, c, best, f, MISSING_RIGHT, out);
      best = sweep(hist, base, nb - 2, hist[ms]!, hist[ms + 1]!, cm, G, H, C, c, best, f, MISSING_LEFT, out);
    } else {
      best = sweep(hist, base, nb - 2, 0, 0, 0, G, H, C, c, best, f, trainingHasMissing[f] === 1 ? MISSING_RIGHT : MISSING_TO_LARGER, out);
    }
  }
  if (out.feature >= 0) out.gain = 0.5 * (best - parentScore);
}

const MISSING_RIGHT = 0;
const MISSING_LEFT = 1;
const MISSING_TO_LARGER = 2;

/**
 * One left-to-right sweep over bins 0 … `last` of the feature whose slots start at `base`, the left
 * child starting from (gl, hl, cl) (the missing slot when missing values go left). Records in `out`
 * any candidate whose score beats `best` and returns the new best score.
 */
function sweep(
  hist: Float64Array, base: number, last: number, gl: number, hl: number, cl: number,
  G: number, H: number, C: number, c: SplitConstraints, best: number, f: number, missingRule: number, out: SplitCandidate,
): number {
  const { lambda, minSamplesLeaf, minChildWeight } = c;
  for (let b = 0; b <= last; b++) {
    const s = base + 3 * b;
    gl += hist[s]!;
    hl += hist[s + 1]!;
    cl += hist[s + 2]!;
    if (cl < minSamplesLeaf) continue;
    const cr = C - cl;
    if (cr < minSamplesLeaf) break;
    const hr = H - hl;
    // Hessians are ≥ 0, so H_R only shrinks along the sweep.
    if (!(hr >= minChildWeight && hr > 0)) break;
    if (!(hl >= minChildWeight && hl > 0)) continue;
    const gr = G - gl;
    const score = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda);
    if (score > best) {
      best = score;
      out.feature = f;
      out.bin = b;
      out.missingLeft = missingRule === MISSING_LEFT || (missingRule === MISSING_TO_LARGER && cl > cr);
      out.gradLeft = gl;
      out.hessLeft = hl;
      out.countLeft = cl;
    }
  }
  return best;
}
