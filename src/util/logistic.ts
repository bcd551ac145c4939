/**
 * The logistic kernels, one of each for the whole workspace: the sigmoid, softplus, the clipped
 * logit and the log loss of a logit. The logistic regression, the Platt and beta calibrators, the
 * synthetic generator and the explanations all call these, so a probability computed from the
 * same logit is the same number everywhere. Each is evaluated through e^{−|z|}, so no finite
 * argument overflows.
 */

/**
 * The logistic function σ(z) = 1 / (1 + e^{−z}): 1 / (1 + e^{−z}) for z ≥ 0 and e^{z} / (1 + e^{z})
 * below, so it never overflows; σ(±∞) = 1 / 0, σ(NaN) = NaN. Relative error of a few ulps.
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** softplus(z) = ln(1 + e^z), computed as max(z, 0) + log1p(e^{−|z|}): exact to rounding, overflow-free for every finite z. */
export function softplus(z: number): number {
  return (z > 0 ? z : 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * The log loss of a logit: −[t·ln σ(z) + (1 − t)·ln(1 − σ(z))] = softplus(z) − t·z for a target
 * t ∈ [0, 1] (a label, or a soft target such as Platt's), in nats. Accurate where the
 * probability-space formula loses digits (σ(z) near 0 or 1) and finite for every finite z.
 */
export function logisticLoss(z: number, t: number): number {
  return softplus(z) - t * z;
}

/** ln(p / (1 − p)) of p clipped to [eps, 1 − eps] (so 0 and 1 map to the finite values ∓ln((1 − eps)/eps)); eps in (0, 0.5). */
export function clippedLogit(p: number, eps: number): number {
  const c = Math.min(Math.max(p, eps), 1 - eps);
  return Math.log(c) - Math.log1p(-c);
}
