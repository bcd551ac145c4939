import { InputError, type InputLocation } from "../util/errors.js";
import { resolveAlias } from "./aliases.js";
import { ALIAS_PATTERN } from "./auditLog.js";
import { loadVersionNumber, type LoadedVersion } from "./versions.js";

/** A reference to a version: its number, or an alias that names it (MLflow's `models:/name/3` and `models:/name@champion`). */
export type VersionRef = { readonly version: number } | { readonly alias: string };

/**
 * Parses a version reference as a person or a config writes it: a whole number >= 1 (`3`, `"3"`,
 * `"003"`) is a version number, an alias name (`champion`) an alias. Throws an {@link InputError}
 * at `location` (default: key "ref") for anything else. Pure: whether it exists is not checked.
 */
export function parseVersionRef(ref: number | string, location: InputLocation = { key: "ref" }): VersionRef {
  const n = typeof ref === "number" ? ref : /^\d+$/.test(ref) ? Number(ref) : NaN;
  if (Number.isSafeInteger(n) && n >= 1) return { version: n };
  if (typeof ref === "string" && ALIAS_PATTERN.test(ref)) return { alias: ref };
  throw new InputError(location, "a version number (a whole number >= 1) or an alias name (a lowercase letter, then lowercase letters, digits, _ or -)", typeof ref === "number" ? `number ${ref}` : JSON.stringify(ref));
}

/**
 * The version number `ref` stands for in registry `dir` (an alias is resolved through the audit log;
 * a number is returned as is, not checked). `location` names where a malformed `ref` came from.
 */
export function resolveVersionRef(dir: string, ref: number | string, location?: InputLocation): number {
  const parsed = parseVersionRef(ref, location);
  return "version" in parsed ? parsed.version : resolveAlias(dir, parsed.alias);
}

/**
 * Loads and verifies the version `ref` names in registry `dir` (a number, `"3"`, or an alias such as
 * `"champion"`): its payload bytes, their hashes, metadata and creation time. Every file's SHA-256
 * is checked against `version.json`; a modified, missing or extra file, a version that does not
 * exist, an unknown alias or a corrupt record throws an {@link InputError} naming the file.
 */
export function loadVersion(dir: string, ref: number | string): LoadedVersion {
  return loadVersionNumber(dir, resolveVersionRef(dir, ref));
}
