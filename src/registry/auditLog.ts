import { obj, oneOf, str } from "../config/schema.js";
import { InputError, type InputLocation } from "../util/errors.js";
import { checkJson, isoTime, matching, parseJsonText, versionNumber } from "./json.js";

/**
 * The alias audit log, as pure functions over parsed entries (the file I/O is in `aliases.ts`).
 *
 * Like MLflow's registered-model aliases (`@champion`, which replaced stages in MLflow 2.9), an alias
 * is a movable name for one immutable version. MLflow keeps only an alias's current target; here
 * every move is one line of an append-only log, and the current aliases, an alias's history and
 * "which version did `champion` name on date D" are all computed by replaying it. The log is the
 * only truth: there is no second file of current aliases that could disagree with it after a crash.
 */

/** What moved an alias: a promotion to a chosen version, or a rollback that undoes the alias's latest move. */
export type AliasAction = "promote" | "rollback";

/**
 * One alias move, one line of the log: when (canonical UTC ISO time), which alias, the version it
 * named before (`null`: none) and after (`null`: none, i.e. the alias was removed, as when the
 * first promotion of an alias is rolled back), why, and what kind of move.
 */
export interface AuditEntry {
  readonly at: string;
  readonly alias: string;
  readonly from: number | null;
  readonly to: number | null;
  readonly reason: string;
  readonly action: AliasAction;
}

/** An entry as read from the log, with its 1-based line number. */
export interface AuditRecord extends AuditEntry {
  readonly line: number;
}

/** Alias names: a lowercase letter, then up to 63 lowercase letters, digits, `_` or `-` (`champion`, `challenger-2`). */
export const ALIAS_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

const ALIAS_EXPECTED = "an alias name: a lowercase letter, then up to 63 lowercase letters, digits, _ or -";

const ENTRY_SPEC = obj({
  at: isoTime(),
  alias: matching(ALIAS_PATTERN, ALIAS_EXPECTED),
  from: versionNumber(true),
  to: versionNumber(true),
  reason: str(),
  action: oneOf(["promote", "rollback"] as const),
});

function versionText(v: number | null): string {
  return v === null ? "no version (null)" : `version ${v}`;
}

/** Throws an {@link InputError} at `location` unless `alias` is a valid alias name ({@link ALIAS_PATTERN}). */
export function assertAliasName(alias: string, location: InputLocation): void {
  if (!ALIAS_PATTERN.test(alias)) throw new InputError(location, ALIAS_EXPECTED, JSON.stringify(alias));
}

/** Throws an {@link InputError} at `location` unless `reason` has a non-blank character. */
export function assertReason(reason: string, location: InputLocation): void {
  if (reason.trim() === "") throw new InputError(location, "a non-empty reason for the move", JSON.stringify(reason));
}

/**
 * Parses the text of the audit log `file` (JSON Lines) into its entries, checking every line: valid
 * JSON with exactly the keys of {@link AuditEntry}; times in canonical UTC form and never earlier
 * than the line before; `to` differing from `from`; and `from` equal to where the earlier lines left
 * the alias (so a line edited or lost by hand is caught on the next read). The text must end with a
 * newline (a last line without one is a torn write). Throws an {@link InputError} naming the file,
 * the line, the key, what was expected and what was found. An empty text is an empty log.
 */
export function parseAuditLog(text: string, file: string): AuditRecord[] {
  if (text === "") return [];
  const lines = text.split("\n");
  const out: AuditRecord[] = [];
  const last = new Map<string, AuditRecord>();
  if (lines[lines.length - 1] !== "") {
    throw new InputError({ file, line: lines.length }, "every line to end with a newline", "a last line without one (a write cut short?)");
  }
  for (let i = 0; i < lines.length - 1; i++) {
    const line = i + 1;
    const entry = checkJson(ENTRY_SPEC, parseJsonText(lines[i]!, file, line), file, line);
    const before = out[out.length - 1];
    if (before !== undefined && entry.at < before.at) throw new InputError({ file, line, key: "at" }, `a time at or after line ${before.line}'s ${before.at}`, JSON.stringify(entry.at));
    const previous = last.get(entry.alias);
    const current = previous?.to ?? null;
    if (entry.from !== current) {
      const where = previous === undefined ? `no version, since alias "${entry.alias}" first appears here` : `${versionText(current)}, where line ${previous.line} left alias "${entry.alias}"`;
      throw new InputError({ file, line, key: "from" }, where, versionText(entry.from));
    }
    if (entry.to === entry.from) throw new InputError({ file, line, key: "to" }, `a version other than "from" (${versionText(entry.from)})`, versionText(entry.to));
    const record: AuditRecord = { ...entry, line };
    out.push(record);
    last.set(entry.alias, record);
  }
  return out;
}

