import { formatReason } from "../models/explain.js";
import type { Json, RunDocument } from "../pipeline/metricsDocument.js";
import { formatCount, formatFixed, formatLevel, formatMoney, formatNumber, formatPercent, formatSeconds } from "../util/format.js";
import {
  beeswarmFigure,
  explanationMethodName,
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
  stopReasonText,
  waterfallFigure,
  type Num,
} from "./charts.js";
import { element, html, joinHtml, page, table, type Cell, type HtmlValue, type SafeHtml, type Section } from "./html.js";
import { modelComparisonRows } from "./modelComparison.js";
import { experimentFigure, policyFigure, qiniFigure } from "./experimentCharts.js";
import { driftHeatmapFigure, performanceFigure, scoreDriftFigure } from "./monitoringCharts.js";
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

/** A formatter per column for {@link table}: `kinds[c]` says how column c's numbers are shown. */
function formats(...kinds: ("int" | "pct" | "p4" | "p3" | "money" | "ratio" | "sig3")[]): (v: number, c: number) => string {
  return (v, c) => {
    switch (kinds[c]) {
      case "pct":
        return formatPercent(v, 2);
      case "p4":
        return formatFixed(v, 4);
      case "p3":
        return formatFixed(v, 3);
      case "money":
        return formatMoney(v);
      case "ratio":
        return formatFixed(v, 2);
      case "sig3":
        return formatNumber(v, 3);
      default:
        return formatCount(v);
    }
  };
}

/** Charts side by side (one per column, stacked on narrow screens); a single chart takes the full width. */
function pair(charts: readonly SafeHtml[]): SafeHtml {
  return charts.length === 1 ? charts[0]! : element("div", { class: "chart-pair" }, charts);
}

/** Table cells from text and document numbers: a null number (not finite when computed) shows as "n/a", not as an empty cell. */
function cells(...values: readonly (string | Num | SafeHtml)[]): Cell[] {
  return values.map((v) => v ?? Number.NaN);
}

function note(text: HtmlValue): SafeHtml {
  return html`<p class="note">${text}</p>`;
}

