import { accessSync, constants, existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project root: the nearest folder above this module that holds `package.json`.
 * Every path the workspace reads or writes is resolved from here, so scripts, notebooks
 * and tests agree whatever their working directory.
 */
export const PROJECT_ROOT: string = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json found above ${start}`);
    dir = up;
  }
}

/** Resolves `path` against the project root unless it is absolute. */
export function fromRoot(...parts: string[]): string {
  const joined = join(...parts);
  return isAbsolute(joined) ? joined : resolve(PROJECT_ROOT, joined);
}

/** Well-known project locations. */
export const PATHS = {
  configs: fromRoot("configs"),
  defaultConfig: fromRoot("configs", "default.yaml"),
  data: fromRoot("data"),
  reports: fromRoot("reports"),
  /** Where the real IBM Telco file sits in development (beside the repository); never copied in. */
  sharedTelco: fromRoot("..", "shared", "data", "telco", "WA_Fn-UseC_-Telco-Customer-Churn.csv"),
} as const;

/** The environment variable that names the real IBM Telco CSV. */
export const TELCO_ENV = "TELCO_CSV";

/**
 * The one rule for where the real IBM Telco CSV is: `$TELCO_CSV` when set and not blank (trimmed,
 * resolved against the project root unless absolute), else the development copy beside the
 * repository ({@link PATHS}.sharedTelco). Says where to look, not whether the file is there (see
 * {@link findTelcoCsv}); the file is never copied into the repository.
 */
export function telcoCsvLocation(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const value = env[TELCO_ENV]?.trim();
  return value === undefined || value === "" ? PATHS.sharedTelco : fromRoot(value);
}

/** {@link telcoCsvLocation} when it names a readable regular file, else null (so a test, notebook or script can skip with a one-line note). */
export function findTelcoCsv(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const path = telcoCsvLocation(env);
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}
