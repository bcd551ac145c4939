import { join } from "node:path";

/**
 * Where things live in a registry folder `dir`:
 *
 * - `versions/000001/`, `versions/000002/`, …: one folder per version, the number zero-padded to
 *   {@link VERSION_DIGITS} digits so that a plain `ls` lists them in order (version 1,000,000 and
 *   later simply get more digits: `1000000`); each holds the payload files and {@link VERSION_FILE};
 * - `versions/.tmp-*`: a registration being written (or left by a killed one); never a version;
 * - {@link AUDIT_FILE}: the append-only alias log, the only record of aliases;
 * - {@link LOCK_FILE}: present while an alias move is under way.
 */
export const VERSIONS_DIR = "versions";

/** The record every version folder holds: format, number, creation time, file hashes, metadata. */
export const VERSION_FILE = "version.json";

/** The alias audit log: one JSON line per alias move. */
export const AUDIT_FILE = "audit.jsonl";

/** The lock file that serialises alias moves between processes. */
export const LOCK_FILE = ".lock";

/** Digits of a version folder name (`000042`); larger numbers use as many digits as they need. */
export const VERSION_DIGITS = 6;

/** Prefix of the temporary folder a registration writes before it claims its number. */
export const TEMP_PREFIX = ".tmp-";

/** A payload file name: a letter, digit, `_` or `-`, then up to 127 of those or `.` (no separators, not hidden). */
export const PAYLOAD_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** The folder name of version `n` (`versionFolderName(3)` → `"000003"`). */
export function versionFolderName(n: number): string {
  return String(n).padStart(VERSION_DIGITS, "0");
}

/** The version number a folder name stands for, or null when it is not the canonical name of a version (`"3"`, `"0000003"`, `"000000"`). */
export function parseVersionFolderName(name: string): number | null {
  if (!/^\d+$/.test(name)) return null;
  const n = Number(name);
  return Number.isSafeInteger(n) && n >= 1 && versionFolderName(n) === name ? n : null;
}

/** The folder of all versions of registry `dir`. */
export function versionsPath(dir: string): string {
  return join(dir, VERSIONS_DIR);
}

/** The folder of version `n` of registry `dir`. */
export function versionPath(dir: string, n: number): string {
  return join(dir, VERSIONS_DIR, versionFolderName(n));
}

/** The alias audit log of registry `dir`. */
export function auditPath(dir: string): string {
  return join(dir, AUDIT_FILE);
}

/** The lock file of registry `dir`. */
export function lockPath(dir: string): string {
  return join(dir, LOCK_FILE);
}
