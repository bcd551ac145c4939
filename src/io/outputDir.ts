import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeFileAtomic } from "./atomic.js";
import { assertReplaceableOutput, fileMarkerPath, OUTPUT_MARKER, outputMarkerText } from "./safeTarget.js";

/** Who writes an output: recorded in its marker (`report`, `data --snapshot`, `run-cache`, …). */
export interface OutputOptions {
  readonly writer: string;
}

/**
 * Writes a set of files as one folder, all or nothing, after {@link assertReplaceableOutput} has
 * allowed replacing `dir` (absent, empty, or a previous output of this tool; otherwise an
 * `InputError` naming `dir` and why, and nothing is written). The files and the
 * {@link OUTPUT_MARKER} marker listing them (name and SHA-256) go into a fresh temporary folder
 * beside `dir`, which then replaces `dir` by renames (old folder moved aside, new one moved in, old
 * one deleted). A failure, or a kill, before the swap leaves the previous `dir` byte-identical; a
 * kill between the two renames (microseconds) leaves it as the hidden `.<name>.old-*` sibling.
 * File names must be plain (no separators, no leading dot).
 */
export function writeOutputDir(dir: string, files: Readonly<Record<string, string | Uint8Array>>, options: OutputOptions): void {
  for (const name of Object.keys(files)) {
    if (name === "" || name.includes("/") || name.includes("\\") || name.startsWith(".")) throw new RangeError(`writeOutputDir: file names must be plain, got ${JSON.stringify(name)}`);
  }
  assertReplaceableOutput(dir);
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const tmp = join(parent, `.${basename(dir)}.tmp-${stamp}`);
  const old = join(parent, `.${basename(dir)}.old-${stamp}`);
  mkdirSync(tmp);
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    writeFileSync(join(tmp, OUTPUT_MARKER), outputMarkerText(options.writer, files));
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  try {
    swapFolder(tmp, dir, old);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Replaces `dir` by the finished folder `tmp`: the old `dir` (if any) renamed to `old`, `tmp` renamed
 * to `dir`, `old` deleted; when the second rename fails, the old folder is put back and the error
 * rethrown (`tmp` is left for the caller to remove).
 */
export function swapFolder(tmp: string, dir: string, old: string): void {
  const replacing = existsSync(dir);
  if (replacing) renameSync(dir, old);
  try {
    renameSync(tmp, dir);
  } catch (err) {
    if (replacing) renameSync(old, dir);
    throw err;
  }
  if (replacing) rmSync(old, { recursive: true, force: true });
}

/**
 * Writes one output file atomically after {@link assertReplaceableOutput} (kind `"file"`) has
 * allowed replacing it: `path` is absent, or a file this tool wrote and nobody changed since. Its
 * marker ({@link fileMarkerPath}, `.<name>.churn-output.json` beside it) is written first, then the
 * file by rename, so a failed or killed run leaves the previous file byte-identical (a kill between
 * the two leaves a marker that no longer matches, and the next run refuses the file: safe side).
 */
export function writeOutputFile(path: string, content: string | Uint8Array, options: OutputOptions): void {
  assertReplaceableOutput(path, { kind: "file" });
  writeFileAtomic(fileMarkerPath(path), outputMarkerText(options.writer, { [basename(path)]: content }));
  writeFileAtomic(path, content);
}
