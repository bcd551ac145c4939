// src/report/report.ts: the report is rendered from the run document alone, so the document in
// memory and the metrics.json text it is written as give the same page; bands follow the config.
import { describe, expect, it } from "vitest";
import { loadSource } from "../../src/io/loadSource.js";
import { metricsDocument, type RunDocument } from "../../src/pipeline/metricsDocument.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { renderReport, type RunManifest } from "../../src/report/report.js";
import { formatPercent } from "../../src/util/format.js";
import { testConfig } from "../helpers/config.js";

/** The tiny CLI fixture's run (tests/fixtures/config/tiny.yaml) with two fast models, inline. */
function tinyConfig(evaluation: Record<string, unknown>) {
  return testConfig({
    synthetic: { customers: 1200, months: 36 },
    cv: { folds: 3, testMonths: 6, minTrainMonths: 12 },
    evaluation: { models: ["logistic", "baseline"], ...evaluation },
    decision: { backtestMonths: 2 },
    compute: { workers: 1 },
  });
}

async function documentOf(evaluation: Record<string, unknown>): Promise<RunDocument> {
  const config = tinyConfig(evaluation);
  return metricsDocument(await runPipeline(loadSource(config), config));
}

const manifest: RunManifest = {
  startedAt: "2026-01-01T00:00:00.000Z",
  config: null,
  configFile: null,
  defaultsFile: "configs/default.yaml",
  input: { kind: "synthetic", path: null, sha256: null },
  seed: 20261121,
  packages: { "plotly.js-dist": "0.0.0" },
  gitCommit: null,
  timingsMs: { panel: 1, evaluate: 2 },
};

/** The figure JSON of chart `id` in a rendered report. */
function figure(html: string, id: string): { data: { name?: string; fill?: string }[]; layout: { title?: { text?: string } } } {
  const match = new RegExp(`<script type="application/json" class="chart-figure" id="${id}-figure">(.*?)</script>`, "s").exec(html);
  if (!match) throw new Error(`no figure ${id} in the report`);
  return JSON.parse(match[1]!); // jsonForHtml's \u003c escapes are JSON escapes
}

/** The markup of section `id` of a rendered report. */
function section(html: string, id: string): string {
  const match = new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html);
  if (!match) throw new Error(`no section ${id} in the report`);
  return match[1]!;
}

/** The page without its scripts (the Plotly bundle, the figures' JSON). */
function prose(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, "");
}

describe("renderReport from the run document", () => {
  it("renders the same page from the document in memory and from JSON.parse of its metrics.json text; bands at the configured level", async () => {
    const doc = await documentOf({ bootstrapReplicates: 20, confidenceLevel: 0.8 });
    const written = `${JSON.stringify(doc, null, 1)}\n`; // as the CLI writes metrics.json
    const html = renderReport(doc, manifest);
    expect(renderReport(JSON.parse(written) as RunDocument, manifest)).toBe(html);

    // Every figure is read from the document: the ROC chart carries the document's own points.
    const roc = figure(html, "chart-roc");
    expect(roc.layout.title?.text).toBe("ROC curves with 80% bootstrap bands");
    expect(figure(html, "chart-pr").layout.title?.text).toBe("Precision–recall curves with 80% bootstrap bands");
    expect(roc.data.filter((t) => t.fill === "tonexty")).toHaveLength(doc.models.length);
    expect(html).toContain("80% interval low");
    expect(html).toContain("Band: 80% bootstrap over customers.");
    expect(html).toContain("Intervals and bands: 80% percentile bootstrap that resamples customers with all their test months");
    expect(prose(html)).not.toContain("95%");
    expect(doc.models.map((m) => m.curves.rocBand?.level)).toEqual([0.8, 0.8]);
    expect(doc.decisions.planPreview.length).toBe(Math.min(20, doc.decisions.planRows ?? 0));
    expect(doc.decisions.evHistogram.counts.reduce<number>((acc, c) => acc + (c ?? 0), 0)).toBe(doc.decisions.evHistogram.n);

    // Which model decides: the reason, then every model and the true hazard side by side.
    const decides = section(html, "decision-model");
    expect(decides).toContain(doc.decisionModel.reason);
    expect([...decides.matchAll(/<tr><td>([^<]+)<\/td><td>(decides|alternative|ceiling)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`)).toEqual([
      ...doc.models.map((m) => `${m.model} ${m.model === doc.decisionModel.model ? "decides" : "alternative"}`),
      "true hazard ceiling",
    ]);
    // No boosted model here, so no learning curves; the logistic model is the one explained (the baseline has no contributions).
    expect(html).not.toContain('id="boosting"');
    expect(doc.explanations.models.map((m) => [m.model, m.method, m.fittedOn])).toEqual([["logistic", "linear", "final"]]);
    expect(figure(html, "chart-importance-0").layout.title?.text).toBe("Importance: logistic (exact linear contributions)");
    expect(figure(html, "chart-beeswarm-0").layout.title?.text).toBe("Linear contributions per customer: logistic");
    expect(html).not.toContain('id="chart-importance-1"');
    const w = doc.explanations.waterfall!;
    expect(w.customerId).toBe(doc.decisions.planPreview[0]!.customerId);
    expect(figure(html, "chart-waterfall").layout.title?.text).toBe(`Why customer ${w.customerId} scores ${formatPercent(w.probability, 1)} (logistic, before calibration)`);
    expect(section(html, "explanations")).toContain("exact linear contributions, coefficient × (value − training mean)");
  }, 240_000);

  it("has no band and no band wording with bootstrapReplicates 0", async () => {
    const doc = await documentOf({ bootstrapReplicates: 0 });
    expect(doc.models.map((m) => [m.curves.rocBand, m.curves.prBand])).toEqual([[null, null], [null, null]]);
    expect([doc.decisions.backtest.curve.lower, doc.decisions.backtest.curve.upper]).toEqual([null, null]);
    const html = renderReport(doc, manifest);
    expect(renderReport(JSON.parse(JSON.stringify(doc)) as RunDocument, manifest)).toBe(html);
    expect(figure(html, "chart-roc").layout.title?.text).toBe("ROC curves");
    expect(figure(html, "chart-pr").layout.title?.text).toBe("Precision–recall curves");
    for (const id of ["chart-roc", "chart-pr", "chart-profit"]) expect(figure(html, id).data.filter((t) => t.fill === "tonexty")).toEqual([]);
    expect(figure(html, "chart-profit").data.map((t) => t.name ?? "")).not.toContainEqual(expect.stringMatching(/band/));
    expect(prose(html)).not.toMatch(/bootstrap|interval low/i);
  }, 240_000);
});
