export * from "./api.js";
export * from "./batch.js";
export * from "./metrics.js";
export * from "./payload.js";
export * from "./score.js";
export * from "./scoreRecord.js";
export * from "./scoringModel.js";
