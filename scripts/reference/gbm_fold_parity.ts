/**
 * Writes tests/fixtures/sklearn-gbm-folds.json: scikit-learn's HistGradientBoostingClassifier on the
 * pipeline's own folds (scripts/gbmParity.ts, scripts/reference/sklearn_gbm_folds.py) for the cases the
 * parity test (tests/models/gbm/foldParity.test.ts) recomputes on our side:
 *  - "synthetic": a small synthetic telco (calendar folds), so the test runs in seconds;
 *  - "telco": the real IBM Telco file (by-customer folds; path from $TELCO_CSV or ../shared).
 * Usage: TZ=UTC npx tsx scripts/reference/gbm_fold_parity.ts  (Debian python3-sklearn; 1 thread per side)
 */
import { writeFileSync } from "node:fs";
import { mergeConfigValues, validateConfig } from "../../src/config/index.js";
import { fromRoot } from "../../src/io/paths.js";
import { readConfig } from "../../src/io/readConfig.js";
import { telcoCsvPath } from "../../src/notebook/config.js";
import { GBM_PARITY_PARAMS, gbmFoldParity, PARITY_CASES } from "../gbmParity.js";

async function main(): Promise<void> {
  const out: Record<string, unknown> = { params: GBM_PARITY_PARAMS, threadsPerSide: 1 };
  for (const [name, { overlay, maxIter }] of Object.entries(PARITY_CASES)) {
    const telco = telcoCsvPath();
    if (name === "telco" && !telco) throw new Error("the Telco CSV is not there: set TELCO_CSV");
    const source = name === "telco" ? { data: { source: telco } } : overlay;
    const config = validateConfig(mergeConfigValues(readConfig() as unknown as Record<string, unknown>, source));
    const r = await gbmFoldParity(config, { ...GBM_PARITY_PARAMS, maxIter }, 1);
    out[name] = { maxIter, rows: r.rows, split: r.kind, sklearn: r.sklearn, oursWhenWritten: r.ours };
    process.stderr.write(`${name}: ours ${r.ours.oofRocAuc.toFixed(4)} (${r.ours.fitSeconds.toFixed(1)} s), sklearn ${r.sklearn!.oofRocAuc.toFixed(4)} (${r.sklearn!.fitSeconds.toFixed(1)} s)\n`);
  }
  writeFileSync(fromRoot("tests", "fixtures", "sklearn-gbm-folds.json"), `${JSON.stringify(out, null, 1)}\n`);
}

await main();
