/**
 * Standalone timing script: fits {@link LogisticRegression} on a seeded synthetic 222,827 × 30
 * standardised design matrix with a rare positive class (~0.8 %), then writes the same matrix to
 * temporary binary files and times scikit-learn's `LogisticRegression(C=1.0, max_iter=1000).fit`
 * (lbfgs, tol=1e-4) on it through `scripts/reference/sklearn_logistic.py --bench`, which also fits
 * sklearn's newton-cholesky at tol 1e-8 once to check that our optimum is the same at this scale.
 *
 * Usage: `npx tsx scripts/bench-logistic.ts [--repeats 3] [--seed 20240611] [--no-python]`.
 * Needs Debian's `/usr/bin/python3` with python3-sklearn for the comparison half.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { LogisticRegression, sigmoid } from "../src/models/logisticRegression.js";
import { denseMatrix, type DenseMatrix } from "../src/models/matrix.js";
import { Rng } from "../src/util/rng.js";

/** Shape of the target workload and the synthetic generator's settings. */
const ROWS = 222_827;
const COLS = 30;
const POSITIVE_RATE = 0.008;
/** Loading of each feature on its shared latent factor (three factors, features assigned round-robin). */
const FACTOR_LOADING = 0.6;
/**
 * Our options: C = 1 as sklearn's default; tol 1e-8 on the weight-normalised gradient (far tighter than what
 * sklearn's lbfgs at its default tol = 1e-4 reaches, which stops on scipy's relative-decrease test first).
 */
const FIT_OPTIONS = { C: 1.0, tol: 1e-8, maxIter: 100 } as const;

interface SyntheticData {
  readonly X: DenseMatrix;
  readonly y: Uint8Array;
}

