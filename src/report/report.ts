import { formatReason } from "../models/explain.js";
import { prBand, rocBand } from "../evaluation/curveBands.js";
import type { Json } from "../pipeline/metricsDocument.js";
import type { PipelineResult } from "../pipeline/run.js";
import { deriveSeed } from "../util/rng.js";
import { foldDiagram, histogramFigure, labelTimeline, ladderFigure, prFigure, profitFigure, reliabilityFigure, rocFigure } from "./charts.js";
import { element, html, joinHtml, page, table, type Cell, type HtmlValue, type SafeHtml, type Section } from "./html.js";
import { chartDiv, plotlyBootstrap } from "./plotly.js";

/** Provenance of a run, written to manifest.json and shown at the end of the report. */
export interface RunManifest {
  readonly startedAt: string;
  readonly config: Json;
  readonly configFile: string | null;
  readonly defaultsFile: string;
  readonly input: { readonly kind: "synthetic" | "csv"; readonly path: string | null; readonly sha256: string | null };
  readonly seed: number;
  readonly packages: Readonly<Record<string, string>>;
  readonly gitCommit: string | null;
  readonly timingsMs: Readonly<Record<string, number>>;
}

const pct = (x: number, digits = 2): string => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)} %` : "n/a");
const fixed = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");
const money = (x: number): string => (Number.isFinite(x) ? `$${Math.round(x).toLocaleString("en-US")}` : "n/a");
const int = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString("en-US") : "n/a");

/** A formatter per column for {@link table}: `kinds[c]` says how column c's numbers are shown. */
function formats(...kinds: ("int" | "pct" | "p4" | "p3" | "money" | "ratio")[]): (v: number, c: number) => string {
  return (v, c) => {
    switch (kinds[c]) {
      case "pct":
        return pct(v);
      case "p4":
        return fixed(v, 4);
      case "p3":
        return fixed(v, 3);
      case "money":
        return money(v);
      case "ratio":
        return fixed(v, 2);
      default:
        return int(v);
    }
  };
}

function note(text: HtmlValue): SafeHtml {
  return html`<p class="note">${text}</p>`;
}

function keyFigures(items: readonly [string, string][]): SafeHtml {
  return element("dl", { class: "figures" }, items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`));
}

/**
 * The self-contained HTML report of a run: every value from data escaped, every chart drawn from
 * embedded JSON by the one inline Plotly bundle (so it opens offline and can be mailed). Sections:
 * summary, data quality, panel and label timeline, feature catalogue, folds, ROC and PR with
 * bands, leakage ladder, calibration, EV distribution, profit curve, the two targeting modes and
 * the budget gate, the action-plan preview and the run manifest.
 */
