/**
 * A synthetic population too big for one panel: a uniform customer sample to train and evaluate on,
 * and the whole population in chunks to score. Both come from the same generator with a customer
 * filter, so a customer's rows and id are the same in the sample, in its chunk and in the world
 * generated whole (every customer draws from its own stream). Pure: nothing is read or written.
 */
import type { SyntheticConfig } from "../config/config.js";
import type { ChurnHistory } from "./history.js";
import { generateSynthetic, syntheticPopulationIndex } from "./synthetic.js";
import { deriveSeed } from "../util/rng.js";

/** The population of a scaled run: its chunks, and any customers by id. */
export interface PopulationSource {
  /** Number of chunks; chunk k holds the customers whose population index ≡ k (mod chunks). */
  readonly chunks: number;
  /** Share of the population in the training sample (the inclusion probability of every customer). */
  readonly sampleShare: number;
  /** Chunk `k` (0 ≤ k < chunks): every customer of it, churned or active, with all their months. */
  chunk(k: number): ChurnHistory;
  /** The customers with these ids (ids from other sources are ignored), with all their months. */
  customers(ids: readonly string[]): ChurnHistory;
  /** The population index of a customer id (the order of the world generated whole), or −1. */
  indexOf(id: string): number;
}

/**
 * Whether population index `index` is in the uniform customer sample of inclusion probability
 * `share` ∈ (0, 1]: a seeded hash of the index below share · 2³², so inclusion is independent of
 * the customer's attributes and history (the sample's churn rate estimates the population's, and no
 * prior correction is needed). Deterministic in `seed`.
 */
export function inCustomerSample(seed: number, share: number, index: number): boolean {
  return deriveSeed(seed, index) < share * 2 ** 32;
}

/** The uniform customer sample of a synthetic world: the customers {@link inCustomerSample} keeps, generated alone (bit-identical to their rows in the whole world). */
export function syntheticSample(cfg: SyntheticConfig, seed: number, sampleSeed: number, share: number, onProgress?: (share: number) => void): ChurnHistory {
  if (!(share > 0 && share <= 1)) throw new RangeError(`syntheticSample: share must be in (0, 1], got ${share}`);
  return generateSynthetic(cfg, { seed, select: (i) => inCustomerSample(sampleSeed, share, i), ...(onProgress ? { onProgress } : {}) });
}

/**
 * The whole synthetic population as a {@link PopulationSource} of ⌈customers / chunkCustomers⌉
 * chunks (each about chunkCustomers initial customers plus their share of the arrivals), for a
 * training sample of inclusion probability `sampleShare`.
 */
export function syntheticPopulation(cfg: SyntheticConfig, seed: number, chunkCustomers: number, sampleShare: number): PopulationSource {
  if (!(Number.isSafeInteger(chunkCustomers) && chunkCustomers >= 1)) throw new RangeError(`syntheticPopulation: chunkCustomers must be an integer >= 1, got ${chunkCustomers}`);
  const chunks = Math.max(1, Math.ceil(cfg.customers / chunkCustomers));
  return {
    chunks,
    sampleShare,
    chunk: (k) => {
      if (!(Number.isSafeInteger(k) && k >= 0 && k < chunks)) throw new RangeError(`PopulationSource.chunk: k must be an integer in [0, ${chunks - 1}], got ${k}`);
      return generateSynthetic(cfg, { seed, select: (i) => i % chunks === k });
    },
    indexOf: (id) => syntheticPopulationIndex(cfg.idPrefix, id),
    customers: (ids) => {
      const wanted = new Set<number>();
      for (const id of ids) {
        const i = syntheticPopulationIndex(cfg.idPrefix, id);
        if (i >= 0) wanted.add(i);
      }
      return generateSynthetic(cfg, { seed, select: (i) => wanted.has(i) });
    },
  };
}
