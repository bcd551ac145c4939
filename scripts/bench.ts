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
 *  - `cv-calibration-synthetic`: evaluateModels(…, ["logistic"]) on the synthetic panel (one run, no warm-up).
 * When Debian's /usr/bin/python3 has scikit-learn (and `--no-sklearn` is not given), the Telco design matrix
 * and labels are written to a temporary folder as raw little-endian float64 / uint8 and
 * `scripts/reference/sklearn_bench.py` times the matching scikit-learn fits on the same data with the same
 * repeats (what is and is not matched: see that script); then the `lr-fit-telco-sklearn`,
 * `rf-fit-sklearn` and `ratio` (ours / sklearn, medians) lines are printed.
 *
 * Usage: `npm run bench -- [--repeats 3] [--only features-telco,lr-fit-telco] [--no-sklearn] [--debug]`.
 * The Telco CSV is read from env `TELCO_CSV`, else `../shared/data/telco/…` beside the repository; when it is
 * absent the Telco workloads are skipped with a note. The machine's other load shows up in the timings.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  buildFeatureFrame,
  buildPanel,
  evaluateModels,
  FeaturePreprocessor,
  fromRoot,
  InputError,
  loadSource,
  LogisticRegression,
  mergeConfigValues,
  PATHS,
  RandomForest,
  readConfig,
  validateConfig,
  type Config,
  type DenseMatrix,
  type FeatureFrame,
  type Panel,
} from "../src/index.js";
import { runCli } from "../src/cli/run.js";

/** Workload names accepted by `--only`, in run order (Telco first, so its arrays can be freed before the synthetic ones). */
export const WORKLOADS = ["features-telco", "lr-fit-telco", "rf-fit", "features-synthetic", "cv-calibration-synthetic"] as const;
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
  /** Run the scikit-learn side for the selected `lr-fit-telco` / `rf-fit` workloads (when available). */
  readonly sklearn: boolean;
}

/** The usage text printed on a bad command line. */
export const USAGE = `usage: npm run bench -- [--repeats N] [--only ${WORKLOADS.join(",")}] [--no-sklearn] [--debug]`;

/**
 * Parses the benchmark's flags (`argv` without node and script): `--repeats N` (integer ≥ 1, default 3),
 * `--only a,b` (names from {@link WORKLOADS}, default all), `--no-sklearn`. Throws {@link BenchUsageError}
 * quoting the offending value on an unknown flag, a positional argument, a bad count or an unknown name.
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let values: { repeats?: string; only?: string; "no-sklearn"?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { repeats: { type: "string" }, only: { type: "string" }, "no-sklearn": { type: "boolean" } },
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
  return { repeats, only, sklearn: !(values["no-sklearn"] ?? false) };
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
 * out-of-fold calibration, metrics with bootstrap intervals, leakage ladder), run once without warm-up.
 * rows = labelled panel rows, cols = the logistic design's column count.
 */
export function cvCalibrationWorkload(name: string, loaded: LoadedPanel, frame: FeatureFrame, config: Config, onStep?: (step: string) => void): WorkloadLine {
  const { panel } = loaded;
  const timed = timeRuns(() => evaluateModels(panel, frame, config, ["logistic"], { ladder: true, ...(onStep ? { onStep } : {}) }), { repeats: 1, warmup: false });
  const ev = timed.result;
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
  if (endianness() !== "LE") throw new Error(`runSklearn: the binary exchange assumes a little-endian machine, this one is ${endianness()}`);
  if (y.length !== X.rows) throw new RangeError(`runSklearn: y.length=${y.length} does not match X.rows=${X.rows}`);
  const dir = mkdtempSync(join(tmpdir(), "churn-bench-"));
  try {
    const xPath = join(dir, "X.f64");
    const yPath = join(dir, "y.u8");
    const specPath = join(dir, "spec.json");
    writeFileSync(xPath, new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
    writeFileSync(yPath, y);
    const spec = { x: xPath, y: yPath, rows: X.rows, cols: X.cols, repeats: timing.repeats, warmup: timing.warmup, lr: request.lr ?? null, rf: request.rf ?? null };
    writeFileSync(specPath, JSON.stringify(spec));
    const py = spawnSync(SKLEARN_PYTHON, [SKLEARN_SCRIPT, specPath], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (py.error) throw new Error(`sklearn_bench.py could not start: ${py.error.message}`);
    if (py.status !== 0) throw new Error(`sklearn_bench.py failed (status ${py.status}): ${py.stderr.trim()}`);
    return JSON.parse(py.stdout) as SklearnResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
  const env = process.env["TELCO_CSV"];
  const path = env !== undefined && env !== "" ? resolve(env) : PATHS.sharedTelco;
  try {
    accessSync(path, constants.R_OK);
    return { path, found: statSync(path).isFile() };
  } catch {
    return { path, found: false };
  }
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

/** Runs the selected workloads with the committed default config; see the file comment. */
export function runBench(args: BenchArgs): void {
  const base = readConfig();
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
      emit(cvCalibrationWorkload("cv-calibration-synthetic", loaded, frame, config, (step) => note(`cv-calibration-synthetic: ${step} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)));
    }
  }
}

// The shared error contract (src/cli/run.ts): bad flags or config exit 2, internal errors 1 with the stack in a log.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runCli("bench", (argv) => runBench(parseBenchArgs(argv)));
