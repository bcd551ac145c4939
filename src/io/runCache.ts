/**
 * The run cache: finished pipeline runs on disk, so that the notebooks (and `npm run report`,
 * which fills it) pay for at most one run per config, input and code version. An entry is the
 * folder `<cache>/<key>/` holding `result.v8` (the `PipelineResult`, `node:v8`-serialised: typed
 * arrays, Maps and plain objects survive exactly) and the output marker that records its SHA-256.
 * Nothing is ever invalidated by hand: a changed config, input file or library source gives
 * another key, and the least recently used entries beyond {@link RUN_CACHE_MAX_ENTRIES} are
 * deleted.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Config } from "../config/config.js";
import type { PipelineResult } from "../pipeline/run.js";
import { libraryModules, listTreeFiles, LIBRARY_LAYOUT, type LibraryLayout } from "./libraryBuild.js";
import { SYNTHETIC_SOURCE } from "./loadSource.js";
import { writeOutputDir } from "./outputDir.js";
import { fromRoot } from "./paths.js";
import { fileSha256 } from "./provenance.js";
import { assertReplaceableOutput, readOutputMarker, sha256Hex } from "./safeTarget.js";

/** The environment variable that moves the cache (resolved from the project root; default `reports/cache`). */
export const CACHE_DIR_ENV = "CHURN_CACHE_DIR";
/** The writer named in an entry's marker; only folders with it are read or evicted. */
export const RUN_CACHE_WRITER = "run-cache";
/** The file of an entry that holds the serialised result. */
export const RUN_CACHE_FILE = "result.v8";
/**
 * Entries kept; a write deletes the least recently used beyond this. An entry is ~25 MB with
 * `configs/quick.yaml` and ~120 MB with the default config, and an edit of the library makes every
 * older entry unreachable, so a few are enough (one per config and source in use).
 */
export const RUN_CACHE_MAX_ENTRIES = 4;

/** Bumped when the entry format or the key's recipe changes, so old entries are never read. */
const KEY_FORMAT = 1;
const KEY_PATTERN = /^[0-9a-f]{64}$/;

/** The cache folder: `$CHURN_CACHE_DIR` resolved from the project root, or `reports/cache`. */
export function runCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const value = env[CACHE_DIR_ENV]?.trim();
  return value ? fromRoot(value) : fromRoot("reports", "cache");
}

/**
 * JSON with object keys sorted at every level (arrays keep their order), so equal values give
 * equal text whatever the order their keys were built in. `undefined` object members are left
 * out, as `JSON.stringify` does; throws on anything JSON cannot hold exactly (non-finite numbers,
 * functions, bigints, `undefined` in an array, class instances other than arrays).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`canonicalJson: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v: unknown) => canonicalJson(v)).join(",")}]`;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} has no canonical JSON form`);
}

/**
 * The version of the library's code: SHA-256 over the sorted paths and contents (each as path,
 * NUL, length, NUL, bytes) of its modules, the `.ts` files below `src/` reachable from the entry
 * points (`libraryModules`), then `package-lock.json` (the dependencies' versions) when present.
 * The sources are hashed from `tsx` and from `dist/` alike, so a run cached by `npm run report`
 * serves the notebooks; the built library runs only when it is not older than `src/`
 * (`assertFreshBuild`). Without `src/` (a shipped `dist/`), every `dist/src/**\/*.js` is hashed.
 */
