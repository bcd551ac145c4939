/**
 * A fitted estimator of the scoring model as SQL over the design columns: the logistic model and
 * gradient boosting as a margin (a base plus terms added in order), the segment baseline as a
 * lookup. The random forest has no SQL form here.
 */
import { GradientBoosting } from "../models/gbm/gradientBoosting.js";
import { LogisticRegression } from "../models/logisticRegression.js";
import { SegmentBaseline } from "../models/segmentBaseline.js";
import type { ModelJSON } from "../models/types.js";
import type { SqlDialect } from "./dialect.js";
import { doubleLiteral } from "./literal.js";
import { treeSql } from "./tree.js";

/**
 * An estimator as SQL. `margin`: P = σ(base + terms[0] + terms[1] + …), the terms added left to
 * right in this order (the order of the TypeScript loop, so the sum is the same double); `trees`
 * says whether each term is a whole tree (worth its own column) or a small product.
 * `probability`: P is `expr` directly.
 */
export type EstimatorSql =
  | { readonly kind: "margin"; readonly base: number; readonly terms: readonly string[]; readonly trees: boolean }
  | { readonly kind: "probability"; readonly expr: string };

/**
 * The SQL of a catalogue estimator's JSON (validated by its own loader first), over design columns
 * `column(j)`; `levels` gives the segment design's levels per design column (the baseline's segments
 * are stored as level codes). Logistic: w·x + b as b + x₀·w₀ + x₁·w₁ + … (`decisionFunction`'s
 * order); gradient boosting: baseScore + tree₀ + tree₁ + … (`predictMargin`'s order), one CASE per
 * tree; segment baseline: a CASE over its segments' level combinations giving the smoothed rate,
 * else the global rate (an unseen segment or level). Throws a RangeError for other models.
 */
export function estimatorSql(json: ModelJSON, column: (j: number) => string, levels: (j: number) => readonly string[], d: SqlDialect): EstimatorSql {
  switch (json.kind) {
    case "LogisticRegression": {
      const s = LogisticRegression.load(json).state;
      return { kind: "margin", base: s.intercept, terms: Array.from(s.coef, (w, j) => `${column(j)} * ${doubleLiteral(w)}`), trees: false };
    }
    case "GradientBoosting": {
      const e = GradientBoosting.load(json).ensemble;
      return { kind: "margin", base: e.baseScore, terms: e.trees.map((t) => treeSql(t, column)), trees: true };
    }
    case "SegmentBaseline": {
      const model = SegmentBaseline.load(json);
      const columns = model.options.columns;
      const global = doubleLiteral(model.globalRate);
      if (columns.length === 0) return { kind: "probability", expr: global };
      const whens = model.segments.map((s) => {
        const test = columns.map((c, k) => {
          const level = levels(c)[s.values[k]!];
          if (level === undefined) throw new RangeError(`estimatorSql: segment code ${s.values[k]} of design column ${c} has no level (levels ${JSON.stringify(levels(c))})`);
          return `${column(c)} = ${d.string(level)}`;
        });
        return `WHEN ${test.join(" AND ")} THEN ${doubleLiteral(s.rate)}`;
      });
      return { kind: "probability", expr: `CASE ${whens.join(" ")} ELSE ${global} END` };
    }
    default:
      throw new RangeError(`estimatorSql: a ${JSON.stringify(json.kind)} model has no SQL form (logistic regression, gradient boosting and the segment baseline have)`);
  }
}
