import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { listVersions, readAuditLog, registerVersion, resolveAlias } from "../../src/registry/index.js";
import { ROOT } from "../helpers/cli.js";

const base = mkdtempSync(join(tmpdir(), "churn-registry-processes-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const registryModule = pathToFileURL(join(ROOT, "src", "registry", "index.ts")).href;

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `body` (ES module code that may use `reg`, the registry module, and `dir`) in a separate
 * node process under tsx. With `startAt`, the body starts at that epoch millisecond, so processes
 * launched together really run together despite their different start-up times.
 */
function runProcess(dir: string, body: string, startAt?: number): Promise<Exit> {
  const wait = startAt === undefined ? "" : `while (Date.now() < ${startAt}) await new Promise((r) => setTimeout(r, 2));`;
  const code = `const reg = await import(${JSON.stringify(registryModule)}); const dir = ${JSON.stringify(dir)}; ${wait} ${body}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe("between processes", () => {
  it("concurrent registrations get distinct numbers, increasing within each process, with no gaps", async () => {
    const dir = join(base, "register");
    const processes = 3;
    const each = 6;
    const body = `const got = []; for (let i = 0; i < ${each}; i++) got.push(reg.registerVersion(dir, { "model.json": String(process.pid) + "-" + i }, { pid: process.pid, i }).version); console.log(JSON.stringify(got));`;
    const startAt = Date.now() + 2500;
    const exits = await Promise.all(Array.from({ length: processes }, () => runProcess(dir, body, startAt)));
    const numbers = exits.map((e) => {
      expect(e.stderr).toBe("");
      expect(e.code).toBe(0);
      return JSON.parse(e.stdout) as number[];
    });
    for (const own of numbers) expect(own).toEqual([...own].sort((a, b) => a - b));
    expect(numbers.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: processes * each }, (_, i) => i + 1));
    expect(listVersions(dir).map((v) => v.version)).toHaveLength(processes * each);
    expect(readdirSync(join(dir, "versions")).filter((n) => n.startsWith("."))).toEqual([]);
  });

  it("a registration killed just before it claims its number leaves no version, and the next one works", async () => {
    const dir = join(base, "killed");
    registerVersion(dir, { "model.json": "one" }, {});
    const exit = await runProcess(dir, `reg.registerVersion(dir, { "model.json": "two" }, {}, { beforeCommit: () => process.kill(process.pid, "SIGKILL") });`);
    expect(exit.signal).toBe("SIGKILL");
    const left = readdirSync(join(dir, "versions"));
    expect(left.filter((n) => !n.startsWith(".tmp-"))).toEqual(["000001"]);
    expect(left.filter((n) => n.startsWith(".tmp-"))).toHaveLength(1);
    expect(listVersions(dir).map((v) => v.version)).toEqual([1]);
    expect(registerVersion(dir, { "model.json": "two" }, {}).version).toBe(2);
  });

  it("concurrent promotions of one alias are serialised by the lock: the log replays without a gap", async () => {
    const dir = join(base, "promote");
    const processes = 3;
    const each = 5;
    for (let i = 1; i <= processes * each; i++) registerVersion(dir, { "model.json": String(i) }, {});
    const body = (p: number): string => `for (let i = 1; i <= ${each}; i++) reg.promote(dir, ${p * each} + i, "champion", "process ${p}, move " + i);`;
    const startAt = Date.now() + 2500;
    const exits = await Promise.all(Array.from({ length: processes }, (_, p) => runProcess(dir, body(p), startAt)));
    for (const e of exits) expect([e.code, e.stderr]).toEqual([0, ""]);
    const log = readAuditLog(dir); // checks that every line's "from" is where the line before left the alias
    expect(log).toHaveLength(processes * each);
    expect(new Set(log.map((e) => e.to)).size).toBe(processes * each);
    expect(resolveAlias(dir, "champion")).toBe(log[log.length - 1]!.to);
  });
});
