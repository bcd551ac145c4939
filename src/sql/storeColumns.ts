/**
 * Whether an offline store can feed a scoring query: the columns the query reads exist with the
 * types and levels the model was fitted on (the check `designTransform` makes on a frame).
 */
import type { DesignState } from "../features/design.js";
import { CHARGES_COLUMN, KEY_COLUMN, MONTH_COLUMN, type StoreSchema } from "../store/schema.js";
import type { ScoringQuery } from "./query.js";

/** A mismatch between a store and a query: the schema key at fault, what was expected and what was found. */
export interface StoreColumnProblem {
  readonly key: string;
  readonly expected: string;
  readonly got: string;
}

/** The levels `design` was fitted on for categorical feature `name`, or null when the design does not encode it. */
function designLevels(design: DesignState, name: string): readonly string[] | null {
  if (design.kind === "segment") {
    const k = design.names.indexOf(name);
    return k < 0 ? null : design.levels[k]!;
  }
  return design.preprocessor.categorical.find((c) => c.name === name)?.levels ?? null;
}

/**
 * The first problem that stops `schema` (a store manifest's) from feeding `query` of a model with
 * design `design`, or null: the key, month and charges columns, every numeric column the query reads
 * as DOUBLE, every categorical one as a categorical column, with exactly the design's levels in the
 * same order where the design encodes it.
 */
export function storeColumnProblem(schema: StoreSchema, query: Pick<ScoringQuery, "reads">, design: DesignState): StoreColumnProblem | null {
  const column = new Map(schema.columns.map((c, i) => [c.name, { ...c, index: i }]));
  const fixed = [
    [KEY_COLUMN, "STRING"],
    [MONTH_COLUMN, "INT32"],
    [CHARGES_COLUMN, "DOUBLE"],
  ] as const;
  for (const [name, type] of fixed) {
    const c = column.get(name);
    if (c?.type !== type) return { key: `schema.columns (${name})`, expected: `a ${type} column ${JSON.stringify(name)}`, got: c ? `type ${c.type}` : "no such column" };
  }
  for (const name of query.reads.numeric) {
    const c = column.get(name);
    if (c?.role !== "numeric") return { key: `schema.columns (${name})`, expected: `the numeric feature ${JSON.stringify(name)} the model reads`, got: c ? `a ${c.role} column` : "no such column" };
  }
  for (const name of query.reads.categorical) {
    const c = column.get(name);
    if (c?.role !== "categorical") return { key: `schema.columns (${name})`, expected: `the categorical feature ${JSON.stringify(name)} the model reads`, got: c ? `a ${c.role} column` : "no such column" };
    const levels = designLevels(design, name);
    const have = c.levels ?? [];
    if (levels !== null && (levels.length !== have.length || levels.some((l, k) => l !== have[k]))) {
      return { key: `schema.columns[${c.index}].levels`, expected: `the levels the model was fitted on, ${JSON.stringify(levels)}`, got: JSON.stringify(have) };
    }
  }
  return null;
}
