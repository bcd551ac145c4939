import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../helpers/cli.js";
import { telcoCsvAvailable, telcoCsvPath } from "../helpers/telcoPath.js";

const valid = readFileSync(fileURLToPath(new URL("../fixtures/telco/valid.csv", import.meta.url)), "utf8");
const dir = mkdtempSync(join(tmpdir(), "churn-data-cli-"));
const lines = valid.trimEnd().split("\n");

function csvFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Replaces field `col` (0-based) of data line `line` (1-based file line) with `value`. */
function withField(line: number, col: number, value: string): string {
  const out = [...lines];
  const cells = out[line - 1]!.split(",");
  cells[col] = value;
  out[line - 1] = cells.join(",");
  return `${out.join("\n")}\n`;
}

const cases: { name: string; text: string; line: number; column?: string }[] = [
  { name: "missing column", text: lines.map((l) => l.split(",").filter((_, i) => i !== 17).join(",")).join("\n"), line: 1, column: "PaymentMethod" },
  { name: "unknown category", text: withField(3, 15, "Three year"), line: 3, column: "Contract" },
  { name: "non-numeric value", text: withField(4, 18, "thirty"), line: 4, column: "MonthlyCharges" },
  { name: "duplicate id", text: withField(5, 0, "0001-AAAAA"), line: 5, column: "customerID" },
  { name: "negative tenure", text: withField(2, 5, "-1"), line: 2, column: "tenure" },
  { name: "ragged row", text: `${lines.slice(0, 3).join("\n")}\n${lines[3]},extra\n${lines.slice(4).join("\n")}\n`, line: 4 },
  { name: "truncated row", text: `${lines.slice(0, 6).join("\n")}\n${lines[6]!.slice(0, 40)}`, line: 7 },
  { name: "empty file", text: "", line: 1 },
  { name: "header only", text: `${lines[0]}\n`, line: 1 },
];

describe("npm run data: malformed input stops with file, line and column", () => {
  for (const c of cases) {
    it(c.name, () => {
      const file = csvFile(`${c.name.replace(/ /g, "-")}.csv`, c.text);
      const r = runCli("src/cli/data.ts", ["--data", file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${file}:${c.line}`);
      if (c.column) expect(r.stderr).toContain(`column "${c.column}"`);
      expect(r.stdout).toBe("");
    });
  }

  it("accepts the valid fixture with CRLF line ends and a BOM, and prints JSON with --json", () => {
    const file = csvFile("bom-crlf.csv", `\uFEFF${valid.replace(/\n/g, "\r\n")}`);
    const r = runCli("src/cli/data.ts", ["--data", file, "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.quality).toMatchObject({ rowsRead: 6, rowsAccepted: 6 });
    expect(out.panel).toMatchObject({ customers: 6, positives: 3, scoring: 3 });
  });

  it("rejects unknown flags and a bad seed with a non-zero exit", () => {
    expect(runCli("src/cli/data.ts", ["--dta", "x"]).stderr).toContain("command line: expected flags as in: npm run data");
    const bad = runCli("src/cli/data.ts", ["--seed", "1.5"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('key "--seed"');
  });

  it("rejects a bad config file naming its line and key", () => {
    const cfg = join(dir, "bad.yaml");
    writeFileSync(cfg, "panel:\n  horizon: 0\n");
    const r = runCli("src/cli/data.ts", ["--config", cfg]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${cfg}:2, key "panel.horizon": expected an integer >= 1`);
  });
});

describe("npm run data: valid sources", () => {
  it("summarises the synthetic default and writes its Telco-format snapshot atomically", () => {
    const snap = join(dir, "snapshot.csv");
    const r = runCli("src/cli/data.ts", ["--data", "synthetic", "--json", "--snapshot", snap]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.quality).toBeNull();
    expect(out.panel.scoring).toBeGreaterThan(6000);
    const back = runCli("src/cli/data.ts", ["--data", snap, "--json"]);
    expect(back.status).toBe(0);
    expect(JSON.parse(back.stdout).panel.scoring).toBe(out.panel.scoring);
    // its own previous snapshot is replaced
    const again = runCli("src/cli/data.ts", ["--data", "synthetic", "--json", "--snapshot", snap]);
    expect(again.status, again.stderr).toBe(0);
  });

  it("refuses to write a snapshot over a file it did not write, leaving it byte-identical", () => {
    const mine = csvFile("my-telco.csv", valid);
    const r = runCli("src/cli/data.ts", ["--data", "synthetic", "--snapshot", mine]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${mine}, key "--snapshot": expected a file that is absent or a previous output of this tool, got an existing file without the marker .my-telco.csv.churn-output.json beside it, so not written by this tool\n`);
    expect(readFileSync(mine, "utf8")).toBe(valid);
    expect(runCli("src/cli/data.ts", ["--data", "synthetic", "--snapshot", dir]).stderr).toContain("got a folder");
  });

  it.skipIf(!telcoCsvAvailable())(telcoCsvAvailable() ? "prints the real Telco file's counts" : `prints the real Telco file's counts (skipped: ${telcoCsvPath()} not found)`, () => {
    const r = runCli("src/cli/data.ts", ["--data", telcoCsvPath()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Panel: 7043 customers, 228001 rows: 222827 labelled (1869 positive, 0.84 %), 5174 censored; 5174 scoring rows");
    expect(r.stdout).toContain("altered 11 (TotalCharges)");
  });
});
