import { mergeConfigValues, type Config } from "../config/index.js";
import { telcoSnapshotCsv } from "../data/snapshot.js";
import { loadSource, SYNTHETIC_SOURCE } from "../io/loadSource.js";
import { writeOutputFile } from "../io/outputDir.js";
import { fromRoot } from "../io/paths.js";
import { readConfig } from "../io/readConfig.js";
import { assertReplaceableOutput } from "../io/safeTarget.js";
import { buildPanel } from "../panel/panel.js";
import { summarizePanel } from "../panel/summary.js";
import { InputError } from "../util/errors.js";
import { formatPercent } from "../util/format.js";
import { parseFlags, parseSeedFlag } from "./args.js";
import { Progress } from "./progress.js";
import { runCli } from "./run.js";

const USAGE = "npm run data -- [--data <csv path | synthetic>] [--config FILE] [--seed N] [--snapshot OUT.csv] [--json] [--quiet] [--debug]";

function main(argv: string[]): void {
  const flags = parseFlags(
    argv,
    {
      data: { type: "string" },
      config: { type: "string" },
      seed: { type: "string" },
      snapshot: { type: "string" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(`${USAGE}\nValidates a data source and prints its data-quality summary and panel counts.\n`);
    return;
  }
  const snapshot = flags.snapshot === undefined ? undefined : fromRoot(flags.snapshot);
  if (snapshot !== undefined) assertReplaceableOutput(snapshot, { kind: "file", key: "--snapshot" });
  let config: Config = readConfig(flags.config);
  const overrides: Record<string, unknown> = {};
  if (flags.data !== undefined) overrides.data = { source: flags.data };
  if (flags.seed !== undefined) overrides.seed = parseSeedFlag(flags.seed);
  config = mergeConfigValues(config, overrides) as Config;
  const progress = new Progress(Boolean(flags.quiet) || Boolean(flags.json) || !config.output.progress);
  if (flags.snapshot !== undefined && config.data.source !== SYNTHETIC_SOURCE) {
    throw new InputError({ file: "command line", key: "--snapshot" }, "--data synthetic (a snapshot is written from the synthetic telco)", JSON.stringify(config.data.source));
  }

  progress.start("load");
  const { history, quality } = loadSource(config, (s) => progress.share("load", s));
  progress.done("load", `${history.customers.count} customers, ${history.months.count} month rows`);
  progress.start("panel");
  const panel = buildPanel(history, { horizon: config.panel.horizon });
  const summary = summarizePanel(panel);
  progress.done("panel", `${summary.labelled} labelled rows`);
  if (snapshot !== undefined) {
    progress.start("snapshot");
    writeOutputFile(snapshot, telcoSnapshotCsv(history), { writer: "data --snapshot" });
    progress.done("snapshot", snapshot);
  }

  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ quality: quality ?? null, panel: summary, timingsMs: progress.timings }, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push(`Source: ${summary.source} (${summary.kind}), ${summary.periods} months, horizon ${summary.horizon}`);
  if (quality) {
    out.push(`Data quality: ${quality.rowsRead} rows read, ${quality.rowsAccepted} accepted`);
    for (const q of quality.rejected) out.push(`  rejected ${q.count}: ${q.reason} (lines ${q.firstLines.join(", ")})`);
    for (const q of quality.altered) out.push(`  altered ${q.count} (${q.column}): ${q.reason} (lines ${q.firstLines.join(", ")})`);
    for (const q of quality.flagged) out.push(`  flagged ${q.count}: ${q.reason} (lines ${q.firstLines.join(", ")})`);
  }
  out.push(
    `Panel: ${summary.customers} customers, ${summary.rows} rows: ${summary.labelled} labelled (${summary.positives} positive, ${formatPercent(summary.positiveRate, 2)}), ${summary.censored} censored; ${summary.scoring} scoring rows (active at the end)`,
  );
  out.push(`Positive labels in ${summary.positiveMonths.count} calendar month(s), ${summary.positiveMonths.first}..${summary.positiveMonths.last}`);
  if (summary.meanTrueHazard !== undefined) out.push(`True mean monthly hazard on labelled rows: ${formatPercent(summary.meanTrueHazard, 2)}`);
  for (const [name, mix] of Object.entries(summary.activeMix)) {
    out.push(`Active ${name}: ${Object.entries(mix).map(([k, v]) => `${k} ${formatPercent(v, 2)}`).join(", ")}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

runCli("data", main);
