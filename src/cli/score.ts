import { mergeConfigValues, validateConfig, type Config } from "../config/index.js";
import { writeBatchOutput } from "../io/batchScores.js";
import { readManifest, readMonth } from "../io/offlineStore.js";
import { fromRoot } from "../io/paths.js";
import { readConfig } from "../io/readConfig.js";
import { loadRegisteredModel } from "../io/registeredModel.js";
import { assertReplaceableOutput } from "../io/safeTarget.js";
import { batchColumns, scoreBatch } from "../serving/batch.js";
import { formatCount, formatMoney } from "../util/format.js";
import { parseAsOfFlag, parseFlags } from "./args.js";
import { Progress } from "./progress.js";
import { runCli } from "./run.js";

const USAGE = "npm run score -- [--model champion|<version>] [--as-of MONTH] [--config FILE] [--offline DIR] [--registry DIR] [--out DIR] [--quiet] [--debug]";

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    {
      model: { type: "string" },
      "as-of": { type: "string" },
      config: { type: "string" },
      offline: { type: "string" },
      registry: { type: "string" },
      out: { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(`${USAGE}\nScores every customer active at the end of --as-of (default: the offline store's last month) with a registry model\n(default: serving.model, i.e. the champion alias), and writes batch_scores.parquet, action_plan.csv and summary.json to --out (default reports/batch).\n`);
    return;
  }
  const out = fromRoot(flags.out ?? "reports/batch");
  assertReplaceableOutput(out, { key: "--out" });
  const overrides: Record<string, unknown> = {};
  if (flags.offline !== undefined) overrides.store = { offline: flags.offline };
  if (flags.registry !== undefined) overrides.registry = { dir: flags.registry };
  const config: Config = validateConfig(mergeConfigValues(readConfig(flags.config), overrides));
  const progress = new Progress(Boolean(flags.quiet) || !config.output.progress);
  const ref = flags.model ?? config.serving.model;

  progress.start("model");
  const model = loadRegisteredModel(fromRoot(config.registry.dir), ref);
  progress.done("model", `${model.runtime.json.model}, version ${model.version} (${ref})`);
  progress.start("features");
  const offline = fromRoot(config.store.offline);
  const manifest = readManifest(offline);
  const asOf = parseAsOfFlag(flags["as-of"], manifest);
  const rows = await readMonth(offline, asOf);
  progress.done("features", `${formatCount(rows.customerIds.length)} customers active at the end of month ${asOf}`);
  progress.start("score");
  const batch = scoreBatch(model, rows, config.decision.reasons);
  const p = batch.campaign.production;
  progress.done("score", `${formatCount(p.targeted)} to contact, expected profit ${formatMoney(p.expectedProfit)}`);
  progress.start("write");
  const actionNames = model.runtime.json.decision.actions.map((a) => a.name);
  writeBatchOutput(out, batch, batchColumns(batch, model.version, model.runtime.json.decision.reasons, actionNames), {
    model: { name: model.runtime.json.model, version: model.version, ref },
    asOfMonth: asOf,
    customers: rows.customerIds.length,
    contacted: p.targeted,
    expectedProfit: p.expectedProfit,
    spend: p.spend,
    exact: p.exact,
  });
  progress.done("write", out);
}

runCli("score", main);
