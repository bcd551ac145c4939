import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { InputError, quoteValue } from "../util/errors.js";
import { PROJECT_ROOT } from "./paths.js";

/** Name of the marker every output folder of this tool holds: which files the tool wrote there, with their SHA-256. */
export const OUTPUT_MARKER = ".churn-output.json";

/** The tool name recorded in every marker; a marker naming another tool proves nothing. */
export const OUTPUT_TOOL = "churn-workspace";

/**
 * The marker's content: the tool, the writer inside it (`report`, `data --snapshot`, …) and the
 * files it wrote, each with the SHA-256 (hex) of the bytes written.
 */
export interface OutputMarker {
  readonly tool: typeof OUTPUT_TOOL;
  readonly format: 1;
  readonly writer: string;
  readonly files: Readonly<Record<string, string>>;
}

/** What is being replaced: a folder of files ({@link writeOutputDir}) or one file ({@link writeOutputFile}). */
export type OutputKind = "folder" | "file";

/** Options of {@link assertReplaceableOutput}. */
export interface ReplaceableOptions {
  /** Folder (default) or single file. */
  readonly kind?: OutputKind;
  /** The flag or config key the path came from (`--out`), named in the error. */
  readonly key?: string;
}

/** SHA-256 (hex) of some bytes or text. */
export function sha256Hex(content: string | Uint8Array): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The marker text (JSON, one trailing newline) recording that `writer` wrote `files` (name → content). */
export function outputMarkerText(writer: string, files: Readonly<Record<string, string | Uint8Array>>): string {
  const hashes: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) hashes[name] = sha256Hex(files[name]!);
  const marker: OutputMarker = { tool: OUTPUT_TOOL, format: 1, writer, files: hashes };
  return `${JSON.stringify(marker, null, 1)}\n`;
}

/** Where the marker of a single output file lives: beside it, as `.<name>.churn-output.json`. */
export function fileMarkerPath(path: string): string {
  return join(dirname(path), `.${basename(path)}${OUTPUT_MARKER}`);
}

