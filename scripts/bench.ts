/**
 * The workspace benchmark (`npm run bench`): times named workloads of the library and prints one JSON
 * line per workload on stdout (progress and notes go to stderr). Speed is reported here, never asserted
 * in unit tests.
 *
 * Workloads (each: one untimed warm-up run where cheap, then `--repeats N` timed runs, median reported):
 *  - `features-telco`: buildFeatureFrame + FeaturePreprocessor fit/transform of the Telco panel's labelled rows;
 *  - `features-synthetic`: the same on the default synthetic panel;
 *  - `lr-fit-telco`: LogisticRegression (`config.models.logistic`) fit on the Telco design matrix;
 *  - `rf-fit`: RandomForest (`config.models.forest`, seed `config.seed`) fit on the Telco design matrix;
 *  - `cv-calibration-synthetic`: evaluateModels(…, ["logistic"]) on the synthetic panel (one run, no warm-up);
 *  - `gbm`: our gradient boosting and scikit-learn's HistGradientBoostingClassifier cross-validated on the
 *    evaluation folds of the config's data and of the Telco file, matched parameters (scripts/gbmParity.ts):
 *    ROC-AUC of each and fit time as a ratio, both sides on the same number of threads;
 *  - `pipeline`: the whole run (`runPipeline`, logistic model only) on the config (synthetic default or
 *    `--config`), then the same evaluation steps in scikit-learn (`scripts/reference/sklearn_pipeline.py`) on
 *    the exported raw frame, folds and leaky column; prints ours / reference for the evaluation stage and for
 *    the whole run, both sides' ROC-AUCs and the thread counts (see {@link pipelineWorkload}).
 * When Debian's /usr/bin/python3 has scikit-learn (and `--no-sklearn` is not given), the Telco design matrix
 * and labels are written to a temporary folder as raw little-endian float64 / uint8 and
 * `scripts/reference/sklearn_bench.py` times the matching scikit-learn fits on the same data with the same
 * repeats (what is and is not matched: see that script); then the `lr-fit-telco-sklearn`,
 * `rf-fit-sklearn` and `ratio` (ours / sklearn, medians) lines are printed.
 *
 * Usage: `npm run bench -- [--repeats 3] [--only features-telco,lr-fit-telco] [--no-sklearn] [--config FILE] [--workers N|auto] [--debug]`;
 * `--config` is laid over configs/default.yaml for every workload (the Telco ones still read the Telco file).
 * The Telco CSV is read from env `TELCO_CSV`, else `../shared/data/telco/…` beside the repository; when it is
 * absent the Telco workloads are skipped with a note. The machine's other load shows up in the timings.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, endianness, tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  buildFeatureFrame,
  buildPanel,
  evaluateModels,
  FeaturePreprocessor,
  fromRoot,
  InputError,
  leakyFinalTenure,
  loadSource,
  LogisticRegression,
  mergeConfigValues,
  findTelcoCsv,
  telcoCsvLocation,
  RandomForest,
  randomHoldout,
  readConfig,
  resolveWorkerCount,
  runPipeline,
  streamSeed,
  validateConfig,
  type Config,
  type DenseMatrix,
  type Evaluation,
  type FeatureFrame,
  type Fold,
  type Panel,
  type Stage,
} from "../src/index.js";
import { parseWorkersFlag } from "../src/cli/args.js";
import { runCli } from "../src/cli/run.js";
import { GBM_PARITY_PARAMS, gbmFoldParity } from "./gbmParity.js";

/** Workload names accepted by `--only`, in run order (Telco first, so its arrays can be freed before the synthetic ones). */
export const WORKLOADS = ["features-telco", "lr-fit-telco", "rf-fit", "features-synthetic", "cv-calibration-synthetic", "pipeline", "gbm"] as const;
/** One of {@link WORKLOADS}. */
export type WorkloadName = (typeof WORKLOADS)[number];

/** Debian's python with python3-sklearn (not the pyenv `python3` on PATH). */
export const SKLEARN_PYTHON = "/usr/bin/python3";
/** The scikit-learn side of the benchmark. */
export const SKLEARN_SCRIPT = fromRoot("scripts", "reference", "sklearn_bench.py");

/** A bad command line: an `InputError` (exit status 2) quoting the usage text. */
export class BenchUsageError extends InputError {
  constructor(message: string) {
    super({ file: "command line" }, `flags as in ${USAGE}`, message);
    this.name = "BenchUsageError";
  }
}

/** Parsed command line of the benchmark. */
export interface BenchArgs {
  /** Timed runs per workload (an integer ≥ 1; `cv-calibration-synthetic` always runs once). */
  readonly repeats: number;
  /** Workloads to run, in {@link WORKLOADS} order. */
  readonly only: readonly WorkloadName[];
  /** Run the scikit-learn side for the selected `lr-fit-telco` / `rf-fit` / `pipeline` workloads (when available). */
  readonly sklearn: boolean;
  /** A YAML file laid over configs/default.yaml (`--config`); absent: the committed default. */
  readonly config?: string;
  /** Worker threads of the `pipeline` workload (`--workers N|auto`); absent: the config's `compute.workers`. */
  readonly workers?: number | "auto";
}

/** The usage text printed on a bad command line. */
export const USAGE = `usage: npm run bench -- [--repeats N] [--only ${WORKLOADS.join(",")}] [--no-sklearn] [--config FILE] [--workers N|auto] [--debug]`;

