import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../helpers/cli.js";

const tiny = fileURLToPath(new URL("../fixtures/config/tiny.yaml", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "churn-report-cli-"));

function withoutTimings(manifest: Record<string, unknown>): Record<string, unknown> {
  const { timingsMs: _t, startedAt: _s, ...rest } = manifest;
  return rest;
}

describe("npm run report", () => {
  const outA = join(dir, "a");
  const outB = join(dir, "b");
  const a = runCli("src/cli/report.ts", ["--config", tiny, "--out", outA, "--quiet"]);
  const b = runCli("src/cli/report.ts", ["--config", tiny, "--out", outB, "--quiet"]);

  it("exits 0 and writes the four files", () => {
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    expect(readdirSync(outA).sort()).toEqual(["action_plan.csv", "manifest.json", "metrics.json", "report.html"]);
    const manifest = JSON.parse(readFileSync(join(outA, "manifest.json"), "utf8"));
    expect(manifest.seed).toBe(20261121);
    expect(manifest.input).toEqual({ kind: "synthetic", path: null, sha256: null });
    expect(Object.keys(manifest.timingsMs)).toEqual(["load", "panel", "features", "evaluate", "score", "decide", "total"]);
    expect(manifest.packages["plotly.js-dist"]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("is deterministic: byte-identical action plan, identical metrics, same manifest apart from timings", () => {
    expect(b.status).toBe(0);
    expect(readFileSync(join(outB, "action_plan.csv"))).toEqual(readFileSync(join(outA, "action_plan.csv")));
    expect(readFileSync(join(outB, "metrics.json"), "utf8")).toBe(readFileSync(join(outA, "metrics.json"), "utf8"));
    const ma = JSON.parse(readFileSync(join(outA, "manifest.json"), "utf8"));
    const mb = JSON.parse(readFileSync(join(outB, "manifest.json"), "utf8"));
    expect(withoutTimings(mb)).toEqual(withoutTimings(ma));
  });

  it("embeds plotly once and has a chart container per chart", () => {
    const html = readFileSync(join(outA, "report.html"), "utf8");
    expect(html.split("Plotly.newPlot").length).toBeGreaterThanOrEqual(2);
    expect((html.match(/<script>/g) ?? []).length).toBe(1);
    expect((html.match(/class="chart"/g) ?? []).length).toBeGreaterThanOrEqual(10);
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it("leaves the previous output untouched when the CSV or the config is bad, with a non-zero exit", () => {
    const before = readFileSync(join(outA, "action_plan.csv"));
    const csv = join(dir, "bad.csv");
    writeFileSync(csv, "customerID,gender\nX,Female\n");
    const badCsv = runCli("src/cli/report.ts", ["--config", tiny, "--data", csv, "--out", outA]);
    expect(badCsv.status).toBe(2);
    expect(badCsv.stderr).toContain(`${csv}:1`);
    const cfg = join(dir, "bad.yaml");
    writeFileSync(cfg, "cv:\n  folds: many\n");
    const badCfg = runCli("src/cli/report.ts", ["--config", cfg, "--out", outA]);
    expect(badCfg.status).toBe(2);
    expect(badCfg.stderr).toContain(`${cfg}:2, key "cv.folds"`);
    expect(readFileSync(join(outA, "action_plan.csv"))).toEqual(before);
    expect(readdirSync(dir).filter((n) => n.includes(".tmp-") || n.includes(".old-"))).toEqual([]);
  });
});
