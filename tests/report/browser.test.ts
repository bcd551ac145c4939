import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curveSummary } from "../../src/evaluation/curveSummary.js";
import type { FoldRow } from "../../src/evaluation/foldTable.js";
import {
  beeswarmFigure,
  foldDiagram,
  histogramFigure,
  importanceFigure,
  labelTimeline,
  ladderFigure,
  learningCurveFigure,
  prFigure,
  profitFigure,
  reliabilityFigure,
  rocFigure,
  waterfallFigure,
} from "../../src/report/charts.js";
import { driftHeatmapFigure, performanceFigure, scoreDriftFigure } from "../../src/report/monitoringCharts.js";
import { experimentFigure, policyFigure, qiniFigure } from "../../src/report/experimentCharts.js";

/** The experiment charts on a small literal experiment (only the fields the charts read are meaningful). */
function experimentFigures(): Record<string, PlotlyFigure> {
  const outcome = (r: number) => ({ production: 1000 * r, unconstrained: 1000 * r, productionRatio: r, unconstrainedRatio: r });
  const scores = (q: number) => ({ qini: q, upliftAtK: { overall: 0.01, byGroup: 0.01 }, k: 0.3, curve: { x: [0, 1, 2, 3], y: [0, 0.5, 0.4, 1] } });
  const x = {
    month: 48,
    effectMonths: 3,
    scope: "everyone",
    armShare: 0.2,
    arms: [{ name: "call", action: 0, estimate: { effect: 0.005, lower: -0.003, upper: 0.013, pValue: 0.2 }, trueEffect: 0.008, covered: true, powerAtTrueEffect: 0.4 }],
    peeking: { withPeeking: 0.19, finalLook: 0.05, lookSizes: [1, 2], stoppedAt: [1, 1], simulations: 10 },
    uplift: { learner: "t", trainCustomers: 4, holdoutCustomers: 4, arms: [{ action: "call", learned: scores(0.01), truth: scores(0.02) }] },
    policy: { months: [63, 68], oracle: { production: 1000, unconstrained: 1000 }, constant: outcome(0.64), uplift: outcome(-0.17), trueEffects: outcome(0.81), trueRisk: outcome(-0.06), trueRiskConstantEffects: outcome(0.86) },
  } as unknown as Parameters<typeof experimentFigure>[0];
  return { experiment: experimentFigure(x), qini: qiniFigure(x), policies: policyFigure(x) };
}
import { html, page, table, unsafeRawHtml, type SafeHtml } from "../../src/report/html.js";
import { chartDiv, jsonForHtml, plotlyBootstrap, type PlotlyFigure } from "../../src/report/plotly.js";
import { Rng } from "../../src/util/rng.js";
import { chartsRendered, chromiumPath, evaluateIn, findChromium, launchChromium, screenshot, waitForCharts, type BrowserSession } from "../helpers/browser.js";

const EVIL_SCRIPT = "</script><script>alert(1)</script>";
const EVIL_IMG = "<img src=x onerror=alert(1)>";
const CHROMIUM = findChromium();

function predictions(n: number, seed: number, signal: number): { y: Uint8Array; p: Float64Array } {
  const rng = new Rng(seed);
  const y = new Uint8Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.bernoulli(0.2) ? 1 : 0;
    p[i] = (signal * y[i]! + rng.uniform()) / (1 + signal);
  }
  return { y, p };
}

/** Three figures from charts.ts; the ROC one names a model with both malicious strings. */
function demoFigures(): Record<string, PlotlyFigure> {
  const a = predictions(3000, 1, 0.8);
  const b = predictions(3000, 2, 0.4);
  const bandOptions = { replicates: 100, seed: 7, level: 0.95, gridPoints: 51 };
  const folds: FoldRow[] = [0, 1, 2].map((k) => ({
    index: k,
    trainMonths: [0, 11 + 3 * k],
    testMonths: [13 + 3 * k, 15 + 3 * k],
    trainRows: 10_000 + 2_500 * k,
    trainPositives: 300 + 80 * k,
    trainPositiveRate: (300 + 80 * k) / (10_000 + 2_500 * k),
    testRows: 2_400,
    testPositives: 70,
    testPositiveRate: 70 / 2_400,
    droppedForCustomer: 0,
  }));
  const count = Float64Array.from({ length: 201 }, (_, i) => i * 15);
  const profit = count.map((c) => 900 * Math.sin((Math.PI * c) / 3000) - 0.1 * c);
  let nStar = 0;
  for (let i = 1; i < count.length; i++) if (profit[i]! > profit[nStar]!) nStar = i;
  return {
    roc: rocFigure([
      { name: "logistic", curves: curveSummary(a.y, a.p, bandOptions) },
      { name: `${EVIL_SCRIPT} ${EVIL_IMG}`, curves: curveSummary(b.y, b.p, bandOptions) },
    ]),
    folds: foldDiagram(folds, 24),
    profit: profitFigure(
      { count, profit, lower: profit.map((v) => v - 120), upper: profit.map((v) => v + 120), nStar: count[nStar]!, level: 0.95 },
      { name: "oracle", count, profit: profit.map((v) => 1.4 * v) },
      { moneyLabel: "profit ($)" },
    ),
  };
}