/**
 * Parses the benchmark's flags (`argv` without node and script): `--repeats N` (integer ≥ 1, default 3),
 * `--only a,b` (names from {@link WORKLOADS}, default all), `--no-sklearn`, `--config FILE`, `--workers N|auto`
 * (as `npm run report`'s; an `InputError` quoting the value when bad). Throws {@link BenchUsageError}
 * quoting the offending value on an unknown flag, a positional argument, a bad count or an unknown name.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let values: { repeats?: string; only?: string; "no-sklearn"?: boolean; config?: string; workers?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { repeats: { type: "string" }, only: { type: "string" }, "no-sklearn": { type: "boolean" }, config: { type: "string" }, workers: { type: "string" } },
    }));
  } catch (err) {
    throw new BenchUsageError((err as Error).message);
  }
  const rawRepeats = values.repeats ?? "3";
  const repeats = /^\s*\d+\s*$/.test(rawRepeats) ? Number(rawRepeats) : NaN;
  if (!Number.isSafeInteger(repeats) || repeats < 1) throw new BenchUsageError(`--repeats must be an integer >= 1, got ${JSON.stringify(rawRepeats)}`);
  let only: WorkloadName[] = [...WORKLOADS];
  if (values.only !== undefined) {
    const names = values.only.split(",").map((s) => s.trim()).filter((s) => s !== "");
    if (names.length === 0) throw new BenchUsageError(`--only needs at least one workload name, got ${JSON.stringify(values.only)}`);
    for (const n of names) {
      if (!(WORKLOADS as readonly string[]).includes(n)) throw new BenchUsageError(`--only: unknown workload ${JSON.stringify(n)} (known: ${WORKLOADS.join(", ")})`);
    }
    only = WORKLOADS.filter((w) => names.includes(w));
  }
  if (values.config !== undefined && values.config.trim() === "") throw new BenchUsageError(`--config needs a file path, got ${JSON.stringify(values.config)}`);
  return {
    repeats,
    only,
    sklearn: !(values["no-sklearn"] ?? false),
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.workers !== undefined ? { workers: parseWorkersFlag(values.workers) } : {}),
  };
}

/** Median of a non-empty list (mean of the two middle values for an even count); throws on empty input. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("median: empty list");
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** How a workload is timed. */
export interface TimingOptions {
  /** Timed runs (an integer ≥ 1). */
  readonly repeats: number;
  /** Run once untimed first (JIT warm-up, page faults), where that is cheap. */
  readonly warmup: boolean;
  /** Called after each timed run with its 1-based index and seconds (progress). */
  readonly onRun?: (run: number, seconds: number) => void;
}

/** Timed runs of one workload: seconds per timed run, their median, and the last run's result. */
export interface Timed<T> {
  readonly runs: readonly number[];
  readonly medianSeconds: number;
  readonly result: T;
}

/** Runs `fn` (once untimed if `warmup`, then `repeats` times timed with `performance.now()`); throws on repeats < 1. */
export function timeRuns<T>(fn: () => T, options: TimingOptions): Timed<T> {
  const { repeats, warmup } = options;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`timeRuns: repeats must be an integer >= 1, got ${repeats}`);
  let result = warmup ? fn() : undefined;
  const runs: number[] = [];
  for (let r = 1; r <= repeats; r++) {
    const t0 = performance.now();
    result = fn();
    const s = (performance.now() - t0) / 1000;
    runs.push(s);
    options.onRun?.(r, s);
  }
  return { runs, medianSeconds: median(runs), result: result as T };
}

/** One stdout line of the benchmark: the workload, the data shape and the timings (seconds), plus workload-specific fields. */
export interface WorkloadLine {
  readonly workload: string;
  readonly rows: number;
  readonly cols: number;
  readonly medianSeconds: number;
  readonly runs: readonly number[];
  readonly [extra: string]: unknown;
}

/** Seconds rounded to 0.1 ms for printing. */
function sec(s: number): number {
  return Math.round(s * 1e4) / 1e4;
}

function line(workload: string, rows: number, cols: number, timed: { runs: readonly number[]; medianSeconds: number }, extra: Record<string, unknown>): WorkloadLine {
  return { workload, rows, cols, medianSeconds: sec(timed.medianSeconds), runs: timed.runs.map(sec), ...extra };
}

/** A source's monthly panel and how long loading and labelling took (not part of any workload's timing). */
export interface LoadedPanel {
  readonly panel: Panel;
  readonly loadSeconds: number;
}

/** Loads `config.data.source` and builds its panel at `config.panel.horizon`. */
export function loadPanel(config: Config): LoadedPanel {
  const t0 = performance.now();
  const { history } = loadSource(config);
  const panel = buildPanel(history, { horizon: config.panel.horizon });
  return { panel, loadSeconds: (performance.now() - t0) / 1000 };
}

/** The design matrix of a panel's labelled rows and their labels. */
export interface LabelledDesign {
  readonly frame: FeatureFrame;
  readonly X: DenseMatrix;
  readonly y: Uint8Array;
  readonly columnNames: readonly string[];
}

/**
 * The features workload: buildFeatureFrame over every month row, then a standardising
 * FeaturePreprocessor fitted on and applied to the labelled rows. Returns the line (rows, cols =
 * design matrix shape; per-stage medians) and the design of the last run.
 */
export function featuresWorkload(name: string, loaded: LoadedPanel, config: Config, timing: TimingOptions): { line: WorkloadLine; design: LabelledDesign } {
  const { panel } = loaded;
  const frameTimes: number[] = [];
  const preTimes: number[] = [];
  const timed = timeRuns(() => {
    const t0 = performance.now();
    const frame = buildFeatureFrame(panel.history, config.features);
    const t1 = performance.now();
    const pre = new FeaturePreprocessor({ standardize: true }).fit(frame, panel.labelled);
    const X = pre.transform(frame, panel.labelled);
    frameTimes.push((t1 - t0) / 1000);
    preTimes.push((performance.now() - t1) / 1000);
    return { frame, X, columnNames: pre.columnNames };
  }, timing);
  if (timing.warmup) (frameTimes.shift(), preTimes.shift());
  const { frame, X, columnNames } = timed.result;
  const y = new Uint8Array(panel.labelled.length);
  for (let i = 0; i < y.length; i++) y[i] = panel.label[panel.labelled[i]!]!;
  return {
    line: line(name, X.rows, X.cols, timed, {
      repeats: timing.repeats,
      warmup: timing.warmup,
      monthRows: frame.rowCount,
      frameFeatures: frame.numeric.length + frame.categorical.length,
      frameMedianSeconds: sec(median(frameTimes)),
      preprocessMedianSeconds: sec(median(preTimes)),
      loadSeconds: sec(loaded.loadSeconds),
    }),
    design: { frame, X, y, columnNames },
  };
}

