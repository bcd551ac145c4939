import { describe, expect, it } from "vitest";
import { buildFeatureFrame } from "../../src/features/index.js";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { telcoToHistory } from "../../src/data/telcoHistory.js";
import { readTelcoFile } from "../../src/io/readTelco.js";
import { buildPanel } from "../../src/panel/panel.js";
import { curveSummary } from "../../src/evaluation/curveSummary.js";
import { crossSectionalCheck, curveOptions, evaluateModels, metricOptions } from "../../src/pipeline/index.js";
import { denseClusters } from "../../src/evaluation/bootstrap.js";
import { bootstrapRocAuc } from "../../src/evaluation/bootstrapRocAuc.js";
import { gather } from "../../src/util/gather.js";
import { testConfig } from "../helpers/config.js";
import { telcoCsvAvailable, telcoCsvPath } from "../helpers/telcoPath.js";

const config = testConfig({ synthetic: { customers: 3000, months: 48 }, cv: { folds: 3, testMonths: 6 }, evaluation: { bootstrapReplicates: 50 } });
const history = generateSynthetic(config.synthetic, { seed: config.seed });
const panel = buildPanel(history, { horizon: config.panel.horizon });
const frame = buildFeatureFrame(history, config.features);
const ev = await evaluateModels(panel, frame, config, ["logistic", "baseline"]);

describe("evaluateModels on the synthetic telco", () => {
  const lr = ev.models[0]!;
  const baseline = ev.models[1]!;

  it("splits on calendar time and never trains on a label after the test start minus the gap", () => {
    expect(ev.split.kind).toBe("time");
    expect(ev.split.folds).toHaveLength(3);
    for (const f of ev.split.folds) {
      const start = f.testMonths[0];
      for (const r of f.train) expect(history.months.period[r]! + panel.horizon).toBeLessThanOrEqual(start - config.cv.gap);
      for (const r of f.test) expect(history.months.period[r]!).toBeGreaterThanOrEqual(start);
    }
  });

  it("calibrates out of fold to an ECE of at most 0.01 with the mean prediction near the base rate", () => {
    expect(lr.calibration).toEqual({ method: "isotonic", mode: "prequential" });
    expect(lr.compared.rows).toBe(ev.split.folds[1]!.test.length + ev.split.folds[2]!.test.length);
    expect(lr.compared.calibrated.ece).toBeLessThanOrEqual(0.01);
    expect(Math.abs(lr.compared.calibrated.meanPredicted - lr.compared.calibrated.baseRate)).toBeLessThan(0.002);
  });

  it("beats the segment baseline and stays below the true hazard's ceiling", () => {
    expect(lr.raw.rocAuc).toBeGreaterThan(baseline.raw.rocAuc + 0.02);
    expect(ev.truth).not.toBeNull();
    expect(ev.truth!.rows).toBe(lr.compared.rows);
    expect(ev.truth!.rocAuc).toBeGreaterThan(lr.compared.calibrated.rocAuc - 0.02);
    // Calibrated probabilities sit close to the true hazard, row by row.
    expect(lr.againstTruth!.rows).toBe(lr.compared.rows);
    expect(lr.againstTruth!.meanAbsoluteError).toBeLessThan(0.01);
    expect(Math.abs(lr.againstTruth!.bias)).toBeLessThan(0.002);
    expect(lr.againstTruth!.correlation).toBeGreaterThan(0.5);
    expect(lr.raw.rocAucInterval!.lower).toBeLessThan(lr.raw.rocAuc);
    expect(lr.raw.rocAucInterval!.upper).toBeGreaterThan(lr.raw.rocAuc);
  });

  it("computes each model's ROC/PR curves and bands from its out-of-fold predictions, with its own bootstrap stream over customers", () => {
    for (const m of ev.models) {
      const { oof } = ev.outOfFold.get(m.model)!;
      const k = ev.models.indexOf(m);
      const customers = denseClusters(gather(history.months.customer, oof.rows));
      expect(customers.count).toBeLessThan(oof.rows.length / 2); // customers hold several test months each
      expect(m.curves).toEqual(curveSummary(oof.label, oof.proba, { ...curveOptions(config, k), clusters: customers }));
      expect(m.curves.rocBand).not.toEqual(curveSummary(oof.label, oof.proba, curveOptions(config, k)).rocBand);
      const interval = bootstrapRocAuc(oof.label, oof.proba, { replicates: config.evaluation.bootstrapReplicates, seed: metricOptions(config, k).seed, level: config.evaluation.confidenceLevel, clusters: customers });
      expect(m.raw.rocAucInterval).toEqual({ lower: interval.lower, upper: interval.upper, level: interval.level, replicates: interval.replicates.length, resampled: "customers" });
      expect(m.curves.rocAuc).toBe(m.raw.rocAuc);
      expect(m.curves.rocBand!.level).toBe(config.evaluation.confidenceLevel);
      expect(m.curves.rocBand!.replicates + m.curves.rocBand!.skipped).toBe(config.evaluation.bootstrapReplicates);
    }
    expect(curveOptions(config, 0).seed).not.toBe(curveOptions(config, 1).seed);
  });

  it("measures the leakage ladder: a leaky feature makes the same model look near-perfect", () => {
    expect(ev.ladder.map((r) => r.name)).toEqual(["random row split", "time-aware", "time-aware + leaky feature"]);
    const last = ev.split.folds.length - 1;
    expect(ev.ladder[1]!.rocAuc).toBe(lr.perFold[last]!.rocAuc);
    expect(ev.ladder[1]!.truthRocAuc).toBeGreaterThan(ev.ladder[1]!.rocAuc);
    expect(ev.ladder[2]!.rocAuc).toBeGreaterThan(ev.ladder[2]!.truthRocAuc!);
    expect(ev.ladder[2]!.rocAuc).toBeGreaterThan(0.95);
    expect(ev.ladder[2]!.rocAuc).toBeGreaterThan(ev.ladder[1]!.rocAuc + 0.1);
  });
});

const REAL = telcoCsvAvailable() ? "the real Telco file" : `the real Telco file (skipped: ${telcoCsvPath()} not found; set TELCO_CSV)`;

describe.skipIf(!telcoCsvAvailable())(REAL, () => {
  const config = testConfig({ evaluation: { bootstrapReplicates: 0 } });
  const history = telcoToHistory(readTelcoFile(telcoCsvPath()).table);
  const frame = buildFeatureFrame(history, config.features);

  it("cross-sectional 5-fold logistic ROC-AUC is within 0.01 of the published 0.845", async () => {
    const check = await crossSectionalCheck(history, frame, config);
    expect(check).toMatchObject({ customers: 7043, churners: 1869, folds: 5 });
    expect(Math.abs(check.rocAuc - 0.845)).toBeLessThan(0.01);
  });

  it("refuses a calendar split with the reason and uses a split by customer instead", async () => {
    const panel = buildPanel(history, { horizon: 1 });
    const ev = await evaluateModels(panel, frame, config, ["baseline"], { ladder: false });
    expect(ev.split.kind).toBe("customer");
    expect(ev.split.reason).toContain("all 1,869 positives fall in calendar month 71");
    expect(ev.split.reason).toContain("split by customer");
    expect(ev.models[0]!.calibration.mode).toBe("cross-fitted");
    const tested = ev.split.folds.reduce((n, f) => n + f.test.length, 0);
    expect(tested).toBe(panel.counts.labelled);
  });
});
