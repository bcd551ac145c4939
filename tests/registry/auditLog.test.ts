import { describe, expect, it } from "vitest";
import { aliasVersionAt, auditLineText, parseAuditLog, planPromotion, planRollback, replayAliases, type AuditEntry } from "../../src/registry/index.js";

const FILE = "/reg/audit.jsonl";

const moves: readonly AuditEntry[] = Object.freeze([
  { at: "2026-01-10T00:00:00.000Z", alias: "champion", from: null, to: 1, reason: "first model", action: "promote" },
  { at: "2026-02-10T00:00:00.000Z", alias: "challenger", from: null, to: 3, reason: "try gbm", action: "promote" },
  { at: "2026-03-10T00:00:00.000Z", alias: "champion", from: 1, to: 2, reason: "retrained", action: "promote" },
  { at: "2026-04-10T00:00:00.000Z", alias: "champion", from: 2, to: 1, reason: "auc dropped", action: "rollback" },
] as const);

const logText = moves.map(auditLineText).join("");

/** Matches a thrown {@link InputError} that has `fields` (its message, location, got, …). */
const inputError = (fields: Record<string, unknown>) => expect.objectContaining({ name: "InputError", ...fields });

/** The log with line `n` (1-based) replaced by `text`. */
function withLine(n: number, text: string): string {
  const lines = logText.split("\n");
  lines[n - 1] = text;
  return lines.join("\n");
}