/** Positives in a 0/1 label array. */
function positives(y: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]!;
  return s;
}

/** The LR fit workload: `LogisticRegression(config.models.logistic).fit(X, y)`; reports nIter and convergence. */
export function lrFitWorkload(name: string, design: LabelledDesign, config: Config, timing: TimingOptions): { line: WorkloadLine; model: LogisticRegression } {
  const { C, tol, maxIter } = config.models.logistic;
  const timed = timeRuns(() => new LogisticRegression({ C, tol, maxIter }).fit(design.X, design.y), timing);
  const st = timed.result.state;
  return {
    line: line(name, design.X.rows, design.X.cols, timed, {
      repeats: timing.repeats,
      warmup: timing.warmup,
      positives: positives(design.y),
      C,
      tol,
      maxIter,
      solver: "newton-irls-cholesky",
      nIter: st.nIter,
      converged: st.converged,
      gradMaxNorm: st.gradMaxNorm,
    }),
    model: timed.result,
  };
}

/** The RF fit workload: `RandomForest({ ...config.models.forest, seed: config.seed }).fit(X, y)` (balanced, capped sample inside). */
export function rfFitWorkload(name: string, design: LabelledDesign, config: Config, timing: TimingOptions): { line: WorkloadLine; model: RandomForest } {
  const opts = { ...config.models.forest, seed: config.seed };
  const timed = timeRuns(() => new RandomForest(opts).fit(design.X, design.y), timing);
  const st = timed.result.state;
  return {
    line: line(name, design.X.rows, design.X.cols, timed, {
      repeats: timing.repeats,
      warmup: timing.warmup,
      positives: positives(design.y),
      ...config.models.forest,
      seed: config.seed,
      featuresPerTree: Math.floor(design.X.cols * opts.maxFeatures),
      nTrainRows: st.nTrainRows,
      nTrainPositives: st.nTrainPositives,
      nNodes: st.nNodes,
    }),
    model: timed.result,
  };
}

/**
 * The evaluation workload: `evaluateModels(panel, frame, config, ["logistic"], { ladder: true })` (split planning, CV,
 * out-of-fold calibration, metrics with bootstrap intervals, leakage ladder) on this thread, run once without warm-up.
 * rows = labelled panel rows, cols = the logistic design's column count.
 */
export async function cvCalibrationWorkload(name: string, loaded: LoadedPanel, frame: FeatureFrame, config: Config, onStep?: (step: string) => void): Promise<WorkloadLine> {
  const { panel } = loaded;
  const t0 = performance.now();
  const ev = await evaluateModels(panel, frame, config, ["logistic"], { ladder: true, ...(onStep ? { onStep } : {}) });
  const seconds = (performance.now() - t0) / 1000;
  const timed = { runs: [seconds], medianSeconds: seconds };
  const m = ev.models[0]!;
  return line(name, panel.labelled.length, m.columns, timed, {
    repeats: 1,
    warmup: false,
    note: "one run by design (the whole evaluation stage is the unit)",
    splitKind: ev.split.kind,
    folds: ev.split.folds.length,
    cvFitSeconds: sec(m.perFold.reduce((s, f) => s + f.fitSeconds, 0)),
    calibration: m.calibration.method,
    bootstrapReplicates: config.evaluation.bootstrapReplicates,
    ladderRungs: ev.ladder.length,
    rocAucRaw: m.raw.rocAuc,
    rocAucCalibrated: m.compared.calibrated.rocAuc,
  });
}

/** Result of the scikit-learn side (the JSON `sklearn_bench.py` prints). */
export interface SklearnLrResult {
  readonly solver: string;
  readonly C: number;
  readonly tol: number;
  readonly maxIter: number;
  readonly runs: number[];
  readonly medianSeconds: number;
  readonly nIter: number;
  readonly converged: boolean;
  readonly coef: number[];
  readonly intercept: number;
}

/** The scikit-learn side's JSON output. */
export interface SklearnResult {
  readonly sklearnVersion: string;
  readonly numpyVersion: string;
  readonly rows: number;
  readonly cols: number;
  readonly threadpools: { api: string; numThreads: number }[] | null;
  readonly lbfgs?: SklearnLrResult;
  readonly newtonCholesky?: SklearnLrResult;
  readonly rf?: {
    readonly runs: number[];
    readonly medianSeconds: number;
    readonly nTrainRows: number;
    readonly nTrainPositives: number;
    readonly featuresPerSplit: number;
    readonly minSamplesSplit: number;
    readonly nNodes: number;
  } & Record<string, unknown>;
}

/** Why the scikit-learn side cannot run (a one-line reason), or null when Debian's python has sklearn. */
export function sklearnUnavailable(): string | null {
  const py = spawnSync(SKLEARN_PYTHON, ["-c", "import sklearn, numpy"], { encoding: "utf8" });
  if (py.error) return `${SKLEARN_PYTHON} not runnable (${py.error.message})`;
  if (py.status !== 0) return `${SKLEARN_PYTHON} has no scikit-learn/numpy (apt install python3-sklearn)`;
  return null;
}

/** What the scikit-learn side should fit: LR with our options, and/or RF matched to our fitted forest. */
export interface SklearnRequest {
  readonly lr?: { readonly C: number; readonly tol: number; readonly maxIter: number };
  readonly rf?: {
    readonly nEstimators: number;
    readonly maxDepth: number;
    readonly maxFeatures: number;
    readonly minNumSamples: number;
    readonly nTrainRows: number;
    readonly nTrainPositives: number;
    readonly seed: number;
  };
}

/**
 * Writes `X` (row-major little-endian float64) and `y` (uint8) to a fresh folder under `os.tmpdir()`,
 * runs `sklearn_bench.py` on them with the same repeats / warm-up, parses its JSON and deletes the
 * folder. Throws with python's stderr when the script fails.
 */
