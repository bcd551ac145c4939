/**
 * The embedded engine is the one the SQL's exactness was measured against: the pinned
 * `@duckdb/node-api` is installed, its bindings report DuckDB 1.5.6, and it runs in this Node.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { runDuckDbQuery } from "../../src/io/duckdbQuery.js";
import { ROOT } from "../helpers/cli.js";

const require = createRequire(import.meta.url);

describe("the embedded DuckDB", () => {
  it("is the exact version package.json pins, DuckDB 1.5.6, with Parquet built in", async () => {
    const pinned = (JSON.parse(readFileSync(`${ROOT}/package.json`, "utf8")) as { dependencies: Record<string, string> }).dependencies["@duckdb/node-api"];
    const installed = (JSON.parse(readFileSync(require.resolve("@duckdb/node-api/package.json"), "utf8")) as { version: string }).version;
    expect(installed).toBe(pinned);
    const out = await runDuckDbQuery("SELECT version() AS v, (SELECT count(*) FROM duckdb_extensions() WHERE extension_name = 'parquet' AND loaded) AS parquet");
    expect(out.columns.v![0]).toBe("v1.5.6");
    expect(Number(out.columns.parquet![0])).toBe(1);
  });
});
