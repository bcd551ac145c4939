/**
 * Small hand-written scoring models and a month of rows that reach every corner of the SQL
 * translation: NaN and NULL features routed both ways, −0, a level unseen in training, quotes and a
 * backslash in names and levels, an eligibility rule on a feature outside the design, two identical
 * actions (a tie), a calibrated probability of exactly 0 and 1, horizon 3, the "customer" CLV hazard
 * and a probability band. Written by hand (not fitted) so that the Spark snapshot only changes when
 * the SQL generator does.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { CalibratorJSON } from "../../src/calibration/outOfFold.js";
import type { DecisionConfig } from "../../src/config/config.js";
import type { DesignState } from "../../src/features/design.js";
import type { FeatureFrame, FeatureInfo } from "../../src/features/frame.js";
import type { ModelJSON } from "../../src/models/types.js";
import { runDuckDbQuery } from "../../src/io/duckdbQuery.js";
import { SCORING_MODEL_FORMAT, type ScoringModel } from "../../src/serving/scoringModel.js";
import { doubleLiteral, sqlDialect } from "../../src/sql/index.js";
import { partitionFile } from "../../src/store/schema.js";
import { testConfig } from "../helpers/config.js";

/** The month of the fixture partition. */
export const FIXTURE_MONTH = 5;

const PLAN = "Plan";
const PLAN_LEVELS = ["Basic", "Bob's \\ plan", "Unused"] as const;
const NET = 'Net "service"';
const NET_LEVELS = ["DSL", "Fiber", "None"] as const;
const NUMERIC = ["tenure", "charge change", 'usage "index"'] as const;

function info(name: string, kind: "numeric" | "categorical"): FeatureInfo {
  return { name, group: "attribute", kind, description: name, window: null, source: name };
}

const N = 48;
/** Row i's numeric values: a spread with NaN (stored as NaN or as NULL), −0 and exact thresholds. */
function numericValue(f: number, i: number): number {
  if ((i + f) % 7 === 3) return Number.NaN;
  if (i === 5 && f === 1) return -0;
  if (i === 6 && f === 0) return 12.5;
  return ((i * (f + 3) * 37) % 97) / (f === 1 ? 50 : 4) - (f === 1 ? 0.9 : 0);
}

/** Customer ids, one with a quote in it. */
export const FIXTURE_IDS: readonly string[] = Array.from({ length: N }, (_, i) => (i === 7 ? "c'07" : `c${String(i).padStart(2, "0")}`));

/** The fixture month as a feature frame (what the offline store reads back: NULL doubles as NaN). */
export const FIXTURE_FRAME: FeatureFrame = {
  rowCount: N,
  numeric: NUMERIC.map((name, f) => ({ info: info(name, "numeric"), values: Float64Array.from({ length: N }, (_, i) => numericValue(f, i)) })),
  categorical: [
    { info: info(PLAN, "categorical"), levels: PLAN_LEVELS, codes: Uint8Array.from({ length: N }, (_, i) => i % 3) },
    { info: info(NET, "categorical"), levels: NET_LEVELS, codes: Uint8Array.from({ length: N }, (_, i) => (i * 5) % 3) },
  ],
};

/** Monthly charges of the fixture rows (dollars). */
export const FIXTURE_CHARGES = Float64Array.from({ length: N }, (_, i) => 20 + ((i * 13) % 90) + 0.35);

/**
 * Writes the fixture month as `<root>/month=0005/part-0.parquet` with DuckDB (the columns of an
 * offline store partition); NaN values of rows with an even index are written as NULL.
 */
export async function writeFixtureStore(root: string): Promise<void> {
  const d = sqlDialect("duckdb");
  const rows = FIXTURE_IDS.map((id, i) => {
    const numbers = FIXTURE_FRAME.numeric.map((f) => (Number.isNaN(f.values[i]!) && i % 2 === 0 ? "CAST(NULL AS DOUBLE)" : doubleLiteral(f.values[i]!)));
    const levels = FIXTURE_FRAME.categorical.map((c) => d.string(c.levels[c.codes[i]!]!));
    return `(${[d.string(id), String(FIXTURE_MONTH), ...numbers, ...levels, doubleLiteral(FIXTURE_CHARGES[i]!)].join(", ")})`;
  });
  const names = ["customer_id", "month", ...NUMERIC, PLAN, NET, "monthly_charges"].map((n) => d.identifier(n));
  const file = join(root, partitionFile(FIXTURE_MONTH));
  mkdirSync(join(file, ".."), { recursive: true });
  const select = `SELECT customer_id, CAST(month AS INTEGER) AS month, ${names.slice(2).join(", ")} FROM (VALUES ${rows.join(", ")}) AS t(${names.join(", ")})`;
  await runDuckDbQuery(`COPY (${select}) TO ${d.string(file)} (FORMAT parquet)`);
}