function writePage(dir: string, name: string, body: SafeHtml): string {
  const path = join(dir, name);
  writeFileSync(path, page({ title: "Report rendering test", subtitle: `cell: ${EVIL_IMG}`, sections: [{ id: "charts", title: "Charts", body }], scripts: [plotlyBootstrap()] }).__html);
  return path;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
const isNumber = (v: unknown): v is number => typeof v === "number";

describe.skipIf(CHROMIUM === undefined)(
  `report in headless Chromium${CHROMIUM === undefined ? ` (skipped: no Chromium at ${chromiumPath()}; apt-get install chromium)` : ""}`,
  () => {
    let session: BrowserSession;
    let dir: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "report-browser-test-"));
      session = await launchChromium(CHROMIUM!);
    });

    afterAll(async () => {
      await session?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("renders every chart, runs no injected script, shows malicious strings as text", async () => {
      const t0 = performance.now();
      const figures = demoFigures();
      const body = html`${Object.entries(figures).map(([id, fig]) => chartDiv(`chart-${id}`, fig))}
${table(["model", "ROC-AUC"], [[`${EVIL_SCRIPT} ${EVIL_IMG}`, 0.6123], ["logistic", 0.8]], (v) => v.toFixed(3))}`;
      const path = writePage(dir, "demo.html", body);
      const built = performance.now();
      const opened = await session.open(path);
      const settled = await waitForCharts(opened.page);
      const loaded = performance.now();
      const counts = await chartsRendered(opened.page);

      expect(settled).toBe(true);
      expect(counts).toEqual({ containers: 3, rendered: 3, notRendered: [] });
      expect(opened.consoleErrors).toEqual([]);
      expect(opened.pageErrors).toEqual([]);
      expect(opened.dialogs).toEqual([]);
      expect(opened.externalRequests).toEqual([]);

      // Plotly's own schema check of every embedded figure: no unknown or invalid attribute.
      const issues = await evaluateIn(
        opened.page,
        `Array.from(document.querySelectorAll("script.chart-figure")).flatMap((s) => {
           const f = JSON.parse(s.textContent);
           return (Plotly.validate(f.data, f.layout) || []).map((e) => s.id + ": " + e.msg);
         })`,
        isStrings,
      );
      expect(issues).toEqual([]);

      // The malicious strings are text: in the table cell, the legend, the subtitle; no element was injected.
      const cell = await opened.page.locator("tbody tr").first().locator("td").first().innerText();
      expect(cell).toBe(`${EVIL_SCRIPT} ${EVIL_IMG}`);
      expect(await opened.page.locator(".subtitle").innerText()).toBe(`cell: ${EVIL_IMG}`);
      const legend = await evaluateIn(opened.page, `Array.from(document.querySelectorAll("#chart-roc .legendtext")).map((e) => e.textContent)`, isStrings);
      expect(legend.some((t) => t.startsWith(`${EVIL_SCRIPT} ${EVIL_IMG} (ROC-AUC `))).toBe(true);
      expect(await evaluateIn(opened.page, `document.querySelectorAll("img").length`, isNumber)).toBe(0);
      expect(await evaluateIn(opened.page, `document.querySelectorAll("script:not([type])").length`, isNumber)).toBe(1);
      // The cloud/share button and the Plotly logo are off.
      expect(await evaluateIn(opened.page, `document.querySelectorAll(".modebar-btn[data-title*='Chart Studio'], .modebar-btn--logo").length`, isNumber)).toBe(0);

      const shot = await screenshot(opened.page, join(tmpdir(), "report-browser-test.png"));
      expect(statSync(shot).size).toBeGreaterThan(20_000);
      console.log(
        `browser test: page ${(statSync(path).size / 1e6).toFixed(1)} MB built in ${(built - t0).toFixed(0)} ms, ` +
          `loaded and drawn in ${(loaded - built).toFixed(0)} ms; screenshot ${shot}` +
          (opened.consoleWarnings.length > 0 ? `; console warnings: ${JSON.stringify(opened.consoleWarnings)}` : ""),
      );
      await opened.page.close();
    });

    it("reports an empty chart container (no figure) as not rendered", async () => {
      const body = html`${chartDiv("chart-ok", demoFigures().folds)}${unsafeRawHtml('<div class="chart" id="chart-empty"></div>')}`;
      const opened = await session.open(writePage(dir, "empty.html", body));
      await waitForCharts(opened.page);
      expect(await chartsRendered(opened.page)).toEqual({ containers: 2, rendered: 1, notRendered: ["chart-empty"] });
      expect(opened.consoleErrors).toEqual(["chart chart-empty: no figure data (data-figure attribute missing)"]);
      expect(await opened.page.locator("#chart-empty").innerText()).toBe("Chart could not be drawn: no figure data (data-figure attribute missing)");
      await opened.page.close();
    });
  
    it("every kind of figure in charts.ts passes Plotly.validate (no unknown or mistyped attribute)", async () => {
      const a = predictions(2000, 3, 0.6);
      const bandOptions = { replicates: 20, seed: 1, level: 0.9, gridPoints: 21 };
      const figures: Record<string, PlotlyFigure> = {
        ...demoFigures(),
        pr: prFigure([{ name: "forest", curves: curveSummary(a.y, a.p, bandOptions) }]),
        reliability: reliabilityFigure("forest", { meanPredicted: [0.1, 0.3], observedRate: [0.12, 0.25], count: [50, 20] }, { meanPredicted: [0.12, 0.26], observedRate: [0.12, 0.25], count: [50, 20] }),
        timeline: labelTimeline({ rows: Uint32Array.from([5, 6]), labelled: Uint32Array.from([5, 0]), positives: Uint32Array.from([1, 0]), censored: Uint32Array.from([0, 6]) }),
        ladder: ladderFigure([{ name: "random", description: "d", rocAuc: 0.9, averagePrecision: 0.5, truthRocAuc: 0.8 }]),
        histogram: histogramFigure([1, 2, 2, 3, 7], "EV", "expected value ($)"),
        learning: learningCurveFigure("gbm", [
          { train: [0.5, 0.4, 0.35], validation: [0.5, 0.45, 0.46], bestIteration: 1, stopReason: "earlyStopping" },
          { train: [0.5, 0.42], validation: null, bestIteration: 1, stopReason: "maxIter" },
        ]),
        importance: importanceFigure({ model: "gbm", method: "treeshap", importance: [{ feature: "a", meanAbsContribution: 0.3 }, { feature: "b", meanAbsContribution: 0.1 }] }),
        beeswarm: beeswarmFigure({ model: "gbm", method: "treeshap", beeswarm: { features: ["a", "b"], contribution: [[0.1, -0.2, 0.1], [0, 0.05, 0]], colour: [[1, 0, null], [0.5, null, 0]] } }),
        drift: driftHeatmapFigure({ months: [10, 11], features: [{ name: "a", kind: "numeric" }, { name: "b", kind: "categorical" }], methods: ["psi", "ks"], statistic: [0.01, 0.002, 0.3, 0.01], threshold: [0.005, 0.005, 0.05, 0.05], drifted: [1, 0, 0, 1], datasetShare: [0.5, 0.5], datasetDrifted: [1, 1], currentRows: [10, 10], referenceRows: [60, 60] }),
        cbpe: performanceFigure([{ month: 10, rows: 5, estimatedRocAuc: 0.8, realisedRocAuc: 0.79, expectedRate: 0.02, realisedRate: 0.03, quantiles: [0.01, 0.02, 0.05], calibrationPValue: 0.5 }, { month: 11, rows: 5, estimatedRocAuc: 0.81, realisedRocAuc: null, expectedRate: 0.02, realisedRate: 0.01, quantiles: [0.01, 0.02, 0.05], calibrationPValue: 0.5 }], 0.01),
        scores: scoreDriftFigure([{ month: 10, rows: 5, estimatedRocAuc: 0.8, realisedRocAuc: 0.79, expectedRate: 0.02, realisedRate: 0.03, quantiles: [0.01, 0.02, 0.05], calibrationPValue: 0.5 }]),
        ...experimentFigures(),
        waterfall: waterfallFigure({ customerId: "C1", model: "logistic", base: -3, steps: [{ feature: "a", value: "x", contribution: 0.8 }, { feature: "other features", value: null, contribution: -0.1 }], margin: -2.3, probability: 0.09 }),
      };
      const opened = await session.open(writePage(dir, "validate.html", html`<p>no charts</p>`));
      const issues = await evaluateIn(
        opened.page,
        `Object.entries(${jsonForHtml(figures)}).flatMap(([id, f]) => (Plotly.validate(f.data, f.layout) || []).map((e) => id + ": " + e.msg))`,
        isStrings,
      );
      expect(issues).toEqual([]);
      expect(opened.consoleErrors).toEqual([]);
      await opened.page.close();
    });
  },
);
