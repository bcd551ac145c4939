import { describe, expect, it } from "vitest";
import { inCustomerSample, syntheticPopulation, syntheticSample } from "../../src/data/population.js";
import { generateSynthetic, syntheticCustomerId, syntheticPopulationIndex } from "../../src/data/synthetic.js";
import { campaign, portfolioHazardOf } from "../../src/decision/campaign.js";
import { eligibilityAt, monthlyChargesAt } from "../../src/decision/inputs.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import { loadSource } from "../../src/io/loadSource.js";
import { buildPanel } from "../../src/panel/panel.js";
import { metricsDocument } from "../../src/pipeline/metricsDocument.js";
import { oddsRatio } from "../../src/pipeline/population.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { renderReport } from "../../src/report/report.js";
import { scoreRows } from "../../src/serving/score.js";
import { loadScoringModel } from "../../src/serving/scoringModel.js";
import { streamSeed } from "../../src/util/streams.js";
import { testConfig } from "../helpers/config.js";

const small = { synthetic: { customers: 1500, months: 60 }, cv: { folds: 2, testMonths: 6 }, evaluation: { models: ["logistic", "baseline"], bootstrapReplicates: 0 }, experiment: { enabled: false } };

describe("generateSynthetic with a customer filter", () => {
  const config = testConfig(small);
  const whole = generateSynthetic(config.synthetic, { seed: config.seed });
  const even = generateSynthetic(config.synthetic, { seed: config.seed, select: (i) => i % 2 === 0 });

  it("keeps exactly the selected customers, with their ids and every row bit-identical to the whole world's", () => {
    const wholeIndex = new Map(whole.customers.ids.map((id, c) => [id, c]));
    expect(even.customers.count).toBe(whole.customers.ids.filter((id) => syntheticPopulationIndex(config.synthetic.idPrefix, id) % 2 === 0).length);
    for (let c = 0; c < even.customers.count; c++) {
      const id = even.customers.ids[c]!;
      expect(syntheticPopulationIndex(config.synthetic.idPrefix, id) % 2).toBe(0);
      const w = wholeIndex.get(id)!;
      const [a0, a1] = [even.customers.rowStart[c]!, even.customers.rowStart[c + 1]!];
      const [b0, b1] = [whole.customers.rowStart[w]!, whole.customers.rowStart[w + 1]!];
      expect(a1 - a0).toBe(b1 - b0);
      expect(even.customers.churnPeriod[c]).toBe(whole.customers.churnPeriod[w]);
      for (const name of Object.keys(whole.months.numeric)) expect(even.months.numeric[name]!.subarray(a0, a1)).toEqual(whole.months.numeric[name]!.subarray(b0, b1));
      expect(even.truth!.hazard.subarray(a0, a1)).toEqual(whole.truth!.hazard.subarray(b0, b1));
    }
  });

  it("numbers ids by population index and reads them back", () => {
    expect(syntheticCustomerId("SYN", 0)).toBe("SYN-0000001");
    expect(syntheticPopulationIndex("SYN", "SYN-0012345")).toBe(12344);
    expect(syntheticPopulationIndex("SYN", "TEL-0000001")).toBe(-1);
    expect(syntheticPopulationIndex("SYN", "SYN-12x")).toBe(-1);
    expect(whole.customers.ids.every((id, c) => syntheticPopulationIndex(config.synthetic.idPrefix, id) === c)).toBe(true);
  });

  it("draws the customer sample independently of the customer: the kept share is the inclusion probability", () => {
    const seed = streamSeed(config.seed, "customerSample");
    let kept = 0;
    for (let i = 0; i < 100_000; i++) if (inCustomerSample(seed, 0.1, i)) kept++;
    expect(Math.abs(kept / 100_000 - 0.1)).toBeLessThan(0.003);
    const sample = syntheticSample(config.synthetic, config.seed, seed, 0.25);
    expect(sample.customers.ids.every((id) => inCustomerSample(seed, 0.25, syntheticPopulationIndex(config.synthetic.idPrefix, id)))).toBe(true);
  });
});

