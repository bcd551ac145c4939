import { findTelcoCsv, telcoCsvLocation } from "../../src/io/paths.js";

/**
 * Path of the real IBM Telco CSV for the tests: the workspace's one rule (`telcoCsvLocation`:
 * env `TELCO_CSV`, else `../shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv` beside the
 * repository). The file is never copied into the repository.
 */
export function telcoCsvPath(): string {
  return telcoCsvLocation();
}

/** True when {@link telcoCsvPath} names a readable file (tests on the real data skip otherwise). */
export function telcoCsvAvailable(): boolean {
  return findTelcoCsv() !== null;
}
