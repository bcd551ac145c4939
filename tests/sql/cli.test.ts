/**
 * `npm run export-sql` as a user runs it: the query to a file (atomically, with its marker) or to
 * stdout, `--check` against the TypeScript scores, and bad input (flags, model, month, store) exiting
 * 2 with one line naming the flag or file and what was expected.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import { writeOfflineStore } from "../../src/io/offlineStore.js";
import { registerScoringModel } from "../../src/io/registeredModel.js";
import { fileMarkerPath } from "../../src/io/safeTarget.js";
import type { ModelName } from "../../src/models/catalog.js";
import { buildPanel } from "../../src/panel/panel.js";
import { promote } from "../../src/registry/index.js";
import type { ScoringModel } from "../../src/serving/scoringModel.js";
import { runCli } from "../helpers/cli.js";
import { testConfig } from "../helpers/config.js";
import { fittedScoringModel } from "./fittedModel.js";

const config = testConfig({ synthetic: { customers: 300, months: 24 }, models: { gbm: { maxIter: 20 } } });
const history = generateSynthetic(config.synthetic, { seed: config.seed });
const frame = buildFeatureFrame(history, config.features);
const panel = buildPanel(history, { horizon: config.panel.horizon });
const dir = mkdtempSync(join(tmpdir(), "churn-export-sql-"));
const store = join(dir, "offline");
const registry = join(dir, "registry");
const lineage = { model: "m", trainingWindow: { firstMonth: 0, lastMonth: 22, rows: 1 }, configHash: "c", dataHash: "d", gitCommit: null, metrics: { rocAuc: 0.8, logLoss: 0.1, brier: 0.05 }, signature: { numeric: 1, categorical: 1 }, source: "export-sql test" };

/** A model fitted on the labelled rows of the small world (the forest on 400 of them), calibrated isotonically on its own predictions: enough for a CLI test. */
function fitted(name: ModelName): ScoringModel {
  const rows = name === "forest" ? panel.labelled.slice(0, 400) : panel.labelled;
  return fittedScoringModel(name, "isotonic", { config, frame, panel, train: rows, calibration: rows });
}

beforeAll(() => {
  writeOfflineStore(store, history, frame, { source: "export-sql test" });
  registerScoringModel(registry, fitted("gbm"), lineage);
  registerScoringModel(registry, fitted("logistic"), lineage);
  registerScoringModel(registry, fitted("forest"), lineage);
  promote(registry, 1, "champion", "export-sql test");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = ["--store", store, "--registry", registry, "--quiet"];
const exportSql = (...args: string[]) => runCli("src/cli/exportSql.ts", [...base, ...args]);

/** A bad-input run: exit 2 and one line on stderr matching `message`. */
function expectBadInput(result: ReturnType<typeof runCli>, message: RegExp): void {
  expect(result.stderr.trimEnd()).toMatch(message);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stdout).toBe("");
  expect(result.status).toBe(2);
}

describe("npm run export-sql", () => {
  it("writes the champion's DuckDB query to --out atomically and --check finds it equal to the TypeScript scores", () => {
    const out = join(dir, "sql", "champion.sql");
    const r = exportSql("--dialect", "duckdb", "--out", out, "--check");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^check: ${panel.scoring.length} customers matched, 0 only in TypeScript, 0 only in SQL$`, "m"));
    expect(r.stdout).toMatch(/^ {2}max \|Δ\| ev_premium_support: /m);
    expect(r.stdout).toMatch(/^ {2}best action: 0 mismatches$/m);
    expect(r.stdout).toMatch(/^check passed: every value within 1e-9, every best action equal$/m);
    const sql = readFileSync(out, "utf8");
    expect(sql).toMatch(/^-- churn-workspace export-sql: model gbm, version 1 \(champion\)/);
    expect(sql).toContain(`read_parquet('${store}/month=0023/part-0.parquet', hive_partitioning = false)`);
    expect(existsSync(fileMarkerPath(out))).toBe(true);
    // A second run replaces its own output; a file it did not write is refused.
    expect(exportSql("--dialect", "duckdb", "--out", out).status).toBe(0);
    const foreign = join(dir, "sql", "notes.sql");
    writeFileSync(foreign, "-- mine\n");
    expectBadInput(exportSql("--dialect", "duckdb", "--out", foreign), /^error: .*notes\.sql, key "--out": expected a file that is absent or a previous output of this tool/);
    expect(readFileSync(foreign, "utf8")).toBe("-- mine\n");
  });

  it("prints the Spark query of a version and month to stdout, with the store location given", () => {
    const r = exportSql("--dialect", "spark", "--model", "2", "--as-of", "20", "--location", "s3://bucket/offline");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^-- churn-workspace export-sql: model logistic, version 2 \(2\)/);
    expect(r.stdout).toContain("FROM parquet.`s3://bucket/offline/month=0020/part-0.parquet`");
    expect(r.stdout).toContain("WHERE `month` = 20");
  });

  it("bad flags exit 2 with one line naming the flag and what was expected", () => {
    expectBadInput(exportSql("--dialect", "postgres"), /^error: command line, key "--dialect": expected duckdb or spark, got "postgres"$/);
    expectBadInput(exportSql(), /^error: command line, key "--dialect": expected duckdb or spark, got no --dialect$/);
    expectBadInput(exportSql("--dialect", "spark", "--check"), /^error: command line, key "--check": expected --dialect duckdb \(the check runs the query in embedded DuckDB\), got --dialect spark$/);
    expectBadInput(exportSql("--dialect", "spark", "--location", "s3://bucket/off*"), /^error: command line, key "--location": expected a store root without glob characters \(\* \? \[ \] \{ \}\), which DuckDB and Spark would expand to other files, got "s3:\/\/bucket\/off\*"$/);
    expectBadInput(exportSql("--dialect", "spark", "--location", "s3://bucket/month={1,2}"), /key "--location".*got "s3:\/\/bucket\/month=\{1,2\}"$/);
    expectBadInput(exportSql("--dialect", "duckdb", "--dialekt", "spark"), /^error: command line: expected flags as in: npm run export-sql .*Unknown option '--dialekt'/);
  });

  it("an unknown model, a month outside the store, a missing store and a model without an SQL form exit 2, naming them", () => {
    expectBadInput(exportSql("--dialect", "duckdb", "--model", "nosuch"), /^error: .*alias.*"nosuch"/);
    expectBadInput(exportSql("--dialect", "duckdb", "--model", "9"), /^error: .*(9|000009)/);
    expectBadInput(exportSql("--dialect", "duckdb", "--model", "Bad Ref"), /^error: command line, key "--model": expected a version number/);
    expectBadInput(exportSql("--dialect", "duckdb", "--as-of", "99"), /^error: command line, key "--as-of": expected a calendar month the offline store holds \(0\.\.23\), got "99"$/);
    expectBadInput(exportSql("--dialect", "duckdb", "--as-of", "last"), /key "--as-of".*got "last"$/);
    expectBadInput(exportSql("--dialect", "duckdb", "--store", join(dir, "nowhere")), /nowhere\/manifest\.json: expected the manifest of an offline feature store/);
    expectBadInput(exportSql("--dialect", "spark", "--model", "3"), /^error: command line, key "--model": expected a model with an SQL form \(logistic, gbm or baseline\), got version 3: .*"RandomForest" model has no SQL form/);
  });
});
