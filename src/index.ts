// The public API that notebooks, scripts and tests import.
export * from "./config/index.js";
export * from "./data/index.js";
export * from "./decision/index.js";
export * from "./io/index.js";
export * from "./panel/index.js";
export * from "./util/index.js";
export * from "./calibration/index.js";
export * from "./evaluation/index.js";
export * from "./features/index.js";
export * from "./models/index.js";
export * from "./pipeline/index.js";
export * from "./report/index.js";
export * from "./registry/index.js";
export * from "./serving/index.js";
export * from "./store/index.js";
export * from "./experiments/index.js";
export * from "./monitoring/index.js";
