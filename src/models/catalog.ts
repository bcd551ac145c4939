import type { Config } from "../config/config.js";
import { preprocessedDesign, segmentDesign, treeDesign, type Design } from "../features/design.js";
import { GradientBoosting } from "./gbm/gradientBoosting.js";
import { LogisticRegression } from "./logisticRegression.js";
import { RandomForest } from "./randomForest.js";
import { SegmentBaseline } from "./segmentBaseline.js";
import type { BinaryClassifier, ModelJSON } from "./types.js";
import { streamSeed } from "../util/streams.js";

/** Names of the models the pipeline can evaluate, in report order. */
export const MODEL_NAMES = ["logistic", "gbm", "forest", "baseline"] as const;
/** One of {@link MODEL_NAMES}. */
export type ModelName = (typeof MODEL_NAMES)[number];
/** The `models` section of the config: every model's options. */
export type ModelsConfig = Config["models"];

/** A linear model's solution keyed by design column, to warm-start a fit whose columns may differ. */
export interface LinearStart {
  readonly columnNames: readonly string[];
  readonly coef: readonly number[];
  readonly intercept: number;
}

/**
 * Everything needed to build a model and its design, as plain data (so it can cross to a worker):
 * the model name, the `models` config section, the run seed, frame features to leave out, and an
 * optional warm start for the logistic model (columns matched by name, new columns start at 0).
 */
export interface ModelRecipe {
  readonly model: ModelName;
  readonly models: ModelsConfig;
  readonly seed: number;
  readonly exclude?: readonly string[];
  readonly warmStart?: LinearStart;
  /**
   * Gradient boosting only: what to stop on. "time": a time-ordered tail of each training window (the
   * last `months` calendar months, after a `gap`); "customer": a hashed share of the training window's
   * customers, all their rows (for by-customer splits, where the calendar carries no signal). Never
   * random rows. Null or absent = all `maxIter` rounds.
   */
  readonly earlyStopping?: EarlyStoppingRule | null;
}

/** Where gradient boosting takes its early-stopping rows from (see {@link ModelRecipe.earlyStopping}). */
export type EarlyStoppingRule = { readonly kind: "time"; readonly months: number; readonly gap: number } | { readonly kind: "customer"; readonly share: number };

/** A model to cross-validate: its design and a factory of fresh, unfitted models. */
export interface ModelSpec {
  readonly name: ModelName;
  readonly design: Design;
  /** A fresh model for fold `fold`, whose design has columns `columnNames`. */
  readonly create: (fold: number, columnNames: readonly string[]) => BinaryClassifier;
}

/** The recipe of model `name` with the options of `config` (no exclusions, no warm start). */
export function recipeOf(name: ModelName, config: Pick<Config, "models" | "seed">): ModelRecipe {
  return { model: name, models: config.models, seed: config.seed };
}

/**
 * Builds the spec of a recipe: L2 logistic regression and the random forest on the fold-fitted
 * preprocessed design, the segment baseline on raw segment codes. Seeds derive from the run seed,
 * the model and the fold, so every fit is reproducible wherever it runs.
 */
export function modelSpec(recipe: ModelRecipe): ModelSpec {
  const m = recipe.models;
  const exclude = recipe.exclude ?? [];
  switch (recipe.model) {
    case "logistic":
      return {
        name: "logistic",
        design: preprocessedDesign(exclude),
        create: (_fold, columnNames) => {
          const warmStart = recipe.warmStart ? alignStart(recipe.warmStart, columnNames) : undefined;
          return new LogisticRegression({ C: m.logistic.C, tol: m.logistic.tol, maxIter: m.logistic.maxIter, ...(warmStart ? { warmStart } : {}) });
        },
      };
    case "gbm": {
      const g = m.gbm;
      const stop = recipe.earlyStopping && g.earlyStoppingRounds > 0;
      return {
        name: "gbm",
        design: treeDesign(exclude),
        create: (fold) =>
          new GradientBoosting({
            maxIter: g.maxIter,
            learningRate: g.learningRate,
            maxLeaves: g.maxLeaves,
            maxDepth: g.maxDepth,
            minSamplesLeaf: g.minSamplesLeaf,
            minChildWeight: g.minChildWeight,
            lambda: g.lambda,
            maxBins: g.maxBins,
            binSampleRows: g.binSampleRows,
            subsample: g.subsample,
            colsampleByTree: g.colsampleByTree,
            ...(stop ? { earlyStoppingRounds: g.earlyStoppingRounds, tol: g.tol } : {}),
            seed: streamSeed(recipe.seed, "gbm", fold),
          }),
      };
    }
    case "forest":
      return {
        name: "forest",
        design: preprocessedDesign(exclude),
        create: (fold) => new RandomForest({ ...m.forest, seed: streamSeed(recipe.seed, "forest", fold) }),
      };
    case "baseline":
      return {
        name: "baseline",
        design: segmentDesign(m.baseline.segments),
        create: () => new SegmentBaseline({ columns: m.baseline.segments.map((_, i) => i), smoothing: m.baseline.smoothing }),
      };
  }
}

/**
 * Rebuilds a fitted model of the catalogue from its `toJSON()` output, by `kind`
 * (LogisticRegression, GradientBoosting, RandomForest, SegmentBaseline); throws on any other kind.
 */
export function loadModel(json: ModelJSON): BinaryClassifier {
  switch (json.kind) {
    case "LogisticRegression":
      return LogisticRegression.load(json);
    case "GradientBoosting":
      return GradientBoosting.load(json);
    case "RandomForest":
      return RandomForest.load(json);
    case "SegmentBaseline":
      return SegmentBaseline.load(json);
    default:
      throw new RangeError(`loadModel: unknown model kind ${JSON.stringify(json.kind)} (expected LogisticRegression, GradientBoosting, RandomForest or SegmentBaseline)`);
  }
}

/** A fitted logistic model's solution keyed by its design columns (undefined for other models). */
export function linearStartOf(model: BinaryClassifier, columnNames: readonly string[]): LinearStart | undefined {
  if (!(model instanceof LogisticRegression) || !model.isFitted) return undefined;
  const s = model.state;
  return { columnNames: [...columnNames], coef: Array.from(s.coef), intercept: s.intercept };
}

/** `start`'s coefficients in the order of `columnNames`; a column it does not know starts at 0. */
function alignStart(start: LinearStart, columnNames: readonly string[]): { coef: Float64Array; intercept: number } {
  const at = new Map(start.columnNames.map((name, j) => [name, j]));
  const coef = new Float64Array(columnNames.length);
  columnNames.forEach((name, j) => {
    const k = at.get(name);
    if (k !== undefined) coef[j] = start.coef[k]!;
  });
  return { coef, intercept: start.intercept };
}
