// Does a sampled evaluation agree with a full-data one? Reads two cached runs (reports/cache/<key>, printed by
// `npm run report` as "run cache: cached as <key>") and prints, per model, the out-of-time ROC-AUC of the raw
// predictions and two calibration measures of the calibrated ones (ECE on the config's bins, fixed at the run's own
// quantile edges so that a replicate costs one pass; observed / expected churners) with 95 % percentile bootstrap
// intervals (200 replicates) that resample customers with all their months (a customer's months are not independent;
// the row-level interval is printed beside it), and whether each run's estimate lies inside the other's interval. For
// ECE it also prints the band the same forecasts would show if perfectly calibrated (eceNoiseFloor): ECE shrinks as
// 1/√rows, so two runs of different sizes are compared each against its own floor. And the percentile interval of the
// difference sampled − full, from the two runs' independent replicates: agreement is that interval holding 0 (for
// ECE, the difference of ECE less each run's perfect-calibration mean). Used for the README's "When one machine is not enough" (configs/scale-1m.yaml against
// configs/scale-100k.yaml).
// Usage: npm run scale-check -- SAMPLED_KEY FULL_KEY     (a key prefix of reports/cache, or a path to an entry)
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { bootstrapCounts, denseClusters, percentileInterval, type RowClusters } from "../src/evaluation/bootstrap.js";
import { assignBins, binEdges, type BinStrategy } from "../src/evaluation/binning.js";
import { eceNoiseFloor } from "../src/evaluation/calibrationError.js";
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

/** A statistic of the resample given as a count per row (the full sample: every count 1). */
type CountStatistic = (count: Uint32Array) => number;

/** Observed over expected churners, Σ y / Σ p over the resample (1 = calibrated in the large). */
function observedOverExpected(y: Uint8Array, p: Float64Array): CountStatistic {
  return (count) => {
    let o = 0;
    let e = 0;
    for (let i = 0; i < y.length; i++) {
      o += count[i]! * y[i]!;
      e += count[i]! * p[i]!;
    }
    return o / e;
  };
}

/**
 * ECE (Naeini et al. 2015) on bins fixed by `edges` (the full sample's quantile edges): Σ_k n_k/n · |mean p_k − rate_k|
 * over the resample. On the full sample it equals the report's ECE; with the edges fixed a replicate costs one pass.
 */
function fixedBinEce(y: Uint8Array, p: Float64Array, edges: Float64Array): CountStatistic {
  const bins = edges.length - 1;
  const id = assignBins(p, edges);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  return (count) => {
    sumP.fill(0);
    sumY.fill(0);
    let n = 0;
    for (let i = 0; i < y.length; i++) {
      sumP[id[i]!] += count[i]! * p[i]!;
      sumY[id[i]!] += count[i]! * y[i]!;
      n += count[i]!;
    }
    let gap = 0;
    for (let k = 0; k < bins; k++) gap += Math.abs(sumP[k]! - sumY[k]!);
    return gap / n;
  };
}

interface Measured {
  readonly rows: number;
  readonly customers: number;
  readonly estimate: number;
  /** Percentile interval resampling customers with all their months (the honest one: a customer's months are not independent). */
  readonly lower: number;
  readonly upper: number;
  /** The interval resampling customer-months as if independent, for comparison. */
  readonly rowLevel: { readonly lower: number; readonly upper: number };
  /** The customer-clustered replicate values (for the interval of the difference; not printed). */
  readonly replicates: Float64Array;
  /** ECE only: what the same forecasts would show if perfectly calibrated (mean and interval of {@link eceNoiseFloor}). */
  readonly perfectlyCalibrated?: { readonly mean: number; readonly lower: number; readonly upper: number };
}

const METRICS = ["rocAuc", "ece", "observedOverExpected"] as const;
type Metric = (typeof METRICS)[number];

/** A statistic's estimate and bootstrap replicates with their percentile interval. */
interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly replicates: Float64Array;
}

/** A statistic measured twice on rows of these customers: resampling customers (the reported interval) and rows (for comparison). */
function measure(customer: Uint32Array, interval: (clusters?: RowClusters) => Interval): Measured {
  const clusters = denseClusters(customer);
  const clustered = interval(clusters);
  const rows = interval();
  return { rows: customer.length, customers: clusters.count, estimate: clustered.estimate, lower: clustered.lower, upper: clustered.upper, rowLevel: { lower: rows.lower, upper: rows.upper }, replicates: clustered.replicates };
}

