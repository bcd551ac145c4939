import { readFileSync } from "node:fs";
import { parseConfig, type Config } from "../config/index.js";
import { InputError } from "../util/errors.js";
import { PATHS } from "./paths.js";

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unknown error";
    throw new InputError({ file }, `a readable ${what}`, code === "ENOENT" ? "no such file" : code);
  }
}

/**
 * Loads `configs/default.yaml` and, when `file` is given, overlays that YAML file on it; validates
 * the result (see `parseConfig`). Throws an `InputError` naming the file, line and key on any problem.
 */
export function readConfig(file?: string, defaultsFile: string = PATHS.defaultConfig): Config {
  const defaults = { file: defaultsFile, text: readText(defaultsFile, "YAML config file") };
  const override = file === undefined ? undefined : { file, text: readText(file, "YAML config file") };
  return parseConfig(defaults, override);
}
