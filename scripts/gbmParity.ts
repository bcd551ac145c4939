/**
 * Our gradient boosting against scikit-learn's HistGradientBoostingClassifier on the pipeline's own
 * evaluation folds (calendar windows on the synthetic telco, by-customer folds on the Telco file), with
 * matched parameters and no early stopping: out-of-fold ROC-AUC per fold and overall, and fit time.
 * Used by `npm run bench -- --only gbm` and by scripts/reference/gbm_fold_parity.ts (the committed fixture).
 */
import { mergeConfigValues, validateConfig, type Config } from "../src/config/index.js";
import { crossValidate } from "../src/evaluation/crossValidate.js";
import { foldRunner } from "../src/evaluation/foldTasks.js";
import { rocAuc } from "../src/evaluation/rocAuc.js";
import { planSplits } from "../src/evaluation/splitPlan.js";
import { buildFeatureFrame } from "../src/features/build.js";
import { loadSource } from "../src/io/loadSource.js";
import { fromRoot } from "../src/io/paths.js";
import { recipeOf } from "../src/models/catalog.js";
import { buildPanel } from "../src/panel/panel.js";
import { foldContext } from "../src/pipeline/evaluate.js";
import { gather } from "../src/util/gather.js";
import { exportEvaluationInputs, referenceEnv, runReferenceScript, withTempDir } from "./bench.js";

/** The reference script. */
export const GBM_FOLDS_SCRIPT = fromRoot("scripts", "reference", "sklearn_gbm_folds.py");

/** The parameters both sides share (scikit-learn names in the script's docstring). */
export interface GbmParityParams {
  readonly maxIter: number;
  readonly learningRate: number;
  readonly maxLeaves: number;
  readonly minSamplesLeaf: number;
  readonly lambda: number;
  readonly maxBins: number;
}

/** The default parity parameters: scikit-learn's defaults where it has them, 31 leaves, 100 rounds. */
export const GBM_PARITY_PARAMS: GbmParityParams = { maxIter: 100, learningRate: 0.1, maxLeaves: 31, minSamplesLeaf: 20, lambda: 0, maxBins: 255 };

/** The committed parity cases: a config overlay on configs/default.yaml ("telco" reads the real file) and the rounds. */
export const PARITY_CASES = {
  synthetic: { overlay: { synthetic: { customers: 2000, months: 36 }, cv: { folds: 3, testMonths: 6, minTrainMonths: 12 } }, maxIter: 100 },
  telco: { overlay: {}, maxIter: 40 },
} as const;

/** One side's result. */
export interface GbmFoldsResult {
  readonly oofRocAuc: number;
  readonly folds: readonly { readonly index: number; readonly rocAuc: number }[];
  /** Ours: wall time of the cross-validation on the worker pool; sklearn: the sum of its sequential fits. */
  readonly fitSeconds: number;
}

/** `config` with `models.gbm` set to the matched parameters: no early stopping, all rows and columns, no reachable depth limit. */
export function parityConfig(config: Config, params: GbmParityParams): Config {
  return validateConfig(mergeConfigValues(config as unknown as Record<string, unknown>, {
    models: { gbm: { ...params, maxDepth: 64, minChildWeight: 0.001, subsample: 1, colsampleByTree: 1, earlyStoppingRounds: 0, binSampleRows: 200_000 } },
  }));
}

/**
 * Cross-validates our GBM and scikit-learn's on the evaluation folds of `config`'s data, with `workers`
 * threads on both sides (our fold fits run concurrently on the pool; scikit-learn's OpenMP loops use as
 * many threads, its folds one after the other). `reference: false` runs our side only.
 */
export async function gbmFoldParity(config: Config, params: GbmParityParams, workers: number, reference = true): Promise<{ ours: GbmFoldsResult; sklearn: (GbmFoldsResult & { threads: unknown; sklearnVersion: string }) | null; rows: number; kind: string }> {
  const cfg = parityConfig(config, params);
  const { history } = loadSource(cfg);
  const panel = buildPanel(history, { horizon: cfg.panel.horizon });
  const frame = buildFeatureFrame(history, cfg.features);
  const split = planSplits(panel, cfg);
  const runner = foldRunner(foldContext(panel, frame), workers);
  let ours: GbmFoldsResult;
  try {
    const t0 = performance.now();
    const oof = await crossValidate(runner, "honest", panel.label, split.folds, () => recipeOf("gbm", cfg));
    const fitSeconds = (performance.now() - t0) / 1000;
    const folds = split.folds.map((f) => {
      const at: number[] = [];
      for (let i = 0; i < oof.fold.length; i++) if (oof.fold[i] === f.index) at.push(i);
      return { index: f.index, rocAuc: rocAuc(gather(oof.label, at), gather(oof.proba, at)) };
    });
    ours = { oofRocAuc: rocAuc(oof.label, oof.proba), folds, fitSeconds };
  } finally {
    await runner.close();
  }
  if (!reference) return { ours, sklearn: null, rows: panel.labelled.length, kind: split.kind };
  const sklearn = withTempDir((dir) => {
    const spec = { ...exportEvaluationInputs(dir, panel, frame, cfg, { calendar: split.folds, random: [], mode: "cross-fitted" }), gbm: params };
    return runReferenceScript<GbmFoldsResult & { threads: unknown; sklearnVersion: string }>(GBM_FOLDS_SCRIPT, dir, spec, referenceEnv(workers)).result;
  });
  return { ours, sklearn, rows: panel.labelled.length, kind: split.kind };
}
