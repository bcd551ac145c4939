import { readFileSync, statSync } from "node:fs";
import { assertYamlSize, parseConfig, type Config } from "../config/index.js";
import { InputError } from "../util/errors.js";
import { PATHS } from "./paths.js";

/** Reads a config file: a readable regular file within `YAML_LIMITS.maxBytes` (checked before reading it). */
function readText(file: string, what: string): string {
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new InputError({ file }, `a readable ${what}`, st.isDirectory() ? "a folder" : "not a regular file");
    assertYamlSize(file, st.size);
    return readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? "unknown error";
    throw new InputError({ file }, `a readable ${what}`, code === "ENOENT" ? "no such file" : code);
  }
}

/**
 * Loads `configs/default.yaml` and, when `file` is given, overlays that YAML file on it; validates
 * the result (see `parseConfig`). Throws an `InputError` naming the file, line and key on any problem,
 * including a file over the `YAML_LIMITS` (size, depth, aliases).
 */
export function readConfig(file?: string, defaultsFile: string = PATHS.defaultConfig): Config {
  const defaults = { file: defaultsFile, text: readText(defaultsFile, "YAML config file") };
  const override = file === undefined ? undefined : { file, text: readText(file, "YAML config file") };
  return parseConfig(defaults, override);
}
