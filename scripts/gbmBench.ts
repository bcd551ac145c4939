/**
 * Timing of the histogram gradient-boosting model and its TreeSHAP against scikit-learn's
 * `HistGradientBoostingClassifier` (Debian python3-sklearn, pinned to one thread) on the same
 * synthetic churn-like data. Reusable: `benchGbm(spec)` returns the numbers (the main bench may call
 * it); run directly it prints them:
 *
 *   npx tsx scripts/gbmBench.ts [--rows 375000] [--cols 60] [--trees 100] [--leaves 31] [--repeats 1]
 *                               [--shap-rows 7000] [--learning-rate 0.1] [--seed N] [--no-sklearn]
 *
 * Speed is reported, never asserted in a test (the CI machine is shared).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rocAuc } from "../src/evaluation/rocAuc.js";
import { GradientBoosting, type GradientBoostingOptions } from "../src/models/gbm/gradientBoosting.js";
import { treeShap } from "../src/models/gbm/treeShap.js";
import { denseMatrix, type DenseMatrix } from "../src/models/matrix.js";
import { Rng } from "../src/util/rng.js";

/** What {@link benchGbm} runs. */
export interface GbmBenchSpec {
  /** Total rows generated; the last `testFraction` of them are held out for ROC-AUC. */
  readonly rows: number;
  /** Design columns (≥ 12; see {@link syntheticChurnLike}). */
  readonly cols: number;
  readonly trees: number;
  readonly leaves: number;
  readonly learningRate: number;
  readonly minSamplesLeaf: number;
  readonly lambda: number;
  readonly testFraction: number;
  /** Timed fits per library (the minimum is reported). */
  readonly repeats: number;
  /** Rows explained by TreeSHAP (0 = skip). */
  readonly shapRows: number;
  /** Also time scikit-learn (needs /usr/bin/python3 with sklearn). */
  readonly sklearn: boolean;
  readonly seed: number;
}

/** Timings (seconds) and held-out ROC-AUC of one {@link benchGbm} run. */
export interface GbmBenchResult {
  readonly spec: GbmBenchSpec;
  readonly trainRows: number;
  /** Wall-clock and CPU (user + system) seconds per fit: on a shared machine CPU time is the steadier measure. */
  readonly ours: { readonly fitSeconds: number[]; readonly fitCpuSeconds: number[]; readonly auc: number; readonly nTrees: number };
  readonly sklearn: { readonly version: string; readonly threads: number; readonly fitSeconds: number[]; readonly fitCpuSeconds: number[]; readonly auc: number } | null;
  /** min(ours) / min(sklearn) over wall-clock and over CPU seconds; < 1 means we are faster. */
  readonly fitRatio: { readonly wall: number; readonly cpu: number } | null;
  readonly shap: { readonly rows: number; readonly seconds: number; readonly cpuSeconds: number; readonly maxAdditivityError: number } | null;
}

/** Defaults of the CLI: the target workload (300k training rows × 60, 100 trees of 31 leaves; 75k held out). */
export const GBM_BENCH_DEFAULTS: GbmBenchSpec = {
  rows: 375_000, cols: 60, trees: 100, leaves: 31, learningRate: 0.1, minSamplesLeaf: 20, lambda: 0,
  testFraction: 0.2, repeats: 1, shapRows: 7000, sklearn: true, seed: 20240611,
};

/**
 * Seeded churn-like data: `rows × cols` (cols ≥ 12) with standard-normal, correlated, binary (one-hot
 * like), integer "tenure" and skewed "charges" columns, ~3 % NaN in a few columns, and labels drawn
 * from a non-linear logistic model (interactions, a threshold, a periodic term, informative missingness).
 */
