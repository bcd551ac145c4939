/**
 * Runs SQL in an embedded DuckDB (`@duckdb/node-api`, the engine linked into this process, no server)
 * and returns the result as plain columns. Used to check the exported scoring query against the
 * TypeScript scores over the same Parquet files. Not re-exported from `src/io/index.ts`, so importing
 * the library does not load the native engine.
 */
import { DuckDBInstance } from "@duckdb/node-api";

/** A query result: column names in order and, per name, one JavaScript value per row (DOUBLE → number, VARCHAR → string, NULL → null). */
export interface DuckDbResult {
  readonly names: readonly string[];
  readonly columns: Readonly<Record<string, readonly unknown[]>>;
  readonly rows: number;
}

/** Options of {@link runDuckDbQuery}. */
export interface DuckDbOptions {
  /** Worker threads of the engine (default: DuckDB's, the machine's cores). */
  readonly threads?: number;
  /** Statements run first on the same connection (settings, macros). */
  readonly setup?: readonly string[];
}

/**
 * Runs `sql` (one statement, e.g. the scoring query) in a fresh in-memory DuckDB and returns every
 * row. Extensions are never installed from the network (`autoinstall_known_extensions` off; Parquet
 * is built into the bindings). The engine is closed afterwards, also on failure; DuckDB's errors
 * are rethrown as they are.
 */
export async function runDuckDbQuery(sql: string, options: DuckDbOptions = {}): Promise<DuckDbResult> {
  const config: Record<string, string> = { autoinstall_known_extensions: "false" };
  if (options.threads !== undefined) config.threads = String(options.threads);
  const instance = await DuckDBInstance.create(":memory:", config);
  try {
    const connection = await instance.connect();
    try {
      for (const statement of options.setup ?? []) await connection.run(statement);
      const reader = await connection.runAndReadAll(sql);
      const names = reader.columnNames();
      const columns = reader.getColumnsObjectJS() as Record<string, unknown[]>;
      return { names, columns, rows: reader.currentRowCount };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