const SIGNATURE = { numeric: [...NUMERIC], categorical: [{ name: PLAN, levels: [...PLAN_LEVELS] }, { name: NET, levels: [...NET_LEVELS] }] };

/** Decision settings: horizon-3 probabilities, CLV at each customer's own hazard, a band, an eligibility rule outside the design, a tie. */
export const FIXTURE_DECISION: DecisionConfig = {
  ...testConfig().decision,
  effectMonths: 2,
  clvHazard: "customer",
  probabilityBand: { min: 0.001, max: 0.97 },
  actions: [
    { name: "call", cost: 15, successRate: 0.15, costIfChurner: 15, costIfStayer: 15, eligible: [] },
    { name: "offer", cost: 60, successRate: 0.3, costIfChurner: 5, costIfStayer: 10, eligible: [{ feature: NET, values: ["DSL", "Fiber"] }] },
    { name: "offer twin", cost: 60, successRate: 0.3, costIfChurner: 5, costIfStayer: 10, eligible: [] },
    { name: "letter", cost: 5, successRate: 0.02, costIfChurner: 1, costIfStayer: 0, eligible: [{ feature: PLAN, values: ["Basic", "Unused"] }] },
  ],
};

/** The tree design: numeric as they are (NaN kept), Plan one-hot over the two levels seen in training. */
const TREE_DESIGN: DesignState = {
  kind: "preprocessed",
  preprocessor: {
    kind: "FeaturePreprocessor",
    options: { standardize: false, keepMissing: true },
    numeric: NUMERIC.map((name) => ({ name, fill: 0, mean: 0, scale: 1, indicator: false })),
    categorical: [{ name: PLAN, levels: [...PLAN_LEVELS], seen: [0, 1] }],
    columnNames: [...NUMERIC, `${PLAN}=Basic`, `${PLAN}=${PLAN_LEVELS[1]}`],
  },
};

/** The linear design: filled with the mean, an indicator, standardised (one constant column), Plan one-hot. */
const LINEAR_DESIGN: DesignState = {
  kind: "preprocessed",
  preprocessor: {
    kind: "FeaturePreprocessor",
    options: { standardize: true },
    numeric: [
      { name: NUMERIC[0], fill: 11.25, mean: 11.5, scale: 7.25, indicator: true },
      { name: NUMERIC[1], fill: 0.1, mean: -0.05, scale: 0.3, indicator: true },
      { name: NUMERIC[2], fill: 3, mean: 3, scale: 0, indicator: false },
    ],
    categorical: [{ name: PLAN, levels: [...PLAN_LEVELS], seen: [0, 1] }],
    columnNames: [NUMERIC[0], `${NUMERIC[0]}:missing`, NUMERIC[1], `${NUMERIC[1]}:missing`, NUMERIC[2], `${PLAN}=Basic`, `${PLAN}=${PLAN_LEVELS[1]}`],
  },
};

type Tree = { feature: number[]; threshold: number[]; left: number[]; right: number[]; missingLeft: number[]; value: number[] };

function treeJson(t: Tree): Record<string, number[]> {
  const n = t.feature.length;
  return { ...t, thresholdBin: t.feature.map((f) => (f < 0 ? 0 : 1)), cover: Array.from({ length: n }, (_, j) => 100 / (1 + j)), gain: t.feature.map((f) => (f < 0 ? 0 : 1)) };
}

