import { describe, expect, it } from "vitest";
import {
  assertValidTree, leafIndex, predictMargin, preorder, treeDepth, treeExpectedValue, treeFromJSON, treeToJSON, type FlatTree,
} from "../../../src/models/gbm/tree.js";
import { matrixFromRows } from "../../../src/models/matrix.js";
import { flatTree } from "../../helpers/gbm.js";

// x0 ≤ 1 ? (x1 ≤ −2 ? 10 : 20) : 30; missing x0 → right, missing x1 → left.
const tree = flatTree({
  feature: 0, threshold: 1, missingLeft: false, cover: 8,
  left: { feature: 1, threshold: -2, missingLeft: true, cover: 5, left: { value: 10, cover: 2 }, right: { value: 20, cover: 3 } },
  right: { value: 30, cover: 3 },
});

describe("leafIndex and predictMargin", () => {
  it("send x ≤ threshold left (ties included), NaN by the split's missing direction", () => {
    const X = matrixFromRows([[1, -2], [1, -1.9], [1.0000001, 0], [Number.NaN, 0], [0, Number.NaN]]);
    expect(Array.from({ length: 5 }, (_, i) => tree.value[leafIndex(tree, X.data, 2 * i)])).toEqual([10, 20, 30, 30, 10]);
    expect(Array.from(predictMargin({ trees: [tree, tree], baseScore: -1, nFeatures: 2 }, X))).toEqual([19, 39, 59, 59, 19]);
  });

  it("rejects ±∞ in the rows (only NaN marks a missing value)", () => {
    expect(() => predictMargin({ trees: [tree], baseScore: 0, nFeatures: 2 }, matrixFromRows([[Number.NEGATIVE_INFINITY, 0]]))).toThrow(
      /X\[0, 0\] = -Infinity; values must be finite or NaN/,
    );
  });
});

describe("tree summaries", () => {
  it("expected value = cover-weighted mean leaf, recursively (also with non-additive covers)", () => {
    expect(treeExpectedValue(tree)).toBeCloseTo((5 / 8) * ((2 * 10 + 3 * 20) / 5) + (3 / 8) * 30, 14);
    const skewed = { ...tree, cover: Float64Array.from([10, 5, 2, 3, 3]) };
    // Root: (5·16 + 3·30)/10 with the left subtree's own mean (2·10 + 3·20)/5 = 16.
    expect(treeExpectedValue(skewed)).toBeCloseTo((5 * 16 + 3 * 30) / 10, 14);
  });

  it("depth and pre-order", () => {
    expect(treeDepth(tree)).toBe(2);
    expect(Array.from(preorder(tree))).toEqual([0, 1, 2, 3, 4]);
    expect(treeDepth(flatTree({ value: 1, cover: 1 }))).toBe(0);
  });
});

describe("assertValidTree and JSON", () => {
  it("round-trips through JSON exactly", () => {
    const back = treeFromJSON(JSON.parse(JSON.stringify(treeToJSON(tree))), 2, "t");
    for (const key of Object.keys(tree) as (keyof FlatTree)[]) expect(Array.from(back[key])).toEqual(Array.from(tree[key]));
  });

  it("names the broken node", () => {
    const bad = (patch: Partial<Record<keyof FlatTree, number[]>>): FlatTree => {
      const t = treeToJSON(tree) as unknown as Record<string, number[]>;
      return treeFromJSON({ ...t, ...patch }, 2, "t");
    };
    expect(() => bad({ cover: [8, 5, 0, 3, 3] })).toThrow(/t: node 2 has cover 0; covers must be finite and > 0/);
    expect(() => bad({ feature: [0, 2, -1, -1, -1] })).toThrow(/t: node 1 splits on feature 2, the model has 2/);
    expect(() => bad({ left: [1, 1, -1, -1, -1] })).toThrow(/node 1 is reached twice/);
    expect(() => bad({ feature: [0, -1, -1, -1, -1] })).toThrow(/t: 2 of 5 nodes are not reachable from the root/);
    expect(() => bad({ value: [0, 0, 1] })).toThrow(/value has 3 entries, feature has 5/);
    expect(() => treeFromJSON(null, 2, "t")).toThrow(/expected a tree object/);
    expect(() => assertValidTree({ ...tree, feature: new Int32Array(0) }, 2, "t")).toThrow(/no nodes/);
  });
});