/** The log line of an entry: JSON with the keys in a fixed order, one trailing newline (a reason's own newlines are escaped). */
export function auditLineText(entry: AuditEntry): string {
  const { at, alias, from, to, reason, action } = entry;
  return `${JSON.stringify({ at, alias, from, to, reason, action })}\n`;
}

/**
 * Replays the entries (in log order) and returns every alias's current version, sorted by alias
 * name; with `until`, only the entries at or before that instant count. An alias whose last move
 * set it to null is absent.
 */
export function replayAliases(entries: readonly AuditEntry[], until?: Date): Map<string, number> {
  const limit = until?.toISOString();
  const state = new Map<string, number | null>();
  for (const e of entries) {
    if (limit !== undefined && e.at > limit) break;
    state.set(e.alias, e.to);
  }
  const out = new Map<string, number>();
  for (const alias of [...state.keys()].sort()) {
    const v = state.get(alias)!;
    if (v !== null) out.set(alias, v);
  }
  return out;
}

/** The entries that moved `alias`, in log order (empty when it never moved). */
export function aliasMoves<T extends AuditEntry>(entries: readonly T[], alias: string): T[] {
  return entries.filter((e) => e.alias === alias);
}

/**
 * The version `alias` named at instant `at`: the `to` of its last move at or before `at`, or null
 * when it had not moved yet (or had been removed). Entries are in log order, which the parser
 * guarantees is time order; a move at exactly `at` counts.
 */
export function aliasVersionAt(entries: readonly AuditEntry[], alias: string, at: Date): number | null {
  return replayAliases(aliasMoves(entries, alias), at).get(alias) ?? null;
}

/** Options of {@link planPromotion} and {@link planRollback}: the log file (for messages) and the time of the move. */
export interface PlanOptions {
  readonly file: string;
  readonly at: Date;
}

/** Throws unless a move at `at` keeps the log in time order. */
function assertAfterLog(entries: readonly AuditRecord[], options: PlanOptions): string {
  const at = options.at.toISOString();
  const last = entries[entries.length - 1];
  if (last !== undefined && at < last.at) {
    throw new InputError({ file: options.file, line: last.line, key: "at" }, `a move at or after the log's last entry (${last.at}); is the clock behind?`, `a move at ${at}`);
  }
  return at;
}

/**
 * The entry that promotes `alias` to `version` (which the caller has checked exists), given the log
 * so far. Throws an {@link InputError} for a bad alias name, a blank reason, a version the alias
 * already names, or a time before the log's last entry.
 */
export function planPromotion(entries: readonly AuditRecord[], alias: string, version: number, reason: string, options: PlanOptions): AuditEntry {
  assertAliasName(alias, { key: "alias" });
  assertReason(reason, { key: "reason" });
  const at = assertAfterLog(entries, options);
  const from = replayAliases(entries).get(alias) ?? null;
  if (from === version) throw new InputError({ file: options.file }, `a version other than the one alias "${alias}" names now`, `version ${version}`);
  return { at, alias, from, to: version, reason, action: "promote" };
}

/**
 * The entry that rolls `alias` back: it undoes the alias's latest move, so the alias returns to the
 * version it named before that move (a second rollback therefore undoes the first; rolling back
 * the alias's first promotion removes it, `to: null`). Throws an {@link InputError} for an alias
 * that never moved, a blank reason, or a time before the log's last entry.
 */
export function planRollback(entries: readonly AuditRecord[], alias: string, reason: string, options: PlanOptions): AuditEntry {
  assertAliasName(alias, { key: "alias" });
  assertReason(reason, { key: "reason" });
  const at = assertAfterLog(entries, options);
  const moves = aliasMoves(entries, alias);
  const latest = moves[moves.length - 1];
  if (latest === undefined) throw new InputError({ file: options.file }, `an alias with a move to undo (${knownAliasesText(entries)})`, `alias "${alias}", which never moved`);
  return { at, alias, from: latest.to, to: latest.from, reason, action: "rollback" };
}

/** "known aliases: a, b" or "no alias has moved yet", for error messages. */
export function knownAliasesText(entries: readonly AuditEntry[]): string {
  const names = [...new Set(entries.map((e) => e.alias))].sort();
  return names.length === 0 ? "no alias has moved yet" : `known aliases: ${names.join(", ")}`;
}
