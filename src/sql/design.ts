/**
 * A fitted design (`src/features/design.ts`) as SQL: one expression per design column over the raw
 * store columns, the same arithmetic in the same order as `FeaturePreprocessor.transform`, so each
 * column holds the same double as the TypeScript design matrix.
 */
import type { DesignState } from "../features/design.js";
import type { SqlDialect } from "./dialect.js";
import { doubleLiteral } from "./literal.js";

/** The design columns of a fitted design as SQL, and the store columns they read. */
export interface DesignSql {
  /** Numeric store columns read (DOUBLE; missing = NaN, a NULL is made NaN before the design). */
  readonly numeric: readonly string[];
  /** Categorical store columns read (their level as a string). */
  readonly categorical: readonly string[];
  /** The design's column names (as `designColumnNames`), for the query's header. */
  readonly names: readonly string[];
  /** One expression per design column, in column order, over the raw columns quoted by the dialect. */
  readonly exprs: readonly string[];
}

/**
 * The SQL of `state`'s design columns, exactly as `designTransform` computes them:
 * - a numeric feature is ((missing ? fill : v) − mean) · (1 / scale), with 1 / scale computed here
 *   in double precision as the transform does (0 for a constant column), its `name:missing`
 *   indicator 1 where v is NaN; with `keepMissing` (trees) the value stays as it is and NaN stays NaN
 *   (the identity is written as the bare column, which is exact: v − 0 = v and v · 1 = v for every
 *   double, −0 included);
 * - a categorical feature is one-hot over the levels seen in training: 1 where the level is that
 *   level, else 0, so a level unseen in training (or a NULL) encodes as all zeros, like the transform;
 * - the segment design's columns are the raw levels (the baseline compares them with its segments).
 */
export function designSql(state: DesignState, d: SqlDialect): DesignSql {
  if (state.kind === "segment") return { numeric: [], categorical: [...state.names], names: [...state.names], exprs: state.names.map((n) => d.identifier(n)) };
  const p = state.preprocessor;
  const keep = p.options.keepMissing === true;
  const exprs: string[] = [];
  for (const s of p.numeric) {
    const v = d.identifier(s.name);
    const inv = s.scale > 0 ? 1 / s.scale : 0;
    const filled = keep ? v : `(CASE WHEN isnan(${v}) THEN ${doubleLiteral(s.fill)} ELSE ${v} END)`;
    exprs.push(s.mean === 0 && !Object.is(s.mean, -0) && inv === 1 ? filled : `(${filled} - ${doubleLiteral(s.mean)}) * ${doubleLiteral(inv)}`);
    if (s.indicator) exprs.push(`(CASE WHEN isnan(${v}) THEN 1.0E0 ELSE 0.0E0 END)`);
  }
  for (const c of p.categorical) {
    const v = d.identifier(c.name);
    for (const k of c.seen) exprs.push(`(CASE WHEN ${v} = ${d.string(c.levels[k]!)} THEN 1.0E0 ELSE 0.0E0 END)`);
  }
  if (exprs.length !== p.columnNames.length) throw new RangeError(`designSql: the preprocessor state describes ${exprs.length} columns but names ${p.columnNames.length}`);
  return { numeric: p.numeric.map((s) => s.name), categorical: p.categorical.map((c) => c.name), names: [...p.columnNames], exprs };
}
