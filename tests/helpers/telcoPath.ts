import { accessSync, constants, statSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root, resolved from this helper's own location (tests/helpers/ → ../../). */
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Path of the real IBM Telco CSV: env `TELCO_CSV` if set, else
 * `<repo root>/../shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv`. The file is never
 * copied into the repository.
 */
export function telcoCsvPath(): string {
  const fromEnv = process.env["TELCO_CSV"];
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  return resolve(REPO_ROOT, "../shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv");
}

/** True when {@link telcoCsvPath} names a readable file (tests on the real data skip otherwise). */
export function telcoCsvAvailable(): boolean {
  try {
    const path = telcoCsvPath();
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
