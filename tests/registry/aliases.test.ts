import { afterAll, describe, expect, it } from "vitest";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { aliasAt, aliasHistory, listAliases, loadVersion, promote, readAuditLog, registerVersion, resolveAlias, rollback, withFileLock } from "../../src/registry/index.js";

const base = mkdtempSync(join(tmpdir(), "churn-registry-aliases-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;

/** A registry with `n` versions (their metadata `{ n: i }`). */
function registry(n: number): string {
  const dir = join(base, `r${++counter}`);
  for (let i = 1; i <= n; i++) registerVersion(dir, { "model.json": `{"v":${i}}\n` }, { n: i });
  return dir;
}

const day = (d: number, hour = 0): Date => new Date(Date.UTC(2026, 10, d, hour));

/** Matches a thrown {@link InputError} that has `fields` (its message, location, got, …). */
const inputError = (fields: Record<string, unknown>) => expect.objectContaining({ name: "InputError", ...fields });

describe("promote, rollback and the replayed history", () => {
  it("promote, promote again, rollback: back to the first; aliasAt replays the moves between dates", () => {
    const dir = registry(3);
    promote(dir, 1, "champion", "first model", { now: day(1) });
    promote(dir, 2, "champion", "retrained on October", { now: day(10) });
    promote(dir, 3, "challenger", "shadow test", { now: day(12) });
    expect(resolveAlias(dir, "champion")).toBe(2);
    const back = rollback(dir, "champion", "AUC dropped in production", { now: day(20) });
    expect(back).toEqual({ at: day(20).toISOString(), alias: "champion", from: 2, to: 1, reason: "AUC dropped in production", action: "rollback" });
    expect(resolveAlias(dir, "champion")).toBe(1);
    expect(loadVersion(dir, "champion").metadata).toEqual({ n: 1 });
    expect(Object.fromEntries(listAliases(dir))).toEqual({ challenger: 3, champion: 1 });

    expect(aliasAt(dir, "champion", day(1, -1))).toBeNull();
    expect(aliasAt(dir, "champion", day(1))).toBe(1);
    expect(aliasAt(dir, "champion", day(5))).toBe(1);
    expect(aliasAt(dir, "champion", day(10))).toBe(2);
    expect(aliasAt(dir, "champion", day(19, 23))).toBe(2);
    expect(aliasAt(dir, "champion", day(25))).toBe(1);
    expect(aliasHistory(dir, "champion").map((m) => [m.line, m.action, m.from, m.to])).toEqual([
      [1, "promote", null, 1],
      [2, "promote", 1, 2],
      [4, "rollback", 2, 1],
    ]);
  });

  it("a second rollback undoes the first; rolling back the first promotion removes the alias", () => {
    const dir = registry(2);
    promote(dir, 1, "champion", "first", { now: day(1) });
    promote(dir, 2, "champion", "second", { now: day(2) });
    rollback(dir, "champion", undefined, { now: day(3) });
    expect(rollback(dir, "champion", "undo the rollback", { now: day(4) })).toMatchObject({ from: 1, to: 2 });
    const solo = registry(1);
    promote(solo, 1, "champion", "first", { now: day(1) });
    expect(rollback(solo, "champion", "never mind", { now: day(2) }).to).toBeNull();
    expect(() => resolveAlias(solo, "champion")).toThrow(inputError({ message: expect.stringMatching(/audit\.jsonl: expected an alias that names a version \(known aliases: champion\), got alias "champion"/) }));
    expect(aliasAt(solo, "champion", day(1, 12))).toBe(1);
  });

  it("refuses a version that does not exist, a blank reason, a bad alias name, and unknown aliases", () => {
    const dir = registry(1);
    expect(() => promote(dir, 9, "champion", "x")).toThrow(inputError({ message: `${join(dir, "versions", "000009")}: expected an existing version (registered: 1), got no version 9` }));
    expect(() => promote(dir, 1, "champion", " ")).toThrow(inputError({ location: expect.objectContaining({ key: "reason" }) }));
    expect(() => promote(dir, 1, "Champion", "x")).toThrow(inputError({ location: expect.objectContaining({ key: "alias" }) }));
    expect(existsSync(join(dir, "audit.jsonl"))).toBe(false);
    expect(() => rollback(dir, "champion")).toThrow(inputError({ got: expect.stringMatching(/never moved/) }));
    expect(() => aliasHistory(dir, "champion")).toThrow(inputError({ message: expect.stringMatching(/no alias has moved yet/) }));
    expect(() => loadVersion(dir, "champion")).toThrow(inputError({ location: expect.objectContaining({ file: join(dir, "audit.jsonl") }) }));
    expect(existsSync(join(dir, ".lock"))).toBe(false);
    const absent = join(base, "absent");
    expect(() => rollback(absent, "champion")).toThrow(inputError({ location: { file: join(absent, "audit.jsonl") } }));
    expect(existsSync(absent)).toBe(false);
  });

  it("names audit.jsonl and the line of a malformed entry", () => {
    const dir = registry(2);
    promote(dir, 1, "champion", "first", { now: day(1) });
    promote(dir, 2, "champion", "second", { now: day(2) });
    const file = join(dir, "audit.jsonl");
    appendFileSync(file, '{"at": "yesterday"}\n');
    expect(() => resolveAlias(dir, "champion")).toThrow(inputError({ message: expect.stringContaining(`${file}:3, key "at": expected a UTC time`) }));
    expect(() => promote(dir, 1, "champion", "x")).toThrow(inputError({ location: expect.objectContaining({ line: 3 }) }));
    writeFileSync(file, readFileSync(file, "utf8").split("\n").slice(0, 2).join("\n"));
    expect(() => readAuditLog(dir)).toThrow(inputError({ message: expect.stringContaining(`${file}:2: expected every line to end with a newline`) }));
  });
});

describe("the registry lock", () => {
  it("waits for a held lock and gives up naming the lock file and its holder", () => {
    const dir = registry(1);
    const lock = join(dir, ".lock");
    writeFileSync(lock, '{"pid":12345,"host":"elsewhere"}\n');
    expect(() => promote(dir, 1, "champion", "x", { lock: { waitMs: 100, retryMs: 10 } })).toThrow(inputError({ location: { file: lock }, got: expect.stringContaining('"pid":12345') }));
    expect(existsSync(join(dir, "audit.jsonl"))).toBe(false);
    expect(existsSync(lock)).toBe(true);
  });

  it("breaks a stale lock left by a killed process, and releases its own even when the work throws", () => {
    const dir = registry(1);
    const lock = join(dir, ".lock");
    writeFileSync(lock, "killed holder\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    promote(dir, 1, "champion", "after a crash", { lock: { waitMs: 100 } });
    expect(existsSync(lock)).toBe(false);
    expect(() =>
      withFileLock(lock, () => {
        expect(existsSync(lock)).toBe(true);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(existsSync(lock)).toBe(false);
  });
});