export function runSklearn(X: DenseMatrix, y: Uint8Array, request: SklearnRequest, timing: { repeats: number; warmup: boolean }): SklearnResult {
  checkLittleEndian("runSklearn");
  if (y.length !== X.rows) throw new RangeError(`runSklearn: y.length=${y.length} does not match X.rows=${X.rows}`);
  return withTempDir((dir) => {
    const xPath = join(dir, "X.f64");
    const yPath = join(dir, "y.u8");
    writeFileSync(xPath, bytesOf(X.data));
    writeFileSync(yPath, y);
    const spec = { x: xPath, y: yPath, rows: X.rows, cols: X.cols, repeats: timing.repeats, warmup: timing.warmup, lr: request.lr ?? null, rf: request.rf ?? null };
    return runReferenceScript<SklearnResult>(SKLEARN_SCRIPT, dir, spec).result;
  });
}

/** Throws unless this machine is little-endian (the binary exchange with numpy assumes it). */
function checkLittleEndian(fn: string): void {
  if (endianness() !== "LE") throw new Error(`${fn}: the binary exchange assumes a little-endian machine, this one is ${endianness()}`);
}

/** The bytes of a typed array, as numpy.fromfile reads them back. */
function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Runs `fn` with a fresh folder under `os.tmpdir()` and deletes the folder afterwards, whatever happens. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "churn-bench-"));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Writes `spec` to `dir/spec.json`, runs `script` on it with {@link SKLEARN_PYTHON} in `env` and parses the one
 * JSON object it prints. `processSeconds` is the wall clock from spawn to exit (interpreter start, imports,
 * reading the inputs, the work, printing). Throws with python's stderr when the script fails.
 */
export function runReferenceScript<T>(script: string, dir: string, spec: object, env: NodeJS.ProcessEnv = process.env): { result: T; processSeconds: number } {
  const specPath = join(dir, "spec.json");
  writeFileSync(specPath, JSON.stringify(spec));
  const name = basename(script);
  const t0 = performance.now();
  const py = spawnSync(SKLEARN_PYTHON, [script, specPath], { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  const processSeconds = (performance.now() - t0) / 1000;
  if (py.error) throw new Error(`${name} could not start: ${py.error.message}`);
  if (py.status !== 0) throw new Error(`${name} failed (status ${py.status}): ${py.stderr.trim()}`);
  return { result: JSON.parse(py.stdout) as T, processSeconds };
}

/** Largest |difference| between our fitted coefficients/intercept and a scikit-learn fit's. */
export function maxCoefDifference(model: LogisticRegression, ref: { coef: readonly number[]; intercept: number }): number {
  const st = model.state;
  if (ref.coef.length !== st.coef.length) throw new RangeError(`maxCoefDifference: ${ref.coef.length} reference coefficients vs ${st.coef.length} of ours`);
  let m = Math.abs(ref.intercept - st.intercept);
  for (let j = 0; j < st.coef.length; j++) m = Math.max(m, Math.abs(ref.coef[j]! - st.coef[j]!));
  return m;
}

/** The readable Telco CSV path (env `TELCO_CSV`, else the shared copy beside the repository), or null with the path tried. */
export function telcoCsv(): { path: string; found: boolean } {
  const found = findTelcoCsv();
  return found === null ? { path: telcoCsvLocation(), found: false } : { path: found, found: true };
}

/** The scikit-learn side of the `pipeline` workload. */
export const PIPELINE_SCRIPT = fromRoot("scripts", "reference", "sklearn_pipeline.py");

/** Threads behind the `pipeline` comparison. */
export interface ThreadCounts {
  /** `os.availableParallelism()` on this machine. */
  readonly availableParallelism: number;
  /** Worker threads our pipeline runs its fits on (`"auto"` resolved to `os.availableParallelism()`). */
  readonly workers: number;
}

/** This machine's parallelism and the workers our side uses for `requested`; the reference is pinned to the same count ({@link referenceEnv}). */
export function threadCounts(requested: number | "auto"): ThreadCounts {
  return { availableParallelism: availableParallelism(), workers: resolveWorkerCount(requested) };
}

/** The thread-count variables set for the reference process. */
export const REFERENCE_THREAD_VARS = ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"] as const;
/** OpenBLAS tuning variables reported as the environment has them (never set or unset here). */
export const OPENBLAS_TUNING_VARS = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"] as const;

/** The reference process's environment: `env` with {@link REFERENCE_THREAD_VARS} set to `threads`; everything else (OpenBLAS tuning included) as it is. */
export function referenceEnv(threads: number, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`referenceEnv: threads must be an integer >= 1, got ${threads}`);
  const out: NodeJS.ProcessEnv = { ...env };
  for (const v of REFERENCE_THREAD_VARS) out[v] = String(threads);
  return out;
}

/** Calendar (or by-customer) folds of the evaluation, the ladder's random holdout, and how calibration uses them. */
export interface EvaluationFolds {
  readonly calendar: readonly Fold[];
  readonly random: readonly Fold[];
  readonly mode: "prequential" | "cross-fitted";
}

/**
 * The folds the evaluation stage used: the split plan `evaluation.split` it returned, and the ladder's random
 * holdout rebuilt exactly as `leakageLadder` builds it (`randomHoldout` over the last fold's training and test
 * rows, the same test size, seed `streamSeed(config.seed, "randomRowFolds")`, stratified on the label). Should
 * the pipeline change that recipe, the `pipeline` line's random-rung AUCs stop agreeing.
 */
export function evaluationFolds(panel: Panel, config: Config, evaluation: Evaluation): EvaluationFolds {
  const last = evaluation.split.folds[evaluation.split.folds.length - 1]!;
  const pool = Uint32Array.from([...last.train, ...last.test]).sort();
  const random = [{ ...randomHoldout(pool, last.test.length, streamSeed(config.seed, "randomRowFolds"), panel.label), index: last.index }];
  return { calendar: evaluation.split.folds, random, mode: evaluation.split.kind === "time" ? "prequential" : "cross-fitted" };
}

/**
 * Writes the evaluation stage's inputs for `sklearn_pipeline.py` into `dir` and returns the spec object (the
 * layout is in that script's docstring): the raw frame on the panel's labelled rows (numeric float64 with NaN,
 * column-major; categorical uint8 codes with their level names), the labels, the true hazard (synthetic data
 * at horizon 1, else null), the leaky column (`leakyFinalTenure`), every fold's train/test rows renumbered to
 * positions among the labelled rows, and the config numbers (C, tol, maxIter, replicates, level, bins, seed).
 * Throws when a fold names a row that is not labelled, or on a big-endian machine.
 */
export function exportEvaluationInputs(dir: string, panel: Panel, frame: FeatureFrame, config: Config, folds: EvaluationFolds): Record<string, unknown> {
  checkLittleEndian("exportEvaluationInputs");
  const rows = panel.labelled;
  const n = rows.length;
  const position = new Int32Array(frame.rowCount).fill(-1);
  for (let i = 0; i < n; i++) position[rows[i]!] = i;
  const columnMajor = <A extends Float64Array | Uint8Array>(out: A, columns: readonly (Float64Array | Uint8Array)[]): A => {
    columns.forEach((c, j) => {
      for (let i = 0; i < n; i++) out[j * n + i] = c[rows[i]!]!;
    });
    return out;
  };
  const write = (name: string, a: ArrayBufferView): string => {
    const path = join(dir, name);
    writeFileSync(path, bytesOf(a));
    return path;
  };
  const truth = panel.history.truth;
  const refs: { index: number; train: [number, number]; test: [number, number] }[][] = [[], []];
  const lists: Uint32Array[] = [];
  let at = 0;
  const add = (fold: Fold, part: "train" | "test"): [number, number] => {
    const src = fold[part];
    const out = new Uint32Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const p = position[src[i]!]!;
      if (p < 0) throw new RangeError(`exportEvaluationInputs: fold ${fold.index} (${part}) names row ${src[i]}, which is not a labelled row`);
      out[i] = p;
    }
    lists.push(out);
    at += out.length;
    return [at - out.length, out.length];
  };
  [folds.calendar, folds.random].forEach((plan, k) => {
    for (const f of plan) refs[k]!.push({ index: f.index, train: add(f, "train"), test: add(f, "test") });
  });
  const allRows = new Uint32Array(at);
  lists.reduce((offset, l) => (allRows.set(l, offset), offset + l.length), 0);
  const { C, tol, maxIter } = config.models.logistic;
  const e = config.evaluation;
  return {
    rows: n,
    numeric: { path: write("numeric.f64", columnMajor(new Float64Array(frame.numeric.length * n), frame.numeric.map((f) => f.values))), names: frame.numeric.map((f) => f.info.name) },
    categorical: {
      path: write("categorical.u8", columnMajor(new Uint8Array(frame.categorical.length * n), frame.categorical.map((f) => f.codes))),
      names: frame.categorical.map((f) => f.info.name),
      levels: frame.categorical.map((f) => f.levels),
    },
    y: write("y.u8", columnMajor(new Uint8Array(n), [panel.label])),
    hazard: truth && panel.horizon === 1 ? write("hazard.f64", columnMajor(new Float64Array(n), [truth.hazard])) : null,
    leaky: (({ info, values }) => ({ path: write("leaky.f64", columnMajor(new Float64Array(n), [values])), name: info.name }))(leakyFinalTenure(panel.history)),
    folds: { path: write("folds.u32", allRows), calendar: refs[0], random: refs[1] },
    calibration: { method: e.calibration, mode: folds.mode },
    logistic: { C, tol, maxIter },
    evaluation: { bootstrapReplicates: e.bootstrapReplicates, confidenceLevel: e.confidenceLevel, calibrationBins: e.calibrationBins, binning: e.binning, topFractions: e.topFractions },
    seed: config.seed,
  };
}

