import { existsSync } from "node:fs";
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
