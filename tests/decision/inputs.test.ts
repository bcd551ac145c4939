// src/decision/inputs.ts: what the decisions read from the data, on a literal history.
import { describe, expect, it } from "vitest";
import type { RetentionAction } from "../../src/config/config.js";
import { backtestInputs, eligibilityAt, monthlyChargesAt, trueEffectAt } from "../../src/decision/inputs.js";
import type { FeatureFrame } from "../../src/features/frame.js";
import { buildPanel } from "../../src/panel/panel.js";
import { literalHistory } from "../helpers/history.js";

const ACTIONS: readonly RetentionAction[] = [
  { name: "call", cost: 15, successRate: 0.15, costIfChurner: 15, costIfStayer: 15, eligible: [] },
  { name: "support", cost: 40, successRate: 0.25, costIfChurner: 40, costIfStayer: 60, eligible: [{ feature: "Internet", values: ["Fiber"] }] },
];
// Customer a churns in month 4 (rows 0..3), b never (rows 0..7); 8 months.
const base = literalHistory(8, [{ id: "a", start: -2, churn: 4 }, { id: "b", start: 0 }]);
const history = { ...base, months: { ...base.months, numeric: { ...base.months.numeric, MonthlyCharges: Float64Array.from({ length: base.months.count }, (_, r) => 50 + r) } } };
const panel = buildPanel(history, { horizon: 1 });
const frame = { numeric: [], categorical: [{ info: { name: "Internet" }, levels: ["DSL", "Fiber"], codes: Uint8Array.from({ length: history.months.count }, (_, r) => r % 2) }] } as unknown as FeatureFrame;

describe("decision inputs", () => {
  it("reads monthly charges at the rows, and refuses a source without them", () => {
    expect(Array.from(monthlyChargesAt(history, Uint32Array.of(3, 0)))).toEqual([53, 50]);
    expect(() => monthlyChargesAt(base, Uint32Array.of(0))).toThrow("monthlyChargesAt: the source has no MonthlyCharges column");
  });

  it("reads eligibility from the frame's categorical features", () => {
    expect(Array.from(eligibilityAt(frame, ACTIONS, Uint32Array.of(0, 1)))).toEqual([1, 0, 1, 1]);
  });

  it("has no true effects without a truth", () => {
    expect(trueEffectAt(history, ACTIONS, Uint32Array.of(0))).toBeNull();
  });

  it("keeps the calibrated entries whose effect window is observed, labelled by churn within the window", () => {
    // Entries 0..5 → rows 0..5 (a: months 0..3, b: months 0..1); entry 5 has no calibrated prediction.
    const predictions = { rows: Uint32Array.of(0, 1, 2, 3, 4, 5), evaluated: Uint32Array.of(0, 1, 2, 3, 4), proba: Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, Number.NaN) };
    const bt = backtestInputs(panel, frame, predictions, ACTIONS, 3);
    // Month + 3 ≤ 7 keeps months 0..4: every entry but the uncalibrated one.
    expect(Array.from(bt.month)).toEqual([0, 1, 2, 3, 0]);
    // a churns in month 4: within (t, t + 3] for t = 1, 2, 3; b never churns.
    expect(Array.from(bt.churned)).toEqual([0, 1, 1, 1, 0]);
    expect(Array.from(bt.probability)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(bt.truth).toBeNull();
    expect(bt.eligible.length).toBe(5 * ACTIONS.length);
    // Customer a's four months, then b's: the profit-curve band resamples these two customers.
    expect(bt.customers).toEqual({ cluster: Uint32Array.of(0, 0, 0, 0, 1), count: 2 });
  });
});