export function syntheticChurnLike(rows: number, cols: number, seed: number): { X: DenseMatrix; y: Uint8Array } {
  if (!(cols >= 12)) throw new RangeError(`syntheticChurnLike: cols must be >= 12, got ${cols}`);
  const rng = new Rng(seed);
  const data = new Float64Array(rows * cols);
  const y = new Uint8Array(rows);
  const kind = (j: number): number => Math.floor((j * 6) / cols); // 0 normal, 1 correlated, 2 binary, 3 tenure, 4 charges, 5 normal
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const k = kind(j);
      let v: number;
      if (k === 0 || k === 5) v = rng.normal();
      else if (k === 1) v = 0.6 * data[off + (j % Math.max(1, Math.floor(cols / 6)))]! + 0.8 * rng.normal();
      else if (k === 2) v = rng.bernoulli(0.15 + 0.5 * ((j % 5) / 5)) ? 1 : 0;
      else if (k === 3) v = rng.int(72);
      else v = Math.round(Math.exp(3 + 0.8 * rng.normal()) * 100) / 100;
      data[off + j] = v;
    }
    const c = (j: number): number => data[off + j]!;
    const b0 = Math.floor((2 * cols) / 6);
    const t0 = Math.floor((3 * cols) / 6);
    const m0 = Math.floor((4 * cols) / 6);
    let z = -1.6 + 0.8 * c(0) - 0.6 * c(1) + 0.5 * c(2) * c(3) + Math.sin(2 * c(4)) + 0.4 * (c(5) > 1 ? 1 : 0);
    z += 0.7 * c(b0) - 0.4 * c(b0 + 1) - 0.025 * c(t0) + 0.3 * Math.log(c(m0) + 1) - 0.01 * c(m0 + 1) * c(b0 + 2);
    y[i] = rng.bernoulli(1 / (1 + Math.exp(-z))) ? 1 : 0;
    for (const j of [0, 2, 4, 6, m0]) {
      if (rng.uniform() < 0.03) {
        data[off + j] = Number.NaN;
        if (j === 0 && rng.uniform() < 0.3) y[i] = 1; // informative missingness
      }
    }
  }
  return { X: denseMatrix(data, rows, cols), y };
}

/** Our model's options for a spec (scikit-learn's defaults where the spec says nothing: 255 bins, min_hessian 1e-3). */
export function gbmOptionsFor(spec: GbmBenchSpec): GradientBoostingOptions {
  return {
    maxIter: spec.trees, learningRate: spec.learningRate, maxLeaves: spec.leaves, minSamplesLeaf: spec.minSamplesLeaf,
    minChildWeight: 1e-3, lambda: spec.lambda, maxBins: 255, binSampleRows: 200_000, seed: spec.seed,
  };
}

/** Runs the benchmark described by `spec` (see {@link GbmBenchResult}). */
export function benchGbm(spec: GbmBenchSpec): GbmBenchResult {
  const { X, y } = syntheticChurnLike(spec.rows, spec.cols, spec.seed);
  const nTrain = Math.round(spec.rows * (1 - spec.testFraction));
  const p = spec.cols;
  const Xtr = denseMatrix(X.data.subarray(0, nTrain * p), nTrain, p);
  const ytr = y.subarray(0, nTrain);
  const Xte = denseMatrix(X.data.subarray(nTrain * p), spec.rows - nTrain, p);
  const yte = y.subarray(nTrain);
  const fitSeconds: number[] = [];
  const fitCpuSeconds: number[] = [];
  let model: GradientBoosting | null = null;
  for (let r = 0; r < spec.repeats; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    model = new GradientBoosting(gbmOptionsFor(spec)).fit(Xtr, ytr);
    const c = process.cpuUsage(c0);
    fitSeconds.push((performance.now() - t0) / 1000);
    fitCpuSeconds.push((c.user + c.system) / 1e6);
  }
  const auc = rocAuc(yte, model!.predictProba(Xte));
  let shap: GbmBenchResult["shap"] = null;
  if (spec.shapRows > 0) {
    const k = Math.min(spec.shapRows, Xte.rows);
    const Xs = denseMatrix(Xte.data.subarray(0, k * p), k, p);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = treeShap(model!.ensemble, Xs);
    const c = process.cpuUsage(c0);
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = (c.user + c.system) / 1e6;
    const margin = model!.decisionFunction(Xs);
    let maxErr = 0;
    for (let i = 0; i < k; i++) {
      let s = res.expectedValue;
      for (let j = 0; j < p; j++) s += res.values.data[i * p + j]!;
      maxErr = Math.max(maxErr, Math.abs(s - margin[i]!));
    }
    shap = { rows: k, seconds, cpuSeconds, maxAdditivityError: maxErr };
  }
  const sk = spec.sklearn ? runSklearn(spec, X, y, nTrain) : null;
  const fitRatio = sk === null ? null : {
    wall: Math.min(...fitSeconds) / Math.min(...sk.fitSeconds),
    cpu: Math.min(...fitCpuSeconds) / Math.min(...sk.fitCpuSeconds),
  };
  return { spec, trainRows: nTrain, ours: { fitSeconds, fitCpuSeconds, auc, nTrees: model!.state.nTrees }, sklearn: sk, fitRatio, shap };
}

