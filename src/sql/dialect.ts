/**
 * The two SQL dialects the scoring query is written in, and every place they differ, in one table.
 * Everything else in the generated text (CTEs, CASE, arithmetic, `isnan`, `exp`, `ln`, `CAST`,
 * `COALESCE`, number literals in exponent notation) is read the same way by both.
 *
 * | what | DuckDB (1.5) | Spark SQL (3.x) |
 * | --- | --- | --- |
 * | one month of the store | `read_parquet('<root>/month=0042/part-0.parquet', hive_partitioning = false)` | ``parquet.`<root>/month=0042/part-0.parquet` `` |
 * | identifiers | `"name"` (`"` doubled) | `` `name` `` (`` ` `` doubled) |
 * | string literals | `'it''s'`, a backslash is itself | `'it\'s'`, a backslash escapes (`\\`) |
 * | `log1p`, `expm1` | not built in: Goldberg's `ln(1+x)·x/((1+x)−1)` and Kahan's `(u−1)·x/ln u` (u = eˣ), a few ulps | built in (`java.lang.Math`) |
 * | failing a row | `error('…')` | `raise_error('…')` |
 * | `ln(0)`, `log1p(−1)` | an error | NULL |
 *
 * Shared pitfalls the generator avoids rather than papers over: both engines order NaN above every
 * number and make NaN = NaN true (IEEE and JavaScript do neither), so every comparison of a value
 * that may be NaN is guarded by an explicit `isnan`; `greatest`/`least` skip NULLs and rank NaN
 * first in both, so they are not used (CASE instead); the logarithms are only reached with positive
 * arguments (the callers guard p = 1), so neither the DuckDB error nor the Spark NULL can occur.
 */
import { partitionFile } from "../store/schema.js";

/** The dialects {@link scoringQuery} writes. */
export const SQL_DIALECT_NAMES = ["duckdb", "spark"] as const;
/** One of {@link SQL_DIALECT_NAMES}. */
export type SqlDialectName = (typeof SQL_DIALECT_NAMES)[number];

/** How one dialect writes the pieces that differ (see the module comment's table). Every function returns SQL text. */
export interface SqlDialect {
  readonly name: SqlDialectName;
  /** A quoted identifier for any column name. */
  identifier(name: string): string;
  /** A string literal holding exactly `value`. */
  string(value: string): string;
  /** The FROM source of the partition of calendar month `month` of an offline store whose root is `root` (a path or URI the engine reads). */
  monthSource(root: string, month: number): string;
  /** ln(1 + x) accurate near x = 0, for x > −1; `x` is repeated, so pass a column or a short expression. */
  log1p(x: string): string;
  /** eˣ − 1 accurate near x = 0; `x` is repeated, so pass a column or a short expression. */
  expm1(x: string): string;
  /** An expression that fails the query with `message` when evaluated. */
  raiseError(message: string): string;
}

/**
 * The first character of a store root that DuckDB's `read_parquet` or Spark's path reader would
 * expand as a glob (`*`, `?`, `[`, `]`, `{`, `}`), or null: such a root could read other files
 * than the store's, so it is refused.
 */
export function globCharacterOf(root: string): string | null {
  return /[*?[\]{}]/.exec(root)?.[0] ?? null;
}

/** The file of month `month` under `root`, without a doubled separator. */
function monthFile(root: string, month: number): string {
  return `${root.replace(/\/+$/, "")}/${partitionFile(month)}`;
}

/** The dialect table. */
const DIALECTS: Readonly<Record<SqlDialectName, SqlDialect>> = {
  duckdb: {
    name: "duckdb",
    identifier: (name) => `"${name.replace(/"/g, '""')}"`,
    string: (value) => `'${value.replace(/'/g, "''")}'`,
    monthSource: (root, month) => `read_parquet('${monthFile(root, month).replace(/'/g, "''")}', hive_partitioning = false)`,
    // Goldberg (1991), "What every computer scientist should know about floating-point arithmetic", Theorem 4.
    log1p: (x) => `(CASE WHEN 1.0E0 + ${x} = 1.0E0 THEN ${x} ELSE ln(1.0E0 + ${x}) * ${x} / ((1.0E0 + ${x}) - 1.0E0) END)`,
    // Kahan's expm1 through exp and ln: u − 1 = −1 (x = −∞, or eˣ below half an ulp of 1) gives −1;
    // above 40, eˣ − 1 rounds to eˣ (and u = ∞ would give ∞/∞).
    expm1: (x) => `(CASE WHEN exp(${x}) = 1.0E0 THEN ${x} WHEN exp(${x}) - 1.0E0 = (-1.0E0) THEN (-1.0E0) WHEN ${x} > 4.0E1 THEN exp(${x}) ELSE (exp(${x}) - 1.0E0) * ${x} / ln(exp(${x})) END)`,
    raiseError: (message) => `error('${message.replace(/'/g, "''")}')`,
  },
  spark: {
    name: "spark",
    identifier: (name) => `\`${name.replace(/`/g, "``")}\``,
    string: (value) => `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`,
    monthSource: (root, month) => `parquet.\`${monthFile(root, month).replace(/`/g, "``")}\``,
    log1p: (x) => `log1p(${x})`,
    expm1: (x) => `expm1(${x})`,
    raiseError: (message) => `raise_error('${message.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}')`,
  },
};

/** The dialect named `name`; throws a RangeError naming the known dialects otherwise. */
export function sqlDialect(name: string): SqlDialect {
  if (!(SQL_DIALECT_NAMES as readonly string[]).includes(name)) throw new RangeError(`sqlDialect: expected one of ${SQL_DIALECT_NAMES.join(", ")}, got ${JSON.stringify(name)}`);
  return DIALECTS[name as SqlDialectName];
}
