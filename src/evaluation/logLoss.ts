import { checkBinaryInput } from "./checks.js";

/**
 * Default probability clipping of {@link logLoss}: the float64 machine epsilon 2⁻⁵² ≈ 2.22e-16,
 * which is scikit-learn's `log_loss(eps="auto")` for float64 input (sklearn < 1.2 used 1e-15).
 */
export const LOG_LOSS_DEFAULT_EPS = Number.EPSILON;

/**
 * Binary cross-entropy in nats, −Σ w [y ln p + (1 − y) ln(1 − p)] / Σ w, with p clipped to
 * [eps, 1 − eps] first so a confident wrong 0 or 1 costs −ln(eps) (≈ 36.04 at the default eps)
 * instead of infinity; as scikit-learn `log_loss`. `eps` must lie in (0, 0.5). A single-class
 * `yTrue` is allowed (the loss is defined). Throws on invalid input like {@link brierScore}. O(n).
 */
export function logLoss(yTrue: Uint8Array, yProb: Float64Array, weights?: Float64Array, eps: number = LOG_LOSS_DEFAULT_EPS): number {
  checkBinaryInput("logLoss", yTrue, yProb, weights);
  if (!(eps > 0 && eps < 0.5)) throw new RangeError(`logLoss: eps must be in (0, 0.5), got ${eps}`);
  const hi = 1 - eps;
  let sum = 0;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    const p = Math.min(Math.max(yProb[i]!, eps), hi);
    sum -= w * (yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p));
    total += w;
  }
  return sum / total;
}