export function libraryCodeVersion(layout: LibraryLayout = LIBRARY_LAYOUT, lockfile: string | null = fromRoot("package-lock.json")): string {
  const hash = createHash("sha256");
  const add = (label: string, bytes: Uint8Array): void => {
    hash.update(`${label}\0${bytes.length}\0`).update(bytes);
  };
  const sources = libraryModules(layout.src);
  const [dir, files] = sources.length > 0 ? [layout.src, sources] : [layout.distSrc, listTreeFiles(layout.distSrc, ".js")];
  if (files.length === 0) throw new Error(`libraryCodeVersion: no library files in ${layout.src} or ${layout.distSrc}`);
  for (const f of files) add(f, readFileSync(join(dir, f)));
  if (lockfile !== null) {
    try {
      add("package-lock.json", readFileSync(lockfile));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  return hash.digest("hex");
}

let processCodeVersion: string | undefined;

/** {@link libraryCodeVersion} of this checkout, computed once per process (edits after that need a new process: a kernel restart). */
export function codeVersion(): string {
  processCodeVersion ??= libraryCodeVersion();
  return processCodeVersion;
}

/** What identifies a run's input: `"synthetic"` (the config holds the rest), or `csv:<SHA-256 of the file's bytes>`. */
export function inputIdentity(config: Config): string {
  const source = config.data.source;
  return source === SYNTHETIC_SOURCE ? SYNTHETIC_SOURCE : `csv:${fileSha256(fromRoot(source))}`;
}

/**
 * The cache key of a run: SHA-256 (hex) of the canonical JSON of the key format, the validated
 * config without `compute`, `output`, `store`, `registry` and `serving` (worker count, progress
 * lines and where the serving half keeps its files do not change a result),
 * the {@link inputIdentity}, the code version and the V8 version (the serialisation format).
 */
export function runCacheKey(config: Config, code: string = codeVersion()): string {
  return sha256Hex(canonicalJson({ format: KEY_FORMAT, config: resultConfig(config), input: inputIdentity(config), code, v8: process.versions.v8 }));
}

/** The part of a config that can change a run's result: all of it except `compute`, `output`, `store`, `registry` and `serving`. */
export function resultConfig(config: Config): Omit<Config, "compute" | "output" | "store" | "registry" | "serving"> {
  const { compute: _compute, output: _output, store: _store, registry: _registry, serving: _serving, ...rest } = config;
  return rest;
}

function assertKey(key: string): void {
  if (!KEY_PATTERN.test(key)) throw new RangeError(`run cache: a key is 64 lowercase hex digits, got ${JSON.stringify(key)}`);
}

/**
 * The cached result under `key` in `cacheDir`, or null on a miss. An entry that is absent, not
 * written by the run cache, changed since (SHA-256 against its marker), unreadable or not
 * deserialisable is a miss, never an error. A hit marks the entry as recently used.
 */
export function readCachedRun(key: string, cacheDir: string = runCacheDir()): PipelineResult | null {
  assertKey(key);
  const dir = join(cacheDir, key);
  try {
    const marker = readOutputMarker(dir);
    const hash = marker?.writer === RUN_CACHE_WRITER ? marker.files[RUN_CACHE_FILE] : undefined;
    if (hash === undefined) return null;
    const file = join(dir, RUN_CACHE_FILE);
    const bytes = readFileSync(file);
    if (sha256Hex(bytes) !== hash) return null;
    const value: unknown = deserialize(bytes);
    if (value === null || typeof value !== "object" || !("evaluation" in value) || !("decisions" in value)) return null;
    markUsed(file);
    return value as PipelineResult;
  } catch {
    return null;
  }
}

/** Sets the modification time of an entry's file to now (its "last used" time); best effort (a read-only cache still serves hits). */
function markUsed(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // the entry keeps its older time: it may be evicted a little sooner
  }
}

/**
 * Stores `result` (without a scaled run's population generator) under `key` in `cacheDir` with `writeOutputDir` (writer `run-cache`: an entry
 * folder this tool did not write is refused with its `InputError`), then deletes the least
 * recently used entries beyond `maxEntries` ({@link pruneRunCache}). Throws on a failed write.
 */
export function writeCachedRun(key: string, result: PipelineResult, cacheDir: string = runCacheDir(), maxEntries: number = RUN_CACHE_MAX_ENTRIES): void {
  assertKey(key);
  // A scaled run's population is a generator (functions), not data: the cached run keeps its results without it.
  const cached = result.source?.population ? { ...result, source: { ...result.source, population: undefined } } : result;
  writeOutputDir(join(cacheDir, key), { [RUN_CACHE_FILE]: serialize(cached) }, { writer: RUN_CACHE_WRITER });
  pruneRunCache(cacheDir, maxEntries, key);
}

/**
 * The entries of `cacheDir` (folders named by a key whose marker names the run-cache writer),
 * most recently used first.
 */
export function listRunCache(cacheDir: string = runCacheDir()): string[] {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const used = (key: string): number => statSync(join(cacheDir, key, RUN_CACHE_FILE), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return names
    .filter((n) => KEY_PATTERN.test(n) && readOutputMarker(join(cacheDir, n))?.writer === RUN_CACHE_WRITER)
    .map((key) => ({ key, used: used(key) }))
    .sort((a, b) => b.used - a.used || (a.key < b.key ? -1 : 1))
    .map((e) => e.key);
}

/**
 * Deletes the least recently used entries of `cacheDir` beyond the `maxEntries` most recent
 * (never `keep`). Each is deleted only after `assertReplaceableOutput` has confirmed it is an
 * output of this tool, unchanged since; one that is not stays. Returns the deleted keys.
 */
export function pruneRunCache(cacheDir: string, maxEntries: number, keep?: string): string[] {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`pruneRunCache: maxEntries must be an integer >= 1, got ${maxEntries}`);
  const deleted: string[] = [];
  for (const key of listRunCache(cacheDir).filter((k) => k !== keep).slice(keep === undefined ? maxEntries : maxEntries - 1)) {
    const dir = join(cacheDir, key);
    try {
      assertReplaceableOutput(dir);
    } catch {
      continue;
    }
    rmSync(dir, { recursive: true, force: true });
    deleted.push(key);
  }
  return deleted;
}

/** The outcome of {@link cacheRun}. */
export interface CacheRunOutcome {
  readonly key: string;
  readonly stored: boolean;
  /** `cached as <key prefix>`, or `not cached (<why>)`. */
  readonly note: string;
}

/** How many hex digits of a key the notebooks and the report print. */
export const KEY_PREFIX_LENGTH = 12;

/**
 * Stores `result`, the run of `config`, under {@link runCacheKey} in `cacheDir`: the one call
 * with which `npm run report` fills the cache for the notebooks. Never throws for a failed write
 * (the run itself succeeded): the outcome says why it was not stored.
 */
export function cacheRun(config: Config, result: PipelineResult, cacheDir: string = runCacheDir()): CacheRunOutcome {
  const key = runCacheKey(config);
  try {
    writeCachedRun(key, result, cacheDir);
    return { key, stored: true, note: `cached as ${key.slice(0, KEY_PREFIX_LENGTH)}` };
  } catch (err) {
    return { key, stored: false, note: `not cached (${(err as Error).message})` };
  }
}
