/**
 * Acceptance: on the default synthetic run (configs/default.yaml, 7,000 active customers × 72
 * months) written as an offline Parquet store, the exported scoring query run in embedded DuckDB
 * gives every active customer of the last month the scores of `scoreRows` within 1e-9 — raw and
 * calibrated probability, P(churn next month and within the action window), CLV, EV per action —
 * and the same best action, for a logistic model and gradient boosting fitted by the project's own
 * code (on every 8th labelled row, to keep the test short), calibrated isotonically on other rows
 * (and once with Platt scaling).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import { readMonth, writeOfflineStore } from "../../src/io/offlineStore.js";
import { runDuckDbQuery } from "../../src/io/duckdbQuery.js";
import { buildPanel } from "../../src/panel/panel.js";
import { scoreRows } from "../../src/serving/score.js";
import { loadScoringModel, type ScoringModel } from "../../src/serving/scoringModel.js";
import { compareScoreTables, scoreTableOfColumns, scoreTableOfRows, scoringQuery, SQL_CHECK_TOLERANCE, sqlDialect, type ScoreComparison } from "../../src/sql/index.js";
import type { FeatureRows } from "../../src/store/featureRows.js";
import { testConfig } from "../helpers/config.js";
import { fittedScoringModel } from "./fittedModel.js";

const config = testConfig();
/** Boosting rounds of the test's GBM: the config's maxIter (300), all of them (no early stopping without a validation set), six CTE groups of 50. */
const GBM_ROUNDS = config.models.gbm.maxIter;
const history = generateSynthetic(config.synthetic, { seed: config.seed });
const frame = buildFeatureFrame(history, config.features);
const panel = buildPanel(history, { horizon: config.panel.horizon });
const labelled = panel.labelled;
const trainRows = Uint32Array.from(labelled.filter((_, i) => i % 8 === 0));
const calibrationRows = Uint32Array.from(labelled.filter((_, i) => i % 8 === 1));
const store = mkdtempSync(join(tmpdir(), "churn-sql-default-"));
const month = history.periods - 1;
const actionNames = config.decision.actions.map((a) => a.name);
let rows: FeatureRows;

beforeAll(async () => {
  writeOfflineStore(store, history, frame, { source: "sql acceptance test" });
  rows = await readMonth(store, month);
});
afterAll(() => rmSync(store, { recursive: true, force: true }));

const fitRows = { config, frame, panel, train: trainRows, calibration: calibrationRows };

/** Scores the store's last month with `model` in TypeScript and in DuckDB and compares them. */
async function compare(model: ScoringModel): Promise<{ comparison: ScoreComparison; trees: number; ctes: number; bytes: number; best: (string | null)[] }> {
  const index = Uint32Array.from(rows.customerIds, (_, i) => i);
  const expected = scoreTableOfRows(rows.customerIds, scoreRows(loadScoringModel(model), { frame: rows.frame, rows: index, monthlyCharges: rows.monthlyCharges }, 0, false), actionNames);
  const query = scoringQuery(model, { dialect: sqlDialect("duckdb"), storeRoot: store, month });
  const result = await runDuckDbQuery(query.sql);
  const comparison = compareScoreTables(expected, scoreTableOfColumns(result.columns, actionNames), actionNames);
  return { comparison, trees: query.trees, ctes: query.ctes, bytes: query.sql.length, best: [...expected.bestAction] };
}

function expectEqualScores(c: ScoreComparison): void {
  expect(c.matched).toBe(panel.scoring.length);
  expect(c.missing).toEqual([]);
  expect(c.extra).toEqual([]);
  for (const [column, value] of Object.entries(c.maxAbs)) expect(value, column).toBeLessThanOrEqual(SQL_CHECK_TOLERANCE);
  expect(c.bestActionMismatches).toEqual([]);
}

describe("the exported query on the default synthetic run", () => {
  it("scores every active customer of the last month, the whole active base", () => {
    expect(panel.scoring.length).toBe(7000);
    expect(rows.customerIds.length).toBe(panel.scoring.length);
  });

  it("logistic regression with isotonic calibration: every value within 1e-9, every best action equal", async () => {
    const { comparison, best } = await compare(fittedScoringModel("logistic", "isotonic", fitRows));
    expectEqualScores(comparison);
    expect(new Set(best).size).toBeGreaterThan(1);
  });

  it(`gradient boosting (${GBM_ROUNDS} trees, summed 50 per CTE) with isotonic calibration: every value within 1e-9, every best action equal`, async () => {
    const { comparison, trees, best } = await compare(fittedScoringModel("gbm", "isotonic", fitRows));
    expect(trees).toBe(GBM_ROUNDS);
    expectEqualScores(comparison);
    expect(new Set(best).size).toBeGreaterThan(1);
  });

  it("logistic regression with Platt scaling: every value within 1e-9, every best action equal", async () => {
    const { comparison } = await compare(fittedScoringModel("logistic", "platt", fitRows));
    expectEqualScores(comparison);
  });
});
