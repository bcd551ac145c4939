// The error contract every CLI shares (src/cli/run.ts): bad input exits 2 with one paragraph, an
// internal error exits 1 with one line and the stack in a log file, --debug prints the stack.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { YAML_LIMITS } from "../../src/config/index.js";
import { ROOT, runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "churn-cli-contract-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stack frame line as node prints them. */
const FRAME = /^\s+at /m;

/** Every CLI the package exposes: the npm scripts that run a TypeScript file under tsx. */
const CLIS: { name: string; script: string }[] = Object.entries(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>).flatMap(([name, command]) => {
  const m = /\btsx\s+(\S+\.ts)\b/.exec(command);
  return m ? [{ name, script: m[1]! }] : [];
});

function expectOneLine(stderr: string): void {
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(stderr).not.toMatch(FRAME);
}

describe("every CLI shares the error contract", () => {
  it("finds the CLIs in package.json", () => {
    expect(CLIS.map((c) => c.name)).toEqual(expect.arrayContaining(["report", "data", "bench", "notebooks"]));
  });

  for (const { name, script } of CLIS) {
    it(`${name}: a bad flag exits 2 with one line naming it and no stack; --debug is accepted and prints the stack`, () => {
      const r = runCli(script, ["--no-such-flag"]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^error: command line/);
      expect(r.stderr).toContain("--no-such-flag");
      expectOneLine(r.stderr);
      const debug = runCli(script, ["--debug", "--no-such-flag"]);
      expect(debug.status).toBe(2);
      expect(debug.stderr).toContain("--no-such-flag");
      expect(debug.stderr).toMatch(FRAME);
    });
  }
});

describe("runCli", () => {
  const FIXTURE = "tests/fixtures/cli/failing.ts";

  it("an internal error exits 1 with one line pointing to a log file that holds the stack and its cause", () => {
    const r = runCli(FIXTURE, ["internal"]);
    expect(r.status).toBe(1);
    expectOneLine(r.stderr);
    const m = /^error: boom: an internal failure \(stack in (\S+\.log); rerun with --debug to print it\)$/.exec(r.stderr.trimEnd());
    expect(m, r.stderr).not.toBeNull();
    const log = readFileSync(m![1]!, "utf8");
    expect(log).toMatch(FRAME);
    expect(log).toContain("Caused by: RangeError: the cause");
    rmSync(m![1]!);
  });

  it("an error after main returned (a rejected promise) is handled the same way", () => {
    const r = runCli(FIXTURE, ["async"]);
    expect(r.status).toBe(1);
    expectOneLine(r.stderr);
    expect(r.stderr).toMatch(/^error: TypeError: late failure \(stack in /);
    rmSync(/stack in (\S+\.log)/.exec(r.stderr)![1]!);
  });

  it("--debug prints the stack of an internal error", () => {
    const r = runCli(FIXTURE, ["internal", "--debug"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(FRAME);
    rmSync(/stack in (\S+\.log)/.exec(r.stderr)![1]!);
  });

  it("bad input exits 2 with the InputError's paragraph; a returned status is the exit status", () => {
    const r = runCli(FIXTURE, ["input"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: payload.json:3, key "rows": expected a list of rows, got a number\n');
    expect(runCli(FIXTURE, ["status"]).status).toBe(3);
    const ok = runCli(FIXTURE, ["--debug"]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toBe("ok\n");
  });
});

describe("hostile YAML configs are bad input", () => {
  const cases: { name: string; write: (path: string) => void; message: RegExp }[] = [
    {
      name: "an alias bomb",
      write: (path) => {
        const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"];
        for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]`);
        writeFileSync(path, `${lines.join("\n")}\n`);
      },
      message: /expected YAML whose aliases expand at most 100 times/,
    },
    {
      name: "a 50 MB file",
      write: (path) => writeFileSync(path, `seed: 1\n# ${"x".repeat(50 * 1024 * 1024)}\n`),
      message: new RegExp(`expected a YAML config of at most ${YAML_LIMITS.maxBytes} bytes \\(1 MiB\\), got 5\\d{7} bytes`),
    },
    {
      name: "nesting 10,000 levels deep",
      write: (path) => writeFileSync(path, `seed: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`),
      message: /:1: expected YAML nested at most 64 levels deep/,
    },
    {
      name: "block nesting 200 levels deep",
      write: (path) => writeFileSync(path, Array.from({ length: 200 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")),
      message: /:65: expected YAML nested at most 64 levels deep, got deeper nesting/,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: exit 2 naming the file, no stack (data and report)`, () => {
      const file = join(dir, `${c.name.replace(/\W+/g, "-")}.yaml`);
      c.write(file);
      try {
        for (const r of [runCli("src/cli/data.ts", ["--config", file]), runCli("src/cli/report.ts", ["--config", file, "--out", join(dir, "out")])]) {
          expect(r.status, r.stderr).toBe(2);
          expect(r.stderr.startsWith(`error: ${file}`)).toBe(true);
          expect(r.stderr).toMatch(c.message);
          expectOneLine(r.stderr);
        }
        expect(existsSync(join(dir, "out"))).toBe(false);
      } finally {
        rmSync(file);
      }
    });
  }
});