/** Seeded synthetic data: correlated normal features, logistic labels at ~POSITIVE_RATE, columns standardised. */
function makeData(seed: number): SyntheticData {
  const rng = new Rng(seed);
  const data = new Float64Array(ROWS * COLS);
  const nFactors = 3;
  const f = new Float64Array(nFactors);
  const idio = Math.sqrt(1 - FACTOR_LOADING * FACTOR_LOADING);
  for (let i = 0, off = 0; i < ROWS; i++, off += COLS) {
    for (let k = 0; k < nFactors; k++) f[k] = rng.normal();
    for (let j = 0; j < COLS; j++) data[off + j] = FACTOR_LOADING * f[j % nFactors]! + idio * rng.normal();
  }
  const w = new Float64Array(COLS);
  for (let j = 0; j < COLS; j++) w[j] = j % 4 === 3 ? 0 : 0.5 * rng.normal();
  const eta = new Float64Array(ROWS);
  for (let i = 0, off = 0; i < ROWS; i++, off += COLS) {
    let s = 0;
    for (let j = 0; j < COLS; j++) s += data[off + j]! * w[j]!;
    eta[i] = s;
  }
  // Bisection on the intercept so that the mean P(y = 1) equals POSITIVE_RATE.
  let lo = -30;
  let hi = 10;
  for (let it = 0; it < 60; it++) {
    const mid = 0.5 * (lo + hi);
    let m = 0;
    for (let i = 0; i < ROWS; i++) m += sigmoid(eta[i]! + mid);
    if (m / ROWS > POSITIVE_RATE) hi = mid;
    else lo = mid;
  }
  const b = 0.5 * (lo + hi);
  const y = new Uint8Array(ROWS);
  for (let i = 0; i < ROWS; i++) y[i] = rng.bernoulli(sigmoid(eta[i]! + b)) ? 1 : 0;
  // Standardise each column (population standard deviation, as sklearn's StandardScaler).
  for (let j = 0; j < COLS; j++) {
    let mean = 0;
    for (let i = 0; i < ROWS; i++) mean += data[i * COLS + j]!;
    mean /= ROWS;
    let v = 0;
    for (let i = 0; i < ROWS; i++) {
      const d = data[i * COLS + j]! - mean;
      v += d * d;
    }
    const sd = Math.sqrt(v / ROWS);
    for (let i = 0; i < ROWS; i++) data[i * COLS + j] = (data[i * COLS + j]! - mean) / sd;
  }
  return { X: denseMatrix(data, ROWS, COLS), y };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      repeats: { type: "string", default: "3" },
      seed: { type: "string", default: "20240611" },
      "no-python": { type: "boolean", default: false },
    },
  });
  const repeats = Number(values.repeats);
  const seed = Number(values.seed);
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`--repeats must be an integer >= 1, got ${values.repeats}`);

  const { X, y } = makeData(seed);
  let positives = 0;
  for (let i = 0; i < ROWS; i++) positives += y[i]!;
  console.log(`data: ${ROWS} x ${COLS}, seed ${seed}, positives ${positives} (${((100 * positives) / ROWS).toFixed(3)} %)`);

  const times: number[] = [];
  let model = new LogisticRegression(FIT_OPTIONS);
  for (let r = 0; r < repeats; r++) {
    model = new LogisticRegression(FIT_OPTIONS);
    const t0 = process.hrtime.bigint();
    model.fit(X, y);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const st = model.state;
  const ours = median(times);
  console.log(
    `ours (Newton/IRLS, tol ${FIT_OPTIONS.tol}): times ${times.map((t) => t.toFixed(3)).join(", ")} s; median ${ours.toFixed(3)} s; ` +
      `nIter ${st.nIter}, converged ${st.converged}, |grad|max ${st.gradMaxNorm.toExponential(2)}`,
  );
  if (values["no-python"]) return;

  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const dir = mkdtempSync(join(tmpdir(), "bench-logistic-"));
  try {
    const xPath = join(dir, "X.f64");
    const yPath = join(dir, "y.u8");
    // Float64Array bytes are platform-endian; numpy reads them as "<f8" (little-endian x86/ARM).
    writeFileSync(xPath, new Uint8Array(X.data.buffer, X.data.byteOffset, X.data.byteLength));
    writeFileSync(yPath, y);
    const py = spawnSync(
      "/usr/bin/python3",
      [join(root, "scripts/reference/sklearn_logistic.py"), "--bench", xPath, yPath, String(ROWS), String(COLS), String(repeats)],
      { encoding: "utf8" },
    );
    if (py.status !== 0) throw new Error(`sklearn bench failed (status ${py.status}): ${py.stderr}`);
    interface Fit {
      coef: number[];
      intercept: number;
    }
    const ref = JSON.parse(py.stdout) as Fit & {
      sklearnVersion: string;
      solver: string;
      tol: number;
      times: number[];
      nIter: number;
      newtonCholesky: Fit & { tol: number; time: number; nIter: number };
    };
    const maxDiff = (other: Fit): number => {
      let m = Math.abs(other.intercept - st.intercept);
      for (let j = 0; j < COLS; j++) m = Math.max(m, Math.abs(other.coef[j]! - st.coef[j]!));
      return m;
    };
    const theirs = median(ref.times);
    const nc = ref.newtonCholesky;
    console.log(
      `sklearn ${ref.sklearnVersion} (${ref.solver}, tol ${ref.tol}): times ${ref.times.map((t) => t.toFixed(3)).join(", ")} s; ` +
        `median ${theirs.toFixed(3)} s; nIter ${ref.nIter}; max |coef/intercept difference| vs ours ${maxDiff(ref).toExponential(2)}`,
    );
    console.log(
      `sklearn newton-cholesky (tol ${nc.tol}): time ${nc.time.toFixed(3)} s; nIter ${nc.nIter}; ` +
        `max |coef/intercept difference| vs ours ${maxDiff(nc).toExponential(2)}`,
    );
    console.log(`ratio ours/sklearn-lbfgs (medians) = ${(ours / theirs).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