function keyFigures(items: readonly [string, string][]): SafeHtml {
  return element("dl", { class: "figures" }, items.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`));
}

/**
 * The self-contained HTML report of a run, rendered from its run document alone (`metricsDocument`,
 * or `JSON.parse` of the `metrics.json` it wrote: the same page either way): every number is read
 * from the document and only formatted here; nothing is computed, sorted or drawn at random. Every
 * value from data is escaped, every chart drawn from embedded JSON by the one inline Plotly bundle
 * (so it opens offline and can be mailed). Sections: summary, data quality, panel and label
 * timeline, feature catalogue, folds, ROC and PR with bands, leakage ladder, calibration, which
 * model decides and why (every model and the true hazard side by side), the boosting learning
 * curves (when gradient boosting was evaluated), why these scores (importance, SHAP summary, one
 * plan customer's waterfall), EV distribution, profit curve, the two targeting modes and the
 * budget gate, the action-plan preview and the run manifest. Bands and their wording follow `evaluation.confidenceLevel` and vanish with
 * `evaluation.bootstrapReplicates: 0`.
 */
export function renderReport(doc: RunDocument, manifest: RunManifest): string {
  const { config, panel: ps, decisions: d } = doc;
  const e = config.evaluation;
  const models = doc.models;
  const lead = models.find((m) => m.model === doc.decisionModel.model) ?? models[0]!;
  const split = doc.split;
  const sections: Section[] = [];
  const curve = d.backtest.curve;
  const interval = lead.raw.rocAucInterval;

  sections.push({
    id: "summary",
    title: "Summary",
    body: joinHtml([
      keyFigures([
        ["Source", `${ps.kind === "synthetic" ? "synthetic telco" : "Telco CSV"}: ${ps.source}`],
        doc.population
          ? ["Population / active now (scored)", `${formatCount(doc.population.populationCustomers)} / ${formatCount(doc.population.activeCustomers)}; models trained on a ${formatPercent(doc.population.sampleShare, 1)} customer sample of ${formatCount(ps.customers)}`]
          : ["Customers / active now", `${formatCount(ps.customers)} / ${formatCount(ps.scoring)}`],
        ["Labelled rows (positive rate)", `${formatCount(ps.labelled)} (${formatPercent(ps.positiveRate, 2)})`],
        [`${lead.model} ROC-AUC (out of ${split.kind === "time" ? "time" : "fold"})`, `${formatFixed(lead.raw.rocAuc, 3)}${interval ? ` [${formatFixed(interval.lower, 3)}, ${formatFixed(interval.upper, 3)}] (${formatLevel(interval.level)})` : ""}`],
        ["Calibrated ECE", formatFixed(lead.compared.calibrated.ece, 4)],
        ["Decision model", `${doc.decisionModel.model}: ${doc.decisionModel.reason}`],
        ...(doc.truth ? ([["True-hazard ROC-AUC (ceiling)", formatFixed(doc.truth.rocAuc, 3)]] as [string, string][]) : []),
        ["Backtest N* / max profit", `${formatCount(curve.nStar)} / ${formatMoney(curve.maxProfit)}`],
        ["Action plan", `${formatCount(d.production.targeted)} customers, expected profit ${formatMoney(d.production.expectedProfit)}, spend ${formatMoney(d.production.spend)}`],
      ]),
    ]),
  });

  const q = doc.source.quality;
  sections.push({
    id: "data",
    title: "Data and data quality",
    body: q
      ? joinHtml([
          note(`${formatCount(q.rowsRead)} rows read, ${formatCount(q.rowsAccepted)} accepted. Every alteration and flag is counted below with its first source lines.`),
          table(
            ["What", "Reason", "Rows", "First lines"],
            [...q.rejected.map((r) => cells("rejected", r.reason, r.count, r.firstLines.join(", "))), ...q.altered.map((r) => cells(`altered (${r.column})`, r.reason, r.count, r.firstLines.join(", "))), ...q.flagged.map((r) => cells("flagged", r.reason, r.count, r.firstLines.join(", ")))],
            formats("int", "int", "int"),
          ),
          note("The file is a single snapshot: the monthly history is reconstructed from tenure (attributes as of extraction, survivors only, every churn in the last month). See data/README.md."),
        ])
      : note(`Synthetic telco (seed ${doc.seed}): ${formatCount(ps.customers)} customers over ${ps.periods} months, generated from configs; the true monthly hazard is known for every row.`),
  });

  const pop = doc.population;
  if (pop) {
    sections.push({
      id: "scale",
      title: "Scale: a customer sample to learn from, every customer to score",
      body: joinHtml([
        note(`The population of ${formatCount(pop.populationCustomers)} customers is too big for one panel. Models are trained, cross-validated, calibrated, backtested and monitored on a uniform sample of ${formatCount(pop.sampleCustomers)} customers (each customer in with probability ${formatPercent(pop.sampleShare, 2)}, all their months), and the fitted scoring document then scores every one of the ${formatCount(pop.activeCustomers)} active customers in ${formatCount(pop.chunks)} chunks; the action plan covers all of them. Inclusion does not depend on churn, so the sample's churn rate estimates the population's and the model's probabilities need no prior correction: the odds ratio below is the correction factor a case-control sample would need, measured.`),
        table(
          ["", "Labelled customer-months", "Churners", "Monthly churn rate", `${formatLevel(pop.sample.level)} interval`],
          [cells("population (every chunk)", pop.population.rows, pop.population.churners, pop.population.rate, ""), cells("training sample", pop.sample.rows, pop.sample.churners, pop.sample.rate, `${formatPercent(pop.sample.lower, 3)} – ${formatPercent(pop.sample.upper, 3)}`)],
          formats("int", "int", "int", "pct"),
        ),
        keyFigures([
          ["Prior odds ratio (population / sample)", pop.priorOddsRatio === null ? "undefined (a group without churners or without stayers; none applied)" : `${formatFixed(pop.priorOddsRatio, 4)} (1 = no correction; none applied)`],
          ["Mean calibrated probability, active customers", `population ${formatPercent(pop.meanCalibrated.population, 3)}, sample ${formatPercent(pop.meanCalibrated.sample, 3)}`],
        ]),
      ]),
    });
  }

  sections.push({
    id: "panel",
    title: "Panel and label timeline",
    body: joinHtml([
      note(`Label = churn within the next ${ps.horizon} month(s). Rows whose horizon runs past the end of the data are censored (never trained or evaluated on); the latest row of each active customer is scored. Positive labels fall in ${ps.positiveMonths.count} calendar month(s), ${ps.positiveMonths.first}..${ps.positiveMonths.last}.`),
      chartDiv("chart-timeline", labelTimeline(ps.byPeriod)),
      table(["Rows", "Labelled", "Positive", "Censored", "Scoring"], [cells(ps.rows, ps.labelled, ps.positives, ps.censored, ps.scoring)], formats("int", "int", "int", "int", "int")),
    ]),
  });

  sections.push({
    id: "features",
    title: "Feature catalogue",
    body: joinHtml([
      note("Every feature of a row is computed from that customer's rows up to and including the row's month. Imputation, scaling and encoding are fitted inside each training fold."),
      table(["Feature", "Group", "Kind", "Window", "Source", "Description"], doc.features.map((f) => [f.name, f.group, f.kind, f.window ?? "", f.source, f.description] as Cell[]), formats("int", "int", "int", "int")),
    ]),
  });

  sections.push({
    id: "folds",
    title: "Cross-validation folds",
    body: joinHtml([
      note(split.reason),
      chartDiv("chart-folds", foldDiagram(split.folds, ps.periods ?? 0)),
      table(
        ["Fold", "Train months", "Test months", "Train rows", "Train positives", "Test rows", "Test positives"],
        split.folds.map((f) => cells(f.index, f.trainMonths ? `${f.trainMonths[0]}..${f.trainMonths[1]}` : "", f.testMonths ? `${f.testMonths[0]}..${f.testMonths[1]}` : "", f.trainRows, f.trainPositives, f.testRows, f.testPositives)),
        formats("int", "int", "int", "int", "int", "int", "int"),
      ),
    ]),
  });

  const curveModels = models.map((m) => ({ name: m.model, curves: m.curves }));
  const intervals = models.some((m) => m.raw.rocAucInterval);
  sections.push({
    id: "discrimination",
    title: "ROC and precision–recall, out of fold",
    body: joinHtml([
      element("div", { class: "chart-row" }, [chartDiv("chart-roc", rocFigure(curveModels)), chartDiv("chart-pr", prFigure(curveModels))]),
      table(
        ["Model", "ROC-AUC", ...(intervals ? [`${formatLevel(e.confidenceLevel)} interval low`, "high"] : []), "PR-AUC", "Brier", "Log loss", ...e.topFractions.map((f) => `Lift @ ${formatPercent(f, 0)}`)],
        models.map((m) => cells(m.model, m.raw.rocAuc, ...(intervals ? [m.raw.rocAucInterval?.lower ?? null, m.raw.rocAucInterval?.upper ?? null] : []), m.raw.averagePrecision, m.raw.brier, m.raw.logLoss, ...m.raw.lift.map((l) => l.lift))),
        formats("int", "p3", ...(intervals ? (["p3", "p3"] as const) : []), "p4", "p4", "p4", ...e.topFractions.map(() => "ratio" as const)),
      ),
      table(["Model", ...split.folds.map((f) => `Fold ${f.index} AUC`)], models.map((m) => cells(m.model, ...m.perFold.map((f) => f.rocAuc))), formats("int", ...split.folds.map(() => "p3" as const))),
      intervals ? note(`Intervals and bands: ${formatLevel(e.confidenceLevel)} percentile bootstrap that resamples ${lead.raw.rocAucInterval?.resampled === "customers" ? "customers with all their test months (a customer's months are not independent)" : "rows"}.`) : "",
      doc.truth ? note(`The true hazard, scored as a prediction on the same rows, reaches ROC-AUC ${formatFixed(doc.truth.rocAuc, 3)}: the ceiling no model can beat on this data.`) : "",
    ]),
  });

  sections.push({
    id: "ladder",
    title: "The leakage ladder",
    body: joinHtml([
      note("The same logistic model on one fold, evaluated three ways with the same number of test rows. Only the honest split forecasts production. Where the data know the true hazard, its ROC-AUC on each rung's own test rows is the ceiling: a score above it can only come from information the model should not have, and the gap below it compares rungs whose test rows differ."),
      chartDiv("chart-ladder", ladderFigure(doc.ladder)),
      doc.ladder.some((r) => r.truthRocAuc !== null)
        ? table(["Evaluation", "ROC-AUC", "true hazard's ROC-AUC, same rows", "PR-AUC", "What it means"], doc.ladder.map((r) => cells(r.name, r.rocAuc, r.truthRocAuc, r.averagePrecision, r.description)), formats("int", "p3", "p3", "p4"))
        : table(["Evaluation", "ROC-AUC", "PR-AUC", "What it means"], doc.ladder.map((r) => cells(r.name, r.rocAuc, r.averagePrecision, r.description)), formats("int", "p3", "p4")),
      doc.crossSection ? note(`Cross-sectional check on the snapshot (one row per customer, ${doc.crossSection.folds}-fold): logistic ROC-AUC ${formatFixed(doc.crossSection.rocAuc, 3)} (published reference about 0.845).`) : "",
    ]),
  });

  const againstTruth = models.filter((m) => m.againstTruth);
  sections.push({
    id: "calibration",
    title: "Calibration",
    body: joinHtml([
      note(`${e.calibration} calibration fitted on out-of-fold predictions only (${lead.calibration.mode}: ${lead.calibration.mode === "prequential" ? "each fold calibrated on earlier folds, the first fold left out" : "each fold calibrated on the other folds"}). Reliability bins: ${e.calibrationBins} ${e.binning}.`),
      element("div", { class: "chart-row" }, models.map((m, k) => chartDiv(`chart-reliability-${k}`, reliabilityFigure(m.model, m.reliability.raw, m.reliability.calibrated)))),
      table(
        ["Model", "Rows", "ECE before", "ECE after", "Brier before", "Brier after", "Reliability", "Resolution", "Uncertainty", "Mean p", "Base rate"],
        models.map((m) => cells(m.model, m.compared.rows, m.compared.raw.ece, m.compared.calibrated.ece, m.compared.raw.brier, m.compared.calibrated.brier, m.compared.calibrated.brierReliability, m.compared.calibrated.brierResolution, m.compared.calibrated.brierUncertainty, m.compared.calibrated.meanPredicted, m.compared.calibrated.baseRate)),
        formats("int", "int", "sig3", "sig3", "sig3", "sig3", "sig3", "sig3", "sig3", "sig3", "sig3"),
      ),
      againstTruth.length > 0
        ? table(["Model", "MAE vs true hazard", "RMSE", "Bias", "Correlation"], againstTruth.map((m) => cells(m.model, m.againstTruth!.meanAbsoluteError, m.againstTruth!.rootMeanSquaredError, m.againstTruth!.bias, m.againstTruth!.correlation)), formats("int", "sig3", "sig3", "sig3", "sig3"), { caption: "Calibrated probabilities against the true hazard, row by row" })
        : "",
    ]),
  });

  const comparison = modelComparisonRows(doc);
  const calibratedRows = lead.compared.rows;
  sections.push({
    id: "decision-model",
    title: "Which model decides",
    body: joinHtml([
      note(`${doc.decisionModel.model} drives the decisions: ${doc.decisionModel.reason}. ${doc.decisionModel.setting === "auto" ? "With evaluation.decisionModel: auto the model with the lowest out-of-time log loss after calibration decides, because expected values multiply by the calibrated probabilities themselves, not only by their ranking." : "The config names it; the alternatives' numbers are shown for comparison."}`),
      table(
        ["Model", "Role", "ROC-AUC", "PR-AUC", "Log loss, uncalibrated", "Log loss, calibrated", "ECE, calibrated", "Brier, calibrated", "MAE vs true hazard"],
        comparison.map((r) => cells(r.model, r.role, r.rocAuc, r.averagePrecision, r.logLossUncalibrated, r.logLossCalibrated, r.eceCalibrated, r.brierCalibrated, r.maeVsTruth)),
        formats("int", "int", "p3", "p4", "p4", "p4", "sig3", "sig3", "sig3"),
        { caption: `On the ${formatCount(calibratedRows)} out-of-fold rows with a calibrated prediction${doc.truth ? ", where the true hazard is scored too (it needs no calibration: the ceiling)" : ""}; ROC-AUC and PR-AUC of the uncalibrated scores.` },
      ),
    ]),
  });

  const boosted = models.map((m, k) => ({ m, k })).filter(({ m }) => m.learningCurves.length > 0);
  if (boosted.length > 0) {
    const gbm = config.models.gbm;
    sections.push({
      id: "boosting",
      title: "Gradient boosting",
      body: joinHtml([
        note(
          (gbm.earlyStoppingRounds ?? 0) > 0
            ? `Each fold's model grows trees on its training window minus the last ${formatCount(gbm.validationMonths)} months (after the label gap) and watches the log loss on those months: time-ordered, never random rows. It stops after ${formatCount(gbm.earlyStoppingRounds)} rounds without improvement (at most ${formatCount(gbm.maxIter)}) and keeps the trees up to the lowest validation loss (◆). Losses are weighted means (sample × class weights).`
            : `Early stopping is off (models.gbm.earlyStoppingRounds: 0): each fold grows ${formatCount(gbm.maxIter)} trees on its whole training window. Losses are weighted means (sample × class weights).`,
        ),
        ...boosted.map(({ m, k }) => chartDiv(`chart-learning-${k}`, learningCurveFigure(m.model, m.learningCurves))),
        ...boosted.map(({ m }) =>
          table(
            ["Fold", "Rounds run", "Trees kept", "Stopped by", "Training log loss at kept", "Validation log loss at kept"],
            m.learningCurves.map((c, f) => cells(split.folds[f]?.index ?? f, c.train.length - 1, c.bestIteration, stopReasonText(c.stopReason), c.train[c.bestIteration ?? 0] ?? null, c.validation?.[c.bestIteration ?? 0] ?? null)),
            formats("int", "int", "int", "int", "p4", "p4"),
            { caption: m.model },
          ),
        ),
      ]),
    });
  }

  const explained = doc.explanations.models;
  const w = doc.explanations.waterfall;
  const first = d.planPreview[0];
  const waterfallMethod = explained.find((x) => x.model === w?.model)?.method;
  if (explained.length > 0) {
    const methodNote = (x: (typeof explained)[number]): string =>
      `${x.model}: ${x.method === "treeshap" ? "TreeSHAP (Lundberg et al. 2020), exact Shapley values of the trees' log-odds, base = the expected log-odds under the training cover" : "exact linear contributions, coefficient × (value − training mean), base = the score of the mean training row"}; ${x.fittedOn === "final" ? "the model fitted on every labelled row, the one that scores the plan" : "the last fold's model"}.`;
    sections.push({
      id: "explanations",
      title: "Why these scores",
      body: joinHtml([
        note(`Contributions to each active customer's log-odds of churning in the month, per feature (one-hot levels and missing indicators summed back to their feature); base + the sum of a customer's contributions = its score. ${explained.map(methodNote).join(" ")}`),
        pair(explained.map((x, k) => chartDiv(`chart-importance-${k}`, importanceFigure(x)))),
        note(`Each dot is one customer (a systematic sample of the active customers), its position the feature's contribution, its colour the feature's value (rank among the sample for numbers, level order for categories; grey = missing). The ${explained[0]!.beeswarm.features.length} most important features per model.`),
        pair(explained.map((x, k) => chartDiv(`chart-beeswarm-${k}`, beeswarmFigure(x)))),
        w
          ? joinHtml([
              note(`The first customer of the action plan, ${w.customerId}, explained by the decision model ${w.model}${waterfallMethod ? ` (${explanationMethodName(waterfallMethod)})` : ""}: from the base through the largest contributions to the score. The probability σ(score) is before calibration; the plan uses the calibrated ${formatPercent(first?.customerId === w.customerId ? first.churnProbabilityMonth : null, 2)} for the month.`),
              chartDiv("chart-waterfall", waterfallFigure(w)),
            ])
          : "",
      ]),
    });
  }

  const decision = config.decision;
  sections.push({
    id: "ev",
    title: "Expected value",
    body: joinHtml([
      note(`EV = p·(s·CLV − C_tp) − (1 − p)·C_fp per action, p = calibrated probability of churn within ${d.effectMonths} months. CLV: monthly margin over at most ${decision.clvHorizonMonths} months, discounted, at the ${decision.clvHazard === "portfolio" ? `portfolio's mean monthly hazard (${formatPercent(d.portfolioHazard, 2)})` : "customer's own hazard"}; mean CLV ${formatMoney(d.meanClv)}.`),
      chartDiv("chart-ev", histogramFigure(d.evHistogram, "Best expected value per active customer", "EV (dollars)")),
      note(`The design brief's band ${formatFixed(d.band.brief.min, 2)} ≤ p ≤ ${formatFixed(d.band.brief.max, 2)} was set on class-balanced, uncalibrated scores: on calibrated ${d.effectMonths}-month probabilities (mean ${formatPercent(d.band.meanProbability, 2)}, max ${formatPercent(d.band.maxProbability, 2)}) it holds ${formatCount(d.band.brief.count)} of ${formatCount(d.activeCustomers)} active customers. The configured band ${formatFixed(d.band.configured.min, 2)}..${formatFixed(d.band.configured.max, 2)} holds ${formatCount(d.band.configured.count)}.`),
    ]),
  });

  const oracle = d.backtest.oracleCurve;
  sections.push({
    id: "profit",
    title: "Profit curve (backtest)",
    body: joinHtml([
      note(`Out-of-time rows with realised ${d.effectMonths}-month outcomes (${formatCount(d.backtest.rows)} customer-months, never the training rows), ranked by calibrated probability; each row valued with its best action${oracle ? " and the true action effect" : ""}.${curve.lower !== null ? ` Band: ${formatLevel(curve.level)} bootstrap over customers.` : ""}`),
      chartDiv("chart-profit", profitFigure(curve, oracle ? { name: "oracle (true hazard and effect)", count: oracle.count, profit: oracle.profit } : null)),
      table(
        ["Curve", "N*", "p*", "Max profit", "Spend at N*", "ROI at N*", "Marginal profit ≤ 0 from N"],
        [cells("model", curve.nStar, curve.pStar, curve.maxProfit, curve.spendAtStar, curve.roiAtStar, curve.marginalZero), ...(oracle ? [cells("oracle", oracle.nStar, oracle.pStar, oracle.maxProfit, oracle.spendAtStar, oracle.roiAtStar, oracle.marginalZero)] : [])],
        formats("int", "int", "p4", "money", "money", "ratio", "int"),
      ),
      d.backtest.note ? note(d.backtest.note) : "",
      ps.kind === "telco"
        ? note(`On the Telco reconstruction every churn sits in the last month, so a ${d.effectMonths}-month backtest only sees churners ${d.effectMonths} months before they left, where their rows look like everyone else's: treat this curve as a limit of the data, not of the model. Backtests are meaningful on the synthetic telco.`)
        : "",
    ]),
  });

  const modeRow = (name: string, s: typeof d.unconstrained): Cell[] => cells(name, s.targeted, s.spend, s.expectedProfit, s.roi, ...decision.actions.map((a) => s.byAction[a.name] ?? 0));
  const r = d.backtest.realised;
  sections.push({
    id: "modes",
    title: "Targeting: unconstrained vs budget gate",
    body: joinHtml([
      note(`Production mode maximises total EV under a budget of ${formatMoney(decision.budget)} and at most ${formatCount(decision.maxContacts)} contacts (exact knapsack on a ${formatMoney(decision.budgetUnit)} grid${d.production.exact ? "" : `, Lagrangian bound ${formatMoney(d.production.upperBound)}, gap ${formatMoney(d.production.gap)}`}). Greedy by EV is shown for comparison. Unconstrained mode contacts everyone with EV > 0.`),
      table(
        ["Mode", "Targeted", "Spend", "Expected profit", "ROI", ...decision.actions.map((a) => a.name)],
        [modeRow("unconstrained", d.unconstrained), modeRow("production (optimal)", d.production), modeRow("greedy by EV", d.greedy)],
        formats("int", "int", "money", "money", "ratio", ...decision.actions.map(() => "int" as const)),
      ),
      r
        ? table(
            ["Backtest campaigns (months)", "Ours: production", "Ours: unconstrained", "Oracle: production", "Oracle: unconstrained", "Ratio production", "Ratio unconstrained"],
            [cells(r.months.join(", "), r.production, r.unconstrained, r.oracleProduction, r.oracleUnconstrained, r.productionRatio, r.unconstrainedRatio)],
            formats("int", "money", "money", "money", "money", "ratio", "ratio"),
            { caption: "Realised profit with realised churn and the true action effects" },
          )
        : "",
    ]),
  });

  const mo = doc.monitoring;
  const retraining = mo.retrain.filter((r) => r.retrain);
  sections.push({
    id: "monitoring",
    title: "Monitoring: drift and performance without labels",
    body: joinHtml([
      note(`Each of the last ${mo.drift.months.length} months against the ${doc.config.monitoring.referenceMonths} months before it, feature by feature (${doc.config.monitoring.test === "psi" ? `PSI against its sample-size-aware critical value at α = ${doc.config.monitoring.alpha} (Yurdakul 2018), so the threshold tightens as months grow and loosens for small ones` : "Evidently's default tests by type and sample size"}). A month counts as dataset drift when ${formatPercent(doc.config.monitoring.driftShare, 0)} of the features drifted.`),
      chartDiv("chart-drift", driftHeatmapFigure(mo.drift)),
      mo.performance.length > 0 ? chartDiv("chart-cbpe", performanceFigure(mo.performance, mo.meanAbsAucError)) : note("No month of the monitored window has calibrated out-of-fold predictions, so there is no performance estimate."),
      mo.performance.length > 0 ? chartDiv("chart-score-drift", scoreDriftFigure(mo.performance)) : "",
      mo.predictionDrift.length > 0
        ? note(`Prediction drift (PSI against the same rolling reference): the raw score drifted in ${mo.predictionDrift.filter((p) => p.score.drifted).length} and the calibrated probability in ${mo.predictionDrift.filter((p) => p.calibrated.drifted).length} of the ${mo.predictionDrift.length} months with out-of-time predictions.`)
        : "",
      note(`The estimate rests on: ${mo.assumptions.join(" ")} A concept shift (P(churn | features) changes) breaks the second one: the estimate then misses, and only the realised labels show it.`),
      table(
        ["Month", "Drifted features", "Estimated − reference AUC", "Expected rate ratio", "Calibration p (labels)", "Retrain?", "Why"],
        mo.retrain.map((r) => cells(r.month, r.driftShare, r.aucDrop === null ? null : -r.aucDrop, r.rateRatio, r.calibrationPValue, r.retrain ? "yes" : "no", r.reasons.join("; "))),
        formats("int", "pct", "p3", "p3", "sig3", "int"),
      ),
      note(retraining.length === 0 ? "The retraining rule fired in no monitored month." : `The retraining rule fired in ${retraining.length} of ${mo.retrain.length} months, first in month ${retraining[0]!.month}.`),
    ]),
  });

  const xp = doc.experiment;
  sections.push({
    id: "experiment",
    title: "Experiment and uplift: what the actions do, and for whom",
    body: xp
      ? joinHtml([
          note(`A randomised retention campaign at month ${xp.month} on the synthetic world (${xp.scope === "everyone" ? "every active customer" : "the customers the constant-effect policy would contact"}; ${formatPercent(xp.armShare, 0)} per action, the rest control), outcomes drawn from the generator's true effects over ${xp.effectMonths} months.`),
          chartDiv("chart-experiment", experimentFigure(xp)),
          table(
            ["Action", "Estimated reduction", "95 % interval", "p-value", "True reduction", "Covered", "Power at true", "Customers per group for the MDE"],
            xp.arms.map((a) => cells(a.name, a.estimate.effect, `${formatFixed(a.estimate.lower, 4)} to ${formatFixed(a.estimate.upper, 4)}`, a.estimate.pValue, a.trueEffect, a.covered ? "yes" : "no", a.powerAtTrueEffect, `${formatCount(a.plan.control)} + ${formatCount(a.plan.treated)}`)),
            formats("int", "p4", "int", "p3", "p4", "int", "p3", "int"),
          ),
          note(`Peeking: A/A tests of the same size read at ${xp.peeking.lookSizes.length} interim looks at α = ${doc.config.experiment.alpha} come out "significant" ${formatPercent(xp.peeking.withPeeking, 1)} of the time; read once at the end, ${formatPercent(xp.peeking.finalLook, 1)}.`),
          chartDiv("chart-qini", qiniFigure(xp)),
          chartDiv("chart-policies", policyFigure(xp)),
          note(`The constant-effect policy realises ${formatFixed(xp.policy.constant.productionRatio, 2)} of the oracle's profit, the uplift policy ${formatFixed(xp.policy.uplift.productionRatio, 2)}. Knowing the true effects would lift our ranking to ${formatFixed(xp.policy.trueEffects.productionRatio, 2)} (the ceiling of the churn model's ranking); knowing the true risk, to ${formatFixed(xp.policy.trueRiskConstantEffects.productionRatio, 2)} with constant effects. An experiment this size leaves a handful of saved customers per arm: too few to learn whom each action helps better than a constant rate does.`),
        ])
      : note(`No experiment: ${doc.experimentNote}.`),
  });

  sections.push({
    id: "plan",
    title: "Action plan preview",
    body: joinHtml([
      note(`${formatCount(d.planRows)} customers in action_plan.csv (only customers active at the end of the data), planned on the ${doc.config.decision.policy === "uplift" ? "uplift policy's values (effects learned from the experiment)" : "constant-effect values (each action's successRate)"}. The first ${d.planPreview.length} by EV:`),
      table(
        ["Customer", "P(churn, month)", `P(churn, ${d.effectMonths} months)`, "CLV", "Action", "Cost", "EV", "Top reasons"],
        d.planPreview.map((p) => cells(p.customerId, p.churnProbabilityMonth, p.churnProbabilityWindow, p.clv, p.action, p.cost, p.expectedValue, p.reasons.map((x) => formatReason({ feature: x.feature, value: x.value ?? Number.NaN, contribution: x.contribution ?? Number.NaN })).join("; "))),
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
          ...Object.entries(manifest.timingsMs).map(([k, v]) => [`Stage ${k}`, formatSeconds(v)] as Cell[]),
        ],
        formats("int"),
      ),
      table(["Package", "Version"], Object.entries(manifest.packages).map(([k, v]) => [k, v] as Cell[]), formats("int")),
    ]),
  });

  return page({ title: "Churn report", subtitle: `${ps.source} · seed ${doc.seed} · ${manifest.startedAt}`, sections, scripts: [plotlyBootstrap()] }).__html;
}