/** ROC-AUCs one side of the `pipeline` comparison reports. */
export interface PipelineAucs {
  /** Out-of-fold, uncalibrated, every test row. */
  readonly raw: number;
  /** Percentile bootstrap band of `raw` (ours resamples customers, the reference rows: the bands agree only roughly). */
  readonly band: { readonly lower: number; readonly upper: number } | null;
  /** Uncalibrated, on the rows that have a calibrated prediction. */
  readonly comparedRaw: number;
  /** Calibrated (prequential or cross-fitted isotonic), same rows. */
  readonly calibrated: number;
  /** The true hazard scored on the same rows (synthetic data at horizon 1), else null. */
  readonly truth: number | null;
  readonly ladder: { readonly random: number; readonly timeAware: number; readonly leaky: number };
}

/** What `sklearn_pipeline.py` prints (the fields the bench reads). */
export interface PipelineReference {
  readonly versions: Record<string, string>;
  readonly threads: { readonly env: Record<string, string | null>; readonly threadpools: { api: string; library: string; numThreads: number }[] | null };
  readonly rows: number;
  readonly columns: number;
  readonly seconds: Readonly<Record<string, number>>;
  readonly logistic: { readonly nIter: Record<string, number[]>; readonly converged: boolean };
  readonly rocAuc: PipelineAucs;
}

/** The `pipeline` workload's line (see {@link pipelineWorkload}). */
export type PipelineLine = {
  readonly workload: "pipeline";
  readonly source: string;
  readonly rows: number;
  readonly cols: number;
  readonly splitKind: "time" | "customer";
  readonly folds: { readonly calendar: number; readonly random: number };
  readonly threads: {
    readonly availableParallelism: number;
    readonly oursWorkers: number;
    /** {@link REFERENCE_THREAD_VARS} as the reference process saw them. */
    readonly reference: Readonly<Record<string, string | null>> | null;
    readonly openblasTuning: Readonly<Record<(typeof OPENBLAS_TUNING_VARS)[number], string | null>>;
    readonly referencePools: PipelineReference["threads"]["threadpools"];
  };
  readonly ours: { readonly evaluationSeconds: number; readonly wholeSeconds: number; readonly stageSeconds: Readonly<Record<"load" | Stage, number>> };
  readonly reference: { readonly evaluationSeconds: number; readonly wholeSeconds: number; readonly seconds: Readonly<Record<string, number>>; readonly versions: Record<string, string>; readonly nIter: Record<string, number[]>; readonly converged: boolean } | null;
  /** ours / reference seconds (> 1: ours slower); null without the reference. */
  readonly ratio: { readonly evaluation: number; readonly whole: number } | null;
  readonly rocAuc: { readonly ours: PipelineAucs; readonly reference: PipelineAucs | null; readonly maxAbsDiff: number | null };
  /** Why the reference did not run, or null. */
  readonly skipped: string | null;
  readonly included: { readonly evaluation: string; readonly whole: string };
};