/** Fits scikit-learn's HistGradientBoostingClassifier with matched parameters through scripts/reference/sklearn_gbm_bench.py. */
function runSklearn(spec: GbmBenchSpec, X: DenseMatrix, y: Uint8Array, nTrain: number): NonNullable<GbmBenchResult["sklearn"]> {
  const dir = mkdtempSync(join(tmpdir(), "gbm-bench-"));
  try {
    const xPath = join(dir, "x.f64");
    const yPath = join(dir, "y.u8");
    writeFileSync(xPath, new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
    writeFileSync(yPath, y);
    const specPath = join(dir, "spec.json");
    writeFileSync(specPath, JSON.stringify({
      x: xPath, y: yPath, rows: X.rows, cols: X.cols, nTrain, repeats: spec.repeats,
      maxIter: spec.trees, learningRate: spec.learningRate, maxLeafNodes: spec.leaves, minSamplesLeaf: spec.minSamplesLeaf,
      l2Regularization: spec.lambda, maxBins: 255, seed: spec.seed % 2 ** 31,
    }));
    const script = fileURLToPath(new URL("./reference/sklearn_gbm_bench.py", import.meta.url));
    const res = spawnSync("/usr/bin/python3", [script, specPath], {
      encoding: "utf8", env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }, maxBuffer: 1 << 26,
    });
    if (res.status !== 0) throw new Error(`sklearn_gbm_bench.py failed (${res.status}): ${res.stderr}`);
    return JSON.parse(res.stdout) as NonNullable<GbmBenchResult["sklearn"]>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseArgs(argv: readonly string[]): GbmBenchSpec {
  const spec: Record<string, number | boolean> = { ...GBM_BENCH_DEFAULTS };
  const names: Record<string, keyof GbmBenchSpec> = {
    "--rows": "rows", "--cols": "cols", "--trees": "trees", "--leaves": "leaves", "--repeats": "repeats",
    "--shap-rows": "shapRows", "--seed": "seed", "--learning-rate": "learningRate",
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === "--no-sklearn") spec["sklearn"] = false;
    else if (names[a] !== undefined) {
      const v = Number(argv[++k]);
      if (!Number.isFinite(v)) throw new RangeError(`gbmBench: ${a} needs a number, got ${argv[k]}`);
      spec[names[a]] = v;
    } else throw new RangeError(`gbmBench: unknown argument ${a}`);
  }
  return spec as unknown as GbmBenchSpec;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = benchGbm(parseArgs(process.argv.slice(2)));
  const fmt = (xs: readonly number[]): string => xs.map((x) => x.toFixed(2)).join(", ");
  console.log(`data: ${r.spec.rows} rows (${r.trainRows} train) x ${r.spec.cols} cols; ${r.spec.trees} trees, ${r.spec.leaves} leaves, lr ${r.spec.learningRate}`);
  console.log(`ours:    fit ${fmt(r.ours.fitSeconds)} s wall, ${fmt(r.ours.fitCpuSeconds)} s CPU, held-out AUC ${r.ours.auc.toFixed(5)} (single thread)`);
  if (r.sklearn !== null) {
    console.log(`sklearn: fit ${fmt(r.sklearn.fitSeconds)} s wall, ${fmt(r.sklearn.fitCpuSeconds)} s CPU, held-out AUC ${r.sklearn.auc.toFixed(5)} (scikit-learn ${r.sklearn.version}, ${r.sklearn.threads} thread)`);
    console.log(`fit-time ratio ours/sklearn: ${r.fitRatio!.wall.toFixed(3)} wall, ${r.fitRatio!.cpu.toFixed(3)} CPU; AUC difference ${(r.ours.auc - r.sklearn.auc).toFixed(5)}`);
  }
  if (r.shap !== null) {
    console.log(`TreeSHAP: ${r.shap.rows} rows in ${r.shap.seconds.toFixed(3)} s wall, ${r.shap.cpuSeconds.toFixed(3)} s CPU; max |E + Σφ − margin| = ${r.shap.maxAdditivityError.toExponential(2)}`);
  }
}
