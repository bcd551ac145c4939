/**
 * One regression tree (`src/models/gbm/tree.ts`) as a nested SQL CASE that yields its leaf value.
 */
import type { FlatTree } from "../models/gbm/tree.js";
import { doubleLiteral } from "./literal.js";

/**
 * The leaf value `tree` gives a row, as one CASE expression; `column(f)` is the SQL of design column f.
 * The routing is `leafIndex`'s: a NaN goes to the side `missingLeft` names, any other value left
 * when x ≤ threshold. SQL engines rank NaN above every number, so NaN is tested first with `isnan`
 * instead of trusting `x <= t` to be false for it. Size O(nodes), depth = the tree's depth.
 */
export function treeSql(tree: FlatTree, column: (feature: number) => string): string {
  const node = (j: number): string => {
    const f = tree.feature[j]!;
    if (f < 0) return doubleLiteral(tree.value[j]!);
    const x = column(f);
    const t = doubleLiteral(tree.threshold[j]!);
    const left = tree.missingLeft[j] === 1 ? `isnan(${x}) OR ${x} <= ${t}` : `NOT isnan(${x}) AND ${x} <= ${t}`;
    return `CASE WHEN ${left} THEN ${node(tree.left[j]!)} ELSE ${node(tree.right[j]!)} END`;
  };
  return node(0);
}
