import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { sha256Hex } from "../io/safeTarget.js";
import { InputError, quoteValue } from "../util/errors.js";
import { jsonProblem, type JsonObject } from "./json.js";
import { parseVersionFolderName, TEMP_PREFIX, VERSION_DIGITS, VERSION_FILE, versionPath, versionsPath } from "./layout.js";
import { isPayloadName, parseVersionRecord, payloadDigest, VERSION_FORMAT, versionRecordText, type VersionRecord } from "./record.js";

/**
 * Immutable, numbered versions of a file-based registry (after MLflow's model versions: numbered
 * 1, 2, 3 … per registry, never changed once written). A version is a set of named payload files
 * plus caller metadata, kept in `versions/<000n>/` with a `version.json` that records each file's
 * SHA-256; see `layout.ts` for the folder layout. Knows nothing of what the payload means.
 */

/** A version as its `version.json` describes it, without reading the payload: see {@link listVersions}. */
export interface VersionInfo {
  readonly version: number;
  /** Absolute path of the version folder. */
  readonly path: string;
  readonly createdAt: string;
  /** The payload digest ({@link payloadDigest}): equal for equal payloads. */
  readonly sha256: string;
  /** Payload file name → SHA-256 (hex). */
  readonly files: Readonly<Record<string, string>>;
  readonly metadata: JsonObject;
}

/** A version with its payload read and verified: see {@link loadVersion}. */
export interface LoadedVersion extends Omit<VersionInfo, "files"> {
  /** Payload file name → bytes. */
  readonly files: Readonly<Record<string, Uint8Array>>;
  /** Payload file name → SHA-256 (hex), as recorded and verified. */
  readonly hashes: Readonly<Record<string, string>>;
}

/** What {@link registerVersion} returns: the number it claimed, the folder and the payload digest. */
export interface RegisteredVersion {
  readonly version: number;
  readonly path: string;
  readonly sha256: string;
}

/** Options of {@link registerVersion}. */
export interface RegisterOptions {
  /** The registration time recorded as `createdAt` (default: now). */
  readonly now?: Date;
  /**
   * Called once per attempt, after the temporary folder is completely written and just before the
   * rename that claims `version`: a hook for tests (to interleave a competing registration, or to
   * fail or be killed at the last moment). Throwing from it abandons the registration cleanly.
   */
  readonly beforeCommit?: (version: number) => void;
}

/** How many numbers a registration tries before giving up (each failure means another process took that number). */
const MAX_CLAIMS = 1000;

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** Writes a new file and flushes it to disk, so a renamed folder never holds a file the kernel has not stored. */
function writeDurable(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, "wx");
  try {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncFolder(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** "1, 2, 3" (at most ten, then "… and N more") or "none", for error messages. */
function numbersText(numbers: readonly number[]): string {
  if (numbers.length === 0) return "none";
  const shown = numbers.slice(0, 10).join(", ");
  return numbers.length > 10 ? `${shown} … and ${numbers.length - 10} more, up to ${numbers[numbers.length - 1]}` : shown;
}

/**
 * The version numbers of registry `dir`, ascending; empty when the registry (or its `versions/`
 * folder) does not exist. Hidden entries (`.tmp-*`, a registration under way or killed) are skipped;
 * any other entry that is not a version folder name throws an {@link InputError} naming it.
 */
export function listVersionNumbers(dir: string): number[] {
  const root = versionsPath(dir);
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (err) {
    if (errorCode(err) === "ENOENT") return [];
    throw err;
  }
  const out: number[] = [];
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const n = parseVersionFolderName(name);
    if (n === null) throw new InputError({ file: join(root, name) }, `a version folder named with ${VERSION_DIGITS} digits (000001, 000002, …) or a hidden temporary folder`, quoteValue(name));
    out.push(n);
  }
  return out.sort((a, b) => a - b);
}

/** Reads and checks the `version.json` of version `version`; an {@link InputError} naming the folder when the version does not exist. */
function readRecord(dir: string, version: number): VersionRecord {
  const folder = versionPath(dir, version);
  const file = join(folder, VERSION_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = errorCode(err);
    if (code === "ENOENT") {
      const numbers = listVersionNumbers(dir);
      if (numbers.includes(version)) throw new InputError({ file: resolve(file) }, `the record of version ${version}`, "no such file");
      throw new InputError({ file: resolve(folder) }, `an existing version (registered: ${numbersText(numbers)})`, `no version ${version}`);
    }
    throw new InputError({ file: resolve(file) }, "a readable version record", code ?? String(err));
  }
  return parseVersionRecord(text, resolve(file), version);
}

function infoOf(dir: string, record: VersionRecord): VersionInfo {
  return { version: record.version, path: resolve(versionPath(dir, record.version)), createdAt: record.createdAt, sha256: payloadDigest(record.files), files: record.files, metadata: record.metadata };
}

/**
 * Version `version` of registry `dir` as its `version.json` records it (number, time, file
 * hashes, metadata), without reading or verifying the payload; use {@link loadVersion} for that.
 * Throws an {@link InputError} naming the folder for a version that does not exist, or naming the
 * file, line or key for a corrupt record.
 */
export function readVersionInfo(dir: string, version: number): VersionInfo {
  return infoOf(dir, readRecord(dir, version));
}

/** Every version of registry `dir`, ascending, from their records (payloads are not read); empty for a registry that does not exist yet. */
export function listVersions(dir: string): VersionInfo[] {
  return listVersionNumbers(dir).map((n) => readVersionInfo(dir, n));
}

function checkPayload(files: Readonly<Record<string, string | Uint8Array>>, metadata: object): void {
  const names = Object.keys(files);
  if (names.length === 0) throw new RangeError("registerVersion: a version needs at least one payload file, got none");
  for (const name of names) {
    if (!isPayloadName(name)) throw new RangeError(`registerVersion: payload file names must be plain (letters, digits, . _ -, not hidden, not ${VERSION_FILE}), got ${JSON.stringify(name)}`);
  }
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) throw new TypeError(`registerVersion: metadata must be a JSON object, got ${Array.isArray(metadata) ? "an array" : String(metadata)}`);
  const problem = jsonProblem(metadata, ["metadata"]);
  if (problem !== null) throw new TypeError(`registerVersion: metadata must be plain JSON: ${problem}`);
}

