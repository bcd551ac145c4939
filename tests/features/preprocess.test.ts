import { describe, expect, it } from "vitest";
import { FeaturePreprocessor, type FeatureFrame } from "../../src/features/index.js";

function frame(x: number[], level: number[]): FeatureFrame {
  return {
    rowCount: x.length,
    numeric: [{ info: { name: "x", group: "signal", kind: "numeric", description: "test value", window: null, source: "x" }, values: Float64Array.from(x) }],
    categorical: [{ info: { name: "c", group: "attribute", kind: "categorical", description: "test level", window: null, source: "c" }, levels: ["a", "b", "z"], codes: Uint8Array.from(level) }],
  };
}

const train = Uint32Array.from([0, 1, 2, 3]);

describe("FeaturePreprocessor", () => {
  it("fills, scales and encodes from the training rows only", () => {
    const f = frame([1, 3, Number.NaN, 5, 1000, Number.NaN], [0, 1, 0, 1, 2, 2]);
    const p = new FeaturePreprocessor({ standardize: true }).fit(f, train);
    expect(p.columnNames).toEqual(["x", "x:missing", "c=a", "c=b"]);
    const X = p.transform(f, Uint32Array.from([0, 1, 2, 3, 4, 5]));
    // Training mean of x after filling NaN with mean(1, 3, 5) = 3 is 3; population sd = sqrt((4 + 0 + 0 + 4) / 4) = sqrt(2).
    const s = Math.sqrt(2);
    expect(Array.from({ length: 6 }, (_, i) => X.data[i * 4]!)).toEqual([-2 / s, 0, 0, 2 / s, 997 / s, 0]);
    expect(Array.from({ length: 6 }, (_, i) => X.data[i * 4 + 1]!)).toEqual([0, 0, 1, 0, 0, 1]);
    // Level "z" never appears in training: it encodes as all zeros.
    expect(Array.from(X.data.subarray(16, 20))).toEqual([997 / s, 0, 0, 0]);
  });

  it("is not moved by anything outside the training rows (fold-leak test)", () => {
    const a = new FeaturePreprocessor({ standardize: true }).fit(frame([1, 3, Number.NaN, 5, 1000, Number.NaN], [0, 1, 0, 1, 2, 2]), train);
    const b = new FeaturePreprocessor({ standardize: true }).fit(frame([1, 3, Number.NaN, 5, -7, 42], [0, 1, 0, 1, 0, 1]), train);
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it("round-trips through JSON and can exclude features", () => {
    const f = frame([1, 2, 3, 4, 5, 6], [0, 1, 2, 0, 1, 2]);
    const p = new FeaturePreprocessor({ standardize: false, exclude: ["c"] }).fit(f, train);
    expect(p.columnNames).toEqual(["x"]);
    const q = FeaturePreprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
    expect(q.transform(f, train).data).toEqual(p.transform(f, train).data);
    expect(() => new FeaturePreprocessor({ standardize: true }).fit(f, new Uint32Array(0))).toThrow("no training rows");
    expect(() => new FeaturePreprocessor({ standardize: true }).transform(f, train)).toThrow("call fit()");
  });
});
