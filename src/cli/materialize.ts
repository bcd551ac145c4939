import { mergeConfigValues, type Config } from "../config/index.js";
import { buildFeatureFrame } from "../features/build.js";
import { loadSource, SYNTHETIC_SOURCE } from "../io/loadSource.js";
import { assertReplaceableStore, writeOfflineStore } from "../io/offlineStore.js";
import { materializeOnlineStore } from "../io/onlineStore.js";
import { fromRoot } from "../io/paths.js";
import { readConfig } from "../io/readConfig.js";
import { canonicalJson, inputIdentity } from "../io/runCache.js";
import { assertReplaceableOutput, sha256Hex } from "../io/safeTarget.js";
import { InputError } from "../util/errors.js";
import { formatCount } from "../util/format.js";
import { parseFlags } from "./args.js";
import { Progress } from "./progress.js";
import { runCli } from "./run.js";

const USAGE = "npm run materialize -- [--config FILE] [--data <csv path | synthetic>] [--offline DIR] [--online FILE] [--as-of MONTH] [--quiet] [--debug]";

/** Parses `--as-of`: a whole calendar month (checked against the data once it is loaded). */
function parseAsOfFlag(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 9999) throw new InputError({ file: "command line", key: "--as-of" }, "a calendar month, a whole number in [0, 9999]", JSON.stringify(value));
  return n;
}

/** What identifies the store's data: the input (synthetic, or the CSV's SHA-256), the seed and generator or loader settings, the feature config. */
function sourceIdentity(config: Config): string {
  const settings = config.data.source === SYNTHETIC_SOURCE ? { seed: config.seed, synthetic: config.synthetic } : { telco: config.telco };
  return sha256Hex(canonicalJson({ input: inputIdentity(config), ...settings, features: config.features }));
}

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    {
      config: { type: "string" },
      data: { type: "string" },
      offline: { type: "string" },
      online: { type: "string" },
      "as-of": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(
      `${USAGE}\nWrites the offline feature store (Parquet, one partition per calendar month, default store.offline) and materializes the online store\n(SQLite, the latest features of every customer active at --as-of, default the last month; default store.online).\n`,
    );
    return;
  }
  const asOf = flags["as-of"] === undefined ? undefined : parseAsOfFlag(flags["as-of"]);
  let config: Config = readConfig(flags.config);
  if (flags.data !== undefined) config = mergeConfigValues(config, { data: { source: flags.data } }) as Config;
  const offline = fromRoot(flags.offline ?? config.store.offline);
  const online = fromRoot(flags.online ?? config.store.online);
  assertReplaceableStore(offline, { key: flags.offline === undefined ? "store.offline" : "--offline" });
  assertReplaceableOutput(online, { kind: "file", key: flags.online === undefined ? "store.online" : "--online" });
  const progress = new Progress(Boolean(flags.quiet) || !config.output.progress);

  progress.start("load");
  const { history } = loadSource(config, (s) => progress.share("load", s));
  progress.done("load", `${formatCount(history.customers.count)} customers, ${formatCount(history.months.count)} month rows`);
  if (asOf !== undefined && asOf > history.periods - 1) {
    throw new InputError({ file: "command line", key: "--as-of" }, `a calendar month of the data, 0..${history.periods - 1}`, String(asOf));
  }
  progress.start("features");
  const frame = buildFeatureFrame(history, config.features);
  progress.done("features", `${frame.numeric.length} numeric, ${frame.categorical.length} categorical`);
  progress.start("offline");
  const manifest = writeOfflineStore(offline, history, frame, { source: sourceIdentity(config) });
  progress.done("offline", offline);
  progress.start("online");
  const summary = await materializeOnlineStore(offline, online, asOf === undefined ? {} : { asOf });
  progress.done("online", online);

  const rows = manifest.partitions.reduce((s, p) => s + p.rows, 0);
  const seconds = (stage: string): string => `${((progress.timings[stage] ?? 0) / 1000).toFixed(1)} s`;
  process.stdout.write(
    [
      `Offline store: ${offline}`,
      `  ${manifest.partitions.length} monthly partitions (months ${manifest.asOf.first}..${manifest.asOf.last}), ${formatCount(rows)} rows, ${manifest.schema.features.length} features, written in ${seconds("offline")}`,
      `Online store: ${online}`,
      `  ${formatCount(summary.count)} customers as of month ${summary.currentMonth}, ${formatCount(Math.round(summary.bytes / 1024))} KiB, written in ${seconds("online")}`,
    ].join("\n") + "\n",
  );
}

runCli("materialize", main);
