/**
 * The Spark SQL text: a committed snapshot for a small fixed model, and the same text run in DuckDB
 * where the dialects agree. The conversion touches only what the dialect table says differs: the
 * source clause, backtick identifiers, backslash escapes in strings; `log1p`, `expm1` and
 * `raise_error` become DuckDB macros (the first two with the formulas the DuckDB dialect writes
 * inline). Everything else (the CTEs, every CASE, every literal and operator) runs as Spark would
 * receive it. What stays untested is listed in the README ("When one machine is not enough").
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDuckDbQuery } from "../../src/io/duckdbQuery.js";
import type { ScoringModel } from "../../src/serving/scoringModel.js";
import { scoringQuery, sqlDialect } from "../../src/sql/index.js";
import { partitionFile } from "../../src/store/schema.js";
import { FIXTURE_BASELINE, FIXTURE_GBM, FIXTURE_LOGISTIC, FIXTURE_MONTH, writeFixtureStore } from "./fixtures.js";

const SPARK_ROOT = "s3://churn-bucket/feature-store/offline";
const root = mkdtempSync(join(tmpdir(), "churn-sql-spark-"));
beforeAll(() => writeFixtureStore(root));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const spark = sqlDialect("spark");
const duckdb = sqlDialect("duckdb");

/** The Spark text of `model` over the fixture month of the bucket above. */
function sparkText(model: ScoringModel): string {
  return scoringQuery(model, { dialect: spark, storeRoot: SPARK_ROOT, month: FIXTURE_MONTH, comment: ["snapshot: tests/sql/spark.test.ts"] }).sql;
}

/**
 * Spark text → DuckDB text: a scan that rewrites `` `name` `` as `"name"` and Spark's
 * backslash-escaped strings as DuckDB's (comments copied as they are), then the source clause
 * replaced by `read_parquet` of the local fixture. Throws on an unterminated string or identifier.
 */
function sparkToDuckDb(text: string, localRoot: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "-" && text[i + 1] === "-") {
      const end = text.indexOf("\n", i);
      const stop = end < 0 ? text.length : end;
      out += text.slice(i, stop);
      i = stop;
    } else if (ch === "`" || ch === "'") {
      let value = "";
      for (i++; ; i++) {
        if (i >= text.length) throw new Error(`unterminated ${ch === "`" ? "identifier" : "string"}`);
        if (ch === "`" && text[i] === "`" && text[i + 1] === "`") (value += "`", i++);
        else if (ch === "'" && text[i] === "\\") value += text[++i];
        else if (text[i] === ch) break;
        else value += text[i];
      }
      out += ch === "`" ? duckdb.identifier(value) : duckdb.string(value);
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  const source = `parquet.${duckdb.identifier(`${SPARK_ROOT}/${partitionFile(FIXTURE_MONTH)}`)}`;
  expect(out).toContain(source);
  return out.replace(source, duckdb.monthSource(localRoot, FIXTURE_MONTH));
}

/** DuckDB macros standing in for Spark's built-ins (log1p and expm1 as the DuckDB dialect writes them). */
const SPARK_BUILTINS = [`CREATE MACRO log1p(x) AS ${duckdb.log1p("x")}`, `CREATE MACRO expm1(x) AS ${duckdb.expm1("x")}`, "CREATE MACRO raise_error(m) AS error(m)"];

describe("the Spark SQL text", () => {
  it("matches the committed snapshot for the fixed gradient-boosting model", async () => {
    await expect(sparkText(FIXTURE_GBM)).toMatchFileSnapshot("./__snapshots__/fixture-gbm.spark.sql");
  });

  it("matches the committed snapshot for the fixed logistic model (beta calibration, customer CLV hazard)", async () => {
    await expect(sparkText(FIXTURE_LOGISTIC)).toMatchFileSnapshot("./__snapshots__/fixture-logistic.spark.sql");
  });

  for (const [name, model] of [
    ["gradient boosting", FIXTURE_GBM],
    ["logistic regression", FIXTURE_LOGISTIC],
    ["segment baseline", FIXTURE_BASELINE],
  ] as const) {
    it(`of the ${name} parses in DuckDB and, with Spark's built-ins as macros, returns the DuckDB query's rows bit for bit`, async () => {
      const converted = sparkToDuckDb(sparkText(model), root);
      const parsed = await runDuckDbQuery(`SELECT json_serialize_sql(${duckdb.string(converted)}) AS tree`);
      const tree = JSON.parse(parsed.columns.tree![0] as string) as { error: boolean; error_message?: string };
      expect(tree.error_message).toBeUndefined();
      expect(tree.error).toBe(false);
      const fromSpark = await runDuckDbQuery(converted, { setup: SPARK_BUILTINS });
      const fromDuckDb = await runDuckDbQuery(scoringQuery(model, { dialect: duckdb, storeRoot: root, month: FIXTURE_MONTH }).sql);
      expect(fromSpark.names).toEqual(fromDuckDb.names);
      expect(fromSpark.columns).toEqual(fromDuckDb.columns);
      expect(fromSpark.rows).toBe(48);
    });
  }

  it("reads the month's file directly, so Spark never infers a partition column that clashes with the file's month", () => {
    const text = sparkText(FIXTURE_GBM);
    expect(text).toContain(`FROM parquet.\`${SPARK_ROOT}/${partitionFile(FIXTURE_MONTH)}\``);
    expect(text).toContain(`WHERE \`month\` = ${FIXTURE_MONTH}`);
    expect(text).not.toMatch(/\bread_parquet\b|\berror\(|hive_partitioning/);
  });
});
