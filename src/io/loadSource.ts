import type { Config } from "../config/index.js";
import type { ChurnHistory } from "../data/history.js";
import type { DataQualitySummary } from "../data/quality.js";
import { syntheticPopulation, syntheticSample, type PopulationSource } from "../data/population.js";
import { generateSynthetic } from "../data/synthetic.js";
import { streamSeed } from "../util/streams.js";
import { telcoToHistory } from "../data/telcoHistory.js";
import { fromRoot } from "./paths.js";
import { readTelcoFile } from "./readTelco.js";

/** The value of `data.source` (or `--data`) that selects the built-in synthetic telco. */
export const SYNTHETIC_SOURCE = "synthetic";

/** A loaded data source: its history and, for a file, what the loader did to it. */
export interface LoadedSource {
  readonly history: ChurnHistory;
  /** Present for a CSV source. */
  readonly quality?: DataQualitySummary;
  /** A scaled synthetic run (`scale.sampleCustomers` > 0): `history` is the training sample and this the whole population, in chunks. */
  readonly population?: PopulationSource;
}

/**
 * Loads the source named by `config.data.source`: "synthetic" generates the synthetic telco from
 * `config.synthetic` and `config.seed` (with `scale.sampleCustomers` > 0: a uniform customer sample
 * of it, plus the whole population as chunks to score); anything else is a Telco-format CSV path (relative to the
 * project root), validated and reconstructed into a monthly history. Bad files throw `InputError`.
 */
export function loadSource(config: Config, onProgress?: (share: number) => void): LoadedSource {
  const source = config.data.source;
  if (source === SYNTHETIC_SOURCE) {
    const { sampleCustomers, chunkCustomers } = config.scale;
    if (sampleCustomers > 0) {
      const share = sampleCustomers / config.synthetic.customers;
      const history = syntheticSample(config.synthetic, config.seed, streamSeed(config.seed, "customerSample"), share, onProgress);
      return { history, population: syntheticPopulation(config.synthetic, config.seed, chunkCustomers, share) };
    }
    return { history: generateSynthetic(config.synthetic, { seed: config.seed, ...(onProgress ? { onProgress } : {}) }) };
  }
  const { table, quality } = readTelcoFile(fromRoot(source), {
    chargeGap: { minTenure: config.telco.chargesGapMinTenure, maxRelativeGap: config.telco.chargesGapFlag },
  });
  return { history: telcoToHistory(table), quality };
}
