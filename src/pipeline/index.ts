export * from "./calibrateOutOfFold.js";
export * from "./crossValidate.js";
export * from "./design.js";
export * from "./evaluate.js";
export * from "./metricSummary.js";
export * from "./models.js";
export * from "./crossSection.js";
export * from "./score.js";