/** Options of {@link pipelineWorkload}. */
export interface PipelineOptions {
  /** Run the scikit-learn reference (Debian's python with sklearn must be there). */
  readonly reference: boolean;
  /** Why the reference is not run, for the line (when `reference` is false). */
  readonly skipped?: string;
  /** Worker threads of our side; default the config's `compute.workers`. The reference gets as many BLAS/OpenMP threads. */
  readonly workers?: number | "auto";
  readonly onStep?: (step: string) => void;
}

/** Our side's ROC-AUCs, from the evaluation of the logistic model. */
function ourAucs(evaluation: Evaluation): PipelineAucs {
  const m = evaluation.models.find((x) => x.model === "logistic");
  if (!m) throw new Error(`pipelineWorkload: the evaluation has no logistic model (models: ${evaluation.models.map((x) => x.model).join(", ")})`);
  const [random, timeAware, leaky] = evaluation.ladder;
  if (!random || !timeAware || !leaky) throw new Error(`pipelineWorkload: expected 3 ladder rungs, got ${evaluation.ladder.length}`);
  const band = m.raw.rocAucInterval;
  return {
    raw: m.raw.rocAuc,
    band: band ? { lower: band.lower, upper: band.upper } : null,
    comparedRaw: m.compared.raw.rocAuc,
    calibrated: m.compared.calibrated.rocAuc,
    truth: evaluation.truth?.rocAuc ?? null,
    ladder: { random: random.rocAuc, timeAware: timeAware.rocAuc, leaky: leaky.rocAuc },
  };
}

/** Largest |ours − reference| over the AUCs both sides compute from the same rows (the bands excluded). */
export function maxAucDifference(a: PipelineAucs, b: PipelineAucs): number {
  const pairs: [number | null, number | null][] = [
    [a.raw, b.raw],
    [a.comparedRaw, b.comparedRaw],
    [a.calibrated, b.calibrated],
    [a.truth, b.truth],
    [a.ladder.random, b.ladder.random],
    [a.ladder.timeAware, b.ladder.timeAware],
    [a.ladder.leaky, b.ladder.leaky],
  ];
  return pairs.reduce((m, [x, y]) => (x === null || y === null ? m : Math.max(m, Math.abs(x - y))), 0);
}

const EVALUATION_INCLUDES =
  "ours: runPipeline's evaluate stage for the logistic model (split plan, per-fold preprocess + Newton fit + predict, prequential isotonic + final, metrics with the bootstrap ROC-AUC bands of the predictions and of the true hazard, the leakage ladder); reference: the same steps in sklearn_pipeline.py (its seconds.evaluation; loading the exported files excluded)";
const WHOLE_INCLUDES =
  "ours: loadSource + runPipeline with evaluation.models [logistic] (load/generate the source, panel, features, evaluate, score, decide); reference: the python process from spawn to exit (interpreter, imports, reading the exported frame, the evaluation steps): it starts from our exported frame, so panel and features are ours only";

/**
 * The `pipeline` workload: one whole run of our pipeline with the logistic model only (`loadSource`, then
 * `runPipeline` on `config` with `evaluation.models: [logistic]` and `options.workers` workers, as
 * `npm run report` runs it), timed as a whole and by its `evaluate` stage; then, when
 * `options.reference`, the evaluation inputs are exported to a temporary folder ({@link exportEvaluationInputs},
 * not timed) and `sklearn_pipeline.py` repeats the evaluation steps with scikit-learn, its BLAS / OpenMP
 * threads pinned to our worker count ({@link referenceEnv}). Returns one line: both sides' seconds, the
 * ratios ours / reference, both sides' ROC-AUCs (they agree to ~1e-4 when the steps are the same; the
 * bootstrap bands only to Monte Carlo noise) and the thread counts. One run, no warm-up: each side runs cold.
 */
