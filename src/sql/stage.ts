/**
 * The building blocks of the generated query: named SQL expressions grouped into stages. Each stage
 * becomes one CTE that adds its columns to everything the previous one had, so an expression only
 * refers to columns of earlier stages and no single expression has to inline another.
 */

/** One computed column: an unquoted internal name (lower-case letters, digits, `_`) and its SQL expression. */
export interface SqlColumn {
  readonly name: string;
  readonly expr: string;
}

/** The columns one CTE adds; they may refer to any column of the stages before it, not to each other. */
export type SqlStage = readonly SqlColumn[];

/** `expr` in parentheses, unless it is a bare identifier (a column of an earlier stage). */
export function sqlParens(expr: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(expr) ? expr : `(${expr})`;
}
