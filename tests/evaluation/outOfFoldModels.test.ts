// src/evaluation/outOfFoldModels.ts: each model calibrated by the split's protocol and summarised, and the truth's ceiling.
import { describe, expect, it } from "vitest";
import type { OutOfFold } from "../../src/evaluation/crossValidate.js";
import type { Fold } from "../../src/evaluation/fold.js";
import { evaluateOutOfFoldModels, labelHazard } from "../../src/evaluation/outOfFoldModels.js";
import type { ModelName } from "../../src/models/catalog.js";
import type { Panel } from "../../src/panel/panel.js";
import { Rng } from "../../src/util/rng.js";

const n = 600;
const rng = new Rng(3);
const hazard = Float64Array.from({ length: n }, () => 0.05 + 0.4 * rng.uniform());
const label = Uint8Array.from(hazard, (h) => (rng.uniform() < h ? 1 : 0));
const fold = Uint8Array.from({ length: n }, (_, i) => Math.floor((3 * i) / n));
const folds: Fold[] = [0, 1, 2].map((index) => ({ index, train: new Uint32Array(0), test: new Uint32Array(0), trainMonths: [-1, -1], testMonths: [-1, -1], droppedForCustomer: 0 }));
const oof = (model: ModelName, noise: number): OutOfFold => ({
  model,
  rows: Uint32Array.from({ length: n }, (_, i) => n - 1 - i),
  fold,
  label: Uint8Array.from({ length: n }, (_, i) => label[n - 1 - i]!),
  proba: Float64Array.from({ length: n }, (_, i) => Math.min(0.99, hazard[n - 1 - i]! * Math.exp(noise * rng.normal()))),
  fitSeconds: [0, 0, 0],
  columnNames: ["x"],
  starts: [undefined, undefined, undefined],
  learningCurves: [null, null, null],
  lastModel: null,
});
const metrics = (k: number) => ({ bins: 5, binning: "uniform" as const, bootstrapReplicates: 0, confidenceLevel: 0.9, topFractions: [0.1], seed: k });
const curves = () => ({ replicates: 0, level: 0.9, seed: 1 });
const models = [oof("logistic", 0.2), oof("baseline", 0.8)];

describe("evaluateOutOfFoldModels", () => {
  it("calibrates prequentially on a time split (the first fold left out) and cross-fitted on a customer split", () => {
    const time = evaluateOutOfFoldModels(models, { kind: "time", folds }, { calibration: "isotonic", hazard: null, metrics, curves });
    const customer = evaluateOutOfFoldModels(models, { kind: "customer", folds }, { calibration: "isotonic", hazard: null, metrics, curves });
    expect(time.outOfFold.get("logistic")!.calibrated.mode).toBe("prequential");
    expect(time.outOfFold.get("logistic")!.calibrated.evaluated.length).toBe(n - n / 3);
    expect(customer.outOfFold.get("baseline")!.calibrated.mode).toBe("cross-fitted");
    expect(customer.outOfFold.get("baseline")!.calibrated.evaluated.length).toBe(n);
    expect(time.models.map((m) => m.model)).toEqual(["logistic", "baseline"]);
    expect(time.truth).toBeNull();
    expect(time.models[0]!.againstTruth).toBeNull();
  });

  it("scores the true hazard on the first model's calibrated rows, and compares each model with it", () => {
    const e = evaluateOutOfFoldModels(models, { kind: "time", folds }, { calibration: "isotonic", hazard, metrics, curves });
    expect(e.truth!.rows).toBe(n - n / 3);
    expect(e.truth!.rocAuc).toBeGreaterThan(e.models[1]!.compared.calibrated.rocAuc);
    expect(e.models[0]!.againstTruth!.rows).toBe(n - n / 3);
  });

  it("refuses an empty model list", () => {
    expect(() => evaluateOutOfFoldModels([], { kind: "time", folds }, { calibration: "isotonic", hazard: null, metrics, curves })).toThrow("no model to evaluate");
  });
});

describe("labelHazard", () => {
  it("is the synthetic hazard at horizon 1 only", () => {
    const truth = { hazard, dissatisfaction: hazard, actionNames: [], actionEffect: new Float64Array(0) };
    expect(labelHazard({ horizon: 1, history: { truth } } as unknown as Panel)).toBe(hazard);
    expect(labelHazard({ horizon: 3, history: { truth } } as unknown as Panel)).toBeNull();
    expect(labelHazard({ horizon: 1, history: {} } as unknown as Panel)).toBeNull();
  });
});