/** Two trees over the tree design: NaN left at a numeric split, NaN right at another, a split on a one-hot column, a threshold of −0. */
const GBM: ModelJSON = {
  kind: "GradientBoosting",
  version: 1,
  options: { maxIter: 2, learningRate: 0.1, maxLeaves: 4, maxDepth: null, minSamplesLeaf: 1, minChildWeight: 0, lambda: 1, minSplitGain: null, maxBins: 16, binSampleRows: null, subsample: null, colsampleByTree: null, earlyStoppingRounds: null, tol: null, seed: 7, classWeight: null },
  state: {
    trees: [
      treeJson({ feature: [0, 3, -1, -1, -1], threshold: [12.5, 0.5, 0, 0, 0], left: [1, 3, -1, -1, -1], right: [2, 4, -1, -1, -1], missingLeft: [1, 0, 0, 0, 0], value: [0, 0, -2.1, 2.75, -0.2] }),
      treeJson({ feature: [1, -1, 2, -1, -1], threshold: [-0, 0, 10.5, 0, 0], left: [1, -1, 3, -1, -1], right: [2, -1, 4, -1, -1], missingLeft: [0, 0, 1, 0, 0], value: [0, 0.25, 0, -1.5, 1e-7] }),
    ],
    baseScore: -2,
    nFeatures: 5,
    binEdges: [[], [], [], [], []],
    nIter: 2,
    nTrees: 2,
    bestIteration: 2,
    learningCurve: { train: [0.5, 0.4], validation: null },
    stopReason: "maxIter",
    classWeights: [1, 1],
    prior: 0.12,
    weightedPrior: 0.12,
    priorShift: 0,
  },
} as ModelJSON;

const LOGISTIC: ModelJSON = {
  kind: "LogisticRegression",
  version: 1,
  options: { C: 1, tol: 1e-8, maxIter: 100, classWeight: null },
  state: { coef: [0.45, -0.8, 1.7, 0.3, 12.5, -1.25, 0.6], intercept: -1.9, nFeatures: 7, nIter: 5, converged: true, gradMaxNorm: 1e-9, objective: 0.3, classWeights: [1, 1] },
} as ModelJSON;

const BASELINE: ModelJSON = {
  kind: "SegmentBaseline",
  version: 1,
  options: { columns: [0, 1], smoothing: 5 },
  state: {
    nFeatures: 2,
    totalWeight: 100,
    totalPositives: 10,
    segments: [
      { values: [0, 0], weight: 30, positives: 5 },
      { values: [1, 2], weight: 20, positives: 1 },
      { values: [2, 1], weight: 10, positives: 4 },
    ],
  },
} as ModelJSON;

/** Isotonic knots whose ends are 0 and 1, so some customers get a calibrated probability of exactly 0 or 1. */
export const ISOTONIC: CalibratorJSON = { kind: "IsotonicCalibrator", version: 1, options: { outOfBounds: "clip" }, xThresholds: [0.02, 0.1, 0.1125, 0.3, 0.6], yThresholds: [0, 0.05, 0.05, 0.4, 1] } as CalibratorJSON;
const BETA: CalibratorJSON = { kind: "BetaCalibrator", version: 1, options: { clipEps: 1e-15, maxIterations: 100 }, a: 1.2, b: 0.8, c: -0.3 } as CalibratorJSON;
const PLATT_RAW: CalibratorJSON = { kind: "PlattCalibrator", version: 1, options: { input: "raw", clipEps: 1e-15, maxIterations: 100 }, a: -4.5, b: 2.25 } as CalibratorJSON;

function scoringModel(model: ScoringModel["model"], design: DesignState, estimator: ModelJSON, calibrator: CalibratorJSON, columns: number | null): ScoringModel {
  return {
    kind: "ChurnScoringModel",
    format: SCORING_MODEL_FORMAT,
    model,
    signature: SIGNATURE,
    design,
    estimator,
    calibrator,
    horizon: 3,
    decision: FIXTURE_DECISION,
    portfolioHazard: 0.02,
    columnMeans: columns === null ? null : Array.from({ length: columns }, () => 0.5),
  };
}

/** Gradient boosting (2 trees) with the isotonic calibrator. */
export const FIXTURE_GBM = scoringModel("gbm", TREE_DESIGN, GBM, ISOTONIC, null);
/** Logistic regression with the beta calibrator. */
export const FIXTURE_LOGISTIC = scoringModel("logistic", LINEAR_DESIGN, LOGISTIC, BETA, 7);
/** The segment baseline (Plan × Net) with Platt scaling of the raw score. */
export const FIXTURE_BASELINE = scoringModel("baseline", { kind: "segment", names: [PLAN, NET], levels: [[...PLAN_LEVELS], [...NET_LEVELS]] }, BASELINE, PLATT_RAW, null);