/** The bootstrap of a count statistic ({@link bootstrapCounts}) over n rows, its estimate on the full sample (every count 1). */
function countInterval(name: string, n: number, statistic: CountStatistic): (clusters?: RowClusters) => Interval {
  return (clusters) => ({ estimate: statistic(new Uint32Array(n).fill(1)), ...bootstrapCounts(name, n, statistic, { replicates: REPLICATES, seed: SEED, level: LEVEL, ...(clusters ? { clusters } : {}) }) });
}

/** The ECE band of the same forecasts under perfect calibration (labels drawn from them). */
function perfectlyCalibrated(p: Float64Array, bins: number, strategy: BinStrategy): Measured["perfectlyCalibrated"] {
  const f = eceNoiseFloor(p, { bins, strategy, replicates: REPLICATES, seed: SEED, level: LEVEL });
  return { mean: f.mean, lower: f.lower, upper: f.upper };
}

/** Per model of a run: raw ROC-AUC, calibrated ECE and observed / expected, each with its intervals. */
function measures(result: PipelineResult): Map<string, Record<Metric, Measured>> {
  const e = result.config.evaluation;
  const customerOfRow = result.panel.history.months.customer;
  const out = new Map<string, Record<Metric, Measured>>();
  for (const [model, { oof, calibrated }] of result.evaluation.outOfFold) {
    const customer = gather(customerOfRow, oof.rows);
    const y = gather(oof.label, calibrated.evaluated);
    const p = gather(calibrated.proba, calibrated.evaluated);
    const customerEvaluated = gather(customer, calibrated.evaluated);
    out.set(model, {
      rocAuc: measure(customer, (clusters) => bootstrapRocAuc(oof.label, oof.proba, { replicates: REPLICATES, seed: SEED, level: LEVEL, ...(clusters ? { clusters } : {}) })),
      ece: { ...measure(customerEvaluated, countInterval("ece", y.length, fixedBinEce(y, p, binEdges(p, e.calibrationBins, e.binning)))), perfectlyCalibrated: perfectlyCalibrated(p, e.calibrationBins, e.binning) },
      observedOverExpected: measure(customerEvaluated, countInterval("observedOverExpected", y.length, observedOverExpected(y, p))),
    });
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
    for (const metric of METRICS) {
      const x = ma[metric];
      const y = mb[metric];
      const inside = (v: number, m: { readonly lower: number; readonly upper: number }): boolean => v >= m.lower && v <= m.upper;
      // The two runs' resamples are independent, so pairing replicate r of one with replicate r of the other draws from
      // the bootstrap distribution of the difference (Efron & Tibshirani 1993, §16.2).
      const r = Math.min(x.replicates.length, y.replicates.length);
      const difference = { estimate: x.estimate - y.estimate, ...percentileInterval(Float64Array.from({ length: r }, (_, k) => x.replicates[k]! - y.replicates[k]!), LEVEL) };
      // ECE less what perfectly calibrated forecasts would show on the same rows (a debiased ECE, after Kumar, Liang & Ma
      // 2019): the difference of the two, whose interval is the difference's shifted by the constant floor gap.
      const debiased = (fx: NonNullable<Measured["perfectlyCalibrated"]>, fy: NonNullable<Measured["perfectlyCalibrated"]>) => {
        const shift = fx.mean - fy.mean;
        const d = { estimate: difference.estimate - shift, lower: difference.lower - shift, upper: difference.upper - shift };
        return { ...d, containsZero: inside(0, d) };
      };
      const floors = x.perfectlyCalibrated && y.perfectlyCalibrated ? { sampledInsideOwnFloor: inside(x.estimate, x.perfectlyCalibrated), fullInsideOwnFloor: inside(y.estimate, y.perfectlyCalibrated), debiasedDifference: debiased(x.perfectlyCalibrated, y.perfectlyCalibrated) } : {};
      const shown = ({ replicates: _, ...m }: Measured) => m;
      process.stdout.write(
        `${JSON.stringify({ model, metric, sampled: { key: sampled.key.slice(0, 12), ...shown(x) }, full: { key: full.key.slice(0, 12), ...shown(y) }, difference: { ...difference, containsZero: inside(0, difference) }, sampledInsideFull: inside(x.estimate, y), fullInsideSampled: inside(y.estimate, x), overlap: x.lower <= y.upper && y.lower <= x.upper, ...floors, replicates: REPLICATES, level: LEVEL })}\n`,
      );
    }
  }
}

runCli("scale-check", (argv) => main(argv));
