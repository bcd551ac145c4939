/**
 * Where a notebook gets its config and data from. Like the CLI, this is an edge of the workspace:
 * it reads the environment and asks `src/io` for files; the stages it feeds stay pure.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../config/config.js";
import { assertFreshBuildWhenBuilt } from "../io/libraryBuild.js";
import { findTelcoCsv, fromRoot, PATHS, TELCO_ENV } from "../io/paths.js";
import { readConfig } from "../io/readConfig.js";

/** The environment variable naming the config a notebook runs with (a YAML overlay on `configs/default.yaml`). */
export const CONFIG_ENV = "CHURN_CONFIG";

/** The environment variable that overrides where the real IBM Telco CSV is looked for (defined in `src/io/paths.ts`). */
export { TELCO_ENV };

/** A read-only view of environment variables (`process.env` by default). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Absolute path of the config file a notebook uses: `$CHURN_CONFIG` resolved against the project
 * root (not the notebook's folder, so `configs/quick.yaml` means the same from anywhere), or
 * `configs/default.yaml` when the variable is unset or empty.
 */
export function notebookConfigPath(env: Env = process.env): string {
  const value = env[CONFIG_ENV];
  return value === undefined || value.trim() === "" ? PATHS.defaultConfig : fromRoot(value.trim());
}

/**
 * The validated config a notebook runs with: the file {@link notebookConfigPath} names, laid over
 * `configs/default.yaml` by `readConfig` (the default file alone when no overlay is named). Throws
 * `readConfig`'s `InputError` (file, line, key) on a bad or missing file, and, when running from
 * `dist/`, a one-line `Error` with the fix when the build is older than `src/` (`assertFreshBuild`).
 */
export function notebookConfig(env: Env = process.env): Config {
  assertFreshBuildWhenBuilt();
  const file = notebookConfigPath(env);
  return file === PATHS.defaultConfig ? readConfig() : readConfig(file);
}

/**
 * Path of the real IBM Telco CSV if it is there (`findTelcoCsv`: `$TELCO_CSV` resolved against the
 * project root, or the development copy beside the repository); `null` when it is not a readable
 * file, so a notebook can skip the real-data cells with a one-line note.
 */
export function telcoCsvPath(env: Env = process.env): string | null {
  return findTelcoCsv(env);
}

/**
 * A fresh, empty scratch folder under the system's temporary folder (`<tmp>/churn-notebook-<name>-XXXXXX`),
 * for notebooks that write registries, stores or servers' files without touching the project's own.
 */
export function notebookScratch(name: string): string {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(name)) throw new RangeError(`notebookScratch: a name of 1 to 40 letters, digits, _ or -, got ${JSON.stringify(name)}`);
  return mkdtempSync(join(tmpdir(), `churn-notebook-${name}-`));
}