export async function pipelineWorkload(config: Config, options: PipelineOptions): Promise<PipelineLine> {
  const onStep = options.onStep;
  const cfg = validateConfig(mergeConfigValues(config, { evaluation: { models: ["logistic"] }, ...(options.workers !== undefined ? { compute: { workers: options.workers } } : {}) }));
  const threads = threadCounts(cfg.compute.workers);
  const t0 = performance.now();
  const source = loadSource(cfg);
  const loadSeconds = (performance.now() - t0) / 1000;
  onStep?.(`load done (${source.history.customers.count} customers, ${source.history.months.count} month rows)`);
  const result = await runPipeline(source, cfg, {
    workers: threads.workers,
    onStageDone: (stage, detail) => onStep?.(`${stage} done (${detail})`),
    onStep: (_stage, step) => onStep?.(step),
  });
  const wholeSeconds = (performance.now() - t0) / 1000;
  const { panel, frame, evaluation } = result;
  const folds = evaluationFolds(panel, cfg, evaluation);
  const ours = ourAucs(evaluation);
  const stageSeconds = { load: sec(loadSeconds), ...Object.fromEntries(Object.entries(result.timings).map(([k, ms]) => [k, sec(ms / 1000)])) } as Record<"load" | Stage, number>;
  const oursLine = { evaluationSeconds: sec(result.timings.evaluate / 1000), wholeSeconds: sec(wholeSeconds), stageSeconds };
  const openblasTuning = Object.fromEntries(OPENBLAS_TUNING_VARS.map((v) => [v, process.env[v] ?? null])) as PipelineLine["threads"]["openblasTuning"];
  let ref: { result: PipelineReference; processSeconds: number } | null = null;
  if (options.reference) {
    if (cfg.evaluation.calibration !== "isotonic") throw new Error(`pipelineWorkload: the reference mirrors isotonic calibration only, the config has evaluation.calibration = ${JSON.stringify(cfg.evaluation.calibration)}`);
    ref = withTempDir((dir) => {
      const spec = exportEvaluationInputs(dir, panel, frame, cfg, folds);
      onStep?.(`running ${PIPELINE_SCRIPT} (${threads.workers} BLAS/OpenMP thread(s))`);
      return runReferenceScript<PipelineReference>(PIPELINE_SCRIPT, dir, spec, referenceEnv(threads.workers));
    });
  }
  const r = ref?.result;
  return {
    workload: "pipeline",
    source: cfg.data.source,
    rows: panel.labelled.length,
    cols: evaluation.models[0]!.columns,
    splitKind: evaluation.split.kind,
    folds: { calendar: folds.calendar.length, random: folds.random.length },
    threads: {
      availableParallelism: threads.availableParallelism,
      oursWorkers: threads.workers,
      reference: r ? Object.fromEntries(REFERENCE_THREAD_VARS.map((v) => [v, r.threads.env[v] ?? null])) : null,
      openblasTuning,
      referencePools: r?.threads.threadpools ?? null,
    },
    ours: oursLine,
    reference: r && ref
      ? { evaluationSeconds: sec(r.seconds["evaluation"]!), wholeSeconds: sec(ref.processSeconds), seconds: Object.fromEntries(Object.entries(r.seconds).map(([k, s]) => [k, sec(s)])), versions: r.versions, nIter: r.logistic.nIter, converged: r.logistic.converged }
      : null,
    ratio: r && ref ? { evaluation: round3(result.timings.evaluate / 1000 / r.seconds["evaluation"]!), whole: round3(wholeSeconds / ref.processSeconds) } : null,
    rocAuc: { ours, reference: r ? r.rocAuc : null, maxAbsDiff: r ? maxAucDifference(ours, r.rocAuc) : null },
    skipped: r ? null : (options.skipped ?? "reference not requested"),
    included: { evaluation: EVALUATION_INCLUDES, whole: WHOLE_INCLUDES },
  };
}

