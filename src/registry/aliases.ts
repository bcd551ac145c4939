import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import { InputError } from "../util/errors.js";
import { aliasMoves, aliasVersionAt, assertAliasName, assertReason, auditLineText, knownAliasesText, parseAuditLog, planPromotion, planRollback, replayAliases, type AuditEntry, type AuditRecord } from "./auditLog.js";
import { auditPath, lockPath } from "./layout.js";
import { withFileLock, type LockOptions } from "./lock.js";
import { readVersionInfo } from "./versions.js";

/**
 * Aliases of a file-based registry, after MLflow's registered-model aliases (`champion`,
 * `challenger`): movable names for immutable versions. Every move is appended to `audit.jsonl`
 * under a lock, and every question (current target, history, target on a past date) is answered by
 * replaying that log with the pure functions of `auditLog.ts`. There is no `aliases.json`: a second
 * file of current aliases could disagree with the log after a crash between the two writes, and
 * reading and replaying the log is cheap (about 7 µs a line: a thousand moves in under 10 ms).
 */

/** Options of {@link promote} and {@link rollback}: the time recorded for the move (default now) and the lock's timings. */
export interface MoveOptions {
  readonly now?: Date;
  readonly lock?: LockOptions;
}

/** The audit log of registry `dir`, parsed and checked (see `parseAuditLog`); empty when there is none yet. */
export function readAuditLog(dir: string): AuditRecord[] {
  const file = resolve(auditPath(dir));
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    throw new InputError({ file }, "a readable alias audit log", code ?? String(err));
  }
  return parseAuditLog(text, file);
}

/** Every alias of registry `dir` with the version it names now, sorted by alias (an empty map before the first promotion). */
export function listAliases(dir: string): Map<string, number> {
  return replayAliases(readAuditLog(dir));
}

function unknownAlias(dir: string, entries: readonly AuditRecord[], alias: string): InputError {
  return new InputError({ file: resolve(auditPath(dir)) }, `an alias that names a version (${knownAliasesText(entries)})`, `alias ${JSON.stringify(alias)}`);
}

/**
 * The version `alias` names now in registry `dir`. Throws an {@link InputError} naming the audit log
 * and the known aliases for an alias that names nothing (never promoted, or removed by rollback), or
 * for an invalid alias name.
 */
export function resolveAlias(dir: string, alias: string): number {
  assertAliasName(alias, { key: "alias" });
  const entries = readAuditLog(dir);
  const version = replayAliases(entries).get(alias);
  if (version === undefined) throw unknownAlias(dir, entries, alias);
  return version;
}

/**
 * The moves of `alias` in registry `dir`, oldest first, each with its line in `audit.jsonl`. Throws
 * an {@link InputError} for an alias that never moved (likely a typo), naming the known ones.
 */
export function aliasHistory(dir: string, alias: string): AuditRecord[] {
  assertAliasName(alias, { key: "alias" });
  return knownMoves(dir, readAuditLog(dir), alias);
}

function knownMoves(dir: string, entries: readonly AuditRecord[], alias: string): AuditRecord[] {
  const moves = aliasMoves(entries, alias);
  if (moves.length === 0) throw unknownAlias(dir, entries, alias);
  return moves;
}

/**
 * The version `alias` named at instant `at` (replaying the log up to and including `at`), or null
 * when it named none then (before its first promotion, or while removed). Throws an
 * {@link InputError} for an alias that never moved at all.
 */
export function aliasAt(dir: string, alias: string, at: Date): number | null {
  if (Number.isNaN(at.getTime())) throw new InputError({ key: "at" }, "a valid date", "an invalid Date");
  assertAliasName(alias, { key: "alias" });
  return aliasVersionAt(knownMoves(dir, readAuditLog(dir), alias), alias, at);
}

/** Appends one line with a single `write` to a file opened for appending (`O_APPEND`), then flushes it. */
function appendLine(file: string, line: string): void {
  const bytes = Buffer.from(line, "utf8");
  const fd = openSync(file, "a");
  try {
    const written = writeSync(fd, bytes);
    if (written !== bytes.length) throw new Error(`short write to ${file}: ${written} of ${bytes.length} bytes (the last line is torn and will be reported on the next read)`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Plans the move once without the lock (so a refused move fails fast and leaves no lock file, even
 * in a registry folder that does not exist), then, under the registry lock, reads the log again,
 * plans the move with it and appends it.
 */
function move(dir: string, plan: (entries: readonly AuditRecord[], file: string) => AuditEntry, options: MoveOptions): AuditEntry {
  const file = resolve(auditPath(dir));
  plan(readAuditLog(dir), file);
  return withFileLock(
    lockPath(dir),
    () => {
      const entry = plan(readAuditLog(dir), file);
      appendLine(file, auditLineText(entry));
      return entry;
    },
    options.lock,
  );
}

/**
 * Points `alias` at `version` in registry `dir` and records the move, with its non-empty `reason`,
 * in the audit log; returns the entry written. The version must exist (its record is read and
 * checked); the alias name must match `[a-z][a-z0-9_-]{0,63}`; promoting an alias to the version it
 * already names is refused. Runs under the registry lock, so two concurrent moves cannot both read
 * the same state. Throws an {@link InputError} naming the file and what was expected otherwise.
 */
export function promote(dir: string, version: number, alias: string, reason: string, options: MoveOptions = {}): AuditEntry {
  assertAliasName(alias, { key: "alias" });
  assertReason(reason, { key: "reason" });
  if (!Number.isSafeInteger(version) || version < 1) throw new InputError({ key: "version" }, "a version number (a whole number >= 1)", String(version));
  readVersionInfo(dir, version);
  return move(dir, (entries, file) => planPromotion(entries, alias, version, reason, { file, at: options.now ?? new Date() }), options);
}

/**
 * Moves `alias` back to the version it named before its latest move and records it (action
 * `rollback`); returns the entry written. A second rollback undoes the first; rolling back an
 * alias's first promotion removes the alias. `reason` defaults to "rollback". Throws an
 * {@link InputError} for an alias that never moved, or when the version to return to is gone.
 */
export function rollback(dir: string, alias: string, reason = "rollback", options: MoveOptions = {}): AuditEntry {
  assertAliasName(alias, { key: "alias" });
  assertReason(reason, { key: "reason" });
  return move(
    dir,
    (entries, file) => {
      const entry = planRollback(entries, alias, reason, { file, at: options.now ?? new Date() });
      if (entry.to !== null) readVersionInfo(dir, entry.to);
      return entry;
    },
    options,
  );
}
