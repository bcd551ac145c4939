import { UndefinedMetricError } from "../evaluation/checks.js";
import { armCounts, type ArmCounts } from "./checks.js";

/**
 * Uplift metrics take `(y, uplift, treatment)` as scikit-uplift does: `y[i]` = 1 when unit i shows
 * the response the action should *raise* — for churn pass retained = 1 − churned — `uplift[i]` the
 * predicted increase in that response (for churn, the predicted reduction in churn probability),
 * `treatment[i]` = 1 for treated and 0 for control units.
 */

/** Points of a Qini curve; both arrays have the same length, starting at (0, 0). */
export interface QiniCurve {
  /** Number of units targeted (the top-scored ones), increasing from 0 to n. */
  readonly x: Float64Array;
  /** Incremental responses among them, Y_t − Y_c·N_t/N_c (Y = responders, N = units, t/c = treated/control). */
  readonly y: Float64Array;
}

/**
 * Validates `(y, uplift, treatment)`: equal lengths, 0/1 labels, both arms, finite scores; returns
 * the arm counts. `caller` prefixes every message.
 */
export function checkUpliftInput(caller: string, y: Uint8Array, uplift: Float64Array, treatment: Uint8Array): ArmCounts {
  const counts = armCounts(caller, y, treatment, "y");
  if (uplift.length !== y.length) throw new RangeError(`${caller}: y and uplift lengths differ (y ${y.length}, uplift ${uplift.length})`);
  for (let i = 0; i < uplift.length; i++) {
    const v = uplift[i]!;
    if (!Number.isFinite(v)) throw new RangeError(`${caller}: uplift[${i}] = ${v} is not a finite number`);
  }
  return counts;
}

/**
 * Row indices by decreasing score, tied scores by decreasing index: the order of numpy's
 * `np.argsort(uplift, kind="mergesort")[::-1]`, which scikit-uplift uses, so a top-k cut through a
 * tie takes the same rows. `uplift` is not mutated. O(n log n).
 */
export function descendingOrder(uplift: Float64Array): Uint32Array {
  const order = new Uint32Array(uplift.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => uplift[b]! - uplift[a]! || b - a);
}

/** The Qini curve of already-validated input (see {@link qiniCurve}). */
function qiniPoints(y: Uint8Array, uplift: Float64Array, treatment: Uint8Array): QiniCurve {
  const order = descendingOrder(uplift);
  const n = order.length;
  const xs = new Float64Array(n + 1); // point 0 is the origin
  const ys = new Float64Array(n + 1);
  let points = 1;
  let treatedN = 0;
  let treatedY = 0;
  let controlY = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    if (treatment[i] === 1) {
      treatedN++;
      treatedY += y[i]!;
    } else {
      controlY += y[i]!;
    }
    if (r + 1 < n && uplift[order[r + 1]!] === uplift[i]) continue;
    const controlN = r + 1 - treatedN;
    xs[points] = r + 1;
    ys[points++] = controlN === 0 ? treatedY : treatedY - controlY * (treatedN / controlN);
  }
  return { x: xs.slice(0, points), y: ys.slice(0, points) };
}

/**
 * The Qini curve (Radcliffe 2007, "Using control groups to target on predicted lift", Direct
 * Marketing Analytics Journal 3:14–21) as scikit-uplift `qini_curve`: units sorted by decreasing
 * `uplift`; at each cut after a distinct score (tied scores enter together), x = units targeted and
 * y = Y_t − Y_c·N_t/N_c over them, with Y_c·N_t/N_c taken as 0 while no control unit is targeted;
 * preceded by (0, 0). The last point is the whole population's incremental responses. Throws on
 * invalid input ({@link checkUpliftInput}). O(n log n), inputs not mutated.
 */
export function qiniCurve(y: Uint8Array, uplift: Float64Array, treatment: Uint8Array): QiniCurve {
  checkUpliftInput("qiniCurve", y, uplift, treatment);
  return qiniPoints(y, uplift, treatment);
}

/** The perfect scores of scikit-uplift's perfect Qini curve: 1 for treated responders, −1 for control responders, 0 otherwise. */
function perfectScores(y: Uint8Array, treatment: Uint8Array): Float64Array {
  const scores = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) scores[i] = y[i]! * (treatment[i] === 1 ? 1 : -1);
  return scores;
}

/**
 * The perfect (optimum) Qini curve of scikit-uplift `perfect_qini_curve(y, treatment,
 * negative_effect=True)`: the {@link qiniCurve} of an oracle that ranks treated responders first and
 * control responders last (score y·t − y·(1 − t)), so it rises to the treated responders, stays
 * flat, and falls by the control responders' share at the end (it "contains the negative effects").
 * Throws on invalid input. O(n log n).
 */
export function perfectQiniCurve(y: Uint8Array, treatment: Uint8Array): QiniCurve {
  const scores = perfectScores(y, treatment);
  checkUpliftInput("perfectQiniCurve", y, scores, treatment);
  return qiniPoints(y, scores, treatment);
}

/** Trapezoidal area under a curve with increasing x (scikit-learn `auc`). */
function trapezoid(curve: QiniCurve): number {
  let area = 0;
  for (let k = 1; k < curve.x.length; k++) area += ((curve.x[k]! - curve.x[k - 1]!) * (curve.y[k]! + curve.y[k - 1]!)) / 2;
  return area;
}

/**
 * The Qini coefficient as scikit-uplift `qini_auc_score(y, uplift, treatment, negative_effect=True)`:
 * (area under the {@link qiniCurve} − area of the random-targeting line from (0, 0) to (n, Y_t −
 * Y_c·N_t/N_c)) divided by the same excess area of the {@link perfectQiniCurve}, all areas by the
 * trapezoidal rule. 1 = the oracle ranking, ≈ 0 = random ranking, negative = worse than random.
 * Throws {@link UndefinedMetricError} when the perfect curve has no excess area (e.g. no responders),
 * and on invalid input. O(n log n), inputs not mutated.
 */
export function qiniAucScore(y: Uint8Array, uplift: Float64Array, treatment: Uint8Array): number {
  checkUpliftInput("qiniAucScore", y, uplift, treatment);
  const perfect = qiniPoints(y, perfectScores(y, treatment), treatment);
  const last = perfect.x.length - 1;
  const baseline = (perfect.x[last]! * perfect.y[last]!) / 2;
  const perfectExcess = trapezoid(perfect) - baseline;
  if (!(perfectExcess !== 0)) throw new UndefinedMetricError(`qiniAucScore: the perfect Qini curve has no area above the random line (${perfectExcess}); are there responders?`);
  return (trapezoid(qiniPoints(y, uplift, treatment)) - baseline) / perfectExcess;
}