export function renderReport(result: PipelineResult, manifest: RunManifest): string {
  const { config, source, panelSummary: ps, panel, catalogue, evaluation: ev, decisions: d, crossSection } = result;
  const e = config.evaluation;
  const lead = ev.models[0]!;
  const sections: Section[] = [];
  const curve = d.backtest.curve;
  const bandOptions = (tag: number) => ({ replicates: Math.max(1, e.bootstrapReplicates), seed: deriveSeed(config.seed, tag), level: e.confidenceLevel, gridPoints: 101 });

  sections.push({
    id: "summary",
    title: "Summary",
    body: joinHtml([
      keyFigures([
        ["Source", `${ps.kind === "synthetic" ? "synthetic telco" : "Telco CSV"}: ${ps.source}`],
        ["Customers / active now", `${int(ps.customers)} / ${int(ps.scoring)}`],
        ["Labelled rows (positive rate)", `${int(ps.labelled)} (${pct(ps.positiveRate)})`],
        [`${lead.model} ROC-AUC (out of ${ev.split.kind === "time" ? "time" : "fold"})`, `${fixed(lead.raw.rocAuc, 3)} [${fixed(lead.raw.rocAucInterval?.lower ?? Number.NaN, 3)}, ${fixed(lead.raw.rocAucInterval?.upper ?? Number.NaN, 3)}]`],
        ["Calibrated ECE", fixed(lead.compared.calibrated.ece, 4)],
        ...(ev.truth ? ([["True-hazard ROC-AUC (ceiling)", fixed(ev.truth.rocAuc, 3)]] as [string, string][]) : []),
        ["Backtest N* / max profit", `${int(curve.nStar)} / ${money(curve.maxProfit)}`],
        ["Action plan", `${int(d.production.targeted)} customers, expected profit ${money(d.production.expectedProfit)}, spend ${money(d.production.spend)}`],
      ]),
    ]),
  });

  const q = source.quality;
  sections.push({
    id: "data",
    title: "Data and data quality",
    body: q
      ? joinHtml([
          note(`${int(q.rowsRead)} rows read, ${int(q.rowsAccepted)} accepted. Every alteration and flag is counted below with its first source lines.`),
          table(
            ["What", "Reason", "Rows", "First lines"],
            [...q.rejected.map((r) => ["rejected", r.reason, r.count, r.firstLines.join(", ")] as Cell[]), ...q.altered.map((r) => [`altered (${r.column})`, r.reason, r.count, r.firstLines.join(", ")] as Cell[]), ...q.flagged.map((r) => ["flagged", r.reason, r.count, r.firstLines.join(", ")] as Cell[])],
            formats("int", "int", "int"),
          ),
          note("The file is a single snapshot: the monthly history is reconstructed from tenure (attributes as of extraction, survivors only, every churn in the last month). See data/README.md."),
        ])
      : note(`Synthetic telco (seed ${config.seed}): ${int(ps.customers)} customers over ${ps.periods} months, generated from configs; the true monthly hazard is known for every row.`),
  });

  sections.push({
    id: "panel",
    title: "Panel and label timeline",
    body: joinHtml([
      note(`Label = churn within the next ${ps.horizon} month(s). Rows whose horizon runs past the end of the data are censored (never trained or evaluated on); the latest row of each active customer is scored. Positive labels fall in ${ps.positiveMonths.count} calendar month(s), ${ps.positiveMonths.first}..${ps.positiveMonths.last}.`),
      chartDiv("chart-timeline", labelTimeline(panel.counts.byPeriod)),
      table(["Rows", "Labelled", "Positive", "Censored", "Scoring"], [[ps.rows, ps.labelled, ps.positives, ps.censored, ps.scoring]], formats("int", "int", "int", "int", "int")),
    ]),
  });

  sections.push({
    id: "features",
    title: "Feature catalogue",
    body: joinHtml([
      note("Every feature of a row is computed from that customer's rows up to and including the row's month. Imputation, scaling and encoding are fitted inside each training fold."),
      table(["Feature", "Group", "Kind", "Window", "Source", "Description"], catalogue.map((f) => [f.name, f.group, f.kind, f.window ?? "", f.source, f.description] as Cell[]), formats("int", "int", "int", "int")),
    ]),
  });

  sections.push({
    id: "folds",
    title: "Cross-validation folds",
    body: joinHtml([
      note(ev.split.reason),
      chartDiv("chart-folds", foldDiagram(ev.split.table, ps.periods)),
      table(
        ["Fold", "Train months", "Test months", "Train rows", "Train positives", "Test rows", "Test positives"],
        ev.split.table.map((f) => [f.index, f.trainMonths ? `${f.trainMonths[0]}..${f.trainMonths[1]}` : "", f.testMonths ? `${f.testMonths[0]}..${f.testMonths[1]}` : "", f.trainRows, f.trainPositives, f.testRows, f.testPositives] as Cell[]),
        formats("int", "int", "int", "int", "int", "int", "int"),
      ),
    ]),
  });

  const rocModels = ev.models.map((m, k) => {
    const { oof } = ev.outOfFold.get(m.model)!;
    return { name: m.model, y: oof.label, p: oof.proba, band: rocBand(oof.label, oof.proba, bandOptions(0x20c + k)), prBand: prBand(oof.label, oof.proba, bandOptions(0x9b + k)) };
  });
  sections.push({
    id: "discrimination",
    title: "ROC and precision–recall, out of fold",
    body: joinHtml([
      element("div", { class: "chart-row" }, [chartDiv("chart-roc", rocFigure(rocModels)), chartDiv("chart-pr", prFigure(rocModels.map((m) => ({ name: m.name, y: m.y, p: m.p, band: m.prBand }))))]),
      table(
        ["Model", "ROC-AUC", "95 % band low", "high", "PR-AUC", "Brier", "Log loss", ...e.topFractions.map((f) => `Lift @ ${pct(f, 0)}`)],
        ev.models.map((m) => [m.model, m.raw.rocAuc, m.raw.rocAucInterval?.lower ?? null, m.raw.rocAucInterval?.upper ?? null, m.raw.averagePrecision, m.raw.brier, m.raw.logLoss, ...m.raw.lift.map((l) => l.lift)] as Cell[]),
        formats("int", "p3", "p3", "p3", "p4", "p4", "p4", ...e.topFractions.map(() => "ratio" as const)),
      ),
      table(["Model", ...ev.split.folds.map((f) => `Fold ${f.index} AUC`)], ev.models.map((m) => [m.model, ...m.perFold.map((f) => f.rocAuc)] as Cell[]), formats("int", ...ev.split.folds.map(() => "p3" as const))),
      ev.truth ? note(`The true hazard, scored as a prediction on the same rows, reaches ROC-AUC ${fixed(ev.truth.rocAuc, 3)}: the ceiling no model can beat on this data.`) : "",
    ]),
  });

  sections.push({
    id: "ladder",
    title: "The leakage ladder",
    body: joinHtml([
      note("The same logistic model, evaluated three ways. A random split of rows and a leaked feature both inflate the score; only the honest split is a forecast of what happens in production."),
      chartDiv("chart-ladder", ladderFigure(ev.ladder, ev.truth?.rocAuc ?? null)),
      table(["Evaluation", "ROC-AUC", "PR-AUC", "What it means"], ev.ladder.map((r) => [r.name, r.rocAuc, r.averagePrecision, r.description] as Cell[]), formats("int", "p3", "p4")),
      crossSection ? note(`Cross-sectional check on the snapshot (one row per customer, ${crossSection.folds}-fold): logistic ROC-AUC ${fixed(crossSection.rocAuc, 3)} (published reference about 0.845).`) : "",
    ]),
  });

  sections.push({
    id: "calibration",
    title: "Calibration",
    body: joinHtml([
      note(`${e.calibration} calibration fitted on out-of-fold predictions only (${lead.calibration.mode}: ${lead.calibration.mode === "prequential" ? "each fold calibrated on earlier folds, the first fold left out" : "each fold calibrated on the other folds"}). Reliability bins: ${e.calibrationBins} ${e.binning}.`),
      element("div", { class: "chart-row" }, ev.models.map((m, k) => chartDiv(`chart-reliability-${k}`, reliabilityFigure(m.model, m.reliability.raw, m.reliability.calibrated)))),
      table(
        ["Model", "Rows", "ECE before", "ECE after", "Brier before", "Brier after", "Reliability", "Resolution", "Uncertainty", "Mean p", "Base rate"],
        ev.models.map((m) => [m.model, m.compared.rows, m.compared.raw.ece, m.compared.calibrated.ece, m.compared.raw.brier, m.compared.calibrated.brier, m.compared.calibrated.brierReliability, m.compared.calibrated.brierResolution, m.compared.calibrated.brierUncertainty, m.compared.calibrated.meanPredicted, m.compared.calibrated.baseRate] as Cell[]),
        (v, c) => (c === 1 ? int(v) : v.toPrecision(3)),
      ),
      ev.models.some((m) => m.againstTruth)
        ? table(["Model", "MAE vs true hazard", "RMSE", "Bias", "Correlation"], ev.models.filter((m) => m.againstTruth).map((m) => [m.model, m.againstTruth!.meanAbsoluteError, m.againstTruth!.rootMeanSquaredError, m.againstTruth!.bias, m.againstTruth!.correlation] as Cell[]), (v) => v.toPrecision(3), { caption: "Calibrated probabilities against the true hazard, row by row" })
        : "",
    ]),
  });

  const finiteEv = Array.from(d.bestEv).filter(Number.isFinite);
  sections.push({
    id: "ev",
    title: "Expected value",
    body: joinHtml([
      note(`EV = p·(s·CLV − C_tp) − (1 − p)·C_fp per action, p = calibrated probability of churn within ${d.effectMonths} months. CLV: monthly margin over at most ${config.decision.clvHorizonMonths} months, discounted, at the ${config.decision.clvHazard === "portfolio" ? `portfolio's mean monthly hazard (${pct(d.portfolioHazard)})` : "customer's own hazard"}; mean CLV ${money(d.meanClv)}.`),
      chartDiv("chart-ev", histogramFigure(finiteEv, "Best expected value per active customer", "EV (dollars)")),
      note(`The design brief's band ${fixed(d.band.brief.min, 2)} ≤ p ≤ ${fixed(d.band.brief.max, 2)} was set on class-balanced, uncalibrated scores: on calibrated ${d.effectMonths}-month probabilities (mean ${pct(d.band.meanProbability)}, max ${pct(d.band.maxProbability)}) it holds ${int(d.band.brief.count)} of ${int(d.activeCustomers)} active customers. The configured band ${fixed(d.band.configured.min, 2)}..${fixed(d.band.configured.max, 2)} holds ${int(d.band.configured.count)}.`),
    ]),
  });

  const oracle = d.backtest.oracleCurve;
  sections.push({
    id: "profit",
    title: "Profit curve (backtest)",
    body: joinHtml([
      note(`Out-of-time rows with realised ${d.effectMonths}-month outcomes (${int(d.backtest.rows)} customer-months, never the training rows), ranked by calibrated probability; each row valued with its best action${oracle ? " and the true action effect" : ""}. Band: ${pct(e.confidenceLevel, 0)} bootstrap.`),
      chartDiv("chart-profit", profitFigure({ ...curve }, oracle ? { name: "oracle (true hazard and effect)", count: oracle.count, profit: oracle.profit } : null)),
      table(
        ["Curve", "N*", "p*", "Max profit", "Spend at N*", "ROI at N*", "Marginal profit ≤ 0 from N"],
        [["model", curve.nStar, curve.pStar, curve.maxProfit, curve.spendAtStar, curve.roiAtStar, curve.marginalZero] as Cell[], ...(oracle ? [["oracle", oracle.nStar, oracle.pStar, oracle.maxProfit, oracle.spendAtStar, oracle.roiAtStar, oracle.marginalZero] as Cell[]] : [])],
        formats("int", "int", "p4", "money", "money", "ratio", "int"),
      ),
      d.backtest.note ? note(d.backtest.note) : "",
      ps.kind === "telco"
        ? note(`On the Telco reconstruction every churn sits in the last month, so a ${d.effectMonths}-month backtest only sees churners ${d.effectMonths} months before they left, where their rows look like everyone else's: treat this curve as a limit of the data, not of the model. Backtests are meaningful on the synthetic telco.`)
        : "",
    ]),
  });

  const modeRow = (name: string, s: typeof d.unconstrained): Cell[] => [name, s.targeted, s.spend, s.expectedProfit, s.roi, ...config.decision.actions.map((a) => s.byAction[a.name] ?? 0)];
  const r = d.backtest.realised;
  sections.push({
    id: "modes",
    title: "Targeting: unconstrained vs budget gate",
    body: joinHtml([
      note(`Production mode maximises total EV under a budget of ${money(config.decision.budget)} and at most ${int(config.decision.maxContacts)} contacts (exact knapsack on a ${money(config.decision.budgetUnit)} grid${d.production.exact ? "" : `, Lagrangian bound ${money(d.production.upperBound)}, gap ${money(d.production.gap)}`}). Greedy by EV is shown for comparison. Unconstrained mode contacts everyone with EV > 0.`),
      table(
        ["Mode", "Targeted", "Spend", "Expected profit", "ROI", ...config.decision.actions.map((a) => a.name)],
        [modeRow("unconstrained", d.unconstrained), modeRow("production (optimal)", d.production), modeRow("greedy by EV", d.greedy)],
        formats("int", "int", "money", "money", "ratio", ...config.decision.actions.map(() => "int" as const)),
      ),
      r
        ? table(
            ["Backtest campaigns (months)", "Ours: production", "Ours: unconstrained", "Oracle: production", "Oracle: unconstrained", "Ratio production", "Ratio unconstrained"],
            [[r.months.join(", "), r.production, r.unconstrained, r.oracleProduction, r.oracleUnconstrained, r.productionRatio, r.unconstrainedRatio]],
            formats("int", "money", "money", "money", "money", "ratio", "ratio"),
            { caption: "Realised profit with realised churn and the true action effects" },
          )
        : "",
    ]),
  });

  sections.push({
    id: "plan",
    title: "Action plan preview",
    body: joinHtml([
      note(`${int(d.plan.length)} customers in action_plan.csv (only customers active at the end of the data). Top 20 by EV:`),
      table(
        ["Customer", "P(churn, month)", `P(churn, ${d.effectMonths} months)`, "CLV", "Action", "Cost", "EV", "Top reasons"],
        [...d.plan].sort((a, b) => b.expectedValue - a.expectedValue || (a.customerId < b.customerId ? -1 : 1)).slice(0, 20).map((p) => [p.customerId, p.churnProbabilityMonth, p.churnProbabilityWindow, p.clv, p.action, p.cost, p.expectedValue, p.reasons.map(formatReason).join("; ")] as Cell[]),
        formats("int", "p4", "p4", "money", "int", "money", "money"),
      ),
    ]),
  });

  sections.push({
    id: "manifest",
    title: "Run manifest",
    body: joinHtml([
      table(
        ["Field", "Value"],
        [
          ["Started", manifest.startedAt],
          ["Config", manifest.configFile ?? manifest.defaultsFile],
          ["Input", manifest.input.path ?? "synthetic"],
          ["Input SHA-256", manifest.input.sha256 ?? "—"],
          ["Seed", String(manifest.seed)],
          ["Git commit", manifest.gitCommit ?? "—"],
          ...Object.entries(manifest.timingsMs).map(([k, v]) => [`Stage ${k}`, `${(v / 1000).toFixed(2)} s`] as Cell[]),
        ],
        formats("int"),
      ),
      table(["Package", "Version"], Object.entries(manifest.packages).map(([k, v]) => [k, v] as Cell[]), formats("int")),
    ]),
  });

  return page({ title: "Churn report", subtitle: `${ps.source} · seed ${config.seed} · ${manifest.startedAt}`, sections, scripts: [plotlyBootstrap()] }).__html;
}
