import { describe, expect, it } from "vitest";
import { qiniAucScore, qiniCurve } from "../../src/experiments/qini.js";
import { upliftAtK } from "../../src/experiments/upliftAtK.js";
import { upliftScores } from "../../src/experiments/upliftScores.js";

// Eight units: churn outcomes, a predicted churn reduction, arms.
const churned = Uint8Array.of(0, 1, 0, 0, 1, 1, 0, 1);
const uplift = Float64Array.of(0.4, 0.1, 0.3, -0.2, 0.05, 0.2, 0.15, 0);
const treatment = Uint8Array.of(1, 0, 1, 0, 1, 0, 1, 0);
const retained = Uint8Array.from(churned, (c) => 1 - c);

describe("upliftScores", () => {
  it("scores with scikit-uplift's functions on y = retained = 1 − churned", () => {
    const scores = upliftScores(churned, uplift, treatment, 0.5);
    expect(scores.qini).toBe(qiniAucScore(retained, uplift, treatment));
    expect(scores.upliftAtK).toEqual({ overall: upliftAtK(retained, uplift, treatment, "overall", 0.5), byGroup: upliftAtK(retained, uplift, treatment, "by_group", 0.5) });
    expect(scores.curve).toEqual(qiniCurve(retained, uplift, treatment));
    expect(scores.k).toBe(0.5);
    expect(churned).toEqual(Uint8Array.of(0, 1, 0, 0, 1, 1, 0, 1));
  });

  it("reports an undefined metric as null: no retained customer, or an arm missing from the top k", () => {
    const all = upliftScores(new Uint8Array(8).fill(1), uplift, treatment, 0.5);
    expect(all.qini).toBeNull();
    const top = upliftScores(churned, Float64Array.of(8, 1, 7, 2, 6, 3, 5, 4), treatment, 0.25);
    expect(top.upliftAtK.overall).toBeNull();
    expect(top.upliftAtK.byGroup).not.toBeNull();
  });

  it("still throws on invalid input, quoting it", () => {
    expect(() => upliftScores(Uint8Array.of(0, 2), Float64Array.of(0, 1), Uint8Array.of(0, 1), 0.5)).toThrow("y[1] = 2 is not 0 or 1");
  });
});
