/**
 * Load test of the scoring API on loopback (`npm run loadtest`): starts `npm run serve` as its own
 * process on 127.0.0.1 with a free port, then, from this process, keeps `--concurrency` keep-alive
 * connections busy for `--duration` seconds with `GET /v1/customers/{id}/score` over random active
 * customers (seeded), and reports throughput, latency percentiles (p50 / p95 / p99 type 7 as numpy, max, every
 * request timed from write to last byte) and errors. Before that it times 10,000 random online-store
 * lookups in-process (p50 / p99). Our own generator rather than autocannon: autocannon reports p97.5,
 * not the p95 the aim is stated in. Speed is reported, never asserted.
 *
 * Usage: `npm run loadtest -- [--duration 30] [--concurrency 8] [--config FILE] [--registry DIR] [--online FILE] [--offline DIR] [--model champion] [--seed N]`.
 * Needs a registered model and both stores: `npm run report -- --promote && npm run materialize`.
 */
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { mergeConfigValues, validateConfig, type Config } from "../src/config/index.js";
import { readManifest, readMonth } from "../src/io/offlineStore.js";
import { openOnlineStore } from "../src/io/onlineStore.js";
import { fromRoot } from "../src/io/paths.js";
import { readConfig } from "../src/io/readConfig.js";
import { parseFlags } from "../src/cli/args.js";
import { quantileSorted } from "../src/evaluation/binning.js";
import { runCli } from "../src/cli/run.js";
import { InputError } from "../src/util/errors.js";
import { Rng } from "../src/util/rng.js";

function summary(latenciesMs: Float64Array): { p50: number; p95: number; p99: number; max: number } {
  const s = Float64Array.from(latenciesMs).sort();
  const r = (x: number): number => Math.round(x * 1000) / 1000;
  return { p50: r(quantileSorted(s, 0.5)), p95: r(quantileSorted(s, 0.95)), p99: r(quantileSorted(s, 0.99)), max: r(s[s.length - 1]!) };
}

const USAGE = "npm run loadtest -- [--duration 30] [--concurrency 8] [--config FILE] [--registry DIR] [--online FILE] [--offline DIR] [--model champion] [--seed N] [--debug]";

/** A whole number >= `min` from flag `key`, or an InputError naming it. */
function wholeFlag(key: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) throw new InputError({ file: "command line", key }, `a whole number >= ${min}`, JSON.stringify(value));
  return n;
}

async function main(argv: string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    {
      duration: { type: "string", default: "30" },
      concurrency: { type: "string", default: "8" },
      config: { type: "string" },
      registry: { type: "string" },
      online: { type: "string" },
      offline: { type: "string" },
      model: { type: "string" },
      seed: { type: "string", default: "1" },
    },
    USAGE,
  );
  const durationSeconds = wholeFlag("--duration", flags.duration, 1);
  const concurrency = wholeFlag("--concurrency", flags.concurrency, 1);
  const overrides: Record<string, unknown> = {};
  if (flags.online !== undefined || flags.offline !== undefined) overrides.store = { ...(flags.online ? { online: flags.online } : {}), ...(flags.offline ? { offline: flags.offline } : {}) };
  if (flags.registry !== undefined) overrides.registry = { dir: flags.registry };
  const config: Config = validateConfig(mergeConfigValues(readConfig(flags.config), overrides));
  const offline = fromRoot(config.store.offline);
  const ids = (await readMonth(offline, readManifest(offline).asOf.last)).customerIds;
  const rng = new Rng(wholeFlag("--seed", flags.seed, 0));
  const randomId = (): string => ids[rng.int(ids.length)]!;

  // 1. Online-store lookups alone, in this process.
  const store = openOnlineStore(fromRoot(config.store.online), { maxFeatureAgeMonths: config.store.maxFeatureAgeMonths });
  for (let i = 0; i < 2000; i++) store.lookup(randomId());
  const lookups = new Float64Array(10_000);
  for (let i = 0; i < lookups.length; i++) {
    const id = randomId();
    const t0 = process.hrtime.bigint();
    if (!store.lookup(id)) throw new Error(`online store: no row for active customer ${id}`);
    lookups[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  store.close();
  process.stderr.write(`online-store lookups (10,000): ${JSON.stringify(summary(lookups))} ms\n`);

  // 2. The API in its own process.
  const serveArgs = ["--import", "tsx", "src/cli/serve.ts", "--host", "127.0.0.1", "--port", "0", ...(flags.config ? ["--config", flags.config] : []), ...(flags.registry ? ["--registry", flags.registry] : []), ...(flags.online ? ["--online", flags.online] : []), ...(flags.model ? ["--model", flags.model] : [])];
  const server = spawn(process.execPath, serveArgs, { cwd: fromRoot(), env: { ...process.env, TZ: "UTC" }, stdio: ["ignore", "ignore", "pipe"] });
  const port = await new Promise<number>((resolvePort, reject) => {
    let text = "";
    server.stderr.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const m = /on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (m) resolvePort(Number(m[1]));
    });
    server.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${text.trim()}`)));
  });
  process.stderr.write(`serving on 127.0.0.1:${port}; ${concurrency} connections for ${durationSeconds} s\n`);

  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  function get(path: string): Promise<number> {
    return new Promise((resolveStatus) => {
      const req = request({ host: "127.0.0.1", port, path, agent, method: "GET" }, (res) => {
        res.resume();
        res.on("end", () => resolveStatus(res.statusCode ?? 0));
      });
      req.on("error", () => resolveStatus(-1));
      req.end();
    });
  }

  // Warm-up (JIT, connections), then the timed run.
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let i = 0; i < 200; i++) await get(`/v1/customers/${randomId()}/score`);
  }));
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const statuses = new Map<number, number>();
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      const path = `/v1/customers/${randomId()}/score`;
      const t0 = process.hrtime.bigint();
      const status = await get(path);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = ms;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  server.kill("SIGTERM");
  agent.destroy();
  const errors = [...statuses].filter(([s]) => s !== 200).reduce((n, [, k]) => n + k, 0);
  const result = {
    workload: "api-get-customer-score",
    durationSeconds: Math.round(elapsed * 10) / 10,
    concurrency,
    requests: count,
    throughputPerSecond: Math.round(count / elapsed),
    latencyMs: summary(latencies.subarray(0, count)),
    errors,
    statuses: Object.fromEntries(statuses),
    onlineStoreLookupMs: summary(lookups),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

runCli("loadtest", main);
