import { mergeConfigValues, validateConfig, type Config } from "../config/index.js";
import { readConfig } from "../io/readConfig.js";
import { startScoringApi } from "../io/scoringServer.js";
import { InputError } from "../util/errors.js";
import { parseFlags } from "./args.js";
import { runCli } from "./run.js";

const USAGE = "npm run serve -- [--port 8080] [--host 127.0.0.1] [--model champion|<version>] [--config FILE] [--online FILE] [--registry DIR] [--debug]";

/** How often the served alias is re-resolved, so a promotion or rollback is picked up without a restart (milliseconds). */
const RELOAD_INTERVAL_MS = 2000;

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    { port: { type: "string" }, host: { type: "string" }, model: { type: "string" }, config: { type: "string" }, online: { type: "string" }, registry: { type: "string" }, help: { type: "boolean" } },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(`${USAGE}\nServes the scoring API (OpenAPI docs at /docs) with a registry model and the online store; binds to serving.host (127.0.0.1) unless --host says otherwise.\n`);
    return;
  }
  const serving: Record<string, unknown> = {};
  if (flags.port !== undefined) serving.port = parsePortFlag(flags.port);
  if (flags.host !== undefined) serving.host = flags.host;
  if (flags.model !== undefined) serving.model = flags.model;
  const overrides: Record<string, unknown> = { serving };
  if (flags.online !== undefined) overrides.store = { online: flags.online };
  if (flags.registry !== undefined) overrides.registry = { dir: flags.registry };
  const config: Config = validateConfig(mergeConfigValues(readConfig(flags.config), overrides));
  const api = await startScoringApi(config, { reloadMs: RELOAD_INTERVAL_MS, onReload: (message) => process.stderr.write(`serve: ${message}\n`) });
  const served = api.models.current();
  process.stderr.write(`serve: ${served.runtime.json.model} version ${served.version} (${config.serving.model}) on ${api.address}, docs at ${api.address}/docs\n`);
  const stop = async (): Promise<void> => {
    await api.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

/** Parses `--port`: a whole number in [0, 65535] (0 = any free port). */
function parsePortFlag(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InputError({ file: "command line", key: "--port" }, "a whole number in [0, 65535]", JSON.stringify(value));
  return n;
}

runCli("serve", main);
