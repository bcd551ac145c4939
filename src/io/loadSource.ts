import type { Config } from "../config/index.js";
import type { ChurnHistory } from "../data/history.js";
import type { DataQualitySummary } from "../data/quality.js";
import { generateSynthetic } from "../data/synthetic.js";
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
}

/**
 * Loads the source named by `config.data.source`: "synthetic" generates the synthetic telco from
 * `config.synthetic` and `config.seed`; anything else is a Telco-format CSV path (relative to the
 * project root), validated and reconstructed into a monthly history. Bad files throw `InputError`.
 */
export function loadSource(config: Config, onProgress?: (share: number) => void): LoadedSource {
  const source = config.data.source;
  if (source === SYNTHETIC_SOURCE) {
    return { history: generateSynthetic(config.synthetic, { seed: config.seed, ...(onProgress ? { onProgress } : {}) }) };
  }
  const { table, quality } = readTelcoFile(fromRoot(source), {
    chargeGap: { minTenure: config.telco.chargesGapMinTenure, maxRelativeGap: config.telco.chargesGapFlag },
  });
  return { history: telcoToHistory(table), quality };
}
