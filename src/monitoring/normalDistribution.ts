import { incompleteGamma } from "./incompleteGamma.js";

/**
 * Standard normal survival function P(Z > z) = ½ erfc(z / √2), with erfc(t) = Q(½, t²) for t ≥ 0
 * ({@link incompleteGamma}); full relative precision in the upper tail. Like scipy `norm.sf`.
 */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError("normalSf: z is NaN");
  const g = incompleteGamma(0.5, (z * z) / 2);
  return z >= 0 ? g.upper / 2 : 0.5 + g.lower / 2;
}
