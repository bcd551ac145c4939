// src/util/logistic.ts: the one sigmoid / softplus / log loss / clipped logit of the workspace.
import { describe, expect, it } from "vitest";
import { sigmoid as modelSigmoid, softplus as modelSoftplus } from "../../src/models/logisticRegression.js";
import { clippedLogit, logisticLoss, sigmoid, softplus } from "../../src/util/logistic.js";

describe("sigmoid / softplus / clippedLogit", () => {
  it("are finite and accurate at extreme arguments", () => {
    expect(sigmoid(0)).toBe(0.5);
    expect(sigmoid(-800)).toBe(0);
    expect(sigmoid(800)).toBe(1);
    expect(sigmoid(-40)).toBeCloseTo(Math.exp(-40), 30);
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(clippedLogit(0.5, 1e-15)).toBe(0);
    expect(clippedLogit(0, 1e-15)).toBeCloseTo(Math.log(1e-15), 10);
    expect(clippedLogit(1, 1e-15)).toBeCloseTo(-Math.log(1e-15), 1);
  });
});

describe("logisticLoss", () => {
  it("is −[t·ln σ(z) + (1 − t)·ln(1 − σ(z))], finite where the probability form is not", () => {
    for (const [z, t] of [[0.3, 1], [-2, 0], [1.5, 0.25]] as const) {
      const p = sigmoid(z);
      expect(logisticLoss(z, t)).toBeCloseTo(-(t * Math.log(p) + (1 - t) * Math.log(1 - p)), 13);
    }
    expect(logisticLoss(800, 0)).toBe(800);
    expect(logisticLoss(800, 1)).toBe(0);
    expect(logisticLoss(-800, 1)).toBe(800);
  });

  it("is the one sigmoid: the logistic regression exports this very function, and σ(z) + σ(−z) = 1", () => {
    expect(modelSigmoid).toBe(sigmoid);
    expect(modelSoftplus).toBe(softplus);
    for (const z of [-30, -1e-3, 0, 1e-3, 30]) expect(sigmoid(z) + sigmoid(-z)).toBeCloseTo(1, 15);
  });
});
