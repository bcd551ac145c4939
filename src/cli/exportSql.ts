import { resolve } from "node:path";
import { mergeConfigValues, validateConfig, type Config } from "../config/index.js";
import { runDuckDbQuery } from "../io/duckdbQuery.js";
import { MANIFEST_FILE, readManifest, readMonth } from "../io/offlineStore.js";
import { writeOutputFile } from "../io/outputDir.js";
import { fromRoot } from "../io/paths.js";
import { readConfig } from "../io/readConfig.js";
import { loadRegisteredModel } from "../io/registeredModel.js";
import { assertReplaceableOutput } from "../io/safeTarget.js";
import { resolveVersionRef } from "../registry/index.js";
import { scoreRows } from "../serving/score.js";
import { compareScoreTables, scoreTableOfColumns, scoreTableOfRows, SQL_CHECK_TOLERANCE, type ScoreComparison } from "../sql/compare.js";
import { globCharacterOf, SQL_DIALECT_NAMES, sqlDialect } from "../sql/dialect.js";
import { scoringQuery, type ScoringQuery } from "../sql/query.js";
import { storeColumnProblem } from "../sql/storeColumns.js";
import { InputError } from "../util/errors.js";
import { formatCount } from "../util/format.js";
import { parseAsOfFlag, parseFlags } from "./args.js";
import { Progress } from "./progress.js";
import { runCli } from "./run.js";

const USAGE =
  "npm run export-sql -- --dialect duckdb|spark [--model champion|<version>] [--as-of MONTH] [--store DIR] [--registry DIR] [--location URI] [--out FILE] [--check] [--config FILE] [--quiet] [--debug]";

const HELP = `${USAGE}
Writes the registry model (default: serving.model, the champion alias) as one SQL query over the offline
Parquet store (default store.offline) that scores every customer active at the end of --as-of (default:
the store's last month): raw and calibrated probability, P(churn next month and within the action window),
CLV, EV per action and the best action. The query goes to --out (written atomically) or to stdout.
--location: the store root written into the query (default: the store's absolute path), e.g. s3://bucket/offline.
--check (duckdb only): runs the query in embedded DuckDB over the store and compares it with the TypeScript
scores of the same month (max |Δ| per column, best-action mismatches); exits 1 when they differ by more than ${SQL_CHECK_TOLERANCE}.
`;

const COMMAND_LINE = "command line";

