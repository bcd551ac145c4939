import { Rng } from "../util/rng.js";
import { checkInteger, checkProbability } from "./checks.js";

/** The number of treated units of a complete randomisation of `n` units with treated share `ratio`: round(n·ratio), halves rounded up. */
export function treatedCount(n: number, ratio: number): number {
  return Math.round(n * ratio);
}

/**
 * Writes a complete randomisation into `treatment`: exactly `treated` ones at uniformly random
 * positions and zeros elsewhere, by a partial Fisher–Yates shuffle of `order` (Knuth, TAOCP vol. 2,
 * Algorithm 3.4.2P) drawing `treated` integers from `rng`. `order` is scratch of the same length
 * (overwritten), so a simulation loop allocates nothing per experiment. Callers validate `treated`.
 * O(n).
 */
export function shuffleTreatment(rng: Rng, treatment: Uint8Array, treated: number, order: Uint32Array): void {
  const n = treatment.length;
  for (let i = 0; i < n; i++) order[i] = i;
  treatment.fill(0);
  for (let i = 0; i < treated; i++) {
    const j = i + rng.int(n - i);
    const picked = order[j]!;
    order[j] = order[i]!;
    order[i] = picked;
    treatment[picked] = 1;
  }
}

/**
 * Randomised assignment of `n` units (n ≥ 1) to treatment with share `ratio` ∈ [0, 1]: a
 * `Uint8Array` of n flags (1 = treated) with exactly {@link treatedCount} = round(n·ratio) ones,
 * every such set equally likely (complete randomisation; Imbens & Rubin 2015, Causal Inference,
 * §4.2), from the {@link Rng} stream of `seed` through {@link shuffleTreatment}. Deterministic for a
 * seed. Throws on a bad `n` or `ratio`, quoting it. O(n).
 */
export function assignTreatment(n: number, ratio: number, seed: number): Uint8Array {
  checkInteger("assignTreatment", "n", n, 1);
  checkProbability("assignTreatment", "ratio", ratio);
  const treatment = new Uint8Array(n);
  shuffleTreatment(new Rng(seed), treatment, treatedCount(n, ratio), new Uint32Array(n));
  return treatment;
}
