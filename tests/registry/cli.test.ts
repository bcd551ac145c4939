import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readAuditLog, registerVersion } from "../../src/registry/index.js";
import { runCli } from "../helpers/cli.js";

const base = mkdtempSync(join(tmpdir(), "churn-registry-cli-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const registry = (...args: string[]) => runCli("src/cli/registry.ts", args);

describe("npm run registry", () => {
  const dir = join(base, "models");
  beforeAll(() => {
    registerVersion(dir, { "model.json": '{"w":[1]}\n' }, { model: "logistic", metrics: { rocAuc: 0.80123 }, trainingWindow: { from: "2024-01", to: "2026-06" } }, { now: new Date("2026-07-01T09:00:00Z") });
    registerVersion(dir, { "model.json": '{"w":[2]}\n' }, { model: "gbm", metrics: { rocAuc: 0.84567 }, trainingWindow: "2024-01..2026-09" }, { now: new Date("2026-10-01T09:00:00Z") });
  });

  it("list prints a table of versions with their aliases and metadata; an empty registry says so", () => {
    const empty = registry("list", "--dir", join(base, "empty"));
    expect([empty.status, empty.stderr]).toEqual([0, ""]);
    expect(empty.stdout).toMatch(/no versions registered yet/);
    const r = registry("list", "--dir", dir);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`Registry ${dir}: 2 versions, 0 aliases`);
    expect(lines[1]).toMatch(/^version\s+created\s+aliases\s+model\s+rocAuc\s+trainingWindow$/);
    expect(lines[2]).toMatch(/^\s+1\s+2026-07-01T09:00:00.000Z\s+-\s+logistic\s+0.8012\s+2024-01..2026-06$/);
    expect(lines[3]).toMatch(/^\s+2\s+2026-10-01T09:00:00.000Z\s+-\s+gbm\s+0.8457\s+2024-01..2026-09$/);
  });

  it("promote, promote, rollback and history through the CLI; a bad version exits 2 with one line", () => {
    expect(registry("promote", "1", "--alias", "champion", "--reason", "first model", "--dir", dir).status).toBe(0);
    const second = registry("promote", "2", "--alias", "champion", "--reason", "gbm wins", "--dir", dir, "--json");
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ alias: "champion", from: 1, to: 2, action: "promote" });
    const back = registry("rollback", "--alias", "champion", "--reason", "calibration off", "--dir", dir);
    expect([back.status, back.stderr]).toEqual([0, ""]);
    expect(back.stdout).toMatch(/^champion: version 2 → version 1 \(rollback at .*; reason "calibration off"\)\n$/);

    const bad = registry("promote", "7", "--alias", "champion", "--reason", "x", "--dir", dir);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toBe(`error: ${join(dir, "versions", "000007")}: expected an existing version (registered: 1, 2), got no version 7\n`);

    const log = readAuditLog(dir);
    expect(log.map((e) => e.to)).toEqual([1, 2, 1]);
    const history = registry("history", "--alias", "champion", "--dir", dir);
    expect(history.status).toBe(0);
    expect(history.stdout.split("\n")[0]).toBe("champion: 3 moves, names version 1 now");
    expect(history.stdout).toMatch(/gbm wins/);
    expect(log[1]!.at < log[2]!.at).toBe(true); // separate processes, hundreds of milliseconds apart
    const between = new Date((Date.parse(log[1]!.at) + Date.parse(log[2]!.at)) / 2).toISOString();
    const past = registry("history", "--alias", "champion", "--at", between, "--dir", dir, "--json");
    expect(JSON.parse(past.stdout)).toEqual({ alias: "champion", at: between, version: 2 });
    const before = registry("history", "--alias", "champion", "--at", "2020-01-01", "--dir", dir);
    expect(before.stdout).toBe("champion at 2020-01-01T00:00:00.000Z: none\n");
    expect(registry("list", "--dir", dir).stdout.split("\n")[2]).toMatch(/^\s+1\s+\S+\s+champion\s+logistic/);
  });

  it("show verifies the files; input errors exit 2 naming the file, the flag or the usage", () => {
    const show = registry("show", "1", "--dir", dir, "--json");
    expect(show.status).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ version: 1, metadata: { model: "logistic" }, files: { "model.json": { bytes: 10 } } });
    writeFileSync(join(dir, "versions", "000002", "model.json"), '{"w":[3]}\n');
    const tampered = registry("show", "2", "--dir", dir);
    expect(tampered.status).toBe(2);
    expect(tampered.stderr).toMatch(new RegExp(`^error: ${join(dir, "versions", "000002", "model.json")}: expected SHA-256 .* \\(the file was modified\\)\n$`));
    const unknown = registry("deploy", "--dir", dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/expected a subcommand as in: npm run registry -- <list \| show \| promote \| rollback \| history>.*got "deploy"/);
    const badAt = registry("history", "--alias", "champion", "--at", "last tuesday", "--dir", dir);
    expect([badAt.status, badAt.stderr]).toEqual([2, 'error: command line, key "--at": expected an ISO 8601 date such as 2026-11-01 or time with a zone such as 2026-11-01T00:00:00Z, got "last tuesday"\n']);
  });
});