/**
 * Registers a new version of registry `dir` (created if needed): the payload `files` (name → text
 * or bytes; plain names, at least one) and `metadata` (a JSON object, stored as given) get the next
 * number. Identical content registered twice gets two versions; nothing is ever overwritten.
 *
 * Atomic and safe under concurrency without a lock: everything is written (and fsync'ed) into a
 * temporary folder `versions/.tmp-*`, whose `version.json` carries the candidate number n = highest
 * + 1, and the folder is then renamed to `versions/<n>`. The rename claims n exclusively (renaming
 * onto a non-empty folder fails), so when another process took n first, the record is rewritten for
 * n + 1 and the rename retried. A failed or killed registration never leaves a `versions/<n>`; a
 * killed one may leave its hidden temporary folder, which every reader ignores (delete it at leisure).
 * Throws a `RangeError` / `TypeError` for bad file names or non-JSON metadata (NaN, undefined,
 * class instances: the key path is named), before anything is written.
 */
export function registerVersion(dir: string, files: Readonly<Record<string, string | Uint8Array>>, metadata: object, options: RegisterOptions = {}): RegisteredVersion {
  checkPayload(files, metadata);
  const root = versionsPath(dir);
  mkdirSync(root, { recursive: true });
  const tmp = join(root, `${TEMP_PREFIX}${process.pid}-${randomBytes(6).toString("hex")}`);
  mkdirSync(tmp);
  try {
    const hashes: Record<string, string> = {};
    for (const name of Object.keys(files).sort()) {
      const content = files[name]!;
      writeDurable(join(tmp, name), content);
      hashes[name] = sha256Hex(content);
    }
    const createdAt = (options.now ?? new Date()).toISOString();
    const numbers = listVersionNumbers(dir);
    let version = (numbers[numbers.length - 1] ?? 0) + 1;
    for (let attempt = 0; ; attempt++) {
      const record: VersionRecord = { format: VERSION_FORMAT, version, createdAt, files: hashes, metadata: metadata as JsonObject };
      rmSync(join(tmp, VERSION_FILE), { force: true });
      writeDurable(join(tmp, VERSION_FILE), versionRecordText(record));
      options.beforeCommit?.(version);
      try {
        renameSync(tmp, versionPath(dir, version));
        fsyncFolder(root);
        return { version, path: resolve(versionPath(dir, version)), sha256: payloadDigest(hashes) };
      } catch (err) {
        const code = errorCode(err);
        if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt + 1 >= MAX_CLAIMS) throw err;
        version++;
      }
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Reads version `version` of registry `dir` and verifies it: every file `version.json` lists is
 * present, a regular file, and has the recorded SHA-256, and the folder holds nothing else. Throws
 * an {@link InputError} naming the offending file (modified, missing, extra, or not a regular file),
 * the folder of a version that does not exist, or the record's file, line and key when it is corrupt.
 */
export function loadVersionNumber(dir: string, version: number): LoadedVersion {
  const info = readVersionInfo(dir, version);
  const folder = versionPath(dir, version);
  const listed = Object.keys(info.files).sort();
  for (const name of readdirSync(folder).sort()) {
    if (name !== VERSION_FILE && info.files[name] === undefined) {
      throw new InputError({ file: resolve(folder, name) }, `only the files listed in ${VERSION_FILE} (${listed.join(", ")})`, "an extra file, which a version never gains after it is registered");
    }
  }
  const files: Record<string, Buffer> = {};
  for (const name of listed) {
    const file = resolve(folder, name);
    let bytes: Buffer;
    try {
      const st = lstatSync(file);
      if (!st.isFile()) throw new InputError({ file }, `the regular file listed in ${VERSION_FILE}`, st.isDirectory() ? "a folder" : st.isSymbolicLink() ? "a symbolic link" : "not a regular file");
      bytes = readFileSync(file);
    } catch (err) {
      if (errorCode(err) !== "ENOENT") throw err;
      throw new InputError({ file }, `the file listed in ${VERSION_FILE} with SHA-256 ${info.files[name]}`, "no such file (it was deleted)");
    }
    const actual = sha256Hex(bytes);
    if (actual !== info.files[name]) throw new InputError({ file }, `SHA-256 ${info.files[name]} as recorded in ${VERSION_FILE}`, `SHA-256 ${actual} (the file was modified)`);
    files[name] = bytes;
  }
  return { ...info, files, hashes: info.files };
}
