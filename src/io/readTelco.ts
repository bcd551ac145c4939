import { readFileSync } from "node:fs";
import { loadTelco, type LoadTelcoOptions, type TelcoLoadResult } from "../data/telco.js";
import { InputError } from "../util/errors.js";

/** Options of {@link readTelcoFile}: everything of `LoadTelcoOptions` except `file`, which is the path. */
export type ReadTelcoOptions = Omit<LoadTelcoOptions, "file">;

const UNREADABLE = new Set(["ENOENT", "EACCES", "EISDIR", "ENOTDIR"]);

/**
 * Reads the IBM Telco churn CSV at `path` (UTF-8) and loads it with `loadTelco`, using
 * `path` as the file name in messages and in the result. A missing, unreadable or
 * directory path becomes an {@link InputError} "expected a readable Telco CSV file";
 * other I/O errors are rethrown unchanged.
 */
export function readTelcoFile(path: string, options: ReadTelcoOptions = {}): TelcoLoadResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== undefined && UNREADABLE.has(code)) {
      throw new InputError({ file: path }, "a readable Telco CSV file", `${code} (${(err as Error).message})`);
    }
    throw err;
  }
  return loadTelco(text, { ...options, file: path });
}