/** `child` is `parent` or lies below it (both absolute and canonical). */
function isWithin(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === "" || (r !== ".." && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/** The absolute path with every existing ancestor resolved through symlinks; the last component is kept as is. */
function canonicalParent(path: string): string {
  const abs = resolve(path);
  const tail = [basename(abs)];
  let head = dirname(abs);
  for (;;) {
    try {
      return join(realpathSync(head), ...tail);
    } catch {
      const up = dirname(head);
      if (up === head) return abs;
      tail.unshift(basename(head));
      head = up;
    }
  }
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Why a path is never replaced whatever it holds (project root, working folder or one of their ancestors), or null. */
function protectedReason(target: string): string | null {
  const root = realOrSelf(PROJECT_ROOT);
  const cwd = realOrSelf(process.cwd());
  if (target === root) return "the project root, which is never replaced";
  if (target === cwd) return "the working folder, which is never replaced";
  if (isWithin(root, target)) return `a folder that contains the project (${root}), which is never replaced`;
  if (isWithin(cwd, target)) return `a folder that contains the working folder (${cwd}), which is never replaced`;
  return null;
}

/** A name for what is at a path that is not what the writer replaces. */
function describeEntry(path: string, st: Stats): string {
  if (st.isSymbolicLink()) {
    let to = "";
    try {
      to = ` to ${readlinkSync(path)}`;
    } catch {
      // the link's target stays unnamed
    }
    return `a symbolic link${to}`;
  }
  if (st.isFile()) return "a regular file";
  if (st.isDirectory()) return "a folder";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  return "something that is neither a file nor a folder";
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/** Reads and checks a marker file: the marker, null when there is none, or why it proves nothing. */
function readMarker(path: string): OutputMarker | string | null {
  const st = lstatOrNull(path);
  if (st === null) return null;
  if (!st.isFile()) return `${basename(path)} is ${describeEntry(path, st)}`;
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return `${basename(path)} is not valid JSON`;
  }
  const marker = m as Partial<OutputMarker> | null;
  const files = marker?.files;
  if (marker?.tool !== OUTPUT_TOOL || marker.format !== 1 || files === null || typeof files !== "object" || Object.values(files).some((h) => typeof h !== "string")) {
    return `${basename(path)} is not a marker of ${OUTPUT_TOOL}`;
  }
  return marker as OutputMarker;
}

/**
 * The {@link OUTPUT_MARKER} marker of the output folder `dir` (who wrote it, which files, their
 * SHA-256), or null when it has none or one that is not a valid marker of this tool. Says nothing
 * about whether the files still match: {@link assertReplaceableOutput} checks that.
 */
export function readOutputMarker(dir: string): OutputMarker | null {
  const marker = readMarker(join(dir, OUTPUT_MARKER));
  return typeof marker === "string" ? null : marker;
}

/** Null when `path` is a regular file whose bytes hash to `hash`; otherwise why not. */
function changedReason(path: string, name: string, hash: string): string | null {
  const st = lstatOrNull(path);
  if (st === null) return null; // removed since: nothing of anyone's to lose
  if (!st.isFile()) return `${quoteValue(name)} is now ${describeEntry(path, st)}`;
  return sha256Hex(readFileSync(path)) === hash ? null : `${quoteValue(name)} changed since this tool wrote it`;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 3).map(quoteValue).join(", ");
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

function folderReason(dir: string): string | null {
  const entries = readdirSync(dir);
  if (entries.length === 0) return null;
  const marker = readMarker(join(dir, OUTPUT_MARKER));
  if (marker === null) {
    if (entries.includes("manifest.json")) {
      return `a folder with manifest.json but no ${OUTPUT_MARKER} (an output of an older version? check it, delete it and rerun, or choose another folder)`;
    }
    const n = entries.length;
    return `a folder holding ${n} ${n === 1 ? "entry" : "entries"} this tool did not write: ${listNames(entries.sort())}`;
  }
  if (typeof marker === "string") return `a folder whose marker proves nothing: ${marker}`;
  const { files } = marker;
  const foreign = entries.filter((e) => e !== OUTPUT_MARKER && !Object.hasOwn(files, e)).sort();
  if (foreign.length > 0) {
    return `a previous output folder with ${foreign.length} ${foreign.length === 1 ? "entry" : "entries"} this tool did not write: ${listNames(foreign)}`;
  }
  for (const name of entries.filter((e) => e !== OUTPUT_MARKER).sort()) {
    const why = changedReason(join(dir, name), name, files[name]!);
    if (why !== null) return `a previous output folder whose ${why}`;
  }
  return null;
}

function fileReason(path: string): string | null {
  const marker = fileMarkerPath(path);
  const found = readMarker(marker);
  const name = basename(path);
  if (found === null) return `an existing file without the marker ${basename(marker)} beside it, so not written by this tool`;
  if (typeof found === "string") return `a file whose marker proves nothing: ${found}`;
  const hash = found.files[name];
  if (hash === undefined) return `a file that its marker ${basename(marker)} does not list`;
  return changedReason(path, name, hash);
}

/** Why `path` must not be replaced, or null when it may be. */
function unsafeReason(path: string, kind: OutputKind): string | null {
  const target = canonicalParent(path);
  const guarded = protectedReason(target);
  if (guarded !== null) return guarded;
  const st = lstatOrNull(path);
  if (st === null) {
    const found = kind === "file" ? readMarker(fileMarkerPath(path)) : null;
    return typeof found === "string" ? `an absent file whose marker path holds something else: ${found}` : null;
  }
  if (kind === "folder") return st.isDirectory() ? folderReason(path) : describeEntry(path, st);
  return st.isFile() ? fileReason(path) : describeEntry(path, st);
}

/**
 * The one rule every writer of this tool follows before it replaces anything: never destroy what
 * this tool did not write. Throws an {@link InputError} naming the path and why, in one line, unless
 * `path` may be replaced:
 *
 * - kind `"folder"` (default): the path is absent, an empty folder, or a previous output folder: it
 *   holds a {@link OUTPUT_MARKER} marker of this tool and, besides it, only files the marker lists,
 *   each with the SHA-256 recorded there (a file edited since is the user's work);
 * - kind `"file"`: the path is absent, or a regular file whose marker beside it
 *   ({@link fileMarkerPath}) lists it with the SHA-256 of its current bytes.
 *
 * A regular file, a symlink, a device, a FIFO or a socket where a folder is expected (and a folder,
 * symlink or device where a file is) is refused. Whatever its content, the project root, the working
 * folder and any folder containing either are refused (belt and braces). Only the last path
 * component is checked for being a link; its ancestors are resolved through links for the comparison.
 * Used by {@link writeOutputDir} and {@link writeOutputFile} at write time; CLIs also call it while
 * parsing their flags, so a bad target fails before any work is done.
 */
export function assertReplaceableOutput(path: string, options: ReplaceableOptions = {}): void {
  const kind = options.kind ?? "folder";
  let why: string | null;
  try {
    why = unsafeReason(path, kind);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== "string") throw err;
    why = code === "ENOTDIR" ? "a path below something that is not a folder" : `a path that cannot be inspected (${code})`;
  }
  if (why === null) return;
  const expected = kind === "folder" ? "a folder that is absent, empty or a previous output of this tool" : "a file that is absent or a previous output of this tool";
  throw new InputError({ file: resolve(path), ...(options.key === undefined ? {} : { key: options.key }) }, expected, why);
}
