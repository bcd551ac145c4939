/**
 * The scoring query of small hand-written models against `scoreRows` on the same rows, in embedded
 * DuckDB: every value within 1e-9 and every best action equal, through the corners the fixtures
 * reach (NaN and NULL features, −0, unseen levels, quotes, ties, p = 0 and 1, horizon 3, the
 * customer CLV hazard, the band).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDuckDbQuery } from "../../src/io/duckdbQuery.js";
import { designTransform } from "../../src/features/design.js";
import { partitionFile } from "../../src/store/schema.js";
import { scoreRows } from "../../src/serving/score.js";
import { loadScoringModel, type ScoringModel } from "../../src/serving/scoringModel.js";
import { compareScoreTables, scoreTableOfColumns, scoreTableOfRows, scoringQuery, SQL_CHECK_TOLERANCE, sqlDialect, type ScoreTable } from "../../src/sql/index.js";
import { FIXTURE_BASELINE, FIXTURE_CHARGES, FIXTURE_FRAME, FIXTURE_GBM, FIXTURE_IDS, FIXTURE_LOGISTIC, FIXTURE_MONTH, ISOTONIC, writeFixtureStore } from "./fixtures.js";

const root = mkdtempSync(join(tmpdir(), "churn-sql-small-"));
beforeAll(() => writeFixtureStore(root));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const all = Uint32Array.from(FIXTURE_IDS, (_, i) => i);

function typescriptScores(model: ScoringModel): ScoreTable {
  const scores = scoreRows(loadScoringModel(model), { frame: FIXTURE_FRAME, rows: all, monthlyCharges: FIXTURE_CHARGES }, 0, false);
  return scoreTableOfRows(FIXTURE_IDS, scores, model.decision.actions.map((a) => a.name));
}

async function sqlScores(model: ScoringModel, termsPerStage?: number): Promise<ScoreTable> {
  const query = scoringQuery(model, { dialect: sqlDialect("duckdb"), storeRoot: root, month: FIXTURE_MONTH, ...(termsPerStage === undefined ? {} : { termsPerStage }) });
  const result = await runDuckDbQuery(query.sql);
  expect(result.names).toEqual(query.columns);
  return scoreTableOfColumns(result.columns, model.decision.actions.map((a) => a.name));
}

async function expectSameScores(model: ScoringModel, termsPerStage?: number): Promise<ScoreTable> {
  const expected = typescriptScores(model);
  const actual = await sqlScores(model, termsPerStage);
  const c = compareScoreTables(expected, actual, model.decision.actions.map((a) => a.name));
  expect(c.matched).toBe(FIXTURE_IDS.length);
  expect(c.extra).toEqual([]);
  for (const [column, value] of Object.entries(c.maxAbs)) expect(value, column).toBeLessThanOrEqual(SQL_CHECK_TOLERANCE);
  expect(c.bestActionMismatches).toEqual([]);
  expect(actual.customerIds).toEqual([...FIXTURE_IDS].sort());
  return expected;
}

describe("the scoring query equals scoreRows on the fixture month", () => {
  it("gradient boosting with isotonic calibration (NaN/NULL routed both ways, −0 thresholds, p = 0 and 1)", async () => {
    const expected = await expectSameScores(FIXTURE_GBM);
    // The fixture reaches what it claims to: both ends of the isotonic map, a tie, an ineligible action, a row with no paying action.
    expect(expected.pCalibrated.some((p) => p === 1)).toBe(true);
    expect(expected.pCalibrated.some((p) => p === 0)).toBe(true);
    expect(expected.bestAction).toContain("offer");
    expect(expected.bestAction).toContain("offer twin");
    expect(expected.ev[1]!.some(Number.isNaN)).toBe(true);
    expect(expected.bestAction).toContain(null);
    const file = join(root, partitionFile(FIXTURE_MONTH));
    const held = await runDuckDbQuery(`SELECT count(*) FILTER (WHERE tenure IS NULL) AS nulls, count(*) FILTER (WHERE isnan(tenure)) AS nans FROM read_parquet('${file}')`);
    expect(held.columns.nulls![0]).toBeGreaterThan(0);
    expect(held.columns.nans![0]).toBeGreaterThan(0);
  });

  it("the same trees summed one per CTE give the same numbers", async () => {
    await expectSameScores(FIXTURE_GBM, 1);
  });

  it("logistic regression with beta calibration (mean fill, missing indicators, a constant column, an unseen level)", async () => {
    await expectSameScores(FIXTURE_LOGISTIC);
    await expectSameScores(FIXTURE_LOGISTIC, 2);
  });

  it("the segment baseline with Platt scaling of the raw score", async () => {
    const expected = await expectSameScores(FIXTURE_BASELINE);
    expect(new Set(expected.pRaw).size).toBeGreaterThan(2);
  });

  it("isotonic calibration that returns NaN outside the knots' range gives NaN where TypeScript does", async () => {
    const narrow = { ...ISOTONIC, options: { outOfBounds: "nan" }, xThresholds: [0.05, 0.1, 0.3], yThresholds: [0.01, 0.2, 0.5] };
    const model: ScoringModel = { ...FIXTURE_GBM, calibrator: narrow, decision: { ...FIXTURE_GBM.decision, clvHazard: "portfolio" } };
    const sql = await sqlScores(model);
    // TypeScript refuses NaN probabilities in the decision step, so compare the calibration alone.
    const runtime = loadScoringModel(model);
    const expected = runtime.calibrator.transform(runtime.estimator.predictProba(designTransform(model.design, FIXTURE_FRAME, all)));
    expect(expected.some(Number.isNaN)).toBe(true);
    const at = new Map(sql.customerIds.map((id, k) => [id, k]));
    expected.forEach((p, i) => {
      const q = sql.pCalibrated[at.get(FIXTURE_IDS[i]!)!]!;
      expect(Number.isNaN(p) ? Number.isNaN(q) : Math.abs(p - q) <= 1e-15, `row ${i}: ${p} vs ${q}`).toBe(true);
    });
  });

  it("isotonic calibration with outOfBounds raise fails the query, naming the range", async () => {
    const model: ScoringModel = { ...FIXTURE_GBM, calibrator: { ...ISOTONIC, options: { outOfBounds: "raise" }, xThresholds: [0.05, 0.3], yThresholds: [0.01, 0.5] } as ScoringModel["calibrator"] };
    await expect(sqlScores(model)).rejects.toThrow(/isotonic calibration: a raw probability outside the training range \[0\.05, 0\.3\]/);
  });

  it("a model without an SQL form and rules that do not match the signature are refused, naming them", () => {
    const d = sqlDialect("duckdb");
    const forest = { ...FIXTURE_GBM, model: "forest", estimator: { kind: "RandomForest" } } as ScoringModel;
    expect(() => scoringQuery(forest, { dialect: d, storeRoot: root, month: FIXTURE_MONTH })).toThrow(/"RandomForest" model has no SQL form/);
    const actions = [{ ...FIXTURE_GBM.decision.actions[0]!, eligible: [{ feature: "Plan", values: ["Gold"] }] }];
    expect(() => scoringQuery({ ...FIXTURE_GBM, decision: { ...FIXTURE_GBM.decision, actions } }, { dialect: d, storeRoot: root, month: FIXTURE_MONTH })).toThrow(/allows value "Gold", which is not a level/);
    expect(() => scoringQuery(FIXTURE_GBM, { dialect: d, storeRoot: root, month: FIXTURE_MONTH, termsPerStage: 0 })).toThrow(/termsPerStage must be an integer >= 1, got 0/);
    expect(() => scoringQuery(FIXTURE_GBM, { dialect: d, storeRoot: "/data/store[1]", month: FIXTURE_MONTH })).toThrow(/storeRoot "\/data\/store\[1\]" holds the glob character "\["/);
    const cased = [FIXTURE_GBM.decision.actions[0]!, { ...FIXTURE_GBM.decision.actions[0]!, name: FIXTURE_GBM.decision.actions[0]!.name.toUpperCase() }];
    expect(() => scoringQuery({ ...FIXTURE_GBM, decision: { ...FIXTURE_GBM.decision, actions: cased } }, { dialect: d, storeRoot: root, month: FIXTURE_MONTH })).toThrow(/would both be column ev_/);
    expect(() => sqlDialect("postgres")).toThrow(/expected one of duckdb, spark, got "postgres"/);
  });
});