describe("parseAuditLog", () => {
  it("reads back what auditLineText writes, with line numbers, and an empty text as an empty log", () => {
    const entries = parseAuditLog(logText, FILE);
    expect(entries.map(({ line, ...e }) => e)).toEqual(moves);
    expect(entries.map((e) => e.line)).toEqual([1, 2, 3, 4]);
    expect(parseAuditLog("", FILE)).toEqual([]);
  });

  it("keeps a reason with newlines and quotes on one line", () => {
    const entry: AuditEntry = { ...moves[0]!, reason: 'line one\nsaid "two"' };
    const text = auditLineText(entry);
    expect(text.split("\n")).toHaveLength(2);
    expect(parseAuditLog(text, FILE)[0]!.reason).toBe(entry.reason);
  });

  const bad: { name: string; text: string; line: number; key?: string; got: RegExp }[] = [
    { name: "not JSON", text: withLine(3, "{not json"), line: 3, got: /invalid JSON/ },
    { name: "an empty line", text: withLine(2, ""), line: 2, got: /empty text/ },
    { name: "an unknown action", text: withLine(3, auditLineText({ ...moves[2]!, action: "demote" as "promote" }).trimEnd()), line: 3, key: "action", got: /"demote"/ },
    { name: "a missing key", text: withLine(2, JSON.stringify({ at: moves[1]!.at, alias: "challenger", from: null, to: 3, action: "promote" })), line: 2, key: "reason", got: /missing key/ },
    { name: "an unknown key", text: withLine(2, JSON.stringify({ ...moves[1]!, who: "me" })), line: 2, key: "who", got: /unknown key/ },
    { name: "a bad alias name", text: withLine(2, JSON.stringify({ ...moves[1]!, alias: "Challenger" })), line: 2, key: "alias", got: /"Challenger"/ },
    { name: "a time not in canonical UTC form", text: withLine(1, JSON.stringify({ ...moves[0]!, at: "2026-01-10" })), line: 1, key: "at", got: /"2026-01-10"/ },
    { name: "a time before the line above", text: withLine(3, JSON.stringify({ ...moves[2]!, at: "2026-01-01T00:00:00.000Z" })), line: 3, key: "at", got: /2026-01-01/ },
    { name: "a from that is not where the log left the alias", text: withLine(3, JSON.stringify({ ...moves[2]!, from: 3 })), line: 3, key: "from", got: /version 3/ },
    { name: "a move to the version it came from", text: withLine(3, JSON.stringify({ ...moves[2]!, to: 1 })), line: 3, key: "to", got: /version 1/ },
    { name: "a last line without a newline (torn write)", text: `${logText}{"at":"2026-05`, line: 5, got: /without one/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}, naming the file, line and key`, () => {
      const location = { file: FILE, line: c.line, ...(c.key === undefined ? {} : { key: c.key }) };
      expect(() => parseAuditLog(c.text, FILE)).toThrow(inputError({ message: expect.stringMatching(/^\/reg\/audit\.jsonl:\d+/), location, got: expect.stringMatching(c.got) }));
    });
  }
});

describe("replaying the log", () => {
  it("gives the current aliases, and the state at any past instant", () => {
    expect(Object.fromEntries(replayAliases(moves))).toEqual({ challenger: 3, champion: 1 });
    expect(replayAliases(moves, new Date("2026-01-01T00:00:00Z")).size).toBe(0);
    expect(Object.fromEntries(replayAliases(moves, new Date("2026-03-10T00:00:00Z")))).toEqual({ challenger: 3, champion: 2 });
  });

  it("aliasVersionAt: null before the first move, each move from its own instant on", () => {
    const at = (iso: string): number | null => aliasVersionAt(moves, "champion", new Date(iso));
    expect(at("2026-01-09T23:59:59.999Z")).toBeNull();
    expect(at("2026-01-10T00:00:00.000Z")).toBe(1);
    expect(at("2026-03-09T12:00:00Z")).toBe(1);
    expect(at("2026-03-10T00:00:00.000Z")).toBe(2);
    expect(at("2026-04-09T00:00:00Z")).toBe(2);
    expect(at("2030-01-01T00:00:00Z")).toBe(1);
    expect(aliasVersionAt(moves, "challenger", new Date("2026-03-01T00:00:00Z"))).toBe(3);
  });

  it("an alias removed by rolling back its first promotion names nothing afterwards", () => {
    const removed: AuditEntry = { at: "2026-05-01T00:00:00.000Z", alias: "challenger", from: 3, to: null, reason: "drop", action: "rollback" };
    const entries = parseAuditLog(logText + auditLineText(removed), FILE);
    expect(replayAliases(entries).has("challenger")).toBe(false);
    expect(aliasVersionAt(entries, "challenger", new Date("2026-04-30T00:00:00Z"))).toBe(3);
    expect(aliasVersionAt(entries, "challenger", new Date("2026-05-02T00:00:00Z"))).toBeNull();
  });
});

describe("planning moves", () => {
  const entries = parseAuditLog(logText, FILE);
  const options = { file: FILE, at: new Date("2026-06-01T00:00:00Z") };

  it("a promotion records where the alias came from", () => {
    expect(planPromotion(entries, "champion", 4, "better", options)).toEqual({ at: "2026-06-01T00:00:00.000Z", alias: "champion", from: 1, to: 4, reason: "better", action: "promote" });
    expect(planPromotion(entries, "shadow", 4, "new alias", options).from).toBeNull();
  });

  it("a rollback undoes the latest move: a second one undoes the first, the first promotion's removes the alias", () => {
    const first = planRollback(entries, "champion", "again", options);
    expect(first).toMatchObject({ from: 1, to: 2, action: "rollback" });
    expect(planRollback(entries, "challenger", "drop", options)).toMatchObject({ from: 3, to: null });
  });

  it("refuses a blank reason, a bad alias, a promotion to the current version, a move back in time, and an alias with no history", () => {
    expect(() => planPromotion(entries, "champion", 4, "  ", options)).toThrow(inputError({ location: expect.objectContaining({ key: "reason" }) }));
    expect(() => planPromotion(entries, "Champion!", 4, "x", options)).toThrow(inputError({ got: '"Champion!"' }));
    expect(() => planPromotion(entries, "champion", 1, "x", options)).toThrow(inputError({ message: expect.stringMatching(/names now, got version 1/) }));
    const early = { file: FILE, at: new Date("2026-04-01T00:00:00Z") };
    expect(() => planPromotion(entries, "champion", 4, "x", early)).toThrow(inputError({ message: expect.stringContaining(`${FILE}:4, key "at": expected a move at or after the log's last entry (2026-04-10`) }));
    expect(() => planRollback(entries, "shadow", "x", options)).toThrow(inputError({ message: expect.stringContaining("known aliases: challenger, champion") }));
  });
});
