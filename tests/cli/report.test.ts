import { describe, expect, it } from "vitest";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunDocument } from "../../src/pipeline/metricsDocument.js";
import { renderReport, type RunManifest } from "../../src/report/report.js";
import { loadRegisteredModel } from "../../src/io/registeredModel.js";
import { aliasHistory, listVersions } from "../../src/registry/index.js";
import { ROOT, runCli } from "../helpers/cli.js";
import { snapshotTree } from "../helpers/tree.js";

const tiny = fileURLToPath(new URL("../fixtures/config/tiny.yaml", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "churn-report-cli-"));

function withoutTimings(manifest: Record<string, unknown>): Record<string, unknown> {
  const { timingsMs: _t, startedAt: _s, config, ...rest } = manifest;
  const { compute: _c, ...settings } = config as Record<string, unknown>;
  rest.config = settings;
  return rest;
}

describe("npm run report", () => {
  const outA = join(dir, "a");
  const outB = join(dir, "b");
  // a runs on one thread, b on a pool of two workers: the outputs must not tell them apart.
  const registry = join(dir, "registry");
  const a = runCli("src/cli/report.ts", ["--config", tiny, "--out", outA, "--quiet", "--workers", "1", "--registry", registry]);
  // b replaces a copy of a's output: a previous output folder of this tool is replaced by the swap.
  cpSync(outA, outB, { recursive: true });
  const inodeB = statSync(outB).ino;
  const b = runCli("src/cli/report.ts", ["--config", tiny, "--out", outB, "--quiet", "--workers", "2", "--registry", registry, "--promote"]);

  it("exits 0 and writes the four files and the marker listing them", () => {
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    expect(readdirSync(outA).sort()).toEqual([".churn-output.json", "action_plan.csv", "manifest.json", "metrics.json", "report.html"]);
    const marker = JSON.parse(readFileSync(join(outA, ".churn-output.json"), "utf8"));
    expect(marker).toMatchObject({ tool: "churn-workspace", writer: "report" });
    expect(Object.keys(marker.files)).toEqual(["action_plan.csv", "manifest.json", "metrics.json", "report.html"]);
    const manifest = JSON.parse(readFileSync(join(outA, "manifest.json"), "utf8"));
    expect(manifest.seed).toBe(20261121);
    expect(manifest.input).toEqual({ kind: "synthetic", path: null, sha256: null });
    expect(Object.keys(manifest.timingsMs)).toEqual(["load", "panel", "features", "evaluate", "score", "decide", "population", "experiment", "explain", "monitor", "total"]);
    expect(manifest.packages["plotly.js-dist"]).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("registers the decision model as a new version each run, and only --promote moves the champion alias", () => {
    const versions = listVersions(registry);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(versions[0]!.metadata).toMatchObject({ model: expect.any(String), trainingWindow: { firstMonth: 0 }, source: expect.stringContaining("synthetic") });
    expect(versions[0]!.metadata.configHash).toBe(versions[1]!.metadata.configHash);
    expect(versions[0]!.sha256).toBe(versions[1]!.sha256); // the same model, registered twice: two versions, one payload
    expect(aliasHistory(registry, "champion").map((e) => [e.from, e.to])).toEqual([[null, 2]]);
    const served = loadRegisteredModel(registry, "champion");
    const metrics = JSON.parse(readFileSync(join(outB, "metrics.json"), "utf8"));
    expect(served.runtime.json.model).toBe(metrics.decisionModel.model);
  });

  it("replaces a previous output folder by a swap", () => {
    expect(b.stderr).toBe("");
    expect(b.status).toBe(0);
    expect(statSync(outB).ino).not.toBe(inodeB);
    expect(readdirSync(outB).sort()).toEqual(readdirSync(outA).sort());
    expect(JSON.parse(readFileSync(join(outB, "manifest.json"), "utf8")).startedAt).not.toBe(JSON.parse(readFileSync(join(outA, "manifest.json"), "utf8")).startedAt);
    expect(readdirSync(dir).filter((n) => n.includes(".tmp-") || n.includes(".old-"))).toEqual([]);
  });

  it("is deterministic for 1 and 2 workers: byte-identical action plan and metrics, same manifest apart from timings and the worker count", () => {
    expect(b.status).toBe(0);
    expect(readFileSync(join(outB, "action_plan.csv"))).toEqual(readFileSync(join(outA, "action_plan.csv")));
    expect(readFileSync(join(outB, "metrics.json"), "utf8")).toBe(readFileSync(join(outA, "metrics.json"), "utf8"));
    const ma = JSON.parse(readFileSync(join(outA, "manifest.json"), "utf8"));
    const mb = JSON.parse(readFileSync(join(outB, "manifest.json"), "utf8"));
    expect(withoutTimings(mb)).toEqual(withoutTimings(ma));
  });

  it("wrote report.html from the run document alone: rendering JSON.parse of metrics.json gives the same page", () => {
    const manifest = JSON.parse(readFileSync(join(outA, "manifest.json"), "utf8")) as RunManifest;
    // The page shows the manifest as it was before writing (without the total time).
    const { total: _total, ...timingsMs } = manifest.timingsMs;
    const doc = JSON.parse(readFileSync(join(outA, "metrics.json"), "utf8")) as RunDocument;
    expect(renderReport(doc, { ...manifest, timingsMs })).toBe(readFileSync(join(outA, "report.html"), "utf8"));
  });

  it("embeds plotly once and has a chart container per chart", () => {
    const html = readFileSync(join(outA, "report.html"), "utf8");
    expect(html.split("Plotly.newPlot").length).toBeGreaterThanOrEqual(2);
    expect((html.match(/<script>/g) ?? []).length).toBe(1);
    // timeline, folds, ROC, PR, ladder, EV, profit; one reliability chart per evaluated model; one
    // learning-curve chart per boosted model; importance and beeswarm per explained model; the waterfall;
    // monitoring: the drift heat map, and estimated-vs-realised AUC and the score drift when a monitored month has calibrated predictions
    const doc = JSON.parse(readFileSync(join(outA, "metrics.json"), "utf8")) as RunDocument;
    const models = doc.models.length;
    const boosted = doc.models.filter((m) => m.learningCurves.length > 0).length;
    const explained = doc.explanations.models.length;
    const waterfalls = doc.explanations.waterfall ? 1 : 0;
    expect([boosted, explained, waterfalls]).toEqual([1, 2, 1]); // the default models: logistic, gbm, baseline
    const monitoring = 1 + (doc.monitoring.performance.length > 0 ? 2 : 0);
    expect(monitoring).toBe(3);
    expect((html.match(/class="chart"/g) ?? []).length).toBe(7 + models + boosted + 2 * explained + waterfalls + monitoring);
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

describe("npm run report --out never destroys what the tool did not write", () => {
  const base = mkdtempSync(join(tmpdir(), "churn-report-out-"));

  /** Runs the report at `out` (default config: it would take minutes and print progress had the check come late). */
  function refused(out: string, watch: string, why: RegExp): void {
    const before = snapshotTree(watch);
    const r = runCli("src/cli/report.ts", ["--out", out]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: \S.*, key "--out": expected a folder that is absent, empty or a previous output of this tool, got /);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(snapshotTree(watch)).toEqual(before);
  }

  it("refuses a folder holding a foreign file", () => {
    const out = join(base, "somefolder");
    mkdirSync(out);
    writeFileSync(join(out, "thesis.txt"), "four years of work\n");
    refused(out, base, /got a folder holding 1 entry this tool did not write: "thesis.txt"/);
  });

  it("refuses a previous output folder with an extra foreign file", () => {
    const out = join(base, "previous");
    cpSync(join(dir, "a"), out, { recursive: true });
    writeFileSync(join(out, "notes.txt"), "mine\n");
    refused(out, base, /got a previous output folder with 1 entry this tool did not write: "notes.txt"/);
  });

  it("refuses a regular file and a symlink (even one to an empty folder)", () => {
    const file = join(base, "results.csv");
    writeFileSync(file, "a,b\n1,2\n");
    refused(file, base, /got a regular file/);
    mkdirSync(join(base, "empty"));
    symlinkSync(join(base, "empty"), join(base, "link"));
    refused(join(base, "link"), base, /got a symbolic link to /);
  });

  // The project tree changes under other work, so these watch its top level and its parent: the
  // refusal comes before any folder is created or moved.
  const topLevel = (): string[] => readdirSync(ROOT).sort();
  const parentLevel = (): string[] => readdirSync(dirname(ROOT)).filter((n) => n.startsWith(`.${basename(ROOT)}`));
  it.each([
    [".", /got the project root, which is never replaced/],
    [ROOT, /got the project root, which is never replaced/],
    ["..", /got a folder that contains the project/],
  ])("refuses %s whatever it holds", (out, why) => {
    const before = [topLevel(), parentLevel()];
    const r = runCli("src/cli/report.ts", ["--out", out]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(why);
    expect([topLevel(), parentLevel()]).toEqual(before);
  });
});