function emit(l: WorkloadLine | Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(l)}\n`);
}

function note(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

function progress(name: string): (run: number, seconds: number) => void {
  return (run, s) => note(`${name}: run ${run}: ${s.toFixed(3)} s`);
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Runs the selected workloads with the committed default config (or `--config` laid over it); see the file comment. */
export async function runBench(args: BenchArgs): Promise<void> {
  const base = readConfig(args.config);
  const want = (w: WorkloadName): boolean => args.only.includes(w);
  const timing = (name: string, warmup: boolean): TimingOptions => ({ repeats: args.repeats, warmup, onRun: progress(name) });
  note(`node ${process.version}, ${args.repeats} repeat(s); timings share the machine with other work and are noisy`);

  if (want("features-telco") || want("lr-fit-telco") || want("rf-fit")) {
    const telco = telcoCsv();
    if (!telco.found) {
      note(`Telco CSV not found at ${telco.path} (set TELCO_CSV): skipping features-telco, lr-fit-telco, rf-fit and the sklearn comparison`);
    } else {
      const config = validateConfig(mergeConfigValues(base, { data: { source: telco.path } }));
      note(`loading Telco panel from ${telco.path}`);
      const loaded = loadPanel(config);
      note(`Telco panel: ${loaded.panel.counts.rows} month rows, ${loaded.panel.counts.labelled} labelled (${loaded.loadSeconds.toFixed(1)} s)`);
      let design: LabelledDesign;
      if (want("features-telco")) {
        const r = featuresWorkload("features-telco", loaded, config, timing("features-telco", true));
        emit(r.line);
        design = r.design;
      } else {
        design = featuresWorkload("features-telco", loaded, config, { repeats: 1, warmup: false }).design;
      }
      const lr = want("lr-fit-telco") ? lrFitWorkload("lr-fit-telco", design, config, timing("lr-fit-telco", true)) : undefined;
      if (lr) emit(lr.line);
      const rf = want("rf-fit") ? rfFitWorkload("rf-fit", design, config, timing("rf-fit", true)) : undefined;
      if (rf) emit(rf.line);
      if ((lr || rf) && args.sklearn) {
        const why = sklearnUnavailable();
        if (why !== null) note(`skipping the sklearn comparison: ${why}`);
        else {
          const f = config.models.forest;
          const st = rf?.model.state;
          note(`running ${SKLEARN_SCRIPT} on the same ${design.X.rows} x ${design.X.cols} matrix`);
          const sk = runSklearn(design.X, design.y, {
            ...(lr ? { lr: config.models.logistic } : {}),
            ...(st ? { rf: { nEstimators: f.nEstimators, maxDepth: f.maxDepth, maxFeatures: f.maxFeatures, minNumSamples: f.minNumSamples, nTrainRows: st.nTrainRows, nTrainPositives: st.nTrainPositives, seed: config.seed } } : {}),
          }, { repeats: args.repeats, warmup: true });
          const env = { sklearnVersion: sk.sklearnVersion, numpyVersion: sk.numpyVersion, threadpools: sk.threadpools };
          let lrRatio: number | null = null;
          let lrNcRatio: number | null = null;
          let rfRatio: number | null = null;
          if (lr && sk.lbfgs && sk.newtonCholesky) {
            const { lbfgs, newtonCholesky: nc } = sk;
            emit(line("lr-fit-telco-sklearn", sk.rows, sk.cols, lbfgs, {
              repeats: args.repeats,
              warmup: true,
              solver: lbfgs.solver,
              C: lbfgs.C,
              tol: lbfgs.tol,
              maxIter: lbfgs.maxIter,
              nIter: lbfgs.nIter,
              converged: lbfgs.converged,
              maxAbsCoefDiffVsOurs: lbfgs.coef.length === design.X.cols ? maxCoefDifference(lr.model, lbfgs) : null,
              newtonCholesky: { tol: nc.tol, maxIter: nc.maxIter, medianSeconds: sec(nc.medianSeconds), runs: nc.runs.map(sec), nIter: nc.nIter, converged: nc.converged, maxAbsCoefDiffVsOurs: maxCoefDifference(lr.model, nc) },
              ...env,
            }));
            lrRatio = lr.line.medianSeconds / lbfgs.medianSeconds;
            lrNcRatio = lr.line.medianSeconds / nc.medianSeconds;
          }
          if (rf && sk.rf) {
            const { runs, medianSeconds, ...rest } = sk.rf;
            emit(line("rf-fit-sklearn", sk.rows, sk.cols, { runs, medianSeconds }, {
              repeats: args.repeats,
              warmup: true,
              ...rest,
              matched: "nEstimators, maxDepth, Gini, bootstrap rows per tree, training-sample size and class mix, min_samples_split = minNumSamples + 1",
              notMatched: "features sampled per split (sklearn) vs once per tree (ml-random-forest); ml-cart gain threshold 0.01; sample rows and random streams differ",
              ...env,
            }));
            rfRatio = rf.line.medianSeconds / sk.rf.medianSeconds;
          }
          emit({
            workload: "ratio",
            lr: lrRatio === null ? null : round3(lrRatio),
            rf: rfRatio === null ? null : round3(rfRatio),
            lrVsNewtonCholesky: lrNcRatio === null ? null : round3(lrNcRatio),
            note: "ours / sklearn median seconds (> 1: ours slower); lr vs sklearn lbfgs (tol 1e-4), lrVsNewtonCholesky vs sklearn newton-cholesky at our tol; sklearn pinned to 1 BLAS/OpenMP thread",
          });
        }
      }
    }
  }

  if (want("features-synthetic") || want("cv-calibration-synthetic")) {
    const config = validateConfig(mergeConfigValues(base, { data: { source: "synthetic" } }));
    note(`generating the synthetic panel (${config.synthetic.customers} customers, ${config.synthetic.months} months)`);
    const loaded = loadPanel(config);
    note(`synthetic panel: ${loaded.panel.counts.rows} month rows, ${loaded.panel.counts.labelled} labelled (${loaded.loadSeconds.toFixed(1)} s)`);
    let frame: FeatureFrame;
    if (want("features-synthetic")) {
      const r = featuresWorkload("features-synthetic", loaded, config, timing("features-synthetic", true));
      emit(r.line);
      frame = r.design.frame;
    } else {
      frame = buildFeatureFrame(loaded.panel.history, config.features);
    }
    if (want("cv-calibration-synthetic")) {
      const t0 = performance.now();
      emit(await cvCalibrationWorkload("cv-calibration-synthetic", loaded, frame, config, (step) => note(`cv-calibration-synthetic: ${step} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)));
    }
  }

  if (want("gbm")) await gbmWorkload(base, args.workers, args.sklearn, note, emit);

  if (want("pipeline")) {
    const why = args.sklearn ? sklearnUnavailable() : "--no-sklearn";
    if (why !== null) note(`pipeline: our side only (${why})`);
    note(`pipeline: whole run on ${base.data.source} with the logistic model, then ${why === null ? PIPELINE_SCRIPT : "no reference"}`);
    const t0 = performance.now();
    emit(
      await pipelineWorkload(base, {
        reference: why === null,
        ...(why !== null ? { skipped: why } : {}),
        ...(args.workers !== undefined ? { workers: args.workers } : {}),
        onStep: (step) => note(`pipeline: ${step} (${((performance.now() - t0) / 1000).toFixed(1)} s)`),
      }),
    );
  }
}

/** One `gbm` line per data set: both sides' out-of-fold ROC-AUC and fit time, and their ratio. */
async function gbmWorkload(base: Config, workers: number | "auto" | undefined, sklearn: boolean, note: (s: string) => void, emit: (l: Record<string, unknown>) => void): Promise<void> {
  const threads = threadCounts(workers ?? "auto");
  const why = sklearn ? sklearnUnavailable() : "--no-sklearn";
  const telco = telcoCsv();
  const sources: [string, Config][] = [[base.data.source, base]];
  if (telco.found) sources.push(["telco", validateConfig(mergeConfigValues(base as unknown as Record<string, unknown>, { data: { source: telco.path } }))]);
  for (const [name, config] of sources) {
    note(`gbm: ${name}: ${GBM_PARITY_PARAMS.maxIter} rounds on the evaluation folds, ours then ${why === null ? "scikit-learn" : "no reference"}`);
    const r = await gbmFoldParity(config, GBM_PARITY_PARAMS, threads.workers, why === null);
    emit({
      workload: "gbm",
      data: name,
      split: r.kind,
      rows: r.rows,
      params: GBM_PARITY_PARAMS,
      threads: { ours: threads.workers, sklearn: threads.workers },
      ours: { oofRocAuc: round6(r.ours.oofRocAuc), fitSeconds: sec(r.ours.fitSeconds) },
      sklearn: r.sklearn ? { oofRocAuc: round6(r.sklearn.oofRocAuc), fitSeconds: sec(r.sklearn.fitSeconds), version: r.sklearn.sklearnVersion } : { skipped: why },
      aucDifference: r.sklearn ? round6(r.ours.oofRocAuc - r.sklearn.oofRocAuc) : null,
      ratio: r.sklearn ? round3(r.ours.fitSeconds / r.sklearn.fitSeconds) : null,
      note: "ratio = our cross-validation wall time (folds concurrently on the worker pool) / scikit-learn's summed fit times (folds in turn, OpenMP on as many threads); < 1: ours faster",
    });
  }
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

// The shared error contract (src/cli/run.ts): bad flags or config exit 2, internal errors 1 with the stack in a log.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runCli("bench", (argv) => runBench(parseBenchArgs(argv)));
