/**
 * A scoring model fitted by the catalogue's own recipe on chosen rows, packed as the score stage
 * packs it (`src/pipeline/score.ts`), without the stage's fit on every labelled row: the SQL tests
 * fit on a subset to stay fast.
 */
import { createCalibrator, type CalibrationMethod } from "../../src/calibration/outOfFold.js";
import type { Config } from "../../src/config/config.js";
import { portfolioHazardOf } from "../../src/decision/campaign.js";
import type { FeatureFrame } from "../../src/features/frame.js";
import { modelSpec, recipeOf, type ModelName } from "../../src/models/catalog.js";
import { columnMeans } from "../../src/models/explain.js";
import type { Panel } from "../../src/panel/panel.js";
import { SCORING_MODEL_FORMAT, signatureOf, type ScoringModel } from "../../src/serving/scoringModel.js";
import { gather } from "../../src/util/gather.js";

/** Where to fit: the world, the rows the model learns from and the rows its calibrator learns from. */
export interface FitRows {
  readonly config: Config;
  readonly frame: FeatureFrame;
  readonly panel: Panel;
  readonly train: Uint32Array;
  readonly calibration: Uint32Array;
}

/**
 * Model `name` (design and estimator of `modelSpec(recipeOf(name, config))`) fitted on `train`, a
 * `calibration` calibrator fitted on its predictions for the calibration rows, the decision settings
 * of the config and the portfolio hazard of the panel's active customers.
 */
export function fittedScoringModel(name: ModelName, calibration: CalibrationMethod, at: FitRows): ScoringModel {
  const { config, frame, panel, train } = at;
  const spec = modelSpec(recipeOf(name, config));
  const design = spec.design.fit(frame, train);
  const model = spec.create(0, design.columnNames).fit(design.transform(train), gather(panel.label, train));
  const calibrator = createCalibrator(calibration);
  calibrator.fit(model.predictProba(design.transform(at.calibration)), gather(panel.label, at.calibration));
  const active = calibrator.transform(model.predictProba(design.transform(panel.scoring)));
  return {
    kind: "ChurnScoringModel",
    format: SCORING_MODEL_FORMAT,
    model: name,
    signature: signatureOf(frame),
    design: design.state,
    estimator: model.toJSON(),
    calibrator: calibrator.toJSON(),
    horizon: panel.horizon,
    decision: config.decision,
    portfolioHazard: portfolioHazardOf({ probability: active, horizon: panel.horizon }),
    columnMeans: name === "logistic" ? Array.from(columnMeans(design.transform(train))) : null,
  };
}
