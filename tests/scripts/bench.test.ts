// Smoke tests of scripts/bench.ts: flag parsing, the timing helper, every workload function on a tiny
// synthetic config, the scikit-learn exchange and the CLI. Nothing here asserts a speed.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BenchUsageError,
  cvCalibrationWorkload,
  featuresWorkload,
  loadPanel,
  lrFitWorkload,
  maxAucDifference,
  maxCoefDifference,
  median,
  parseBenchArgs,
  pipelineWorkload,
  referenceEnv,
  rfFitWorkload,
  runSklearn,
  sklearnUnavailable,
  timeRuns,
  WORKLOADS,
} from "../../scripts/bench.js";
import { runCli } from "../helpers/cli.js";
import { testConfig } from "../helpers/config.js";

const BENCH = "scripts/bench.ts";
const TELCO_FIXTURE = "tests/fixtures/telco/valid.csv";
const noSklearn = sklearnUnavailable();
// CI installs python3-sklearn (scripts/ci-system-packages.sh): there a missing reference fails instead of skipping.
const requireSklearn = process.env["CI"] === "true";

describe("parseBenchArgs", () => {
  it("defaults to 3 repeats, every workload and the sklearn comparison", () => {
    expect(parseBenchArgs([])).toEqual({ repeats: 3, only: [...WORKLOADS], sklearn: true });
  });

  it("reads --repeats, --only (kept in run order) and --no-sklearn", () => {
    expect(parseBenchArgs(["--repeats", "5", "--only", "rf-fit,features-telco", "--no-sklearn"])).toEqual({
      repeats: 5,
      only: ["features-telco", "rf-fit"],
      sklearn: false,
    });
  });

  it("reads --config and --workers", () => {
    expect(parseBenchArgs(["--config", "configs/quick.yaml", "--only", "pipeline", "--workers", "2"])).toEqual({ repeats: 3, only: ["pipeline"], sklearn: true, config: "configs/quick.yaml", workers: 2 });
    expect(parseBenchArgs(["--workers", "auto"]).workers).toBe("auto");
    expect(() => parseBenchArgs(["--workers", "0"])).toThrow(/"--workers".*got "0"|--workers.*"0"/);
  });

  it.each([
    [["--config", " "], /--config needs a file path, got " "/],
    [["--repeats", "0"], /--repeats must be an integer >= 1, got "0"/],
    [["--repeats", "2.5"], /got "2.5"/],
    [["--repeats", "x"], /got "x"/],
    [["--only", "lr-fit"], /unknown workload "lr-fit"/],
    [["--only", ","], /at least one workload name/],
    [["--sklearn"], /Unknown option '--sklearn'/],
    [["telco"], /Unexpected argument 'telco'/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe("median and timeRuns", () => {
  it("median of odd and even counts; empty throws", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/empty/);
  });

  it("runs the warm-up untimed, then `repeats` timed runs, and returns the last result", () => {
    let calls = 0;
    const seen: number[] = [];
    const t = timeRuns(() => ++calls, { repeats: 3, warmup: true, onRun: (r) => seen.push(r) });
    expect(calls).toBe(4);
    expect(t.result).toBe(4);
    expect(t.runs).toHaveLength(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(t.medianSeconds).toBe(median(t.runs));
    expect(timeRuns(() => ++calls, { repeats: 1, warmup: false }).result).toBe(5);
    expect(() => timeRuns(() => 0, { repeats: 0, warmup: false })).toThrow(/repeats must be an integer >= 1, got 0/);
  });
});

/** A synthetic config small enough for seconds-long workloads (2 calendar folds, 10 bootstrap replicates). */
const config = testConfig({
  synthetic: { customers: 400, months: 36 },
  cv: { folds: 2, testMonths: 6, minTrainMonths: 12 },
  evaluation: { bootstrapReplicates: 10 },
  models: { forest: { nEstimators: 3, maxTrainRows: 120 } },
  decision: { backtestMonths: 2 },
});

describe("workloads on a tiny synthetic config", () => {
  const loaded = loadPanel(config);
  const { panel } = loaded;
  const timing = { repeats: 2, warmup: true };
  const features = featuresWorkload("features-tiny", loaded, config, timing);

  it("features: design of the labelled rows, labels aligned with the panel", () => {
    const { line, design } = features;
    expect(line).toMatchObject({ workload: "features-tiny", rows: panel.counts.labelled, cols: design.columnNames.length, repeats: 2, warmup: true, monthRows: panel.counts.rows });
    expect(line.runs).toHaveLength(2);
    expect(design.X.rows * design.X.cols).toBe(design.X.data.length);
    expect(design.y.reduce((s, v) => s + v, 0)).toBe(panel.counts.positives);
  });

  it("lr-fit: converges and reports the config's options", () => {
    const { line, model } = lrFitWorkload("lr-tiny", features.design, config, timing);
    expect(line).toMatchObject({ rows: panel.counts.labelled, cols: features.design.X.cols, C: config.models.logistic.C, converged: true, positives: panel.counts.positives });
    expect(line["nIter"]).toBe(model.state.nIter);
    expect(model.state.nIter).toBeGreaterThanOrEqual(1);
  });

  it("rf-fit: trains on the capped balanced sample", () => {
    const { line, model } = rfFitWorkload("rf-tiny", features.design, config, timing);
    expect(line).toMatchObject({ nEstimators: 3, maxTrainRows: 120, nTrainRows: 120, seed: config.seed });
    expect(model.state.nTrees).toBe(3);
  });

  it("cv-calibration: one run of the evaluation stage with the ladder", async () => {
    const line = await cvCalibrationWorkload("cv-tiny", loaded, features.design.frame, config);
    expect(line).toMatchObject({ rows: panel.counts.labelled, repeats: 1, warmup: false, splitKind: "time", folds: 2, ladderRungs: 3 });
    expect(line.runs).toHaveLength(1);
  });

  it.skipIf(noSklearn !== null)(`sklearn side: same optimum at our tol, temp files removed${noSklearn ? ` (skipped: ${noSklearn})` : ""}`, () => {
    const lr = lrFitWorkload("lr-tiny", features.design, config, { repeats: 1, warmup: false }).model;
    const tmp = mkdtempSync(join(tmpdir(), "bench-test-"));
    const saved = process.env["TMPDIR"];
    process.env["TMPDIR"] = tmp;
    try {
      const sk = runSklearn(features.design.X, features.design.y, { lr: config.models.logistic, rf: { ...config.models.forest, nTrainRows: 60, nTrainPositives: 15, seed: 7 } }, { repeats: 2, warmup: false });
      expect(readdirSync(tmp)).toEqual([]);
      expect({ rows: sk.rows, cols: sk.cols }).toEqual({ rows: features.design.X.rows, cols: features.design.X.cols });
      expect(sk.lbfgs!.runs).toHaveLength(2);
      expect(sk.newtonCholesky!.converged).toBe(true);
      expect(maxCoefDifference(lr, sk.newtonCholesky!)).toBeLessThan(1e-6);
      expect(sk.rf).toMatchObject({ nTrainRows: 60, nTrainPositives: 15, minSamplesSplit: config.models.forest.minNumSamples + 1 });
    } finally {
      if (saved === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = saved;
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("pipeline workload: our evaluation stage beside the scikit-learn reference", () => {
  it("pins the reference's BLAS/OpenMP threads and leaves the OpenBLAS tuning variables alone", () => {
    const env = referenceEnv(2, { OPENBLAS_CORETYPE: "Haswell", OMP_NUM_THREADS: "8", PATH: "/bin" });
    expect(env).toEqual({ OPENBLAS_CORETYPE: "Haswell", PATH: "/bin", OMP_NUM_THREADS: "2", OPENBLAS_NUM_THREADS: "2", MKL_NUM_THREADS: "2" });
    expect(() => referenceEnv(0)).toThrow(/threads must be an integer >= 1, got 0/);
  });

  it.skipIf(noSklearn !== null && !requireSklearn)(`same steps on the same folds: ROC-AUCs agree within 1e-3, temp files removed${noSklearn && !requireSklearn ? ` (skipped: ${noSklearn})` : ""}`, async () => {
    if (noSklearn !== null) throw new Error(`CI=true: the scikit-learn reference is required, but ${noSklearn}`);
    const tmp = mkdtempSync(join(tmpdir(), "bench-test-"));
    const saved = process.env["TMPDIR"];
    process.env["TMPDIR"] = tmp;
    try {
      const line = await pipelineWorkload(config, { reference: true, workers: 1 });
      expect(readdirSync(tmp)).toEqual([]);
      expect(line).toMatchObject({ workload: "pipeline", source: "synthetic", splitKind: "time", folds: { calendar: 2, random: 1 }, skipped: null });
      expect(line.threads).toMatchObject({ oursWorkers: 1, reference: { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" } });
      expect(line.threads.availableParallelism).toBeGreaterThanOrEqual(1);
      expect(Object.keys(line.threads.openblasTuning).sort()).toEqual(["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]);
      expect(line.ours.evaluationSeconds).toBe(line.ours.stageSeconds.evaluate);
      expect(line.ours.wholeSeconds).toBeGreaterThanOrEqual(line.ours.evaluationSeconds);
      const ref = line.reference!;
      expect(ref.converged).toBe(true);
      expect(ref.nIter["calendar"]).toHaveLength(2);
      expect(ref.wholeSeconds).toBeGreaterThan(ref.evaluationSeconds);
      for (const step of ["load", "cv", "calibration", "metrics", "bootstrap", "ladderRandom", "ladderLeaky"]) expect(ref.seconds[step], step).toBeGreaterThanOrEqual(0);
      expect(line.ratio!.evaluation).toBeGreaterThan(0);
      expect(line.ratio!.whole).toBeGreaterThan(0);
      const { ours, reference } = line.rocAuc;
      expect(line.rocAuc.maxAbsDiff).toBe(maxAucDifference(ours, reference!));
      expect(line.rocAuc.maxAbsDiff).toBeLessThan(1e-3);
      expect(ours.truth).not.toBeNull();
      expect(reference!.truth).toBeCloseTo(ours.truth!, 9);
      expect(ours.ladder.leaky).toBeGreaterThan(ours.ladder.timeAware);
      expect(reference!.band).toMatchObject({ replicates: 10 });
    } finally {
      if (saved === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = saved;
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("without the reference: our side only, with the reason; --workers sets our worker count", async () => {
    const line = await pipelineWorkload(config, { reference: false, skipped: "--no-sklearn", workers: 2 });
    expect(line).toMatchObject({ reference: null, ratio: null, skipped: "--no-sklearn", threads: { oursWorkers: 2, reference: null, referencePools: null } });
    expect(line.rocAuc.reference).toBeNull();
    expect(line.rocAuc.ours.ladder.random).toBeGreaterThan(0.5);
  });
});

describe("CLI", () => {
  it("exits 2 with the usage on a bad flag", () => {
    const r = runCli(BENCH, ["--repeats", "-1"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run bench/);
    expect(r.stdout).toBe("");
  });

  it("skips the Telco workloads with a note when the file is absent", () => {
    const missing = spawnWithTelco("/nonexistent/telco.csv", ["--only", "rf-fit"]);
    expect(missing.status).toBe(0);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/Telco CSV not found at \/nonexistent\/telco\.csv/);
  });

  it("prints one JSON line per Telco workload (tiny fixture), plus the sklearn lines when available", () => {
    const r = spawnWithTelco(TELCO_FIXTURE, ["--repeats", "1", "--only", "features-telco,lr-fit-telco,rf-fit"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { workload: string; rows?: number; runs?: number[] });
    const expected = ["features-telco", "lr-fit-telco", "rf-fit"].concat(noSklearn === null ? ["lr-fit-telco-sklearn", "rf-fit-sklearn", "ratio"] : []);
    expect(lines.map((l) => l.workload)).toEqual(expected);
    for (const l of lines.filter((x) => x.workload !== "ratio")) expect(l.runs).toHaveLength(1);
  });
});

function spawnWithTelco(csv: string, args: string[]): ReturnType<typeof runCli> {
  const saved = process.env["TELCO_CSV"];
  process.env["TELCO_CSV"] = csv;
  try {
    return runCli(BENCH, args);
  } finally {
    if (saved === undefined) delete process.env["TELCO_CSV"];
    else process.env["TELCO_CSV"] = saved;
  }
}
