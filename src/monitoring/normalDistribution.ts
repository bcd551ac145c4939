import { normalCdf } from "../experiments/normal.js";

/**
 * Standard normal survival function P(Z > z) = Φ(−z), through the workspace's one normal CDF
 * (`normalCdf`, erfc after Cody 1969), so upper tails keep full relative precision. Like scipy
 * `norm.sf`. Throws on NaN.
 */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError("normalSf: z is NaN");
  return normalCdf(-z);
}
