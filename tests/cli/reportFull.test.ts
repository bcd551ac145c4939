import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { telcoCsvAvailable, telcoCsvPath } from "../helpers/telcoPath.js";

// The main job exactly as a fresh machine runs it (default config, no --config): the issue's
// acceptance "npm ci && npm run report exits 0 and writes the four files", and the same with --data.
const dir = mkdtempSync(join(tmpdir(), "churn-report-full-"));
// The four files and the marker of this tool (src/io/safeTarget.ts), as readdir sorts them.
const FILES = [".churn-output.json", "action_plan.csv", "manifest.json", "metrics.json", "report.html"];

describe("npm run report with the default config", () => {
  it("runs the synthetic default and writes the four files", () => {
    const out = join(dir, "synthetic");
    const r = runCli("src/cli/report.ts", ["--out", out, "--quiet", "--registry", join(dir, "registry")]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(FILES);
    const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
    expect(metrics.source.kind).toBe("synthetic");
    expect(metrics.panel.scoring).toBe(7000);
    expect(metrics.decisions.production.targeted).toBeGreaterThan(0);
    expect(readFileSync(join(out, "action_plan.csv"), "utf8").split("\n").length - 2).toBe(metrics.decisions.production.targeted);
    // The synthetic default runs the experiment (month 48 of 72) and monitors the last 24 months.
    expect(metrics.experimentNote).toBe("");
    expect(metrics.experiment.arms.map((a: { name: string }) => a.name)).toEqual(["discount_offer", "retention_call", "premium_support"]);
    expect(metrics.monitoring.drift.months).toHaveLength(24);
    // Prediction drift in the monitored months that have out-of-time predictions (and a reference with them).
    expect(metrics.monitoring.predictionDrift.length).toBeGreaterThan(12);
    expect(metrics.monitoring.predictionDrift.every((p: { month: number; score: { method: string } }) => metrics.monitoring.drift.months.includes(p.month) && p.score.method === "psi")).toBe(true);
    const html = readFileSync(join(out, "report.html"), "utf8");
    for (const id of ["chart-drift", "chart-cbpe", "chart-score-drift", "chart-experiment", "chart-qini", "chart-policies"]) expect(html).toContain(`id="${id}"`);
  }, 300_000);

  it.skipIf(!telcoCsvAvailable())(
    telcoCsvAvailable() ? "runs on the real Telco file" : `runs on the real Telco file (skipped: ${telcoCsvPath()} not found; set TELCO_CSV)`,
    () => {
      const out = join(dir, "telco");
      const r = runCli("src/cli/report.ts", ["--data", telcoCsvPath(), "--out", out, "--quiet", "--registry", join(dir, "registry")]);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(readdirSync(out).sort()).toEqual(FILES);
      const metrics = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8"));
      expect(metrics.panel).toMatchObject({ customers: 7043, labelled: 222827, positives: 1869, scoring: 5174 });
      expect(metrics.split.kind).toBe("customer");
      expect(Math.abs(metrics.crossSection.rocAuc - 0.845)).toBeLessThan(0.01);
      const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
      expect(manifest.input.sha256).toBe("88be4b93fbe0cc83421af1c503794c97c342eca914c1576db7c276e61d61358a");
    },
    300_000,
  );
});
