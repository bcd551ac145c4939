// Does a sampled evaluation agree with a full-data one? Reads two cached runs (reports/cache/<key>, printed by
// `npm run report` as "run cache: cached as <key>") and prints, per model, the out-of-time ROC-AUC of the raw
// predictions and two calibration measures of the calibrated ones (ECE on the config's bins, fixed at the run's own
// quantile edges so that a replicate costs one pass; observed / expected
// churners) with 95 % percentile bootstrap intervals (200 replicates), and whether each run's estimate lies inside
// the other's interval. Used for the README's "When one machine is not enough" (configs/scale-1m.yaml against
// configs/scale-100k.yaml).
// Usage: npm run scale-check -- SAMPLED_KEY FULL_KEY     (a key prefix of reports/cache, or a path to an entry)
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { bootstrapInterval, type BinaryStatistic } from "../src/evaluation/bootstrap.js";
import { assignBins, binEdges } from "../src/evaluation/binning.js";
import { bootstrapRocAuc } from "../src/evaluation/bootstrapRocAuc.js";
import { readCachedRun, runCacheDir } from "../src/io/runCache.js";
import { runCli } from "../src/cli/run.js";
import type { PipelineResult } from "../src/pipeline/run.js";
import { InputError } from "../src/util/errors.js";
import { gather } from "../src/util/gather.js";

const REPLICATES = 200;
const LEVEL = 0.95;
const SEED = 20261126;

/** The cached run named by a key prefix of the run cache, or by a path to its entry folder. */
function cachedRun(ref: string): { key: string; result: PipelineResult } {
  const dir = existsSync(ref) ? dirname(ref) : runCacheDir();
  const keys = existsSync(ref) ? [basename(ref)] : readdirSync(dir).filter((k) => k.startsWith(ref));
  if (keys.length !== 1) throw new InputError({ file: "command line", key: ref }, `a key prefix of exactly one run cache entry in ${dir}, or an entry path`, `${keys.length} entries`);
  const result = readCachedRun(keys[0]!, dir);
  if (!result) throw new InputError({ file: join(dir, keys[0]!) }, "a readable run cache entry (run npm run report with the config again)", "a missing or damaged entry");
  return { key: keys[0]!, result };
}

/** Observed over expected churners: Σ y / Σ p (1 = calibrated in the large). */
const observedOverExpected: BinaryStatistic = (y, p) => {
  let o = 0;
  let e = 0;
  for (let i = 0; i < y.length; i++) {
    o += y[i]!;
    e += p[i]!;
  }
  return o / e;
};

interface Measured {
  readonly rows: number;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

function measure(statistic: BinaryStatistic, y: Uint8Array, p: Float64Array): Measured {
  const b = bootstrapInterval(statistic, y, p, { replicates: REPLICATES, seed: SEED, level: LEVEL });
  return { rows: y.length, estimate: b.estimate, lower: b.lower, upper: b.upper };
}

/**
 * ECE (Naeini et al. 2015) on bins fixed by `edges` (the full sample's quantile edges): Σ_k n_k/n · |mean p_k − rate_k|.
 * On the full sample it equals the report's ECE; with the edges fixed each bootstrap replicate costs O(n log bins), not a sort.
 */
function fixedBinEce(edges: Float64Array): BinaryStatistic {
  return (y, p) => {
    const bins = edges.length - 1;
    const count = new Float64Array(bins);
    const sumP = new Float64Array(bins);
    const sumY = new Float64Array(bins);
    const id = assignBins(p, edges);
    for (let i = 0; i < y.length; i++) {
      count[id[i]!]++;
      sumP[id[i]!] += p[i]!;
      sumY[id[i]!] += y[i]!;
    }
    let ece = 0;
    for (let k = 0; k < bins; k++) if (count[k]! > 0) ece += Math.abs(sumP[k]! - sumY[k]!) / y.length;
    return ece;
  };
}

/** Per model of a run: raw ROC-AUC, calibrated ECE and observed / expected, each with its interval. */
function measures(result: PipelineResult): Map<string, Record<"rocAuc" | "ece" | "observedOverExpected", Measured>> {
  const e = result.config.evaluation;
  const out = new Map<string, Record<"rocAuc" | "ece" | "observedOverExpected", Measured>>();
  for (const [model, { oof, calibrated }] of result.evaluation.outOfFold) {
    const y = gather(oof.label, calibrated.evaluated);
    const p = gather(calibrated.proba, calibrated.evaluated);
    const auc = bootstrapRocAuc(oof.label, oof.proba, { replicates: REPLICATES, seed: SEED, level: LEVEL });
    const ece = fixedBinEce(binEdges(p, e.calibrationBins, e.binning));
    out.set(model, { rocAuc: { rows: oof.label.length, estimate: auc.estimate, lower: auc.lower, upper: auc.upper }, ece: measure(ece, y, p), observedOverExpected: measure(observedOverExpected, y, p) });
  }
  return out;
}

function main(argv: readonly string[]): void {
  if (argv.length !== 2) throw new InputError({ file: "command line" }, "npm run scale-check -- SAMPLED_KEY FULL_KEY (run cache key prefixes or entry paths)", argv.join(" "));
  const [sampled, full] = argv.map(cachedRun) as [ReturnType<typeof cachedRun>, ReturnType<typeof cachedRun>];
  const a = measures(sampled.result);
  const b = measures(full.result);
  for (const [model, ma] of a) {
    const mb = b.get(model);
    if (!mb) continue;
    for (const metric of ["rocAuc", "ece", "observedOverExpected"] as const) {
      const x = ma[metric];
      const y = mb[metric];
      const inside = (v: number, m: Measured): boolean => v >= m.lower && v <= m.upper;
      process.stdout.write(
        `${JSON.stringify({ model, metric, sampled: { key: sampled.key.slice(0, 12), ...x }, full: { key: full.key.slice(0, 12), ...y }, sampledInsideFull: inside(x.estimate, y), fullInsideSampled: inside(y.estimate, x), overlap: x.lower <= y.upper && y.lower <= x.upper, replicates: REPLICATES, level: LEVEL })}\n`,
      );
    }
  }
}

runCli("scale-check", (argv) => main(argv));