/** The check's report, one line per fact. */
function checkLines(c: ScoreComparison, ok: boolean): string[] {
  const lines = [`check: ${formatCount(c.matched)} customers matched, ${c.missing.length} only in TypeScript, ${c.extra.length} only in SQL`];
  for (const [column, value] of Object.entries(c.maxAbs)) lines.push(`  max |Δ| ${column}: ${value.toExponential(2)}`);
  lines.push(`  best action: ${c.bestActionMismatches.length} mismatches${c.bestActionMismatches.length > 0 ? ` (first: ${c.bestActionMismatches.slice(0, 5).map((m) => `${m.customerId} ${m.expected ?? "none"} vs ${m.actual ?? "none"}`).join("; ")})` : ""}`);
  lines.push(ok ? `check passed: every value within ${SQL_CHECK_TOLERANCE}, every best action equal` : `check failed: worst ${c.worst.column} ${c.worst.value.toExponential(2)} (tolerance ${SQL_CHECK_TOLERANCE})`);
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    {
      model: { type: "string" },
      dialect: { type: "string" },
      "as-of": { type: "string" },
      store: { type: "string" },
      registry: { type: "string" },
      location: { type: "string" },
      out: { type: "string" },
      check: { type: "boolean" },
      config: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (flags.dialect === undefined || !(SQL_DIALECT_NAMES as readonly string[]).includes(flags.dialect)) {
    throw new InputError({ file: COMMAND_LINE, key: "--dialect" }, SQL_DIALECT_NAMES.join(" or "), flags.dialect === undefined ? "no --dialect" : JSON.stringify(flags.dialect));
  }
  const dialect = sqlDialect(flags.dialect);
  if (flags.check && dialect.name !== "duckdb") throw new InputError({ file: COMMAND_LINE, key: "--check" }, "--dialect duckdb (the check runs the query in embedded DuckDB)", `--dialect ${dialect.name}`);
  if (flags.check && flags.location !== undefined) throw new InputError({ file: COMMAND_LINE, key: "--location" }, "no --location with --check (the check reads the local store)", JSON.stringify(flags.location));
  if (flags.location !== undefined && flags.location.trim() === "") throw new InputError({ file: COMMAND_LINE, key: "--location" }, "a path or URI of the store root", '""');
  const out = flags.out === undefined ? undefined : fromRoot(flags.out);
  if (out !== undefined) assertReplaceableOutput(out, { kind: "file", key: "--out" });
  const overrides: Record<string, unknown> = {};
  if (flags.store !== undefined) overrides.store = { offline: flags.store };
  if (flags.registry !== undefined) overrides.registry = { dir: flags.registry };
  const config: Config = validateConfig(mergeConfigValues(readConfig(flags.config), overrides));
  const progress = new Progress(Boolean(flags.quiet) || !config.output.progress);
  const ref = flags.model ?? config.serving.model;

  progress.start("model");
  const registry = fromRoot(config.registry.dir);
  const model = loadRegisteredModel(registry, resolveVersionRef(registry, ref, { file: COMMAND_LINE, key: "--model" }));
  const json = model.runtime.json;
  progress.done("model", `${json.model}, version ${model.version} (${ref})`);

  progress.start("query");
  const store = fromRoot(config.store.offline);
  const manifest = readManifest(store);
  const month = parseAsOfFlag(flags["as-of"], manifest);
  const storeRoot = flags.location ?? resolve(store);
  const glob = globCharacterOf(storeRoot);
  if (glob !== null) throw new InputError({ file: COMMAND_LINE, key: flags.location !== undefined ? "--location" : "store.offline" }, "a store root without glob characters (* ? [ ] { }), which DuckDB and Spark would expand to other files", JSON.stringify(storeRoot));
  let query: ScoringQuery;
  try {
    query = scoringQuery(json, {
      dialect,
      storeRoot,
      month,
      comment: [`churn-workspace export-sql: model ${json.model}, version ${model.version} (${ref}), calibrated P(churn within ${json.horizon} month(s)) -> decisions`],
    });
  } catch (err) {
    if (err instanceof RangeError) throw new InputError({ file: COMMAND_LINE, key: "--model" }, "a model with an SQL form (logistic, gbm or baseline)", `version ${model.version}: ${err.message}`);
    throw err;
  }
  const problem = storeColumnProblem(manifest.schema, query, json.design);
  if (problem) throw new InputError({ file: resolve(store, MANIFEST_FILE), key: problem.key }, problem.expected, problem.got);
  progress.done("query", `${dialect.name}, month ${month}, ${formatCount(query.sql.length)} characters, ${query.ctes} CTEs${query.trees > 0 ? `, ${query.trees} trees` : ""}`);
  if (out !== undefined) writeOutputFile(out, query.sql, { writer: "export-sql" });
  else process.stdout.write(query.sql);
  if (!flags.check) return 0;

  progress.start("check");
  const rows = await readMonth(store, month);
  const index = Uint32Array.from(rows.customerIds, (_, i) => i);
  const actions = json.decision.actions.map((a) => a.name);
  const expected = scoreTableOfRows(rows.customerIds, scoreRows(model.runtime, { frame: rows.frame, rows: index, monthlyCharges: rows.monthlyCharges }, 0, false), actions);
  const result = await runDuckDbQuery(query.sql);
  const comparison = compareScoreTables(expected, scoreTableOfColumns(result.columns, actions), actions);
  const ok = comparison.missing.length === 0 && comparison.extra.length === 0 && comparison.worst.value <= SQL_CHECK_TOLERANCE && comparison.bestActionMismatches.length === 0;
  progress.done("check", ok ? "passed" : "failed");
  const report = `${checkLines(comparison, ok).join("\n")}\n`;
  (out !== undefined ? process.stdout : process.stderr).write(report);
  return ok ? 0 : 1;
}

runCli("export-sql", main);
