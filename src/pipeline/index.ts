export * from "./evaluate.js";
export * from "./crossSection.js";
export * from "./score.js";
export * from "./decide.js";
export * from "./metricsDocument.js";
export * from "./run.js";
export * from "./experiment.js";
export * from "./monitor.js";