describe("a scaled run: trained on a customer sample, every active customer scored in chunks", async () => {
  const config = testConfig({ ...small, scale: { sampleCustomers: 500, chunkCustomers: 400 } });
  const input = loadSource(config);
  const result = await runPipeline(input, config, { workers: 1 });
  const whole = generateSynthetic(config.synthetic, { seed: config.seed });
  const panel = buildPanel(whole, { horizon: config.panel.horizon });
  const frame = buildFeatureFrame(whole, config.features);
  const ids = Array.from(panel.scoring, (r) => whole.customers.ids[whole.months.customer[r]!]!);

  it("trains on the sample only, and plans over every active customer of the population", () => {
    expect(input.population!.chunks).toBe(4);
    expect(result.panel.history.customers.count).toBeLessThan(whole.customers.count / 2);
    expect(result.decisions.activeCustomers).toBe(panel.scoring.length);
    expect(result.population!.activeCustomers).toBe(panel.scoring.length);
    expect(result.population!.populationCustomers).toBe(whole.customers.count);
    expect(result.population!.population.rows).toBe(panel.labelled.length);
  });

  it("gives every customer the bits of one unchunked pass of the served scoring document, and the campaign the served document values", () => {
    const model = result.scored.scoringModel;
    const rows = { frame, rows: panel.scoring, monthlyCharges: monthlyChargesAt(whole, panel.scoring) };
    const once = scoreRows(loadScoringModel(model), rows, config.decision.reasons);
    // The document's portfolio hazard is the population's (every active customer), not the sample's.
    const inputs = { probability: once.calibrated, horizon: model.horizon, monthlyCharges: rows.monthlyCharges, eligible: eligibilityAt(frame, model.decision.actions, panel.scoring) };
    expect(model.portfolioHazard).toBe(portfolioHazardOf(inputs));
    expect(model.portfolioHazard).not.toBe(portfolioHazardOf({ probability: result.scored.calibrated, horizon: model.horizon }));
    // As the API and npm run score value a customer: the served document's decision settings and stored hazard.
    const expected = campaign(inputs, { ids, reasons: once.reasons }, model.decision, model.portfolioHazard);
    const d = result.decisions;
    expect(d.production.targeted).toBeGreaterThan(0);
    expect([d.production, d.unconstrained, d.greedy, d.portfolioHazard, d.meanClv]).toEqual([expected.production, expected.unconstrained, expected.greedy, expected.portfolioHazard, expected.meanClv]);
    expect(d.plan).toEqual(expected.plan);
    expect(d.planPreview).toEqual(expected.planPreview);
    expect(result.explanations.waterfall?.customerId).toBe(d.planPreview[0]!.customerId);
  });

  it("does not depend on the chunk size", async () => {
    const other = testConfig({ ...small, scale: { sampleCustomers: 500, chunkCustomers: 700 } });
    const again = await runPipeline(loadSource(other), other, { workers: 1 });
    expect(again.population!.chunks).toBe(3);
    expect({ ...metricsDocument(again), config: null, population: { ...again.population!, chunks: 0 } }).toEqual({ ...metricsDocument(result), config: null, population: { ...result.population!, chunks: 0 } });
  });

  it("compares the sample's churn rate with the population's and applies no prior correction", () => {
    const p = result.population!;
    expect(p.population.rate).toBeGreaterThanOrEqual(p.sample.lower);
    expect(p.population.rate).toBeLessThanOrEqual(p.sample.upper);
    expect(Math.abs(p.priorOddsRatio! - 1)).toBeLessThan(0.1);
    const doc = metricsDocument(result);
    expect(doc.population).toEqual(JSON.parse(JSON.stringify(p)));
    const html = renderReport(JSON.parse(JSON.stringify(doc)), { startedAt: "", config: {}, configFile: null, defaultsFile: "", input: { kind: "synthetic", path: null, sha256: null }, seed: 1, packages: {}, gitCommit: null, timingsMs: {} });
    expect(html).toContain("Scale: a customer sample to learn from, every customer to score");
  });

  it("gives the prior odds ratio only where both odds are finite and non-zero", () => {
    expect(oddsRatio(10, 110, 5, 105)).toBeCloseTo(2, 15);
    expect([oddsRatio(10, 110, 0, 105), oddsRatio(10, 110, 105, 105), oddsRatio(0, 110, 5, 105)]).toEqual([null, null, null]);
  });

  it("refuses sampling that cannot work, naming the key", () => {
    expect(() => testConfig({ ...small, scale: { sampleCustomers: 1500 } })).toThrow(/scale\.sampleCustomers/);
    expect(() => testConfig({ ...small, data: { source: "data/x.csv" }, scale: { sampleCustomers: 100 } })).toThrow(/scale\.sampleCustomers.*CSV/s);
    expect(() => testConfig({ ...small, experiment: { enabled: true }, decision: { policy: "uplift" }, scale: { sampleCustomers: 100 } })).toThrow(/decision\.policy/);
    expect(() => syntheticPopulation(config.synthetic, 1, 0, 0.5)).toThrow(/chunkCustomers/);
  });
});
