// src/notebook/headline.ts: headline numbers read from the metrics document at fixed paths, and the
// machine-readable WALKTHROUGH line the walkthrough notebook prints.
import { describe, expect, it } from "vitest";
import { decisionModelIndex, HEADLINE_PATHS, headlineNumbers, headlinePaths, jsonNumberAt, parseWalkthroughLine, walkthroughLine, type Headline } from "../../src/notebook/headline.js";
import type { Json } from "../../src/pipeline/metricsDocument.js";

// The shape of metricsDocument at the headline paths (values chosen to be awkward in decimal).
const DOC: Json = Object.freeze({
  models: [
    { model: "logistic", raw: { rocAuc: 0.8205159912853986 }, compared: { calibrated: { ece: 0.0015821346591045633 } } },
    { model: "forest", raw: { rocAuc: 0.66 }, compared: { calibrated: { ece: 0.5 } } },
  ],
  decisions: {
    backtest: { curve: { nStar: 1684, maxProfit: 15533.936407902482, pStar: 0.1 + 0.2 } },
    production: { expectedProfit: 752.2192850571694, targeted: 107 },
  },
}) as unknown as Json;

describe("headlineNumbers", () => {
  it("reads each number at its path (the first model is the decision model)", () => {
    expect(headlineNumbers(DOC)).toEqual({ auc: 0.8205159912853986, ece: 0.0015821346591045633, nStar: 1684, profit: 15533.936407902482, pStar: 0.30000000000000004, expectedProfit: 752.2192850571694, targeted: 107 });
  });

  it("names the documented paths", () => {
    expect(HEADLINE_PATHS.auc).toEqual(["models", 0, "raw", "rocAuc"]);
    expect(HEADLINE_PATHS.ece).toEqual(["models", 0, "compared", "calibrated", "ece"]);
    expect(HEADLINE_PATHS.nStar).toEqual(["decisions", "backtest", "curve", "nStar"]);
    expect(HEADLINE_PATHS.profit).toEqual(["decisions", "backtest", "curve", "maxProfit"]);
  });
});

describe("the decision model's entry", () => {
  const second = { ...(DOC as object), decisionModel: { model: "forest" } } as unknown as Json;

  it("reads the model metrics of the decision model, wherever it stands in models", () => {
    expect(decisionModelIndex(second)).toBe(1);
    expect(headlinePaths(second).auc).toEqual(["models", 1, "raw", "rocAuc"]);
    expect(headlinePaths(second).nStar).toEqual(HEADLINE_PATHS.nStar);
    expect(headlineNumbers(second)).toMatchObject({ auc: 0.66, ece: 0.5, nStar: 1684 });
    expect(decisionModelIndex({ ...(DOC as object), decisionModel: { model: "logistic" } } as unknown as Json)).toBe(0);
  });

  it("throws when the decision model is not among the models", () => {
    expect(() => headlineNumbers({ ...(DOC as object), decisionModel: { model: "gbm" } } as unknown as Json)).toThrow('the decision model "gbm" is not among the document\'s models ["logistic","forest"]');
  });
});

describe("jsonNumberAt", () => {
  it("reads null (a non-finite number in the document) as NaN", () => {
    expect(jsonNumberAt({ a: [null] } as Json, ["a", 0])).toBeNaN();
  });

  it("throws naming the path when a key is missing or the value is not a number", () => {
    expect(() => jsonNumberAt(DOC, ["decisions", "nope", "x"])).toThrow(/no "x" under \["decisions","nope","x"\]/);
    expect(() => jsonNumberAt(DOC, ["models", 0, "model"])).toThrow(/\["models",0,"model"\] is "logistic", expected a number/);
  });
});

describe("walkthroughLine / parseWalkthroughLine", () => {
  it("round-trips every number exactly and finds the last line in notebook output", () => {
    const h = headlineNumbers(DOC);
    const line = walkthroughLine(h);
    expect(line.startsWith('WALKTHROUGH {"auc":0.8205159912853986,')).toBe(true);
    const parsed = parseWalkthroughLine(`config: x\n${walkthroughLine({ ...h, auc: 0.5 } as Headline)}\nnoise\n${line}\n`);
    expect(parsed).toEqual(h);
    for (const key of Object.keys(h) as (keyof Headline)[]) expect(Object.is(parsed![key], h[key])).toBe(true);
  });

  it("returns null without a line and throws on a malformed one", () => {
    expect(parseWalkthroughLine("nothing here\n")).toBeNull();
    expect(() => parseWalkthroughLine("WALKTHROUGH {oops")).toThrow();
  });
});
