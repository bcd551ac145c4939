import { mergeConfigValues, validateConfig, type Config } from "../config/index.js";
import { loadSource, SYNTHETIC_SOURCE } from "../io/loadSource.js";
import { writeOutputDir } from "../io/outputDir.js";
import { fromRoot, PATHS } from "../io/paths.js";
import { fileSha256, gitCommit, packageVersions } from "../io/provenance.js";
import { readConfig } from "../io/readConfig.js";
import { modelLineage } from "../io/lineage.js";
import { registerScoringModel } from "../io/registeredModel.js";
import { cacheRun } from "../io/runCache.js";
import { promote } from "../registry/index.js";
import { assertReplaceableOutput } from "../io/safeTarget.js";
import { decisionPlanCsv } from "../pipeline/decide.js";
import { metricsDocument, toJson } from "../pipeline/metricsDocument.js";
import { runPipeline } from "../pipeline/run.js";
import { renderReport, type RunManifest } from "../report/report.js";
import { parseFlags, parseSeedFlag, parseWorkersFlag } from "./args.js";
import { Progress } from "./progress.js";
import { runCli } from "./run.js";
import { formatPercent } from "../util/format.js";

const USAGE = "npm run report -- [--config FILE] [--data <csv path | synthetic>] [--out DIR] [--seed N] [--workers N|auto] [--registry DIR] [--promote] [--quiet] [--debug]";

async function main(argv: string[]): Promise<void> {
  const started = new Date();
  const flags = parseFlags(
    argv,
    {
      config: { type: "string" },
      data: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      workers: { type: "string" },
      registry: { type: "string" },
      promote: { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean" },
    },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(`${USAGE}\nRuns the whole pipeline and writes report.html, action_plan.csv, metrics.json and manifest.json to --out (default reports/latest),\nthen registers the decision model as a new version of the model registry (--registry, default registry.dir); --promote also points the "champion" alias at it.\n`);
    return;
  }
  // The target is checked before any work, so a bad --out costs nothing (and again when writing).
  const out = flags.out === undefined ? fromRoot("reports", "latest") : fromRoot(flags.out);
  assertReplaceableOutput(out, { key: "--out" });
  const overrides: Record<string, unknown> = {};
  if (flags.data !== undefined) overrides.data = { source: flags.data };
  if (flags.seed !== undefined) overrides.seed = parseSeedFlag(flags.seed);
  if (flags.workers !== undefined) overrides.compute = { workers: parseWorkersFlag(flags.workers) };
  if (flags.registry !== undefined) overrides.registry = { dir: flags.registry };
  const config: Config = validateConfig(mergeConfigValues(readConfig(flags.config), overrides));
  const progress = new Progress(Boolean(flags.quiet) || !config.output.progress);
  const t0 = performance.now();

  progress.start("load");
  const loadStarted = performance.now();
  const input = loadSource(config, (share) => progress.share("load", share));
  const loadMs = Math.round(performance.now() - loadStarted);
  progress.done("load", `${input.history.customers.count} customers, ${input.history.months.count} month rows${input.population ? ` (a ${formatPercent(input.population.sampleShare, 1)} customer sample; the population is scored in ${input.population.chunks} chunks)` : ""}`);
  const result = await runPipeline(input, config, {
    onStageStart: (stage) => progress.start(stage),
    onStageDone: (stage, detail) => progress.done(stage, detail),
    onStep: (stage, step) => progress.step(stage, step),
    onShare: (stage, share) => progress.share(stage, share),
  });

  progress.start("write");
  const source = config.data.source;
  const manifest: RunManifest = {
    startedAt: started.toISOString(),
    config: toJson(config),
    configFile: flags.config ?? null,
    defaultsFile: PATHS.defaultConfig,
    input: source === SYNTHETIC_SOURCE ? { kind: "synthetic", path: null, sha256: null } : { kind: "csv", path: fromRoot(source), sha256: fileSha256(fromRoot(source)) },
    seed: config.seed,
    packages: packageVersions(),
    gitCommit: gitCommit(),
    timingsMs: { load: loadMs, ...result.timings },
  };
  const doc = metricsDocument(result);
  const html = renderReport(doc, manifest);
  const metrics = `${JSON.stringify(doc, null, 1)}\n`;
  const totalMs = Math.round(performance.now() - t0);
  const finalManifest = { ...manifest, timingsMs: { ...manifest.timingsMs, total: totalMs } };
  writeOutputDir(out, {
    "report.html": html,
    "action_plan.csv": decisionPlanCsv(result.decisions),
    "metrics.json": metrics,
    "manifest.json": `${JSON.stringify(finalManifest, null, 1)}\n`,
  }, { writer: "report" });
  progress.step("write", `run cache: ${cacheRun(config, result).note}`);
  progress.done("write", out);
  progress.start("register");
  const registry = fromRoot(config.registry.dir);
  const registered = registerScoringModel(registry, result.scored.scoringModel, modelLineage(result, manifest.gitCommit));
  if (flags.promote) promote(registry, registered.version, "champion", `npm run report --promote (${source})`);
  progress.done("register", `version ${registered.version} of ${registry}${flags.promote ? ", now champion" : ""}`);
  if (!flags.quiet) process.stderr.write(`report: ${out}/report.html (${result.decisions.production.targeted} customers in the action plan)\n`);
}

runCli("report", main);
