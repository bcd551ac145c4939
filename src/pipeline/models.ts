import type { Config } from "../config/config.js";
import { LogisticRegression } from "../models/logisticRegression.js";
import { RandomForest } from "../models/randomForest.js";
import { SegmentBaseline } from "../models/segmentBaseline.js";
import { deriveSeed } from "../util/rng.js";
import type { BinaryClassifier } from "../models/types.js";
import type { ModelSpec } from "./crossValidate.js";
import { preprocessedDesign, segmentDesign } from "./design.js";

/** Names of the models the pipeline evaluates, in report order. */
export const MODEL_NAMES = ["logistic", "forest", "baseline"] as const;
/** One of {@link MODEL_NAMES}. */
export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * The cross-validation spec of a named model with its options from `config.models`: L2 logistic
 * regression and the random forest on the fold-fitted preprocessed design, the segment baseline
 * on raw segment codes; successive logistic fits of one spec are warm-started from the previous
 * fit (the first from `warmFrom` when given). `exclude` drops frame features from the preprocessed design. Seeds derive
 * from `config.seed`, the model name and the fold, so every fit is reproducible.
 */
export function modelSpec(name: ModelName, config: Config, exclude: readonly string[] = [], warmFrom?: BinaryClassifier): ModelSpec {
  const m = config.models;
  switch (name) {
    case "logistic": {
      // Each fold starts Newton from the previous fold's solution (same optimum, fewer steps).
      let previous: LogisticRegression | undefined = warmFrom instanceof LogisticRegression ? warmFrom : undefined;
      const create = (): LogisticRegression => {
        const warmStart = previous?.isFitted ? { coef: previous.state.coef, intercept: previous.state.intercept } : undefined;
        previous = new LogisticRegression({ C: m.logistic.C, tol: m.logistic.tol, maxIter: m.logistic.maxIter, ...(warmStart ? { warmStart } : {}) });
        return previous;
      };
      return { name, design: preprocessedDesign(exclude), create };
    }
    case "forest":
      return {
        name,
        design: preprocessedDesign(exclude),
        create: (fold) => new RandomForest({ ...m.forest, seed: deriveSeed(deriveSeed(config.seed, 0xf02e57), fold) }),
      };
    case "baseline":
      return {
        name,
        design: segmentDesign(m.baseline.segments),
        create: () => new SegmentBaseline({ columns: m.baseline.segments.map((_, i) => i), smoothing: m.baseline.smoothing }),
      };
  }
}
